/**
 * Plain-TypeScript element assembly for P2 tets: the same algorithm as the
 * core (shape gradients and Jacobian per quadrature point, 4-point stiffness
 * rule, 14-point mass rule, binary-search scatter into the node pattern).
 */
import { csrFindTs } from "./sparse.js";

const QA = 0.5854101966249685, QB = 0.1381966011250105;
export const RULE4 = [QB, QB, QB, 1 / 24, QA, QB, QB, 1 / 24, QB, QA, QB, 1 / 24, QB, QB, QA, 1 / 24];
const A1 = 0.09273525031089072, W1 = 0.012248840519393522, A2 = 0.31088591926330095, W2 = 0.0187813209530024;
const C3 = 0.04550370412565208, W3 = 0.007091003462847158, D3 = 0.5 - C3;
export const RULE14 = [
  A1, A1, A1, W1, 1 - 3 * A1, A1, A1, W1, A1, 1 - 3 * A1, A1, W1, A1, A1, 1 - 3 * A1, W1,
  A2, A2, A2, W2, 1 - 3 * A2, A2, A2, W2, A2, 1 - 3 * A2, A2, W2, A2, A2, 1 - 3 * A2, W2,
  C3, D3, D3, W3, D3, C3, D3, W3, D3, D3, C3, W3, C3, C3, D3, W3, C3, D3, C3, W3, D3, C3, C3, W3,
];
const EA = [0, 1, 0, 0, 1, 2], EB = [1, 2, 2, 3, 3, 3];
const DL = [-1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0, 1];

function shapeP2(xi: number, eta: number, zeta: number, N: Float64Array): void {
  const L = [1 - xi - eta - zeta, xi, eta, zeta];
  for (let a = 0; a < 4; a++) N[a] = L[a] * (2 * L[a] - 1);
  for (let k = 0; k < 6; k++) N[4 + k] = 4 * L[EA[k]] * L[EB[k]];
}

function gradP2(xi: number, eta: number, zeta: number, G: Float64Array): void {
  const L = [1 - xi - eta - zeta, xi, eta, zeta];
  for (let a = 0; a < 4; a++) for (let c = 0; c < 3; c++) G[3 * a + c] = (4 * L[a] - 1) * DL[3 * a + c];
  for (let k = 0; k < 6; k++) {
    const a = EA[k], b = EB[k];
    for (let c = 0; c < 3; c++) G[3 * (4 + k) + c] = 4 * (L[b] * DL[3 * a + c] + L[a] * DL[3 * b + c]);
  }
}

// physical gradients; returns det J
function physical(xe: Float64Array, dN: Float64Array, G: Float64Array): number {
  let j00 = 0, j01 = 0, j02 = 0, j10 = 0, j11 = 0, j12 = 0, j20 = 0, j21 = 0, j22 = 0;
  for (let a = 0; a < 10; a++) {
    const gx = dN[3 * a], gy = dN[3 * a + 1], gz = dN[3 * a + 2];
    const px = xe[3 * a], py = xe[3 * a + 1], pz = xe[3 * a + 2];
    j00 += px * gx; j01 += px * gy; j02 += px * gz;
    j10 += py * gx; j11 += py * gy; j12 += py * gz;
    j20 += pz * gx; j21 += pz * gy; j22 += pz * gz;
  }
  const det = j00 * (j11 * j22 - j12 * j21) + j01 * (j12 * j20 - j10 * j22) + j02 * (j10 * j21 - j11 * j20);
  const inv = 1 / det;
  const k00 = (j11 * j22 - j12 * j21) * inv, k01 = (j02 * j21 - j01 * j22) * inv, k02 = (j01 * j12 - j02 * j11) * inv;
  const k10 = (j12 * j20 - j10 * j22) * inv, k11 = (j00 * j22 - j02 * j20) * inv, k12 = (j02 * j10 - j00 * j12) * inv;
  const k20 = (j10 * j21 - j11 * j20) * inv, k21 = (j01 * j20 - j00 * j21) * inv, k22 = (j00 * j11 - j01 * j10) * inv;
  for (let a = 0; a < 10; a++) {
    const g0 = dN[3 * a], g1 = dN[3 * a + 1], g2 = dN[3 * a + 2];
    G[3 * a] = g0 * k00 + g1 * k10 + g2 * k20;
    G[3 * a + 1] = g0 * k01 + g1 * k11 + g2 * k21;
    G[3 * a + 2] = g0 * k02 + g1 * k12 + g2 * k22;
  }
  return det;
}

