// The AMG setup's sparse products (amg/spgemm.ts) on the thread pool. A's
// rows (whole groups for the grouped product) are cut into chunks of equal
// numbers of rows, SPGEMM_CHUNKS_PER_THREAD per thread, which the threads
// take one at a time (takeTicket): the rows' work varies (a restriction
// row meets rows of A·P of different lengths) and the two cores of a
// shared machine run at different speeds, so fixed shares left one thread
// waiting. Each chunk is one call of the serial kernel with the thread's
// own marker array (and block scratch). Symbolic pass: every chunk counts
// its rows' entries into its own row-pointer segment, then the main thread
// chains the segments, in chunk order, into C's row pointer. Numeric pass:
// every chunk fills its rows' entries at the positions the row pointer
// gives. C comes out exactly as the serial product makes it, whichever
// thread took which chunk (each row is computed by one call, in the same
// order).

import { bsr3CsrSpgemmSelected, bsr3SymCsrSpgemmSelected, csrColumnCountsRows, csrSpgemmGroupedSelected, csrTransposeColumns, csrTransposeFillRows } from "../amg/spgemm";
import { linearGalerkinRows } from "../amg/linear-galerkin";
import { SymBsr3 } from "../sparse/bsr3-sym";
import { argI, argP, dispatch, poolCtrl, poolThreads, resetTickets, setArgI, setArgP, slot, takeTicket } from "./pool";
import { PARALLEL_MIN_ROWS, rowSplit } from "./tasks";
import { poolScratch } from "./scratch";

/** Chunks of a product per thread: enough for the threads to even out, few enough that each chunk's marker reset (nColsB i32) stays small. */
const SPGEMM_CHUNKS_PER_THREAD: i32 = 32;

const TASK_SPGEMM_BSR3: i32 = 15;
const TASK_SPGEMM_GROUPED: i32 = 16;
const TASK_SPGEMM_BSR3_SYM: i32 = 18;
const TASK_LINEAR_GALERKIN: i32 = 28;
const TASK_TRANSPOSE_COLUMNS: i32 = 24;

/** Whether a task number is one of this file's (tasks.ts hands them here). */
export function isSpgemmTask(task: i32): bool {
  return task == TASK_SPGEMM_BSR3 || task == TASK_SPGEMM_GROUPED || task == TASK_SPGEMM_BSR3_SYM || task == TASK_LINEAR_GALERKIN || task == TASK_TRANSPOSE_COLUMNS;
}

