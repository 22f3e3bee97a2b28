// Element kernels of small-strain elasticity with a chemical eigenstrain:
//   σ = C(θ) : (ε(u) − β (θ − θ_ref)),   ∇·σ = 0.
// Voigt order everywhere: (11, 22, 33, 23, 13, 12), engineering shear strains
// (γ23 = 2ε23 …). Units: µm, MPa, so K is MPa·µm and f is MPa·µm².
//
// C(θ) = C0 + clamp(θ, 0, 1) · (C1 − C0), evaluated at every quadrature point
// from the interpolated nodal θ; the eigenstrain uses θ unclamped (SPEC §1.2).
// All quantities use the 4-point rule (degree 2): exact stiffness for P2 on
// straight tets with constant C, and the points where stress is reported.
//
// Strain-displacement operator for node a with gradient (gx, gy, gz):
//   B_a = [gx 0 0; 0 gy 0; 0 0 gz; 0 gz gy; gz 0 gx; gy gx 0]   (6 × 3)

import { tetRuleData, tetRulePoints, TET_RULE_4 } from "../quadrature";
import { tetNodes, tetShapeRefGradients, tetShapeValues } from "../shape";
import { tetPhysicalGradients } from "../geometry";
import { S_C, S_CM, S_CP, S_DET, S_DN, S_G, S_J, S_N, S_TH, S_V, S_W, zeroF64 } from "./scratch";

/** Number of stress points per element (4-point rule, both orders). */
export const ELASTIC_QP: i32 = 4;

// Shape values at point p of the rule into scratch (S_N); returns the point's weight.
// @ts-ignore: decorator
@inline function pointShape(order: i32, p: i32, scratch: usize): f64 {
  const qp = tetRuleData(TET_RULE_4) + (<usize>p << 5);
  tetShapeValues(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), scratch + S_N);
  return load<f64>(qp, 24);
}

// Reference and physical gradients at point p (G into scratch); returns det J.
// A P1 tet's are the same at every point: its kernels form them once.
// @ts-ignore: decorator
@inline function pointGradients(order: i32, npe: i32, p: i32, xe: usize, scratch: usize): f64 {
  const qp = tetRuleData(TET_RULE_4) + (<usize>p << 5);
  tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), scratch + S_DN);
  return tetPhysicalGradients(npe, xe, scratch + S_DN, scratch + S_J, scratch + S_G);
}

// θ (from the shape values in scratch) and C(θ) at the point, into scratch.
// @ts-ignore: decorator
@inline function pointMaterial(npe: i32, C0: usize, C1: usize, thetaE: usize, scratch: usize): void {
  const N = scratch + S_N;
  let th = 0.0;
  for (let a = 0; a < npe; a++) th += load<f64>(N + (<usize>a << 3)) * load<f64>(thetaE + (<usize>a << 3));
  store<f64>(scratch + S_TH, th);
  const t = f64x2.splat(th < 0.0 ? 0.0 : th > 1.0 ? 1.0 : th);
  const C = scratch + S_C;
  for (let k: usize = 0; k < 288; k += 16) {
    const c0 = v128.load(C0 + k);
    v128.store(C + k, f64x2.add(c0, f64x2.mul(t, f64x2.sub(v128.load(C1 + k), c0))));
  }
}

// Shape functions, gradients, θ and C(θ) at point p of the rule (into
// scratch); returns w·detJ. reuseGradients: the gradients and detJ (S_DET)
// in scratch are still this point's — a P1 tet's after its first point.
// @ts-ignore: decorator
@inline function pointSetup(order: i32, npe: i32, p: i32, xe: usize, C0: usize, C1: usize, thetaE: usize, scratch: usize, reuseGradients: bool): f64 {
  const w = pointShape(order, p, scratch);
  let det: f64;
  if (reuseGradients) det = load<f64>(scratch + S_DET);
  else {
    det = pointGradients(order, npe, p, xe, scratch);
    store<f64>(scratch + S_DET, det);
  }
  pointMaterial(npe, C0, C1, thetaE, scratch);
  return w * det;
}

// s = C · e for 6-vectors (C 6 × 6 row-major).
@inline function mulC6(C: usize, e: usize, s: usize): void {
  for (let i = 0; i < 6; i++) {
    const r = C + <usize>i * 48;
    store<f64>(s + (<usize>i << 3),
      load<f64>(r) * load<f64>(e) + load<f64>(r, 8) * load<f64>(e, 8) + load<f64>(r, 16) * load<f64>(e, 16) +
      load<f64>(r, 24) * load<f64>(e, 24) + load<f64>(r, 32) * load<f64>(e, 32) + load<f64>(r, 40) * load<f64>(e, 40));
  }
}

