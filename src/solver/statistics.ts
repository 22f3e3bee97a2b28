/**
 * Volume-weighted statistics over quadrature points (SPEC §2: the 4-point
 * stiffness rule; max and min over the same points): of JavaScript arrays,
 * and (coreWeightedStats, coreGroupStats) of arrays in core memory, taken by
 * the core on its thread pool with the same method (assembly/statistics.ts;
 * the per-grain means and maxima of a run only in the core, with
 * tests/helpers/group-statistics.ts as their JavaScript reference).
 */
import type { Core } from "../wasm/core.js";

export interface WeightedStats {
  max: number;
  min: number;
  mean: number;
  /** weighted standard deviation √(Σw(x − x̄)²/Σw) */
  std: number;
  /** weighted 99th percentile: the smallest value with ≥ 99 % of the weight at or below it */
  p99: number;
}

/** Σw, Σwx and the range of `values` in one pass (weightedStats' first). */
function sumsAndRange(values: Float64Array, weights: Float64Array): { W: number; S: number; max: number; min: number } {
  let W = 0, S = 0, max = -Infinity, min = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i], w = weights[i];
    W += w;
    S += w * v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  return { W, S, max, min };
}

/** Σ w (x − mean)² (weightedStats' second pass when it forms no histogram). */
function squaredDeviations(values: Float64Array, weights: Float64Array, mean: number): number {
  let V = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    V += weights[i] * d * d;
  }
  return V;
}

/**
 * Weighted statistics of `values` with `weights` (same length, weights ≥ 0):
 * max, min, mean, standard deviation and the 99th percentile of
 * weightedQuantile, with the percentile's histogram formed in the variance's
 * pass (three passes over the values).
 */
export function weightedStats(values: Float64Array, weights: Float64Array): WeightedStats {
  const n = values.length;
  const { W, S, max, min } = sumsAndRange(values, weights);
  const mean = W > 0 ? S / W : 0;
  const target = 0.99 * W * (1 - 1e-12);
  const h = n > 0 ? newHistogram(n, min, max) : null;
  const V = h ? fillHistogram(h, values, weights, mean) : squaredDeviations(values, weights, mean);
  const p99 = n === 0 ? NaN : h ? selectInHistogram(values, weights, h, target) : selectWeighted(values.slice(), weights.slice(), n, target);
  return { max, min, mean, std: W > 0 ? Math.sqrt(V / W) : 0, p99 };
}

/**
 * Weighted quantile q ∈ (0, 1]: the smallest value v with Σ_{x ≤ v} w ≥ q Σw
 * (to a relative 1e-12, so that q = 1 is the max despite round-off).
 *
 * Expected O(n) in two steps. A histogram of the values over [min, max]
 * (n/16 bins, at most 4096) finds the bin where the cumulative weight
 * reaches q Σw: the bin index is monotone in the value, so every value of an
 * earlier bin lies below every value of that bin and the answer is in it.
 * Weighted quickselect (Hoare's FIND with three-way partitions and
 * median-of-three pivots, deterministic) then finds it among the bin's
 * values only — a million quadrature points' 99th percentile partitions a
 * few hundred values instead of copying and partitioning all of them.
 */
