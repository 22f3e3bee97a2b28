// Scalar measures of the stress at one tet's quadrature points, and the
// tet's volume-weighted means: the per-point quantities every snapshot's
// statistics are taken over (SPEC §2), formed in the stress loop while the
// tet's stresses are in cache instead of in a JavaScript pass over all of
// them afterwards. The formulas and the order of every sum are those of
// src/solver/stress-measures.ts and the cell means in src/solver/simulate.ts,
// so von Mises, hydrostatic and the means come out with the same bits; the
// largest principal stress is found without acos and cos (maxPrincipalAt)
// and agrees with the trigonometric formula to ~1e-12 relative.
//
// Layouts: σ of a point = 6 f64 in Voigt order (11, 22, 33, 23, 13, 12), MPa;
// a tet's points are consecutive (4 × 6 f64), their weights w·detJ (µm³) 4 f64.
// The measures block of a whole mesh (nT tets, nq = 4 nT points), f64:
//   [0, nq)           von Mises √(3 J2) per point
//   [nq, 2nq)         hydrostatic tr(σ)/3 per point (positive in tension)
//   [2nq, 3nq)        largest principal stress per point
//   [3nq, 3nq + nT)   weighted mean of the von Mises per tet
//   [3nq + nT, 3nq + 7nT)  weighted mean σ per tet (6 per tet)

/** f64 values in the measures block of a mesh of nTets tets (4 points each). */
export function stressMeasuresLength(nTets: i32): i32 {
  return 19 * nTets;
}

// @ts-ignore: decorator
@inline function vonMisesAt(s: usize): f64 {
  const a = load<f64>(s), b = load<f64>(s, 8), c = load<f64>(s, 16);
  const yz = load<f64>(s, 24), xz = load<f64>(s, 32), xy = load<f64>(s, 40);
  const j2 = ((a - b) * (a - b) + (b - c) * (b - c) + (c - a) * (c - a)) / 6 + yz * yz + xz * xz + xy * xy;
  return Math.sqrt(3 * j2);
}

/**
 * Largest eigenvalue of the symmetric tensor at s. With q = tr σ / 3,
 * p = √(|σ − qI|²/6) and B = (σ − qI)/p, the eigenvalues are q + 2p·x/2 for
 * the roots x of x³ − 3x − 2r (r = det B / 2 ∈ [−1, 1]); the largest is
 * λ_max = q + 2p c with c = cos(acos(r)/3) ∈ [1/2, 1], the largest root of
 * 4c³ − 3c − r (the trigonometric method). c is found without acos and cos:
 * in s = √((1 + r)/2) it is smooth on [0, 1] (c = cos(2 acos(s)/3)), so a
 * quintic in s (least-squares fit with the exact slope 1/√3 at s = 0;
 * error ≤ 2.6e-6) starts two Newton steps on 4c³ − 3c − r. The steps are
 * skipped within 1e-5 of the double root c = 1/2 (r → −1, two equal largest
 * eigenvalues), where the derivative 12c² − 3 vanishes and the quintic is
 * already closer than rounding lets Newton get. Against cos(acos(r)/3) the
 * result differs by ≤ 3.3e-13 for 1 + r > 1e-8 and ≤ 1.1e-12 below, where
 * acos itself amplifies the rounding of r (dense scan of r).
 */
function maxPrincipalAt(s: usize): f64 {
  const a = load<f64>(s), b = load<f64>(s, 8), c = load<f64>(s, 16);
  const yz = load<f64>(s, 24), xz = load<f64>(s, 32), xy = load<f64>(s, 40);
  const q = (a + b + c) / 3;
  const off = xy * xy + xz * xz + yz * yz;
  const p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * off;
  if (p2 <= 1e-300) return q;
  const p = Math.sqrt(p2 / 6);
  const ba = (a - q) / p, bb = (b - q) / p, bc = (c - q) / p;
  const byz = yz / p, bxz = xz / p, bxy = xy / p;
  const det = ba * (bb * bc - byz * byz) - bxy * (bxy * bc - byz * bxz) + bxz * (bxy * byz - bb * bxz);
  const r = Math.min(1, Math.max(-1, det / 2));
  return q + 2 * p * cosThirdOfAcos(r);
}

/** cos(acos(r)/3) for r ∈ [−1, 1] (see maxPrincipalAt). */
// @ts-ignore: decorator
@inline function cosThirdOfAcos(r: f64): f64 {
  const s = Math.sqrt(0.5 * (1 + r));
  let x = 0.5 + s * (0.5773502691896258 + s * (-0.11062310962529162 + s * (0.049556427754382376 + s * (-0.021195351170925535 + s * 0.00491358688240548))));
  if (x - 0.5 > 1e-5) {
    x -= (4 * x * x * x - 3 * x - r) / (12 * x * x - 3);
    x -= (4 * x * x * x - 3 * x - r) / (12 * x * x - 3);
  }
  return x;
}

/**
 * The measures of one tet's 4 points and its weighted means.
 * @param sigma   the tet's 4 × 6 stresses
 * @param w       the tet's 4 weights
 * @param vm, hy, p1  4 f64 each: von Mises, hydrostatic, largest principal
 * @param vmCell  1 f64: Σ w vm / Σ w
 * @param sCell   6 f64: Σ w σ / Σ w
 */
export function tetStressMeasures(sigma: usize, w: usize, vm: usize, hy: usize, p1: usize, vmCell: usize, sCell: usize): void {
  let W = 0.0, v = 0.0;
  for (let c = 0; c < 6; c++) store<f64>(sCell + (<usize>c << 3), 0);
  for (let k = 0; k < 4; k++) {
    const s = sigma + <usize>k * 48, o = <usize>k << 3;
    const wk = load<f64>(w + o);
    const m = vonMisesAt(s);
    store<f64>(vm + o, m);
    store<f64>(hy + o, (load<f64>(s) + load<f64>(s, 8) + load<f64>(s, 16)) / 3);
    store<f64>(p1 + o, maxPrincipalAt(s));
    W += wk;
    v += wk * m;
    for (let c = 0; c < 6; c++) {
      const d = sCell + (<usize>c << 3);
      store<f64>(d, load<f64>(d) + wk * load<f64>(s + (<usize>c << 3)));
    }
  }
  store<f64>(vmCell, v / W);
  for (let c = 0; c < 6; c++) {
    const d = sCell + (<usize>c << 3);
    store<f64>(d, load<f64>(d) / W);
  }
}
