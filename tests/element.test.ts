// Element kernels: rigid-body modes give zero force and zero stress; element
// matrices are symmetric; diffusion stiffness annihilates constants; the mass
// matrix integrates to the volume and matches the closed-form P1 matrix.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { orthotropicStiffness, rotateStiffness, rotateDiagonalTensor, strainToVoigt } from "../src/material/voigt.js";
import { rotationFromQuaternion } from "../src/material/rotation.js";
import { maxAbs } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

// A skewed tet and its P2 version with one curved (bulged) edge.
const X4 = [0.1, 0.0, 0.2, 1.3, 0.1, 0.0, 0.2, 1.1, 0.1, 0.3, 0.2, 0.9];
function p2Coords(curved: boolean): number[] {
  const v = (i: number) => X4.slice(3 * i, 3 * i + 3);
  const mid = (a: number, b: number) => v(a).map((x, k) => 0.5 * (x + v(b)[k]));
  const edges = [[0, 1], [1, 2], [0, 2], [0, 3], [1, 3], [2, 3]];
  const out = [...X4];
  edges.forEach(([a, b], k) => {
    const m = mid(a, b);
    if (curved && k === 1) { m[0] += 0.05; m[1] += 0.04; }
    out.push(...m);
  });
  return out;
}

const Q = rotationFromQuaternion([0.3, 0.5, -0.2, 0.79]);
const C0 = rotateStiffness(orthotropicStiffness({ C11: 284e3, C22: 284e3, C33: 137e3, C12: 97e3, C13: 57e3, C23: 57e3, C44: 40e3, C55: 40e3, C66: 94e3 }), Q);
const C1 = rotateStiffness(orthotropicStiffness({ C11: 309e3, C22: 309e3, C33: 253e3, C12: 106e3, C13: 83e3, C23: 83e3, C44: 75e3, C55: 75e3, C66: 102e3 }), Q);
const BETA = strainToVoigt(rotateDiagonalTensor([0.028, 0.028, -0.04], Q));

function elasticity(order: 1 | 2, xe: number[], theta: number[], u?: number[]) {
  const npe = order === 1 ? 4 : 10, nd = 3 * npe;
  const a = {
    xe: core.fromF64(xe), c0: core.fromF64(C0), c1: core.fromF64(C1), beta: core.fromF64(BETA), th: core.fromF64(theta),
    Ke: core.f64(nd * nd), fe: core.f64(nd), scratch: core.f64(core.exports.KERNEL_SCRATCH_BYTES.value / 8),
    ue: core.fromF64(u ?? new Array(nd).fill(0)), sig: core.f64(24), w: core.f64(4),
  };
  const vol = core.exports.elasticityElement(order, a.xe.ptr, a.c0.ptr, a.c1.ptr, a.beta.ptr, a.th.ptr, 1.0, a.Ke.ptr, a.fe.ptr, a.scratch.ptr);
  core.exports.elasticityElementStress(order, a.xe.ptr, a.c0.ptr, a.c1.ptr, a.beta.ptr, a.th.ptr, 1.0, a.ue.ptr, a.sig.ptr, a.w.ptr, 0, a.scratch.ptr);
  const out = { vol, Ke: a.Ke.copy(), fe: a.fe.copy(), sigma: a.sig.copy(), w: a.w.copy() };
  Object.values(a).forEach((x) => x.free());
  return out;
}

function rigidMode(xe: number[], npe: number, mode: number): number[] {
  const u: number[] = [];
  for (let a = 0; a < npe; a++) {
    const [x, y, z] = xe.slice(3 * a, 3 * a + 3);
    const m = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, -z, y], [z, 0, -x], [-y, x, 0]][mode];
    u.push(...m);
  }
  return u;
}

