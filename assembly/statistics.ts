// Volume-weighted statistics of a field at the quadrature points (SPEC §2:
// every snapshot's von Mises, hydrostatic and largest principal stress over
// the 4-point rule's points), taken while the values are in core memory.
// The method is that of src/solver/statistics.ts (weightedStats): a first
// pass for Σw, Σwx and the range, a second for Σw(x − x̄)² and a weight
// histogram of the values over their range (n/16 bins, at most 4096), then
// a weighted quickselect among the values of the bin where the cumulative
// weight reaches the quantile's target. These are the serial kernels over an
// index range; parallel/statistics-tasks.ts splits the points among the
// pool's threads and adds their partial sums in thread order.
//
// Layouts: values, weights n f64 (weights ≥ 0, µm³); tetGroup nTets i32 (the
// group of point i is tetGroup[⌊i / pointsPerTet⌋]); a sums record
// SUMS_F64 f64: Σw, Σwx, min, max, the first point whose value is not finite
// (−1: none); a histogram: binWeight `bins` f64, binCount `bins` i32.

/** f64 in a sums record (weightedSumsRange) */
export const SUMS_F64: i32 = 5;

/** Σw, Σwx, min, max of points i0 … i1 − 1, and the first of them whose value is NaN or ±∞ (−1: none), into `out` (a sums record). */
export function weightedSumsRange(i0: i32, i1: i32, values: usize, weights: usize, out: usize): void {
  let W = 0.0, S = 0.0, mn = Infinity, mx = -Infinity;
  for (let i = i0; i < i1; i++) {
    const v = load<f64>(values + (<usize>i << 3)), w = load<f64>(weights + (<usize>i << 3));
    W += w;
    S += w * v;
    if (v > mx) mx = v;
    if (v < mn) mn = v;
  }
  // (a NaN or ±∞ value makes w·v, and so S, NaN or ±∞ whatever its weight ≥ 0: only then look for it)
  let bad = -1;
  if (!isFinite(S)) {
    for (let i = i0; i < i1; i++) {
      if (!isFinite(load<f64>(values + (<usize>i << 3)))) {
        bad = i;
        break;
      }
    }
  }
  store<f64>(out, W);
  store<f64>(out, S, 8);
  store<f64>(out, mn, 16);
  store<f64>(out, mx, 24);
  store<f64>(out, <f64>bad, 32);
}

/** Histogram bin of x: ⌊(x − lo)·scale⌋, the top value in the last bin (monotone in x under rounding). */
// @ts-ignore: decorator
@inline function binOf(x: f64, lo: f64, scale: f64, bins: i32): i32 {
  const b = <i32>Math.floor((x - lo) * scale);
  return b < bins ? b : bins - 1;
}

/**
 * Σ w (x − mean)² over points i0 … i1 − 1; with bins > 0 also adds each
 * point's weight and count to its bin (binWeight, binCount: `bins` entries,
 * not cleared here).
 */
export function deviationsHistogramRange(i0: i32, i1: i32, values: usize, weights: usize, mean: f64,
  lo: f64, scale: f64, bins: i32, binWeight: usize, binCount: usize): f64 {
  let V = 0.0;
  if (bins <= 0) {
    for (let i = i0; i < i1; i++) {
      const d = load<f64>(values + (<usize>i << 3)) - mean;
      V += load<f64>(weights + (<usize>i << 3)) * d * d;
    }
    return V;
  }
  for (let i = i0; i < i1; i++) {
    const x = load<f64>(values + (<usize>i << 3)), w = load<f64>(weights + (<usize>i << 3));
    const d = x - mean;
    V += w * d * d;
    const b = <usize>binOf(x, lo, scale, bins);
    const pw = binWeight + (b << 3), pc = binCount + (b << 2);
    store<f64>(pw, load<f64>(pw) + w);
    store<i32>(pc, load<i32>(pc) + 1);
  }
  return V;
}

/** Copy the values (and weights) of the n points that fall in bin k into outV, outW; returns how many. */
export function gatherBin(n: i32, values: usize, weights: usize, lo: f64, scale: f64, bins: i32, k: i32, outV: usize, outW: usize): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (binOf(x, lo, scale, bins) == k) {
      store<f64>(outV + (<usize>m << 3), x);
      store<f64>(outW + (<usize>m << 3), load<f64>(weights + (<usize>i << 3)));
      m++;
    }
  }
  return m;
}

// @ts-ignore: decorator
@inline function swap(v: usize, w: usize, i: i32, j: i32): void {
  const pi = <usize>i << 3, pj = <usize>j << 3;
  const t = load<f64>(v + pi);
  store<f64>(v + pi, load<f64>(v + pj));
  store<f64>(v + pj, t);
  const u = load<f64>(w + pi);
  store<f64>(w + pi, load<f64>(w + pj));
  store<f64>(w + pj, u);
}

/**
 * The smallest of v[0, n) whose cumulative weight (in value order) reaches
 * target: Hoare's FIND with three-way partitions and median-of-three pivots
 * (deterministic), as selectWeighted in src/solver/statistics.ts; reorders
 * v and w (n ≥ 1).
 */
export function selectWeighted(v: usize, w: usize, n: i32, target: f64): f64 {
  let lo = 0, hi = n; // the answer is among v[lo, hi), target the weight still needed there
  while (hi - lo > 1) {
    const a = load<f64>(v + (<usize>lo << 3)), b = load<f64>(v + (<usize>((lo + hi) >>> 1) << 3)), c = load<f64>(v + (<usize>(hi - 1) << 3));
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
    // three-way partition of [lo, hi): [lo, lt) < pivot, [lt, i) = pivot, (gt, hi) > pivot
    let lt = lo, i = lo, gt = hi - 1;
    let wLess = 0.0, wEqual = 0.0;
    while (i <= gt) {
      const x = load<f64>(v + (<usize>i << 3));
      if (x < pivot) {
        wLess += load<f64>(w + (<usize>i << 3));
        swap(v, w, lt++, i++);
      } else if (x > pivot) swap(v, w, i, gt--);
      else {
        wEqual += load<f64>(w + (<usize>i << 3));
        i++;
      }
    }
    // (an empty side means the pivot is the answer: nothing below it when target ≤ 0, nothing above it when round-off left target > 0)
    if (wLess >= target && lt > lo) hi = lt;
    else if (wLess + wEqual >= target || gt + 1 == hi) return pivot;
    else {
      target -= wLess + wEqual;
      lo = gt + 1;
    }
  }
  return load<f64>(v + (<usize>lo << 3));
}

/**
 * Per-group Σwx, Σw and max of points i0 … i1 − 1 added into S, W, M
 * (nGroups f64 each; M may be 0 for no max).
 */
export function groupSumsRange(i0: i32, i1: i32, values: usize, weights: usize, tetGroup: usize, pointsPerTet: i32,
  S: usize, W: usize, M: usize): void {
  for (let i = i0; i < i1; i++) {
    const g = <usize>load<i32>(tetGroup + (<usize>(i / pointsPerTet) << 2)) << 3;
    const v = load<f64>(values + (<usize>i << 3)), w = load<f64>(weights + (<usize>i << 3));
    store<f64>(S + g, load<f64>(S + g) + w * v);
    store<f64>(W + g, load<f64>(W + g) + w);
    if (M != 0 && v > load<f64>(M + g)) store<f64>(M + g, v);
  }
}