/**
 * Stiffness and eigenstrain load of one tetrahedron.
 * @param order    1 or 2
 * @param xe       node coordinates, npe × 3 f64 (µm)
 * @param C0, C1   rotated stiffness at θ = 0 and θ = 1, 6 × 6 f64 row-major (MPa)
 * @param beta     rotated chemical-strain coefficients, 6 f64 (Voigt, engineering shear)
 * @param thetaE   nodal θ of the element, npe f64
 * @param thetaRef θ at which the eigenstrain vanishes
 * @param Ke       out: 3npe × 3npe f64 row-major (dof 3a + i), or 0 to skip
 * @param fe       out: 3npe f64 equivalent nodal forces of the eigenstrain, or 0
 * @param scratch  KERNEL_SCRATCH_BYTES
 * @returns element volume (µm³)
 */
export function elasticityElement(order: i32, xe: usize, C0: usize, C1: usize, beta: usize, thetaE: usize,
  thetaRef: f64, Ke: usize, fe: usize, scratch: usize): f64 {
  return order == 1 ? elasticityElementP1(xe, C0, C1, beta, thetaE, thetaRef, Ke, fe, scratch)
    : elasticityElementP2(xe, C0, C1, beta, thetaE, thetaRef, Ke, fe, scratch);
}

/** elasticityElement for order 1 and 2: the same body with the order a compile-time constant (constant loop counts). */
export function elasticityElementP1(xe: usize, C0: usize, C1: usize, beta: usize, thetaE: usize, thetaRef: f64, Ke: usize, fe: usize, scratch: usize): f64 {
  return elasticityElementOf(1, xe, C0, C1, beta, thetaE, thetaRef, Ke, fe, scratch);
}
export function elasticityElementP2(xe: usize, C0: usize, C1: usize, beta: usize, thetaE: usize, thetaRef: f64, Ke: usize, fe: usize, scratch: usize): f64 {
  return elasticityElementOf(2, xe, C0, C1, beta, thetaE, thetaRef, Ke, fe, scratch);
}

// Ke += wdet · Bᵀ C B at one point: C (6 × 6, row-major) and the point's
// physical gradients G (scratch) give CB = wdet · C · B_b per node b, which
// addBlockColumn takes into the blocks (a, b), a ≤ b.
// @ts-ignore: decorator
@inline function addPointStiffness(npe: i32, nd: i32, C: usize, wdet: f64, scratch: usize, Ke: usize): void {
  const G = scratch + S_G, CB = scratch + S_W;
  // CB columns 0 and 1 of row i are (C_i0 gx + C_i4 gz + C_i5 gy, C_i1 gy + C_i3 gz + C_i5 gx):
  // lay out the C entries of each lane pair once per point, (C_i0, C_i1), (C_i4, C_i3), (C_i5, C_i5)
  const CP = scratch + S_CP;
  for (let i: usize = 0; i < 6; i++) {
    const r = C + i * 48, o = CP + i * 48;
    v128.store(o, v128.load(r));
    v128.store(o, f64x2(load<f64>(r, 32), load<f64>(r, 24)), 16);
    v128.store(o, v128.load64_splat(r, 40), 32);
  }
  const w = f64x2.splat(wdet);
  for (let b = 0; b < npe; b++) {
    const g = G + <usize>b * 24;
    const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
    const gxy = v128.load(g), gzz = f64x2.splat(gz), gyx = f64x2(gy, gx);
    // CB = C · B_b (6 × 3), scaled by w·detJ
    for (let i: usize = 0; i < 6; i++) {
      const r = C + i * 48, q = CP + i * 48;
      const o = CB + i * 24;
      v128.store(o, f64x2.mul(w, f64x2.add(f64x2.add(f64x2.mul(v128.load(q), gxy), f64x2.mul(v128.load(q, 16), gzz)), f64x2.mul(v128.load(q, 32), gyx))));
      store<f64>(o, wdet * (load<f64>(r, 16) * gz + load<f64>(r, 24) * gy + load<f64>(r, 32) * gx), 16);
    }
    addBlockColumn(G, b, nd, CB, Ke);
  }
}

