// The AMG setup's sparse products (amg/spgemm.ts) on the thread pool: A's
// rows split into ranges of equal work (rows + stored entries; whole groups
// for the grouped product), each thread with its own marker array (and
// block scratch). Symbolic pass: every thread counts its rows' entries into
// its own row-pointer segment, then the main thread chains the segments
// into C's row pointer. Numeric pass: every thread fills its rows' entries
// at the positions the row pointer gives. C comes out exactly as the serial
// product makes it (each row is computed by one thread, in the same order).

import { bsr3CsrSpgemmSelected, bsr3SymCsrSpgemmSelected, csrSpgemmGroupedSelected } from "../amg/spgemm";
import { linearGalerkinRows } from "../amg/linear-galerkin";
import { SymBsr3 } from "../sparse/bsr3-sym";
import { argI, argP, dispatch, poolCtrl, poolThreads, setArgI, setArgP, slot } from "./pool";
import { PARALLEL_MIN_ROWS, rowSplit } from "./tasks";
import { poolScratch } from "./scratch";

const TASK_SPGEMM_BSR3: i32 = 15;
const TASK_SPGEMM_GROUPED: i32 = 16;
const TASK_SPGEMM_BSR3_SYM: i32 = 18;
const TASK_LINEAR_GALERKIN: i32 = 28;

/** Whether a task number is one of this file's (tasks.ts hands them here). */
export function isSpgemmTask(task: i32): bool {
  return task == TASK_SPGEMM_BSR3 || task == TASK_SPGEMM_GROUPED || task == TASK_SPGEMM_BSR3_SYM || task == TASK_LINEAR_GALERKIN;
}

// args: 0 task rows (block rows or rows), 1 g (rows per group; 3 for BSR3), 2 gb, 3 aRow, 4 aCol, 5 aVal, 6 bRow, 7 bCol, 8 bVal,
//   9 nColsB, 10 markers (T × nColsB i32), 11 cRow, 12 cCol (0: symbolic), 13 cVal, 14 segments (symbolic: rows + T i32), 15 av (T × g·gb f64),
//   16 selected nodes / groups of A (0: all, in order); the symmetric BSR3 product takes a SymBsr3 record as aVal (aRow, aCol: unused)
// A thread's result (slot +0, f64): symbolic nnz, numeric status; its first row: slot +8 (i32).
export function spgemmShare(task: i32, c: usize, tid: i32, T: i32): void {
  if (task == TASK_LINEAR_GALERKIN) { linearGalerkinShare(c, tid, T); return; }
  const n = argI(c, 0), g = argI(c, 1), gb = argI(c, 2), aRow = argP(c, 3), nColsB = argI(c, 9);
  const blocked = task != TASK_SPGEMM_GROUPED;
  // BSR3: ranges of block rows; grouped: ranges of whole groups of g rows
  const units = blocked ? n : n / g;
  const step = blocked ? 1 : g;
  const sel = argP(c, 16);
  // selected units: an even split (their work is not in one row pointer); else by rows + entries
  const u0 = sel != 0 ? <i32>(<i64>units * tid / T) : task == TASK_SPGEMM_BSR3_SYM ? symRowSplit(argP(c, 5), units, tid, T) : splitUnits(aRow, units, step, tid, T);
  const u1 = sel != 0 ? <i32>(<i64>units * (tid + 1) / T) : task == TASK_SPGEMM_BSR3_SYM ? symRowSplit(argP(c, 5), units, tid + 1, T) : splitUnits(aRow, units, step, tid + 1, T);
  const r0 = u0 * step, rows = (u1 - u0) * step; // rows of A in the kernel's units (block rows for BSR3)
  store<i32>(slot(c, tid), r0, 8);
  const marker = argP(c, 10) + <usize>tid * (<usize>nColsB << 2);
  const cCol = argP(c, 12);
  const outRows = blocked ? 3 : 1; // C rows per kernel row
  // symbolic: this thread's row-pointer segment (outRows·rows + 1 entries, after those of the threads before it)
  const cRow = cCol == 0 ? argP(c, 14) + (<usize>(outRows * r0 + tid) << 2) : argP(c, 11) + (<usize>(outRows * r0) << 2);
  let r: i32;
  // this share's first unit: an offset into the selection, or into A's row pointer
  const shareSel = sel != 0 ? sel + (<usize>u0 << 2) : 0, shareRow = sel != 0 ? aRow : aRow + (<usize>r0 << 2);
  if (task == TASK_SPGEMM_BSR3_SYM) {
    r = bsr3SymCsrSpgemmSelected(rows, r0, shareSel, argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13));
  } else if (task == TASK_SPGEMM_BSR3) {
    r = bsr3CsrSpgemmSelected(rows, shareSel, shareRow, argP(c, 4), argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13));
  } else {
    const av = argP(c, 15) + (<usize>(tid * g * gb) << 3);
    r = csrSpgemmGroupedSelected(rows, g, gb, shareSel, shareRow, argP(c, 4), argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13), av);
  }
  store<f64>(slot(c, tid), <f64>r);
}

