/**
 * Field-by-field agreement between grainfem and ccx.
 *
 * θ: nodal values at the same nodes (same mesh, same numbering): relative L2
 * difference ‖θ_g − θ_c‖ / ‖θ_g‖, and — a stricter measure, since θ stays
 * near 1 over much of the particle — relative to the change,
 * ‖θ_g − θ_c‖ / ‖θ_g − θ0‖; plus the largest nodal difference.
 *
 * Stress: nodal stress recovery differs between the codes (ccx extrapolates
 * integration-point values to the nodes and averages; grainfem keeps one
 * value per node and grain), so the quantity compared is defined the same
 * way in both: per tet, the mean of the stress tensor over its 4 Gauss
 * points (the same 4-point rule in both codes, equal weights, which is the
 * exact volume mean of the linear P2 stress on a straight tet), then its von
 * Mises value; the difference is the L2 norm weighted by tet volume,
 *   e_vM = sqrt(Σ V_t (vM_g − vM_c)² / Σ V_t vM_g²),
 * and the same for the whole tensor (Frobenius norm), e_σ.
 */

/** Relative nodal L2 differences of θ. */
export function thetaAgreement(ours: ArrayLike<number>, theirs: ArrayLike<number>, theta0: number):
  { relL2: number; relL2OfChange: number; maxAbs: number } {
  let d2 = 0, a2 = 0, c2 = 0, maxAbs = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = ours[i] - theirs[i];
    if (!Number.isFinite(d)) throw new Error(`θ missing or not finite at node ${i + 1}`);
    d2 += d * d;
    a2 += ours[i] * ours[i];
    c2 += (ours[i] - theta0) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  return { relL2: Math.sqrt(d2 / a2), relL2OfChange: Math.sqrt(d2 / c2), maxAbs };
}

/** Per-tet mean over the 4 Gauss points (equal weights) of nTets × 4 × 6 stresses → nTets × 6. */
export function gaussMeanStress(sigma: ArrayLike<number>): Float64Array {
  const nT = sigma.length / 24;
  const out = new Float64Array(6 * nT);
  for (let t = 0; t < nT; t++) {
    for (let c = 0; c < 6; c++) {
      out[6 * t + c] = 0.25 * (sigma[24 * t + c] + sigma[24 * t + 6 + c] + sigma[24 * t + 12 + c] + sigma[24 * t + 18 + c]);
    }
  }
  return out;
}

function vonMises6(s: ArrayLike<number>, o: number): number {
  const [xx, yy, zz, yz, xz, xy] = [s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5]];
  return Math.sqrt(0.5 * ((xx - yy) ** 2 + (yy - zz) ** 2 + (zz - xx) ** 2) + 3 * (yz * yz + xz * xz + xy * xy));
}

/** Volume-weighted relative L2 differences of the per-tet von Mises and stress tensor. */
export function stressAgreement(oursCell: ArrayLike<number>, theirsCell: ArrayLike<number>, volume: ArrayLike<number>):
  { vonMisesRelL2: number; tensorRelL2: number; vonMisesMeanOurs: number; vonMisesMeanTheirs: number } {
  let dv = 0, av = 0, dt = 0, at = 0, V = 0, mg = 0, mc = 0;
  for (let t = 0; t < volume.length; t++) {
    const w = volume[t];
    const vg = vonMises6(oursCell, 6 * t), vc = vonMises6(theirsCell, 6 * t);
    if (!Number.isFinite(vc)) throw new Error(`ccx stress missing or not finite in element ${t + 1}`);
    dv += w * (vg - vc) ** 2;
    av += w * vg * vg;
    V += w;
    mg += w * vg;
    mc += w * vc;
    for (let c = 0; c < 6; c++) {
      const k = c < 3 ? 1 : 2; // Frobenius norm: shear components count twice
      dt += w * k * (oursCell[6 * t + c] - theirsCell[6 * t + c]) ** 2;
      at += w * k * oursCell[6 * t + c] ** 2;
    }
  }
  return { vonMisesRelL2: Math.sqrt(dv / av), tensorRelL2: Math.sqrt(dt / at), vonMisesMeanOurs: mg / V, vonMisesMeanTheirs: mc / V };
}