export interface MeshArrays { nTets: number; conn: Int32Array; coords: Float64Array; tetGrain: Int32Array; rowPtr: Int32Array; colIdx: Int32Array }

/** K and M of P2 diffusion (vals overwritten). */
export function assembleDiffusionP2Ts(m: MeshArrays, Dgrain: Float64Array, K: Float64Array, M: Float64Array): void {
  K.fill(0);
  M.fill(0);
  const xe = new Float64Array(30), dN = new Float64Array(30), G = new Float64Array(30), DG = new Float64Array(30);
  const N = new Float64Array(10), Ke = new Float64Array(100), Me = new Float64Array(100), pos = new Int32Array(100);
  for (let e = 0; e < m.nTets; e++) {
    for (let a = 0; a < 10; a++) for (let c = 0; c < 3; c++) xe[3 * a + c] = m.coords[3 * m.conn[10 * e + a] + c];
    const d = 9 * m.tetGrain[e];
    Ke.fill(0);
    Me.fill(0);
    for (let p = 0; p < 4; p++) {
      gradP2(RULE4[4 * p], RULE4[4 * p + 1], RULE4[4 * p + 2], dN);
      const wdet = RULE4[4 * p + 3] * physical(xe, dN, G);
      for (let b = 0; b < 10; b++) {
        const gx = G[3 * b], gy = G[3 * b + 1], gz = G[3 * b + 2];
        for (let i = 0; i < 3; i++) DG[3 * b + i] = wdet * (Dgrain[d + 3 * i] * gx + Dgrain[d + 3 * i + 1] * gy + Dgrain[d + 3 * i + 2] * gz);
      }
      for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) {
        Ke[10 * a + b] += G[3 * a] * DG[3 * b] + G[3 * a + 1] * DG[3 * b + 1] + G[3 * a + 2] * DG[3 * b + 2];
      }
    }
    for (let p = 0; p < 14; p++) {
      const xi = RULE14[4 * p], eta = RULE14[4 * p + 1], zeta = RULE14[4 * p + 2];
      gradP2(xi, eta, zeta, dN);
      shapeP2(xi, eta, zeta, N);
      const wdet = RULE14[4 * p + 3] * physical(xe, dN, G);
      for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) Me[10 * a + b] += wdet * N[a] * N[b];
    }
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) pos[10 * a + b] = csrFindTs(m.rowPtr, m.colIdx, m.conn[10 * e + a], m.conn[10 * e + b]);
    for (let k = 0; k < 100; k++) {
      K[pos[k]] += Ke[k];
      M[pos[k]] += Me[k];
    }
  }
}