// args: 0 task rows (block rows or rows), 1 g (rows per group; 3 for BSR3), 2 gb, 3 aRow, 4 aCol, 5 aVal, 6 bRow, 7 bCol, 8 bVal,
//   9 nColsB, 10 markers (T × nColsB i32), 11 cRow, 12 cCol (0: symbolic), 13 cVal, 14 segments (symbolic: rows + chunks i32), 15 av (T × g·gb f64),
//   16 selected nodes / groups of A (0: all, in order), 17 chunks, 18 chunk results (chunks i32: symbolic nnz, numeric status);
//   the symmetric BSR3 product takes a SymBsr3 record as aVal (aRow, aCol: unused)
export function spgemmShare(task: i32, c: usize, tid: i32, T: i32): void {
  if (task == TASK_LINEAR_GALERKIN) { linearGalerkinShare(c, tid, T); return; }
  if (task == TASK_TRANSPOSE_COLUMNS) { transposeColumnsShare(c, tid, T); return; }
  const n = argI(c, 0), g = argI(c, 1), gb = argI(c, 2), aRow = argP(c, 3), nColsB = argI(c, 9);
  const blocked = task != TASK_SPGEMM_GROUPED;
  // BSR3: chunks of block rows; grouped: chunks of whole groups of g rows
  const units = blocked ? n : n / g;
  const step = blocked ? 1 : g;
  const outRows = blocked ? 3 : 1; // C rows per kernel row
  const sel = argP(c, 16), chunks = argI(c, 17), results = argP(c, 18);
  const marker = argP(c, 10) + <usize>tid * (<usize>nColsB << 2);
  const av = argP(c, 15) + (<usize>(tid * g * gb) << 3);
  const cCol = argP(c, 12);
  for (let k = takeTicket(c); k < chunks; k = takeTicket(c)) {
    const u0 = chunkStart(units, chunks, k), u1 = chunkStart(units, chunks, k + 1);
    const r0 = u0 * step, rows = (u1 - u0) * step; // rows of A in the kernel's units (block rows for BSR3)
    // symbolic: this chunk's row-pointer segment (outRows·rows + 1 entries, after those of the chunks before it)
    const cRow = cCol == 0 ? argP(c, 14) + (<usize>(outRows * r0 + k) << 2) : argP(c, 11) + (<usize>(outRows * r0) << 2);
    // this chunk's first unit: an offset into the selection, or into A's row pointer
    const shareSel = sel != 0 ? sel + (<usize>u0 << 2) : 0, shareRow = sel != 0 ? aRow : aRow + (<usize>r0 << 2);
    let r: i32;
    if (task == TASK_SPGEMM_BSR3_SYM) {
      r = bsr3SymCsrSpgemmSelected(rows, r0, shareSel, argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13));
    } else if (task == TASK_SPGEMM_BSR3) {
      r = bsr3CsrSpgemmSelected(rows, shareSel, shareRow, argP(c, 4), argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13));
    } else {
      r = csrSpgemmGroupedSelected(rows, g, gb, shareSel, shareRow, argP(c, 4), argP(c, 5), argP(c, 6), argP(c, 7), argP(c, 8), nColsB, marker, cRow, cCol, argP(c, 13), av);
    }
    store<i32>(results + (<usize>k << 2), r);
  }
}

/** First unit of chunk k of `chunks` equal chunks of `units`. */
// @ts-ignore: decorator
@inline function chunkStart(units: i32, chunks: i32, k: i32): i32 {
  return <i32>(<i64>units * k / chunks);
}