describe.each([[1, false], [2, false], [2, true]] as const)("elasticity element P%i (curved: %s)", (order, curved) => {
  const npe = order === 1 ? 4 : 10, nd = 3 * npe;
  const xe = order === 1 ? X4 : p2Coords(curved);
  const theta = Array.from({ length: npe }, (_, a) => 0.3 + 0.05 * a);

  it("is symmetric", () => {
    const { Ke } = elasticity(order, xe, theta);
    const scale = maxAbs(Ke);
    for (let i = 0; i < nd; i++) for (let j = 0; j < nd; j++) expect(Math.abs(Ke[i * nd + j] - Ke[j * nd + i])).toBeLessThan(1e-13 * scale);
  });

  it("gives zero force and zero stress for the 6 rigid-body modes", () => {
    const { Ke } = elasticity(order, xe, theta);
    const scale = maxAbs(Ke);
    for (let m = 0; m < 6; m++) {
      const u = rigidMode(xe, npe, m);
      for (let i = 0; i < nd; i++) {
        let s = 0;
        for (let j = 0; j < nd; j++) s += Ke[i * nd + j] * u[j];
        expect(Math.abs(s)).toBeLessThan(1e-11 * scale);
      }
      // θ = θ_ref: no eigenstrain, so the rigid motion must be stress free
      const { sigma } = elasticity(order, xe, new Array(npe).fill(1), u);
      expect(maxAbs(sigma)).toBeLessThan(1e-9);
    }
  });

  it("is positive semi-definite with exactly 6 zero-energy modes (energy of a random field > 0)", () => {
    const { Ke } = elasticity(order, xe, theta);
    const u = Array.from({ length: nd }, (_, i) => Math.sin(1.7 * i + 0.3));
    let e = 0;
    for (let i = 0; i < nd; i++) for (let j = 0; j < nd; j++) e += u[i] * Ke[i * nd + j] * u[j];
    expect(e).toBeGreaterThan(0);
  });

  it("eigenstrain load is balanced (zero net force) and matches K u for the free expansion", () => {
    // a uniform θ change in one element: the free expansion u = ε_ch x is stress free,
    // so K u_free = f and σ(u_free) = 0.
    const th = new Array(npe).fill(0.4);
    const { Ke, fe } = elasticity(order, xe, th);
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let a = 0; a < npe; a++) s += fe[3 * a + c];
      expect(Math.abs(s)).toBeLessThan(1e-10 * maxAbs(fe));
    }
    const e = BETA.map((b) => b * (0.4 - 1));
    const uFree: number[] = [];
    for (let a = 0; a < npe; a++) {
      const [x, y, z] = xe.slice(3 * a, 3 * a + 3);
      uFree.push(e[0] * x + 0.5 * e[5] * y + 0.5 * e[4] * z, 0.5 * e[5] * x + e[1] * y + 0.5 * e[3] * z, 0.5 * e[4] * x + 0.5 * e[3] * y + e[2] * z);
    }
    for (let i = 0; i < nd; i++) {
      let s = 0;
      for (let j = 0; j < nd; j++) s += Ke[i * nd + j] * uFree[j];
      expect(Math.abs(s - fe[i])).toBeLessThan(1e-10 * maxAbs(fe));
    }
    const { sigma } = elasticity(order, xe, th, uFree);
    expect(maxAbs(sigma)).toBeLessThan(1e-8 * 300e3 * 0.04 * 0.6);
  });
});

