/**
 * Volume-weighted statistics over quadrature points (SPEC §2: the 4-point
 * stiffness rule; max and min over the same points).
 */

export interface WeightedStats {
  max: number;
  min: number;
  mean: number;
  /** weighted standard deviation √(Σw(x − x̄)²/Σw) */
  std: number;
  /** weighted 99th percentile: the smallest value with ≥ 99 % of the weight at or below it */
  p99: number;
}

/** Weighted max, min, mean and standard deviation of `values` with `weights` (same length, weights ≥ 0); W is Σw. */
export function weightedMoments(values: Float64Array, weights: Float64Array): Omit<WeightedStats, "p99"> & { W: number } {
  const n = values.length;
  let W = 0, S = 0, max = -Infinity, min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i], w = weights[i];
    W += w;
    S += w * v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const mean = W > 0 ? S / W : 0;
  let V = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    V += weights[i] * d * d;
  }
  return { max, min, mean, std: W > 0 ? Math.sqrt(V / W) : 0, W };
}

/** Weighted statistics of `values` with `weights` (same length, weights ≥ 0). */
export function weightedStats(values: Float64Array, weights: Float64Array): WeightedStats {
  const { max, min, mean, std, W } = weightedMoments(values, weights);
  return { max, min, mean, std, p99: weightedQuantile(values, weights, 0.99, W) };
}

/**
 * Weighted quantile q ∈ (0, 1]: the smallest value v with Σ_{x ≤ v} w ≥ q Σw
 * (to a relative 1e-12, so that q = 1 is the max despite round-off).
 *
 * By weighted quickselect (Hoare's FIND with three-way partitions), expected
 * O(n): a million quadrature points take milliseconds where sorting them
 * with a comparator took seconds. Deterministic (median-of-three pivots).
 */
export function weightedQuantile(values: Float64Array, weights: Float64Array, q: number, total?: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  let W = total;
  if (W === undefined) {
    W = 0;
    for (let i = 0; i < n; i++) W += weights[i];
  }
  const v = values.slice(), w = weights.slice();
  let target = q * W * (1 - 1e-12);
  let lo = 0, hi = n; // the answer is among v[lo, hi), target the weight still needed there
  while (hi - lo > 1) {
    const a = v[lo], b = v[(lo + hi) >>> 1], c = v[hi - 1];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
    // three-way partition of [lo, hi): [lo, lt) < pivot, [lt, i) = pivot, (gt, hi) > pivot
    let lt = lo, i = lo, gt = hi - 1;
    let wLess = 0, wEqual = 0;
    while (i <= gt) {
      const x = v[i];
      if (x < pivot) {
        wLess += w[i];
        swap(v, w, lt++, i++);
      } else if (x > pivot) swap(v, w, i, gt--);
      else {
        wEqual += w[i];
        i++;
      }
    }
    // (an empty side means the pivot is the answer: nothing below it when target ≤ 0, nothing above it when round-off left target > 0)
    if (wLess >= target && lt > lo) hi = lt;
    else if (wLess + wEqual >= target || gt + 1 === hi) return pivot;
    else {
      target -= wLess + wEqual;
      lo = gt + 1;
    }
  }
  return v[lo];
}

function swap(v: Float64Array, w: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
  const u = w[i];
  w[i] = w[j];
  w[j] = u;
}

/**
 * Per-group weighted means: group[i] of point i is tetGroup[⌊i / pointsPerTet⌋].
 * @returns nGroups means (NaN for a group without weight)
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
