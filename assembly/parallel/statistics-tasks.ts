// The quadrature-point statistics (statistics.ts) on the thread pool: the
// points split into T equal index ranges; each thread forms its range's
// sums, its own weight histogram and its own per-group sums, and the main
// thread adds them in thread order. The results therefore differ from one
// serial pass over all points by rounding only, and are the same on every
// run with the same thread count (as the pool's dot products).

import { deviationsHistogramRange, gatherBin, groupSumsRange, selectWeighted, SUMS_F64, weightedSumsRange } from "../statistics";
import { argF, argI, argP, dispatch, poolCtrl, poolThreads, setArgF, setArgI, setArgP, slot } from "./pool";
import { PARALLEL_MIN_ROWS } from "./tasks";
import { poolScratch } from "./scratch";

const TASK_POINT_SUMS: i32 = 29;
const TASK_POINT_DEVIATIONS: i32 = 30;
const TASK_POINT_GROUPS: i32 = 31;

/** Histogram bins at most (as src/solver/statistics.ts). */
const MAX_BINS: i32 = 4096;

/** Whether a task number is one of this file's (tasks.ts hands them here). */
export function isStatisticsTask(task: i32): bool {
  return task >= TASK_POINT_SUMS && task <= TASK_POINT_GROUPS;
}

/** First point of thread t's share of [0, n) (n for t = T). */
// @ts-ignore: decorator
@inline function share(n: i32, t: i32, T: i32): i32 {
  return <i32>(<i64>n * <i64>t / <i64>T);
}

// args: 0 n, 1 values, 2 weights, then by task:
//   sums        (each thread's sums record in its slot)
//   deviations  3 mean (f64), 4 lo (f64), 5 scale (f64), 6 bins, 7 histograms (T × bins f64, then T × bins i32); V in the slot
//   groups      3 tetGroup, 4 pointsPerTet, 5 nGroups, 6 sums (T × 3 × nGroups f64: S, W, M per thread), 7 with max (0/1)
export function statisticsShare(task: i32, c: usize, tid: i32, T: i32): void {
  const n = argI(c, 0), values = argP(c, 1), weights = argP(c, 2);
  const i0 = share(n, tid, T), i1 = share(n, tid + 1, T);
  if (task == TASK_POINT_SUMS) {
    weightedSumsRange(i0, i1, values, weights, slot(c, tid));
  } else if (task == TASK_POINT_DEVIATIONS) {
    const bins = argI(c, 6), hist = argP(c, 7);
    const bw = hist + ((<usize>tid * <usize>bins) << 3), bc = hist + ((<usize>T * <usize>bins) << 3) + ((<usize>tid * <usize>bins) << 2);
    if (bins > 0) {
      memory.fill(bw, 0, <usize>bins << 3);
      memory.fill(bc, 0, <usize>bins << 2);
    }
    store<f64>(slot(c, tid), deviationsHistogramRange(i0, i1, values, weights, argF(c, 3), argF(c, 4), argF(c, 5), bins, bw, bc));
  } else {
    const nGroups = <usize>argI(c, 5);
    const S = argP(c, 6) + ((<usize>tid * 3 * nGroups) << 3), W = S + (nGroups << 3), M = W + (nGroups << 3);
    clearGroupSums(S, nGroups);
    groupSumsRange(i0, i1, values, weights, argP(c, 3), argI(c, 4), S, W, argI(c, 7) != 0 ? M : 0);
  }
}

/** One thread's group sums S, W (zero) and M (−∞), nGroups f64 each from `at`. */
function clearGroupSums(at: usize, nGroups: usize): void {
  memory.fill(at, 0, nGroups << 4);
  for (let g: usize = 0; g < nGroups; g++) store<f64>(at + ((2 * nGroups + g) << 3), -Infinity);
}

/** Threads a pass over n points runs on: the pool's, or 1 (serially, without the pool: a one-thread core has no control block) for few points. */
function threadsFor(n: i32): i32 {
  return poolThreads() > 1 && n >= PARALLEL_MIN_ROWS ? poolThreads() : 1;
}

/** Length of pointStatistics' output (f64). */
export const POINT_STATISTICS_F64: i32 = 5;

/**
 * Volume-weighted statistics of n values at points with weights ≥ 0:
 * out (POINT_STATISTICS_F64 f64) = max, min, mean, standard deviation
 * √(Σw(x − x̄)²/Σw), and the weighted q-quantile — the smallest value with at
 * least q Σw (to a relative 1e-12) of the weight at or below it; NaN for
 * q = 0 (not asked; its histogram is then not formed) or no points.
 * @returns −1, or the first point whose value is NaN or ±∞ (out not written)
 */