describe("elasticity element P1 with θ varying in the tet", () => {
  it("K equals the 4-point rule's Σ w detJ Bᵀ C(θ_q) B formed term by term (C clamped at some points)", () => {
    // P1 gradients from the inverse of [1 x y z] rows
    const A = [0, 1, 2, 3].map((a) => [1, X4[3 * a], X4[3 * a + 1], X4[3 * a + 2]]);
    const inv = [0, 1, 2, 3].map((c) => {
      // solve A y = e_c by Gaussian elimination with partial pivoting
      const M = A.map((r, i) => [...r, i === c ? 1 : 0]);
      for (let k = 0; k < 4; k++) {
        let p = k;
        for (let i = k + 1; i < 4; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
        [M[k], M[p]] = [M[p], M[k]];
        for (let i = k + 1; i < 4; i++) { const f = M[i][k] / M[k][k]; for (let j = k; j < 5; j++) M[i][j] -= f * M[k][j]; }
      }
      const y = [0, 0, 0, 0];
      for (let i = 3; i >= 0; i--) { let v = M[i][4]; for (let j = i + 1; j < 4; j++) v -= M[i][j] * y[j]; y[i] = v / M[i][i]; }
      return y; // column c of A⁻¹: coefficients of N_c
    });
    const grad = [0, 1, 2, 3].map((a) => [inv[a][1], inv[a][2], inv[a][3]]);
    const vol = Math.abs(
      (X4[3] - X4[0]) * ((X4[7] - X4[1]) * (X4[11] - X4[2]) - (X4[8] - X4[2]) * (X4[10] - X4[1])) -
      (X4[4] - X4[1]) * ((X4[6] - X4[0]) * (X4[11] - X4[2]) - (X4[8] - X4[2]) * (X4[9] - X4[0])) +
      (X4[5] - X4[2]) * ((X4[6] - X4[0]) * (X4[10] - X4[1]) - (X4[7] - X4[1]) * (X4[9] - X4[0]))) / 6;
    const B = (a: number) => {
      const [gx, gy, gz] = grad[a];
      return [[gx, 0, 0], [0, gy, 0], [0, 0, gz], [0, gz, gy], [gz, 0, gx], [gy, gx, 0]]; // 6 × 3, Voigt 11 22 33 23 13 12
    };
    const theta = [-0.2, 0.5, 1.6, 0.9];
    const qa = 0.5854101966249685, qb = 0.1381966011250105;
    const Kref = new Array(144).fill(0);
    let clamped = 0;
    for (let q = 0; q < 4; q++) {
      const L = [0, 1, 2, 3].map((a) => (a === q ? qa : qb));
      const th = L.reduce((s, l, a) => s + l * theta[a], 0);
      const t = Math.min(1, Math.max(0, th));
      if (t !== th) clamped++;
      const C = C0.map((c, k) => c + t * (C1[k] - c));
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
        const Ba = B(a), Bb = B(b);
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
          let s = 0;
          for (let k = 0; k < 6; k++) for (let l = 0; l < 6; l++) s += Ba[k][i] * C[6 * k + l] * Bb[l][j];
          Kref[(3 * a + i) * 12 + 3 * b + j] += (vol / 4) * s;
        }
      }
    }
    expect(clamped).toBeGreaterThan(0);
    const { Ke } = elasticity(1, X4, theta);
    let d = 0;
    for (let k = 0; k < 144; k++) d = Math.max(d, Math.abs(Ke[k] - Kref[k]));
    expect(d).toBeLessThan(1e-12 * maxAbs(Kref));
  });
});

describe.each([1, 2])("diffusion element P%i", (order) => {
  const npe = order === 1 ? 4 : 10;
  const xe = order === 1 ? X4 : p2Coords(false);
  const D = rotateDiagonalTensor([5e-3, 5e-3, 1e-8], Q);
  function run() {
    const a = { xe: core.fromF64(xe), D: core.fromF64(D), K: core.f64(npe * npe), M: core.f64(npe * npe), s: core.f64(200) };
    const vol = core.exports.diffusionElement(order, a.xe.ptr, a.D.ptr, a.K.ptr, a.M.ptr, a.s.ptr);
    const out = { vol, K: a.K.copy(), M: a.M.copy() };
    Object.values(a).forEach((x) => x.free());
    return out;
  }
  it("K is symmetric and annihilates constants; M sums to the volume", () => {
    const { vol, K, M } = run();
    const ax = [X4[3] - X4[0], X4[4] - X4[1], X4[5] - X4[2]];
    const bx = [X4[6] - X4[0], X4[7] - X4[1], X4[8] - X4[2]];
    const cx = [X4[9] - X4[0], X4[10] - X4[1], X4[11] - X4[2]];
    const det = ax[0] * (bx[1] * cx[2] - bx[2] * cx[1]) - ax[1] * (bx[0] * cx[2] - bx[2] * cx[0]) + ax[2] * (bx[0] * cx[1] - bx[1] * cx[0]);
    expect(vol).toBeCloseTo(det / 6, 14);
    const scale = maxAbs(K);
    let msum = 0;
    for (let i = 0; i < npe; i++) {
      let rs = 0;
      for (let j = 0; j < npe; j++) {
        rs += K[i * npe + j];
        msum += M[i * npe + j];
        expect(Math.abs(K[i * npe + j] - K[j * npe + i])).toBeLessThan(1e-14 * scale);
      }
      expect(Math.abs(rs)).toBeLessThan(1e-13 * scale);
    }
    expect(msum).toBeCloseTo(vol, 14);
    if (order === 1) {
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(M[4 * i + j]).toBeCloseTo((vol / 20) * (i === j ? 2 : 1), 15);
    }
  });
  it("K gives the exact energy of a linear field: ∫∇u·D∇u = V gᵀDg", () => {
    const { vol, K } = run();
    const g = [0.3, -1.2, 0.7];
    const u = Array.from({ length: npe }, (_, a) => g[0] * xe[3 * a] + g[1] * xe[3 * a + 1] + g[2] * xe[3 * a + 2]);
    let e = 0;
    for (let i = 0; i < npe; i++) for (let j = 0; j < npe; j++) e += u[i] * K[i * npe + j] * u[j];
    let gDg = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) gDg += g[i] * D[3 * i + j] * g[j];
    expect(e).toBeCloseTo(vol * gDg, 14);
  });
});

