// Aggregation for smoothed-aggregation AMG (Vaněk, Mandel & Brezina 1996):
//
//   j is a strong neighbour of i  ⇔  w_ij > θ² · sqrt(w_ii · w_jj)
//
// (w = squared block norms from graph.ts, so this is ‖A_ij‖ > θ √(‖A_ii‖‖A_jj‖)).
//   pass 1: a node whose strong neighbours are all free starts an aggregate
//           with them (its distance-1 neighbourhood);
//   pass 2: every node left joins the aggregate of its strongest aggregated
//           strong neighbour;
//   pass 3: (safety) anything still left starts an aggregate of its own.
// Nodes without strong neighbours (e.g. fully constrained ones) are left out:
// agg = −1, their prolongator rows are zero and the smoother alone treats them.

const FREE: i32 = -2;

/**
 * @param agg out: aggregate id per node (−1: left out), n i32
 * @returns number of aggregates
 */
export function amgAggregate(n: i32, rowPtr: usize, colIdx: usize, w: usize, theta: f64, agg: usize, diag: usize): i32 {
  // diagonal weights
  for (let i = 0; i < n; i++) {
    let d = 0.0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      if (load<i32>(colIdx + (<usize>p << 2)) == i) d = load<f64>(w + (<usize>p << 3));
    }
    store<f64>(diag + (<usize>i << 3), d);
  }
  const t2 = theta * theta;
  // isolated nodes
  for (let i = 0; i < n; i++) {
    let strong = false;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1 && !strong; p++) strong = isStrong(i, p, colIdx, w, diag, t2);
    store<i32>(agg + (<usize>i << 2), strong ? FREE : -1);
  }
  let count = 0;
  // pass 1
  for (let i = 0; i < n; i++) {
    if (load<i32>(agg + (<usize>i << 2)) != FREE) continue;
    const p0 = load<i32>(rowPtr + (<usize>i << 2)), p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    let allFree = true;
    for (let p = p0; p < p1 && allFree; p++) {
      if (isStrong(i, p, colIdx, w, diag, t2) && load<i32>(agg + (<usize>load<i32>(colIdx + (<usize>p << 2)) << 2)) != FREE) allFree = false;
    }
    if (!allFree) continue;
    store<i32>(agg + (<usize>i << 2), count);
    for (let p = p0; p < p1; p++) {
      if (isStrong(i, p, colIdx, w, diag, t2)) store<i32>(agg + (<usize>load<i32>(colIdx + (<usize>p << 2)) << 2), count);
    }
    count++;
  }
  // pass 2
  for (let i = 0; i < n; i++) {
    if (load<i32>(agg + (<usize>i << 2)) != FREE) continue;
    let best = -1, bestW = -1.0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      if (!isStrong(i, p, colIdx, w, diag, t2)) continue;
      const a = load<i32>(agg + (<usize>load<i32>(colIdx + (<usize>p << 2)) << 2));
      const wp = load<f64>(w + (<usize>p << 3));
      if (a >= 0 && wp > bestW) { best = a; bestW = wp; }
    }
    if (best >= 0) store<i32>(agg + (<usize>i << 2), best);
  }
  // pass 3
  for (let i = 0; i < n; i++) {
    if (load<i32>(agg + (<usize>i << 2)) != FREE) continue;
    store<i32>(agg + (<usize>i << 2), count);
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      if (isStrong(i, p, colIdx, w, diag, t2) && load<i32>(agg + (<usize>j << 2)) == FREE) store<i32>(agg + (<usize>j << 2), count);
    }
    count++;
  }
  return count;
}

// @ts-ignore: decorator
@inline function isStrong(i: i32, p: i32, colIdx: usize, w: usize, diag: usize, t2: f64): bool {
  const j = load<i32>(colIdx + (<usize>p << 2));
  if (j == i) return false;
  const wij = load<f64>(w + (<usize>p << 3));
  return wij > 0.0 && wij * wij > t2 * t2 * load<f64>(diag + (<usize>i << 3)) * load<f64>(diag + (<usize>j << 3));
}