export function pointStatistics(n: i32, values: usize, weights: usize, q: f64, out: usize): i32 {
  const c = poolCtrl(), T = threadsFor(n);
  // each thread's partial results: its slot on the pool, else this record
  const own = heap.alloc(<usize>SUMS_F64 << 3);
  if (T > 1) {
    setArgI(0, n); setArgP(1, values); setArgP(2, weights);
    dispatch(TASK_POINT_SUMS);
  } else weightedSumsRange(0, n, values, weights, own);
  let W = 0.0, S = 0.0, mn = Infinity, mx = -Infinity;
  for (let t = 0; t < T; t++) {
    const s = T > 1 ? slot(c, t) : own;
    const bad = <i32>load<f64>(s, 32);
    if (bad >= 0) { // (threads hold increasing ranges: the first found is the first)
      heap.free(own);
      return bad;
    }
    W += load<f64>(s);
    S += load<f64>(s, 8);
    mn = min(mn, load<f64>(s, 16));
    mx = max(mx, load<f64>(s, 24));
  }
  const mean = W > 0 ? S / W : 0.0;
  // the histogram (n/16 bins, at most 4096; none where one bin would do)
  let bins = q > 0 ? min(MAX_BINS, n >>> 4) : 0;
  const scale = <f64>bins / (mx - mn);
  if (!(bins > 1 && isFinite(scale) && scale > 0)) bins = 0;
  const hist = bins > 0 ? poolScratch(<usize>T * <usize>bins * 12) : 0;
  let V = 0.0;
  if (T > 1) {
    setArgF(3, mean); setArgF(4, mn); setArgF(5, scale); setArgI(6, bins); setArgP(7, hist);
    dispatch(TASK_POINT_DEVIATIONS);
    for (let t = 0; t < T; t++) V += load<f64>(slot(c, t));
  } else {
    if (bins > 0) memory.fill(hist, 0, <usize>bins * 12);
    V = deviationsHistogramRange(0, n, values, weights, mean, mn, scale, bins, hist, hist + (<usize>bins << 3));
  }
  heap.free(own);
  let quantile = NaN;
  if (q > 0 && n > 0) {
    const target = q * W * (1 - 1e-12);
    if (bins > 0) {
      // the bin where the cumulative weight reaches the target (the threads' histograms added in thread order), then a selection in it
      const bc = hist + ((<usize>T * <usize>bins) << 3);
      let k = 0, below = 0.0, wk = 0.0;
      for (;;) {
        wk = 0.0;
        for (let t = 0; t < T; t++) wk += load<f64>(hist + ((<usize>(t * bins + k)) << 3));
        if (k >= bins - 1 || below + wk >= target) break;
        below += wk;
        k++;
      }
      let m = 0;
      for (let t = 0; t < T; t++) m += load<i32>(bc + ((<usize>(t * bins + k)) << 2));
      const v = heap.alloc(<usize>max(1, m) << 4), w = v + (<usize>max(1, m) << 3);
      m = gatherBin(n, values, weights, mn, scale, bins, k, v, w);
      quantile = selectWeighted(v, w, m, target - below);
      heap.free(v);
    } else {
      // (one bin, equal values or an overflowing range: select among all values)
      const v = heap.alloc(<usize>n << 4), w = v + (<usize>n << 3);
      memory.copy(v, values, <usize>n << 3);
      memory.copy(w, weights, <usize>n << 3);
      quantile = selectWeighted(v, w, n, target);
      heap.free(v);
    }
  }
  store<f64>(out, mx);
  store<f64>(out, mn, 8);
  store<f64>(out, mean, 16);
  store<f64>(out, W > 0 ? Math.sqrt(V / W) : 0.0, 24);
  store<f64>(out, quantile, 32);
  return -1;
}

/**
 * Per-group weighted means (outMean, nGroups f64; NaN for a group without
 * weight) and, with outMax ≠ 0, largest values (NaN for an empty group) of
 * n values at points whose group is tetGroup[⌊i / pointsPerTet⌋].
 */
export function pointGroupStatistics(n: i32, values: usize, weights: usize, tetGroup: usize, pointsPerTet: i32, nGroups: i32,
  outMean: usize, outMax: usize): void {
  const T = threadsFor(n), G = <usize>nGroups;
  const sums = poolScratch((<usize>T * 3 * G) << 3);
  if (T > 1) {
    setArgI(0, n); setArgP(1, values); setArgP(2, weights);
    setArgP(3, tetGroup); setArgI(4, pointsPerTet); setArgI(5, nGroups); setArgP(6, sums); setArgI(7, outMax != 0 ? 1 : 0);
    dispatch(TASK_POINT_GROUPS);
  } else {
    clearGroupSums(sums, G);
    groupSumsRange(0, n, values, weights, tetGroup, pointsPerTet, sums, sums + (G << 3), outMax != 0 ? sums + (G << 4) : 0);
  }
  for (let g: usize = 0; g < G; g++) {
    let S = 0.0, W = 0.0, M = -Infinity;
    for (let t = 0; t < T; t++) {
      const base = sums + ((<usize>t * 3 * G) << 3) + (g << 3);
      S += load<f64>(base);
      W += load<f64>(base + (G << 3));
      M = max(M, load<f64>(base + (G << 4)));
    }
    store<f64>(outMean + (g << 3), W > 0 ? S / W : NaN);
    if (outMax != 0) store<f64>(outMax + (g << 3), M == -Infinity ? NaN : M);
  }
}