function run(task: i32, n: i32, g: i32, gb: i32, sel: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, cRow: usize, cCol: usize, cVal: usize): i32 {
  const T = poolThreads();
  const blocked = task != TASK_SPGEMM_GROUPED;
  const units = blocked ? n : n / g, perUnit = blocked ? 3 : g; // C rows per unit
  const chunks = min(units, SPGEMM_CHUNKS_PER_THREAD * T);
  const outRows = perUnit * units;
  const markerBytes = <usize>T * (<usize>nColsB << 2);
  const segBytes = <usize>(outRows + chunks) << 2;
  const avBytes = <usize>(T * g * gb) << 3;
  const resultBytes = <usize>chunks << 2;
  const base = poolScratch(markerBytes + segBytes + avBytes + resultBytes);
  const seg = base + markerBytes, results = seg + segBytes + avBytes;
  setArgI(0, n); setArgI(1, g); setArgI(2, gb); setArgP(3, aRow); setArgP(4, aCol); setArgP(5, aVal);
  setArgP(6, bRow); setArgP(7, bCol); setArgP(8, bVal); setArgI(9, nColsB); setArgP(10, base);
  setArgP(11, cRow); setArgP(12, cCol); setArgP(13, cVal); setArgP(14, seg); setArgP(15, seg + segBytes); setArgP(16, sel);
  setArgI(17, chunks); setArgP(18, results);
  resetTickets();
  dispatch(task);
  if (cCol != 0) { // numeric: the first failing row, in A's numbering
    for (let k = 0; k < chunks; k++) {
      const s = load<i32>(results + (<usize>k << 2));
      if (s < 0) return s - chunkStart(units, chunks, k) * (blocked ? 1 : g);
    }
    return 0;
  }
  // symbolic: chain the segments into cRow
  let off = 0;
  for (let k = 0; k < chunks; k++) {
    const r0 = chunkStart(units, chunks, k) * perUnit, r1 = chunkStart(units, chunks, k + 1) * perUnit;
    const s = seg + (<usize>(r0 + k) << 2);
    for (let i = 0; i < r1 - r0; i++) store<i32>(cRow + (<usize>(r0 + i) << 2), off + load<i32>(s + (<usize>i << 2)));
    off += load<i32>(results + (<usize>k << 2));
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

/**
 * csrTransposeColumns (amg/spgemm.ts) on the pool: A's rows in ranges of
 * equal rows + entries, one per thread. The symbolic call (tCol = 0) counts
 * each thread's entries per column into its own row of `counts` and sums
 * them, in thread order, into tRow; the numeric call turns `counts` into
 * each thread's cursors (its entries of a column follow those of the threads
 * before it) and every thread fills its rows in order, so T is the serial
 * transpose exactly. Same arguments and results as the serial kernel, plus
 * counts: T × (c1 − c0) i32, kept by the caller from the symbolic call to
 * the numeric one (T = poolThreads()).
 */
export function parCsrTransposeColumns(nRows: i32, c0: i32, c1: i32, aRow: usize, aCol: usize, aVal: usize, tRow: usize, tCol: usize, tVal: usize, counts: usize): i32 {
  const T = poolThreads();
  const entries = load<i32>(aRow + (<usize>nRows << 2)) - load<i32>(aRow);
  if (T <= 1 || (nRows < PARALLEL_MIN_ROWS && entries < 16 * PARALLEL_MIN_ROWS)) return csrTransposeColumns(nRows, c0, c1, aRow, aCol, aVal, tRow, tCol, tVal);
  const m = c1 - c0;
  if (tCol != 0) {
    // cursors: column c's entries of thread t start after those of threads 0 … t − 1
    for (let k = 0; k < m; k++) {
      let off = load<i32>(tRow + (<usize>k << 2));
      for (let t = 0; t < T; t++) {
        const o = counts + (<usize>(t * m + k) << 2);
        const n = load<i32>(o);
        store<i32>(o, off);
        off += n;
      }
    }
  }
  setArgI(0, nRows); setArgI(1, c0); setArgI(2, m); setArgP(3, aRow); setArgP(4, aCol); setArgP(5, aVal);
  setArgP(6, counts); setArgP(7, tCol); setArgP(8, tVal);
  dispatch(TASK_TRANSPOSE_COLUMNS);
  if (tCol != 0) return load<i32>(tRow + (<usize>m << 2));
  store<i32>(tRow, 0);
  for (let k = 0; k < m; k++) {
    let n = 0;
    for (let t = 0; t < T; t++) n += load<i32>(counts + (<usize>(t * m + k) << 2));
    store<i32>(tRow + (<usize>(k + 1) << 2), load<i32>(tRow + (<usize>k << 2)) + n);
  }
  return load<i32>(tRow + (<usize>m << 2));
}

// args: 0 nRows, 1 c0, 2 m, 3 aRow, 4 aCol, 5 aVal, 6 counts (T × m i32: counts, or cursors in the numeric pass), 7 tCol (0: symbolic), 8 tVal
function transposeColumnsShare(c: usize, tid: i32, T: i32): void {
  const nRows = argI(c, 0), c0 = argI(c, 1), m = argI(c, 2), aRow = argP(c, 3), tCol = argP(c, 7);
  const r0 = rowSplit(aRow, nRows, tid, T), r1 = rowSplit(aRow, nRows, tid + 1, T);
  const own = argP(c, 6) + (<usize>(tid * m) << 2);
  if (tCol == 0) {
    memory.fill(own, 0, <usize>m << 2);
    csrColumnCountsRows(r0, r1, c0, m, aRow, argP(c, 4), own);
  } else csrTransposeFillRows(r0, r1, c0, m, aRow, argP(c, 4), argP(c, 5), own, tCol, argP(c, 8));
}
