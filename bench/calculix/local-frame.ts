/**
 * ccx prints the stresses of an element with an *ORIENTATION in that local
 * system (the .dat line ends with the orientation's name). For a grain with
 * rotation Q (v_particle = Q v_crystal) the particle-axes stress is
 * σ = Q σ_local Qᵀ; von Mises is the same in both.
 */
import { rotationFromQuaternion } from "../../src/material/rotation.js";

/**
 * Rotate nTets × nPoints × 6 Voigt stresses (xx yy zz yz xz xy) from each tet's
 * grain frame to particle axes, in place.
 * @param orientations nGrains × 4 quaternions [w, x, y, z]
 */
export function stressToParticleAxes(sigma: Float64Array, nPoints: number, tetGrain: Int32Array, orientations: ArrayLike<number>): void {
  const nGrains = orientations.length / 4;
  const Qs = Array.from({ length: nGrains }, (_, g) =>
    rotationFromQuaternion([orientations[4 * g], orientations[4 * g + 1], orientations[4 * g + 2], orientations[4 * g + 3]]));
  const S = new Float64Array(9), T = new Float64Array(9);
  for (let t = 0; t < tetGrain.length; t++) {
    const Q = Qs[tetGrain[t]];
    for (let p = 0; p < nPoints; p++) {
      const o = 6 * (nPoints * t + p);
      // full symmetric tensor, row-major
      S[0] = sigma[o]; S[4] = sigma[o + 1]; S[8] = sigma[o + 2];
      S[5] = S[7] = sigma[o + 3];
      S[2] = S[6] = sigma[o + 4];
      S[1] = S[3] = sigma[o + 5];
      // T = Q S Qᵀ
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          let s = 0;
          for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += Q[3 * i + k] * S[3 * k + l] * Q[3 * j + l];
          T[3 * i + j] = s;
        }
      }
      sigma[o] = T[0]; sigma[o + 1] = T[4]; sigma[o + 2] = T[8];
      sigma[o + 3] = T[5]; sigma[o + 4] = T[2]; sigma[o + 5] = T[1];
    }
  }
}
