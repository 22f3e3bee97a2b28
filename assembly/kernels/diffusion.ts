// Element matrices of the scalar diffusion problem ∂θ/∂t = ∇·(D∇θ):
//   K_ab = ∫ ∇N_a · D ∇N_b dV   (stiffness, 1/s · µm³ with D in µm²/s)
//   M_ab = ∫ N_a N_b dV          (consistent mass, µm³)
// K uses the 1-point (P1) / 4-point (P2) rule, exact on straight tets; M uses
// the 4-point (P1) / 14-point degree-5 (P2) rule, exact on straight tets.

import { tetRuleData, tetRulePoints, TET_RULE_1, TET_RULE_4, TET_RULE_14 } from "../quadrature";
import { tetNodes, tetShapeRefGradients, tetShapeValues } from "../shape";
import { tetJacobian, tetPhysicalGradients } from "../geometry";
import { S_DN, S_G, S_J, S_N, S_W } from "./scratch";

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
  const npe = tetNodes(order);
  const N = scratch + S_N, dN = scratch + S_DN, G = scratch + S_G, J = scratch + S_J, DG = scratch + S_W;
  const d00 = load<f64>(D), d01 = load<f64>(D, 8), d02 = load<f64>(D, 16);
  const d11 = load<f64>(D, 32), d12 = load<f64>(D, 40), d22 = load<f64>(D, 64);
  const nn = <usize>(npe * npe) << 3;
  if (Ke != 0) {
    memory.fill(Ke, 0, nn);
    const rule = order == 1 ? TET_RULE_1 : TET_RULE_4;
    const q = tetRuleData(rule);
    const nq = tetRulePoints(rule);
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), dN);
      const wdet = load<f64>(qp, 24) * tetPhysicalGradients(npe, xe, dN, J, G);
      for (let b = 0; b < npe; b++) {
        const g = G + <usize>b * 24;
        const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
        const o = DG + <usize>b * 24;
        store<f64>(o, wdet * (d00 * gx + d01 * gy + d02 * gz));
        store<f64>(o, wdet * (d01 * gx + d11 * gy + d12 * gz), 8);
        store<f64>(o, wdet * (d02 * gx + d12 * gy + d22 * gz), 16);
      }
      addGramBlock(npe, G, DG, Ke);
    }
  }
  const mrule = order == 1 ? TET_RULE_4 : TET_RULE_14;
  const mq = tetRuleData(mrule);
  const nmq = tetRulePoints(mrule);
  if (Me != 0) memory.fill(Me, 0, nn);
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
      const wa = wdet * load<f64>(N + (<usize>a << 3));
      const row = Me + (<usize>(a * npe) << 3);
      for (let b = 0; b < npe; b++) {
        const o = row + (<usize>b << 3);
        store<f64>(o, load<f64>(o) + wa * load<f64>(N + (<usize>b << 3)));
      }
    }
  }
  return vol;
}

// Ke[a][b] += G_a · W_b for all a, b (G, W: npe × 3).
function addGramBlock(npe: i32, G: usize, W: usize, Ke: usize): void {
  for (let a = 0; a < npe; a++) {
    const g = G + <usize>a * 24;
    const gx = load<f64>(g), gy = load<f64>(g, 8), gz = load<f64>(g, 16);
    const row = Ke + (<usize>(a * npe) << 3);
    for (let b = 0; b < npe; b++) {
      const w = W + <usize>b * 24;
      const o = row + (<usize>b << 3);
      store<f64>(o, load<f64>(o) + gx * load<f64>(w) + gy * load<f64>(w, 8) + gz * load<f64>(w, 16));
    }
  }
}
