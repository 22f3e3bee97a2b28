// Element matrices of the scalar diffusion problem ∂θ/∂t = ∇·(D∇θ):
//   K_ab = ∫ ∇N_a · D ∇N_b dV   (stiffness, 1/s · µm³ with D in µm²/s)
//   M_ab = ∫ N_a N_b dV          (consistent mass, µm³)
// K uses the 1-point (P1) / 4-point (P2) rule, exact on straight tets; M uses
// the 4-point (P1) / 14-point degree-5 (P2) rule, exact on straight tets.
//
// The row updates run two columns at a time in f64x2 lanes (npe = 4 or 10 is
// even); each lane performs the scalar operations in the scalar order, so
// results are bit-identical to the scalar loops. D∇N is kept component-major
// (x of all nodes, then y, then z) so that a lane pair is one v128 load.

import { tetRuleData, tetRulePoints, TET_RULE_1, TET_RULE_4, TET_RULE_14 } from "../quadrature";
import { tetNodes, tetShapeRefGradients, tetShapeValues } from "../shape";
import { tetJacobian, tetPhysicalGradients } from "../geometry";
import { S_DN, S_G, S_J, S_N, S_W, zeroF64 } from "./scratch";

/**
 * Diffusion stiffness and mass of one tetrahedron.
 * @param order   1 (4 nodes) or 2 (10 nodes)
 * @param xe      node coordinates, npe × 3 f64 (µm)
 * @param D       diffusivity tensor, 3 × 3 f64 row-major (µm²/s), symmetric
 * @param Ke      out: npe × npe f64 row-major, or 0 to skip
 * @param Me      out: npe × npe f64 row-major, or 0 to skip
 * @param scratch KERNEL_SCRATCH_BYTES
 * @returns element volume (µm³); negative or zero when the element is inverted
 */
export function diffusionElement(order: i32, xe: usize, D: usize, Ke: usize, Me: usize, scratch: usize): f64 {
  return order == 1 ? diffusionElementP1(xe, D, Ke, Me, scratch) : diffusionElementP2(xe, D, Ke, Me, scratch);
}

/** diffusionElement for order 1 and 2: the same body with the order a compile-time constant (constant loop counts). */
export function diffusionElementP1(xe: usize, D: usize, Ke: usize, Me: usize, scratch: usize): f64 {
  return diffusionElementOf(1, xe, D, Ke, Me, scratch);
}
export function diffusionElementP2(xe: usize, D: usize, Ke: usize, Me: usize, scratch: usize): f64 {
  return diffusionElementOf(2, xe, D, Ke, Me, scratch);
}

// @ts-ignore: decorator
@inline function diffusionElementOf(order: i32, xe: usize, D: usize, Ke: usize, Me: usize, scratch: usize): f64 {
  const npe = tetNodes(order);
  const N = scratch + S_N, dN = scratch + S_DN, G = scratch + S_G, J = scratch + S_J, DG = scratch + S_W;
  const d00 = load<f64>(D), d01 = load<f64>(D, 8), d02 = load<f64>(D, 16);
  const d11 = load<f64>(D, 32), d12 = load<f64>(D, 40), d22 = load<f64>(D, 64);
  const nn = npe * npe;
  if (Ke != 0) {
    zeroF64(Ke, nn);
    const rule = order == 1 ? TET_RULE_1 : TET_RULE_4;
    const q = tetRuleData(rule);
    const nq = tetRulePoints(rule);
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), dN);
      const wdet = load<f64>(qp, 24) * tetPhysicalGradients(npe, xe, dN, J, G);
      // DG: 3 rows of npe (x, y, z components of w·detJ · D ∇N_b)
      for (let b = 0; b < npe; b++) {
        const g = G + <usize>b * 24;
        const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
        const o = DG + (<usize>b << 3);
        store<f64>(o, wdet * (d00 * gx + d01 * gy + d02 * gz));
        store<f64>(o, wdet * (d01 * gx + d11 * gy + d12 * gz), 80);
        store<f64>(o, wdet * (d02 * gx + d12 * gy + d22 * gz), 160);
      }
      addGramBlock(npe, G, DG, Ke);
    }
  }
  const mrule = order == 1 ? TET_RULE_4 : TET_RULE_14;
  const mq = tetRuleData(mrule);
  const nmq = tetRulePoints(mrule);
  if (Me != 0) zeroF64(Me, nn);
  let vol = 0.0;
  for (let p = 0; p < nmq; p++) {
    const qp = mq + (<usize>p << 5);
    const xi = load<f64>(qp), eta = load<f64>(qp, 8), zeta = load<f64>(qp, 16);
    tetShapeRefGradients(order, xi, eta, zeta, dN);
    const wdet = load<f64>(qp, 24) * tetJacobian(npe, xe, dN, J);
    vol += wdet;
    if (Me == 0) continue;
    tetShapeValues(order, xi, eta, zeta, N);
    for (let a = 0; a < npe; a++) {
      const wa = f64x2.splat(wdet * load<f64>(N + (<usize>a << 3)));
      const row = Me + (<usize>(a * npe) << 3);
      for (let b = 0; b < npe; b += 2) {
        const o = row + (<usize>b << 3);
        v128.store(o, f64x2.add(v128.load(o), f64x2.mul(wa, v128.load(N + (<usize>b << 3)))));
      }
    }
  }
  return vol;
}

// Ke[a][b] += G_a · W_b for all a, b (G: npe × 3; W: 3 rows of 10, component-major).
// @ts-ignore: decorator
@inline function addGramBlock(npe: i32, G: usize, W: usize, Ke: usize): void {
  for (let a = 0; a < npe; a++) {
    const g = G + <usize>a * 24;
    const gx = f64x2.splat(load<f64>(g)), gy = f64x2.splat(load<f64>(g, 8)), gz = f64x2.splat(load<f64>(g, 16));
    const row = Ke + (<usize>(a * npe) << 3);
    for (let b = 0; b < npe; b += 2) {
      const w = W + (<usize>b << 3);
      const o = row + (<usize>b << 3);
      const dot = f64x2.add(f64x2.add(f64x2.mul(gx, v128.load(w)), f64x2.mul(gy, v128.load(w, 80))), f64x2.mul(gz, v128.load(w, 160)));
      v128.store(o, f64x2.add(v128.load(o), dot));
    }
  }
}
