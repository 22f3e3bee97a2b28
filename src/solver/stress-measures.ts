/**
 * Scalar measures of a stress tensor stored in Voigt order
 * (11, 22, 33, 23, 13, 12), in MPa. All functions work on flat arrays of
 * n tensors (n × 6) and write into an output array (n), allocation-free.
 */

/** von Mises stress √(3 J2) of every tensor. */
export function vonMises(sigma: Float64Array, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const o = 6 * i;
    const a = sigma[o], b = sigma[o + 1], c = sigma[o + 2];
    const yz = sigma[o + 3], xz = sigma[o + 4], xy = sigma[o + 5];
    const j2 = ((a - b) * (a - b) + (b - c) * (b - c) + (c - a) * (c - a)) / 6 + yz * yz + xz * xz + xy * xy;
    out[i] = Math.sqrt(3 * j2);
  }
  return out;
}

/** Hydrostatic stress tr(σ)/3 (positive in tension). */
export function hydrostatic(sigma: Float64Array, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = (sigma[6 * i] + sigma[6 * i + 1] + sigma[6 * i + 2]) / 3;
  return out;
}

/**
 * Largest and smallest principal stress (eigenvalues of the symmetric 3 × 3
 * tensor, closed form by the trigonometric method for a cubic with three
 * real roots). `outMin` may be omitted.
 */
export function principalExtremes(sigma: Float64Array, outMax: Float64Array, outMin?: Float64Array): void {
  const n = outMax.length;
  for (let i = 0; i < n; i++) {
    const o = 6 * i;
    const a = sigma[o], b = sigma[o + 1], c = sigma[o + 2];
    const yz = sigma[o + 3], xz = sigma[o + 4], xy = sigma[o + 5];
    const q = (a + b + c) / 3;
    const off = xy * xy + xz * xz + yz * yz;
    const p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * off;
    if (p2 <= 1e-300) {
      outMax[i] = q;
      if (outMin) outMin[i] = q;
      continue;
    }
    const p = Math.sqrt(p2 / 6);
    // B = (σ − qI)/p; r = det(B)/2 ∈ [−1, 1]
    const ba = (a - q) / p, bb = (b - q) / p, bc = (c - q) / p;
    const byz = yz / p, bxz = xz / p, bxy = xy / p;
    const det = ba * (bb * bc - byz * byz) - bxy * (bxy * bc - byz * bxz) + bxz * (bxy * byz - bb * bxz);
    const r = Math.min(1, Math.max(-1, det / 2));
    const phi = Math.acos(r) / 3;
    outMax[i] = q + 2 * p * Math.cos(phi);
    if (outMin) outMin[i] = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  }
}

/** n · σ · n for a unit vector n and one tensor at offset 6·i. */
export function normalStress(sigma: ArrayLike<number>, i: number, nx: number, ny: number, nz: number): number {
  const o = 6 * i;
  return sigma[o] * nx * nx + sigma[o + 1] * ny * ny + sigma[o + 2] * nz * nz +
    2 * (sigma[o + 3] * ny * nz + sigma[o + 4] * nx * nz + sigma[o + 5] * nx * ny);
}