describe("element geometry: a straight tet takes one Jacobian (volumes, ∫∇u dV)", () => {
  // u = (x², y z, x + 2z) lies in P2: ∫∇u dV = [[2 x̄, 0, 0], [0, z̄, ȳ], [1, 0, 2]] V on a straight tet (x̄: its centroid);
  // P1 is checked with a linear field
  const det = (() => {
    const a = [X4[3] - X4[0], X4[4] - X4[1], X4[5] - X4[2]], b = [X4[6] - X4[0], X4[7] - X4[1], X4[8] - X4[2]], c = [X4[9] - X4[0], X4[10] - X4[1], X4[11] - X4[2]];
    return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
  })();
  const V = det / 6, cen = [0, 1, 2].map((k) => (X4[k] + X4[3 + k] + X4[6 + k] + X4[9 + k]) / 4);
  const geometry = (order: 1 | 2, coords: number[], field: (x: number, y: number, z: number) => number[]) => {
    const ex = core.exports, npe = order === 1 ? 4 : 10;
    const conn = core.fromI32(Array.from({ length: npe }, (_, i) => i)), X = core.fromF64(coords);
    const vol = core.f64(1), md = core.f64(1), g = core.f64(9);
    const u = core.fromF64(Array.from({ length: npe }, (_, a) => field(coords[3 * a], coords[3 * a + 1], coords[3 * a + 2])).flat());
    ex.elementVolumes(order, 1, conn.ptr, X.ptr, vol.ptr, md.ptr);
    ex.integrateGradient(order, 1, conn.ptr, X.ptr, u.ptr, 3, g.ptr);
    const out = { volume: vol.view[0], minDet: md.view[0], grad: g.copy() };
    for (const a of [conn, X, vol, md, g, u]) a.free();
    return out;
  };
  const quadratic = (x: number, y: number, z: number) => [x * x, y * z, x + 2 * z];
  const exactQuadratic = [2 * cen[0], 0, 0, 0, cen[2], cen[1], 1, 0, 2].map((v) => v * V);

  it("P1 and straight P2: volume det/6, the one determinant, and the exact ∫∇u", () => {
    const p1 = geometry(1, X4, (x, y, z) => [3 * x - y, 0.5 * z, x + 2 * z]);
    expect(p1.volume).toBeCloseTo(V, 15);
    expect(p1.minDet).toBe(det);
    const exactLinear = [3, -1, 0, 0, 0, 0.5, 1, 0, 2].map((v) => v * V);
    expect(maxAbs(p1.grad.map((v, k) => v - exactLinear[k]))).toBeLessThan(1e-14);
    const p2 = geometry(2, p2Coords(false), quadratic);
    expect(p2.volume).toBeCloseTo(V, 15);
    expect(p2.minDet).toBe(det);
    expect(maxAbs(p2.grad.map((v, k) => v - exactQuadratic[k]))).toBeLessThan(1e-14);
  });

  it("a P2 tet whose mid-edge node is off its midpoint by 1e-9 (quadrature path) agrees to that size; a curved one does not pass as straight", () => {
    const nudged = p2Coords(false);
    nudged[3 * 7] += 1e-9;
    const q = geometry(2, nudged, quadratic);
    expect(Math.abs(q.volume - V)).toBeLessThan(1e-8 * V);
    expect(Math.abs(q.minDet - det)).toBeLessThan(1e-7 * det);
    expect(maxAbs(q.grad.map((v, k) => v - exactQuadratic[k]))).toBeLessThan(1e-8);
    const curved = geometry(2, p2Coords(true), quadratic);
    expect(Math.abs(curved.volume - V)).toBeGreaterThan(1e-3 * V); // the bulge adds volume: the quadrature path ran
    expect(curved.minDet).not.toBe(det);
  });
});