// @ts-ignore: decorator
@inline function elasticityElementOf(order: i32, xe: usize, C0: usize, C1: usize, beta: usize, thetaE: usize,
  thetaRef: f64, Ke: usize, fe: usize, scratch: usize): f64 {
  const npe = tetNodes(order);
  const nd = 3 * npe;
  if (Ke != 0) zeroF64(Ke, nd * nd);
  if (fe != 0) zeroF64(fe, nd);
  const G = scratch + S_G, C = scratch + S_C, V = scratch + S_V, CM = scratch + S_CM;
  // A P1 tet's strains are constant (B is the same at every point), so
  // Σ_q w_q detJ B_qᵀ C_q B_q = Bᵀ (Σ_q w_q detJ C_q) B: the rule's weighted
  // sum of C(θ_q) (θ varies in the tet, and C with it) goes through one
  // stiffness product instead of four (equal to rounding).
  if (order == 1 && Ke != 0) zeroF64(CM, 36);
  let vol = 0.0;
  for (let p = 0; p < ELASTIC_QP; p++) {
    // (P1: the gradients of the first point hold at every point)
    const wdet = pointSetup(order, npe, p, xe, C0, C1, thetaE, scratch, order == 1 && p > 0);
    vol += wdet;
    if (Ke != 0) {
      if (order == 1) {
        const w = f64x2.splat(wdet);
        for (let k: usize = 0; k < 288; k += 16) v128.store(CM + k, f64x2.add(v128.load(CM + k), f64x2.mul(w, v128.load(C + k))));
      } else addPointStiffness(npe, nd, C, wdet, scratch, Ke);
    }
    if (fe != 0) {
      // σ_ch = C β (θ − θ_ref); f_a += w detJ B_aᵀ σ_ch
      const dth = load<f64>(scratch + S_TH) - thetaRef;
      for (let i = 0; i < 6; i++) store<f64>(V + 48 + (<usize>i << 3), load<f64>(beta + (<usize>i << 3)) * dth);
      mulC6(C, V + 48, V);
      const s0 = wdet * load<f64>(V), s1 = wdet * load<f64>(V, 8), s2 = wdet * load<f64>(V, 16);
      const s3 = wdet * load<f64>(V, 24), s4 = wdet * load<f64>(V, 32), s5 = wdet * load<f64>(V, 40);
      for (let a = 0; a < npe; a++) {
        const g = G + <usize>a * 24;
        const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
        const o = fe + <usize>a * 24;
        store<f64>(o, load<f64>(o) + (gx * s0 + gz * s4 + gy * s5));
        store<f64>(o, load<f64>(o, 8) + (gy * s1 + gz * s3 + gx * s5), 8);
        store<f64>(o, load<f64>(o, 16) + (gz * s2 + gy * s3 + gx * s4), 16);
      }
    }
  }
  if (order == 1 && Ke != 0) addPointStiffness(npe, nd, CM, 1.0, scratch, Ke);
  if (Ke != 0) mirrorLower(npe, nd, Ke);
  return vol;
}

// Ke blocks (a, b) += B_aᵀ · CB (3 × 3) for a = 0..b; CB holds w·detJ · C · B_b.
// CB does not change with a, so it is loaded once (the engine cannot hoist
// the loads: Ke stores might alias it). Columns j = 0, 1 of each block in
// f64x2 lanes, j = 2 scalar; every entry gets Ke += (g·c + g·c + g·c) in that
// order, as a scalar loop would. Inlined: as a call per column it cost ~5 %
// of the P1 assembly (119 against 113 ms at 236k tets).
// @ts-ignore: decorator
@inline function addBlockColumn(G: usize, b: i32, nd: i32, CB: usize, Ke: usize): void {
  // CB row i = C row i · B_b: 3 f64 at CB + 24 i
  const c0 = v128.load(CB), c1 = v128.load(CB, 24), c2 = v128.load(CB, 48);
  const c3 = v128.load(CB, 72), c4 = v128.load(CB, 96), c5 = v128.load(CB, 120);
  const e0 = load<f64>(CB, 16), e1 = load<f64>(CB, 40), e2 = load<f64>(CB, 64);
  const e3 = load<f64>(CB, 88), e4 = load<f64>(CB, 112), e5 = load<f64>(CB, 136);
  const stride = <usize>nd << 3;
  let r0 = Ke + (<usize>(3 * b) << 3);
  for (let a = 0; a <= b; a++) {
    const g = G + <usize>a * 24;
    const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
    const vx = f64x2.splat(gx), vy = f64x2.splat(gy), vz = f64x2.splat(gz);
    const r1 = r0 + stride, r2 = r1 + stride;
    v128.store(r0, f64x2.add(v128.load(r0), f64x2.add(f64x2.add(f64x2.mul(vx, c0), f64x2.mul(vz, c4)), f64x2.mul(vy, c5))));
    v128.store(r1, f64x2.add(v128.load(r1), f64x2.add(f64x2.add(f64x2.mul(vy, c1), f64x2.mul(vz, c3)), f64x2.mul(vx, c5))));
    v128.store(r2, f64x2.add(v128.load(r2), f64x2.add(f64x2.add(f64x2.mul(vz, c2), f64x2.mul(vy, c3)), f64x2.mul(vx, c4))));
    store<f64>(r0, load<f64>(r0, 16) + (gx * e0 + gz * e4 + gy * e5), 16);
    store<f64>(r1, load<f64>(r1, 16) + (gy * e1 + gz * e3 + gx * e5), 16);
    store<f64>(r2, load<f64>(r2, 16) + (gz * e2 + gy * e3 + gx * e4), 16);
    r0 = r2 + stride; // rows 3(a + 1) …
  }
}

