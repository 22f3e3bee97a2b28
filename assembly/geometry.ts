// Isoparametric element geometry. Straight-sided tets have a constant
// Jacobian; P2 tets whose mid-edge nodes sit on the sphere are curved, so the
// Jacobian is evaluated at every quadrature point. Loops that only need the
// geometry (volumes, ∫∇u) test each tet with `affineTet` and take the
// constant Jacobian of its vertices (`vertexJacobian`) when it is straight.

import { TET_EDGE_A, TET_EDGE_B } from "./shape";

/**
 * Whether a gathered tet is straight-sided (its map affine): always for P1;
 * for P2 when every mid-edge node lies at its edge's midpoint to 1e-12 of
 * the edge's length (the P2 lifting puts interior ones there; mid-edge
 * nodes moved onto the sphere make their tets curved).
 * @param npe 4 or 10; @param xe npe × 3 f64 (µm)
 */
export function affineTet(npe: i32, xe: usize): bool {
  if (npe == 4) return true;
  for (let k = 0; k < 6; k++) {
    const a = xe + <usize>load<i32>(TET_EDGE_A + (<usize>k << 2)) * 24, b = xe + <usize>load<i32>(TET_EDGE_B + (<usize>k << 2)) * 24;
    const m = xe + <usize>(4 + k) * 24;
    let d2 = 0.0, l2 = 0.0;
    for (let i = 0; i < 3; i++) {
      const xa = load<f64>(a + (<usize>i << 3)), xb = load<f64>(b + (<usize>i << 3));
      const d = load<f64>(m + (<usize>i << 3)) - 0.5 * (xa + xb);
      d2 += d * d;
      l2 += (xb - xa) * (xb - xa);
    }
    if (d2 > 1e-24 * l2) return false;
  }
  return true;
}

/**
 * The constant Jacobian of a straight tet from its four vertices (the first
 * four nodes of xe): J[i][k] = x_{k+1, i} − x_{0, i}, the P1 map's.
 * @param outJ 3 × 3 f64, row-major; @returns det J (6 × volume)
 */
export function vertexJacobian(xe: usize, outJ: usize): f64 {
  const x0 = load<f64>(xe), y0 = load<f64>(xe, 8), z0 = load<f64>(xe, 16);
  const j00 = load<f64>(xe, 24) - x0, j01 = load<f64>(xe, 48) - x0, j02 = load<f64>(xe, 72) - x0;
  const j10 = load<f64>(xe, 32) - y0, j11 = load<f64>(xe, 56) - y0, j12 = load<f64>(xe, 80) - y0;
  const j20 = load<f64>(xe, 40) - z0, j21 = load<f64>(xe, 64) - z0, j22 = load<f64>(xe, 88) - z0;
  store<f64>(outJ, j00); store<f64>(outJ, j01, 8); store<f64>(outJ, j02, 16);
  store<f64>(outJ, j10, 24); store<f64>(outJ, j11, 32); store<f64>(outJ, j12, 40);
  store<f64>(outJ, j20, 48); store<f64>(outJ, j21, 56); store<f64>(outJ, j22, 64);
  return j00 * (j11 * j22 - j12 * j21) + j01 * (j12 * j20 - j10 * j22) + j02 * (j10 * j21 - j11 * j20);
}

/**
 * Jacobian J = ∂x/∂ξ of a tet at one point.
 * @param npe  nodes per element (4 or 10)
 * @param xe   element node coordinates, npe × 3 f64 (µm)
 * @param dN   reference gradients, npe × 3 f64
 * @param outJ 3 × 3 f64, row-major (J[i][k] = ∂x_i/∂ξ_k)
 * @returns det J (6 × volume for a straight tet); ≤ 0 means inverted
 */
// @ts-ignore: decorator
@inline export function tetJacobian(npe: i32, xe: usize, dN: usize, outJ: usize): f64 {
  // f64x2 lanes: (j00, j01), (j10, j11), (j20, j21) and (j02, j12); j22 scalar.
  // Each entry is accumulated in node order, as a scalar loop would.
  let r0 = f64x2.splat(0.0), r1 = f64x2.splat(0.0), r2 = f64x2.splat(0.0), c2 = f64x2.splat(0.0);
  let j22 = 0.0;
  for (let a = 0; a < npe; a++) {
    const x = xe + <usize>a * 24;
    const d = dN + <usize>a * 24;
    const g01 = v128.load(d), gz = load<f64>(d, 16);
    r0 = f64x2.add(r0, f64x2.mul(v128.load64_splat(x), g01));
    r1 = f64x2.add(r1, f64x2.mul(v128.load64_splat(x, 8), g01));
    r2 = f64x2.add(r2, f64x2.mul(v128.load64_splat(x, 16), g01));
    c2 = f64x2.add(c2, f64x2.mul(v128.load(x), f64x2.splat(gz)));
    j22 += load<f64>(x, 16) * gz;
  }
  const j00 = f64x2.extract_lane(r0, 0), j01 = f64x2.extract_lane(r0, 1), j02 = f64x2.extract_lane(c2, 0);
  const j10 = f64x2.extract_lane(r1, 0), j11 = f64x2.extract_lane(r1, 1), j12 = f64x2.extract_lane(c2, 1);
  const j20 = f64x2.extract_lane(r2, 0), j21 = f64x2.extract_lane(r2, 1);
  store<f64>(outJ, j00); store<f64>(outJ, j01, 8); store<f64>(outJ, j02, 16);
  store<f64>(outJ, j10, 24); store<f64>(outJ, j11, 32); store<f64>(outJ, j12, 40);
  store<f64>(outJ, j20, 48); store<f64>(outJ, j21, 56); store<f64>(outJ, j22, 64);
  return j00 * (j11 * j22 - j12 * j21) + j01 * (j12 * j20 - j10 * j22) + j02 * (j10 * j21 - j11 * j20);
}