/** First block row of thread t's share of a symmetric BSR3 matrix's rows, by rows + stored entries of whole rows (lower + upper). */
function symRowSplit(S: usize, nb: i32, t: i32, T: i32): i32 {
  if (t <= 0) return 0;
  if (t >= T) return nb;
  const s = changetype<SymBsr3>(S);
  const target = symWork(s, nb) * <i64>t / <i64>T;
  let lo = 0, hi = nb;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (symWork(s, mid) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// rows + whole-row entries before block row i
// @ts-ignore: decorator
@inline function symWork(s: SymBsr3, i: i32): i64 {
  return <i64>load<i32>(s.lRow + (<usize>i << 2)) + <i64>load<i32>(s.uRow + (<usize>i << 2)) + <i64>i;
}

/** First unit (block row or group) of thread t's share of `units`, by rows + stored entries. */
function splitUnits(aRow: usize, units: i32, step: i32, t: i32, T: i32): i32 {
  if (step == 1) return rowSplit(aRow, units, t, T);
  // groups: split the rows, then round down to a group boundary
  if (t >= T) return units;
  return rowSplit(aRow, units * step, t, T) / step;
}

function run(task: i32, n: i32, g: i32, gb: i32, sel: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, cRow: usize, cCol: usize, cVal: usize): i32 {
  const T = poolThreads();
  const outRows = task != TASK_SPGEMM_GROUPED ? 3 * n : n;
  const markerBytes = <usize>T * (<usize>nColsB << 2);
  const segBytes = <usize>(outRows + T) << 2;
  const avBytes = <usize>(T * g * gb) << 3;
  const base = poolScratch(markerBytes + segBytes + avBytes);
  setArgI(0, n); setArgI(1, g); setArgI(2, gb); setArgP(3, aRow); setArgP(4, aCol); setArgP(5, aVal);
  setArgP(6, bRow); setArgP(7, bCol); setArgP(8, bVal); setArgI(9, nColsB); setArgP(10, base);
  setArgP(11, cRow); setArgP(12, cCol); setArgP(13, cVal); setArgP(14, base + markerBytes); setArgP(15, base + markerBytes + segBytes); setArgP(16, sel);
  dispatch(task);
  const c = poolCtrl();
  const perRow = task != TASK_SPGEMM_GROUPED ? 3 : 1;
  if (cCol != 0) { // numeric: the first failing row, in A's numbering
    for (let t = 0; t < T; t++) {
      const s = <i32>load<f64>(slot(c, t));
      if (s < 0) return s - load<i32>(slot(c, t), 8);
    }
    return 0;
  }
  // symbolic: chain the segments into cRow
  const seg = base + markerBytes;
  let off = 0;
  for (let t = 0; t < T; t++) {
    const r0 = load<i32>(slot(c, t), 8) * perRow;
    const r1 = t + 1 < T ? load<i32>(slot(c, t + 1), 8) * perRow : outRows;
    const s = seg + (<usize>(r0 + t) << 2);
    for (let i = 0; i < r1 - r0; i++) store<i32>(cRow + (<usize>(r0 + i) << 2), off + load<i32>(s + (<usize>i << 2)));
    off += <i32>load<f64>(slot(c, t));
  }
  store<i32>(cRow + (<usize>outRows << 2), off);
  return off;
}

/** bsr3CsrSpgemmSelected (amg/spgemm.ts) on the pool; same arguments and results (sel = 0: all block rows). */
export function parBsr3CsrSpgemm(nb: i32, sel: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  if (poolThreads() <= 1 || 3 * nb < PARALLEL_MIN_ROWS) return bsr3CsrSpgemmSelected(nb, sel, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, marker, cRow, cCol, cVal);
  return run(TASK_SPGEMM_BSR3, nb, 3, 3, sel, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, cRow, cCol, cVal);
}

/** bsr3SymCsrSpgemmSelected (amg/spgemm.ts) on the pool, over all block rows (sel = 0) or the selected ones; S: a SymBsr3 record. */
export function parBsr3SymCsrSpgemm(nb: i32, sel: usize, S: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  if (poolThreads() <= 1 || 3 * nb < PARALLEL_MIN_ROWS) return bsr3SymCsrSpgemmSelected(nb, 0, sel, S, bRow, bCol, bVal, nColsB, marker, cRow, cCol, cVal);
  return run(TASK_SPGEMM_BSR3_SYM, nb, 3, 3, sel, changetype<SymBsr3>(S).uRow, 0, S, bRow, bCol, bVal, nColsB, cRow, cCol, cVal);
}

/**
 * linearGalerkinRows (amg/linear-galerkin.ts) for all nv vertices, on the
 * pool: ranges of vertices with equal numbers of children, a marker array
 * per thread. Each row is one thread's, so the values are the serial ones.
 * @returns 0, or a failing share's status (−1 − vertex)
 */
export function parLinearGalerkinRows(nv: i32, vRow: usize, vCol: usize, childPtr: usize, child: usize, parents: usize, w: usize, S: usize, outVal: usize): i32 {
  // the work is the fine rows read: one per (fine node, parent) pair
  const T = 3 * load<i32>(childPtr + (<usize>nv << 2)) < PARALLEL_MIN_ROWS ? 1 : poolThreads();
  const markers = poolScratch(<usize>T * (<usize>nv << 2));
  memory.fill(markers, 0xff, <usize>T * (<usize>nv << 2)); // −1
  if (T <= 1) return linearGalerkinRows(0, nv, vRow, vCol, childPtr, child, parents, w, S, markers, outVal);
  setArgI(0, nv); setArgP(1, vRow); setArgP(2, vCol); setArgP(3, childPtr); setArgP(4, child); setArgP(5, parents);
  setArgP(6, w); setArgP(7, S); setArgP(8, markers); setArgP(9, outVal);
  dispatch(TASK_LINEAR_GALERKIN);
  const c = poolCtrl();
  for (let t = 0; t < T; t++) {
    const r = <i32>load<f64>(slot(c, t));
    if (r < 0) return r;
  }
  return 0;
}

// args: 0 nv, 1 vRow, 2 vCol, 3 childPtr, 4 child, 5 parents, 6 w, 7 SymBsr3 record, 8 markers (T × nv i32, −1), 9 outVal; status to slot +0 (f64)
function linearGalerkinShare(c: usize, tid: i32, T: i32): void {
  const nv = argI(c, 0), childPtr = argP(c, 3);
  const a0 = rowSplit(childPtr, nv, tid, T), a1 = rowSplit(childPtr, nv, tid + 1, T);
  const marker = argP(c, 8) + <usize>tid * (<usize>nv << 2);
  store<f64>(slot(c, tid), <f64>linearGalerkinRows(a0, a1, argP(c, 1), argP(c, 2), childPtr, argP(c, 4), argP(c, 5), argP(c, 6), argP(c, 7), marker, argP(c, 9)));
}

/** csrSpgemmGroupedSelected (amg/spgemm.ts) on the pool; same arguments and results (sel = 0: all groups). */
export function parCsrSpgemmGrouped(nRows: i32, g: i32, gb: i32, sel: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize, av: usize): i32 {
  // few rows can still be much work (a block of R's rows, hundreds of entries each): also count the entries
  const entries = sel == 0 ? load<i32>(aRow + (<usize>nRows << 2)) - load<i32>(aRow) : 0;
  if (poolThreads() <= 1 || (nRows < PARALLEL_MIN_ROWS && entries < 16 * PARALLEL_MIN_ROWS)) return csrSpgemmGroupedSelected(nRows, g, gb, sel, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, marker, cRow, cCol, cVal, av);
  return run(TASK_SPGEMM_GROUPED, nRows, g, gb, sel, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, cRow, cCol, cVal);
}