/** K (BSR3) and eigenstrain load of P2 elasticity with C(θ) (outputs overwritten). */
export function assembleElasticityP2Ts(m: MeshArrays, C0: Float64Array, C1: Float64Array, beta: Float64Array, theta: Float64Array,
  thetaRef: number, K: Float64Array, f: Float64Array): void {
  K.fill(0);
  f.fill(0);
  const xe = new Float64Array(30), dN = new Float64Array(30), G = new Float64Array(30), N = new Float64Array(10);
  const C = new Float64Array(36), CB = new Float64Array(18), Ke = new Float64Array(900), fe = new Float64Array(30);
  const sig = new Float64Array(6), pos = new Int32Array(100);
  for (let e = 0; e < m.nTets; e++) {
    for (let a = 0; a < 10; a++) for (let c = 0; c < 3; c++) xe[3 * a + c] = m.coords[3 * m.conn[10 * e + a] + c];
    const g = m.tetGrain[e];
    Ke.fill(0);
    fe.fill(0);
    for (let p = 0; p < 4; p++) {
      const xi = RULE4[4 * p], eta = RULE4[4 * p + 1], zeta = RULE4[4 * p + 2];
      shapeP2(xi, eta, zeta, N);
      gradP2(xi, eta, zeta, dN);
      const wdet = RULE4[4 * p + 3] * physical(xe, dN, G);
      let th = 0;
      for (let a = 0; a < 10; a++) th += N[a] * theta[m.conn[10 * e + a]];
      const t = Math.min(1, Math.max(0, th));
      for (let i = 0; i < 36; i++) C[i] = C0[36 * g + i] + t * (C1[36 * g + i] - C0[36 * g + i]);
      for (let b = 0; b < 10; b++) {
        const gx = G[3 * b], gy = G[3 * b + 1], gz = G[3 * b + 2];
        for (let i = 0; i < 6; i++) {
          CB[3 * i] = wdet * (C[6 * i] * gx + C[6 * i + 4] * gz + C[6 * i + 5] * gy);
          CB[3 * i + 1] = wdet * (C[6 * i + 1] * gy + C[6 * i + 3] * gz + C[6 * i + 5] * gx);
          CB[3 * i + 2] = wdet * (C[6 * i + 2] * gz + C[6 * i + 3] * gy + C[6 * i + 4] * gx);
        }
        for (let a = 0; a <= b; a++) {
          const ax = G[3 * a], ay = G[3 * a + 1], az = G[3 * a + 2];
          for (let j = 0; j < 3; j++) {
            Ke[(3 * a) * 30 + 3 * b + j] += ax * CB[j] + az * CB[12 + j] + ay * CB[15 + j];
            Ke[(3 * a + 1) * 30 + 3 * b + j] += ay * CB[3 + j] + az * CB[9 + j] + ax * CB[15 + j];
            Ke[(3 * a + 2) * 30 + 3 * b + j] += az * CB[6 + j] + ay * CB[9 + j] + ax * CB[12 + j];
          }
        }
      }
      const dth = th - thetaRef;
      for (let i = 0; i < 6; i++) {
        let s = 0;
        for (let j = 0; j < 6; j++) s += C[6 * i + j] * beta[6 * g + j] * dth;
        sig[i] = wdet * s;
      }
      for (let a = 0; a < 10; a++) {
        const gx = G[3 * a], gy = G[3 * a + 1], gz = G[3 * a + 2];
        fe[3 * a] += gx * sig[0] + gz * sig[4] + gy * sig[5];
        fe[3 * a + 1] += gy * sig[1] + gz * sig[3] + gx * sig[5];
        fe[3 * a + 2] += gz * sig[2] + gy * sig[3] + gx * sig[4];
      }
    }
    for (let b = 0; b < 10; b++) for (let a = b + 1; a < 10; a++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      Ke[(3 * a + i) * 30 + 3 * b + j] = Ke[(3 * b + j) * 30 + 3 * a + i];
    }
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) pos[10 * a + b] = csrFindTs(m.rowPtr, m.colIdx, m.conn[10 * e + a], m.conn[10 * e + b]);
    for (let a = 0; a < 10; a++) {
      for (let b = 0; b < 10; b++) {
        const blk = 9 * pos[10 * a + b];
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) K[blk + 3 * i + j] += Ke[(3 * a + i) * 30 + 3 * b + j];
      }
      const n = m.conn[10 * e + a];
      f[3 * n] += fe[3 * a];
      f[3 * n + 1] += fe[3 * a + 1];
      f[3 * n + 2] += fe[3 * a + 2];
    }
  }
}