/**
 * Physical gradients ∇ₓN = J⁻ᵀ ∇_ξN at one point.
 * @param outJ  scratch for J, 9 f64
 * @param outG  physical gradients, npe × 3 f64 (1/µm)
 * @returns det J
 */
// @ts-ignore: decorator
@inline export function tetPhysicalGradients(npe: i32, xe: usize, dN: usize, outJ: usize, outG: usize): f64 {
  const det = tetJacobian(npe, xe, dN, outJ);
  const j00 = load<f64>(outJ), j01 = load<f64>(outJ, 8), j02 = load<f64>(outJ, 16);
  const j10 = load<f64>(outJ, 24), j11 = load<f64>(outJ, 32), j12 = load<f64>(outJ, 40);
  const j20 = load<f64>(outJ, 48), j21 = load<f64>(outJ, 56), j22 = load<f64>(outJ, 64);
  const inv = 1.0 / det;
  // K = J⁻¹ (rows: ∂ξ_k/∂x); ∂N/∂x_i = Σ_k ∂N/∂ξ_k K[k][i]
  const k00 = (j11 * j22 - j12 * j21) * inv, k01 = (j02 * j21 - j01 * j22) * inv, k02 = (j01 * j12 - j02 * j11) * inv;
  const k10 = (j12 * j20 - j10 * j22) * inv, k11 = (j00 * j22 - j02 * j20) * inv, k12 = (j02 * j10 - j00 * j12) * inv;
  const k20 = (j10 * j21 - j11 * j20) * inv, k21 = (j01 * j20 - j00 * j21) * inv, k22 = (j00 * j11 - j01 * j10) * inv;
  // (∂N/∂x, ∂N/∂y) in f64x2 lanes, ∂N/∂z scalar; same operations per entry
  const K0 = f64x2(k00, k01), K1 = f64x2(k10, k11), K2 = f64x2(k20, k21);
  for (let a = 0; a < npe; a++) {
    const d = dN + <usize>a * 24;
    const o = outG + <usize>a * 24;
    const g0 = load<f64>(d), g1 = load<f64>(d, 8), g2 = load<f64>(d, 16);
    v128.store(o, f64x2.add(f64x2.add(f64x2.mul(f64x2.splat(g0), K0), f64x2.mul(f64x2.splat(g1), K1)), f64x2.mul(f64x2.splat(g2), K2)));
    store<f64>(o, g0 * k02 + g1 * k12 + g2 * k22, 16);
  }
  return det;
}

/**
 * Gather the coordinates of one element's nodes.
 * @param coords global node coordinates, nNodes × 3 f64
 * @param conn   connectivity, nElems × npe i32
 * @param outXe  npe × 3 f64
 */
@inline export function gatherCoords(coords: usize, conn: usize, e: i32, npe: i32, outXe: usize): void {
  const c = conn + (<usize>e * <usize>npe << 2);
  for (let a = 0; a < npe; a++) {
    const n = <usize>load<i32>(c + (<usize>a << 2));
    const src = coords + n * 24;
    const dst = outXe + <usize>a * 24;
    store<f64>(dst, load<f64>(src));
    store<f64>(dst, load<f64>(src, 8), 8);
    store<f64>(dst, load<f64>(src, 16), 16);
  }
}

/**
 * Gather a nodal field with `ncomp` components per node for one element.
 * @param field nNodes × ncomp f64; @param outFe npe × ncomp f64
 */
@inline export function gatherField(field: usize, ncomp: i32, conn: usize, e: i32, npe: i32, outFe: usize): void {
  const c = conn + (<usize>e * <usize>npe << 2);
  for (let a = 0; a < npe; a++) {
    const n = <usize>load<i32>(c + (<usize>a << 2));
    for (let k = 0; k < ncomp; k++) {
      store<f64>(outFe + (<usize>(a * ncomp + k) << 3), load<f64>(field + ((n * <usize>ncomp + <usize>k) << 3)));
    }
  }
}