export function weightedQuantile(values: Float64Array, weights: Float64Array, q: number, total?: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  let W = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    W += weights[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (total !== undefined) W = total;
  return quantileInRange(values, weights, q * W * (1 - 1e-12), lo, hi);
}

/** weightedQuantile for the weight target q Σw (1 − 1e-12), with the values' range [lo, hi] known (NaN for no values). */
function quantileInRange(values: Float64Array, weights: Float64Array, target: number, lo: number, hi: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = newHistogram(n, lo, hi);
  // (one bin, equal values, a NaN or an overflowing range: select among all values)
  if (!h) return selectWeighted(values.slice(), weights.slice(), n, target);
  fillHistogram(h, values, weights, 0); // (its sum of squared deviations is not needed here)
  return selectInHistogram(values, weights, h, target);
}

/** The weight histogram of n values over [lo, hi] (n/16 bins, at most 4096), filled by the caller; null where one bin would do. */
interface Histogram {
  lo: number;
  scale: number;
  bins: number;
  binWeight: Float64Array;
  binCount: Int32Array;
  /** each value's bin */
  binIndex: Uint16Array;
}

function newHistogram(n: number, lo: number, hi: number): Histogram | null {
  const bins = Math.min(4096, n >>> 4), scale = bins / (hi - lo);
  if (!(bins > 1 && Number.isFinite(scale) && scale > 0)) return null;
  return { lo, scale, bins, binWeight: new Float64Array(bins), binCount: new Int32Array(bins), binIndex: new Uint16Array(n) };
}

/** Every value into its bin of h; returns Σ w (x − mean)², formed in the same pass (weightedStats' variance). */
function fillHistogram(h: Histogram, values: Float64Array, weights: Float64Array, mean: number): number {
  const { binWeight, binCount, binIndex, lo, scale, bins } = h;
  let V = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i], w = weights[i];
    const d = x - mean;
    V += w * d * d;
    const b = binOf(x, lo, scale, bins);
    binWeight[b] += w;
    binCount[b]++;
    binIndex[i] = b;
  }
  return V;
}

/** The quantile from a filled histogram: the bin where the cumulative weight reaches target, then a selection among its values. */
function selectInHistogram(values: Float64Array, weights: Float64Array, h: Histogram, target: number): number {
  const { binWeight, binCount, binIndex, bins } = h;
  let k = 0, below = 0;
  while (k < bins - 1 && below + binWeight[k] < target) below += binWeight[k++];
  const m = binCount[k];
  const v = new Float64Array(m), w = new Float64Array(m);
  for (let i = 0, j = 0; j < m; i++) {
    if (binIndex[i] === k) {
      v[j] = values[i];
      w[j++] = weights[i];
    }
  }
  return selectWeighted(v, w, m, target - below);
}

/** Histogram bin of x: ⌊(x − lo)·scale⌋, the top value in the last bin (monotone in x under rounding). */
function binOf(x: number, lo: number, scale: number, bins: number): number {
  const b = Math.floor((x - lo) * scale);
  return b < bins ? b : bins - 1;
}

/**
 * The smallest of v[0, n) whose cumulative weight (in value order) reaches
 * target, by weighted quickselect; reorders v and w.
 */
function selectWeighted(v: Float64Array, w: Float64Array, n: number, target: number): number {
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
 * weightedStats of n values in core memory (pointers to n f64 values and
 * weights), taken by the core on its pool: the threads' partial sums and
 * histograms are added in thread order, so the sums differ from
 * weightedStats' by rounding (the 99th percentile is a value of the field
 * either way). `p99: false` skips the percentile (NaN) and its histogram.
 * @returns the statistics, or the index of the first value that is NaN or ±∞
 */
export function coreWeightedStats(core: Core, n: number, values: number, weights: number, p99 = true): WeightedStats | { nonFinite: number } {
  const ex = core.exports;
  const out = core.f64(ex.POINT_STATISTICS_F64.value, false);
  const bad = ex.pointStatistics(n, values, weights, p99 ? 0.99 : 0, out.ptr);
  const [max, min, mean, std, q] = out.view;
  out.free();
  return bad >= 0 ? { nonFinite: bad } : { max, min, mean, std, p99: q };
}

/**
 * Per-group weighted means (NaN for a group without weight) and, with
 * `max`, maxima (NaN for an empty group) of n values in core memory whose
 * point i belongs to group tetGroup[⌊i / pointsPerTet⌋] (tetGroup: a core
 * pointer to nTets i32), taken by the core on its pool.
 */
export function coreGroupStats(core: Core, n: number, values: number, weights: number, tetGroup: number, pointsPerTet: number, nGroups: number,
  max: boolean): { mean: Float64Array; max: Float64Array | null } {
  const out = core.f64(2 * nGroups, false);
  core.exports.pointGroupStatistics(n, values, weights, tetGroup, pointsPerTet, nGroups, out.ptr, max ? out.ptr + 8 * nGroups : 0);
  const v = out.view;
  const res = { mean: v.slice(0, nGroups), max: max ? v.slice(nGroups) : null };
  out.free();
  return res;
}