// Copy the upper block triangle (a ≤ b) onto the lower one: block (a, b) =
// block (b, a)ᵀ. Row pointers and constant offsets per block: a loop over
// the nine entries with the index arithmetic per entry took ~4.5 ms more of
// the P1 stiffness assembly's ~93 ms at 236k tets (all of the mirror, ~10).
// @ts-ignore: decorator
@inline function mirrorLower(npe: i32, nd: i32, Ke: usize): void {
  const stride = <usize>nd << 3;
  for (let b = 0; b < npe; b++) {
    for (let a = b + 1; a < npe; a++) {
      // source: block (b, a), rows 3b…3b+2 at column 3a; destination: block (a, b)
      const s0 = Ke + <usize>(3 * b) * stride + (<usize>(3 * a) << 3), s1 = s0 + stride, s2 = s1 + stride;
      const d0 = Ke + <usize>(3 * a) * stride + (<usize>(3 * b) << 3), d1 = d0 + stride, d2 = d1 + stride;
      store<f64>(d0, load<f64>(s0)); store<f64>(d0, load<f64>(s1), 8); store<f64>(d0, load<f64>(s2), 16);
      store<f64>(d1, load<f64>(s0, 8)); store<f64>(d1, load<f64>(s1, 8), 8); store<f64>(d1, load<f64>(s2, 8), 16);
      store<f64>(d2, load<f64>(s0, 16)); store<f64>(d2, load<f64>(s1, 16), 8); store<f64>(d2, load<f64>(s2, 16), 16);
    }
  }
}

/**
 * Stress at the 4 quadrature points of one tetrahedron.
 * @param ue        element displacements, 3npe f64 (µm)
 * @param outSigma  4 × 6 f64 (MPa, Voigt order)
 * @param outWdet   4 f64: w·detJ (µm³), the volume weight of each point
 * @param outTheta  4 f64: θ at each point, or 0 to skip
 * Other parameters as in elasticityElement.
 */
export function elasticityElementStress(order: i32, xe: usize, C0: usize, C1: usize, beta: usize, thetaE: usize,
  thetaRef: f64, ue: usize, outSigma: usize, outWdet: usize, outTheta: usize, scratch: usize): void {
  const npe = tetNodes(order);
  const G = scratch + S_G, C = scratch + S_C, V = scratch + S_V;
  for (let p = 0; p < ELASTIC_QP; p++) {
    const wdet = pointSetup(order, npe, p, xe, C0, C1, thetaE, scratch, order == 1 && p > 0);
    const th = load<f64>(scratch + S_TH);
    store<f64>(outWdet + (<usize>p << 3), wdet);
    if (outTheta != 0) store<f64>(outTheta + (<usize>p << 3), th);
    let e0 = 0.0, e1 = 0.0, e2 = 0.0, e3 = 0.0, e4 = 0.0, e5 = 0.0;
    for (let a = 0; a < npe; a++) {
      const g = G + <usize>a * 24;
      const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
      const u = ue + <usize>a * 24;
      const ux = load<f64>(u), uy = load<f64>(u, 8), uz = load<f64>(u, 16);
      e0 += gx * ux; e1 += gy * uy; e2 += gz * uz;
      e3 += gz * uy + gy * uz; e4 += gz * ux + gx * uz; e5 += gy * ux + gx * uy;
    }
    const dth = th - thetaRef;
    store<f64>(V + 48, e0 - load<f64>(beta) * dth);
    store<f64>(V + 56, e1 - load<f64>(beta, 8) * dth);
    store<f64>(V + 64, e2 - load<f64>(beta, 16) * dth);
    store<f64>(V + 72, e3 - load<f64>(beta, 24) * dth);
    store<f64>(V + 80, e4 - load<f64>(beta, 32) * dth);
    store<f64>(V + 88, e5 - load<f64>(beta, 40) * dth);
    mulC6(C, V + 48, outSigma + <usize>p * 48);
  }
}
