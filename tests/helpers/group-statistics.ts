/**
 * Per-group weighted means and maxima of quadrature-point values in plain
 * JavaScript: the reference the core's coreGroupStats (src/solver/statistics.ts,
 * assembly/statistics.ts) is tested against, summing in the same order.
 * Group of point i: tetGroup[⌊i / pointsPerTet⌋].
 */

/** Largest value per group (NaN for an empty group); layout as in groupMeans. */
export function groupMax(values: Float64Array, tetGroup: Int32Array, pointsPerTet: number, nGroups: number): Float64Array {
  const M = new Float64Array(nGroups).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const g = tetGroup[(i / pointsPerTet) | 0];
    if (values[i] > M[g]) M[g] = values[i];
  }
  for (let g = 0; g < nGroups; g++) if (M[g] === -Infinity) M[g] = NaN;
  return M;
}

/**
 * Per-group weighted means: group[i] of point i is tetGroup[⌊i / pointsPerTet⌋].
 * @returns nGroups means (NaN for a group without weight)
 */
export function groupMeans(values: Float64Array, weights: Float64Array, tetGroup: Int32Array, pointsPerTet: number, nGroups: number): Float64Array {
  const S = new Float64Array(nGroups), W = new Float64Array(nGroups);
  for (let i = 0; i < values.length; i++) {
    const g = tetGroup[(i / pointsPerTet) | 0];
    S[g] += weights[i] * values[i];
    W[g] += weights[i];
  }
  for (let g = 0; g < nGroups; g++) S[g] = W[g] > 0 ? S[g] / W[g] : NaN;
  return S;
}
