// The jobs the thread pool (pool.ts) runs, and the parallel versions of the
// solver kernels built on them. Each par* function has the signature of
// the serial kernel it replaces and falls back to it when the pool has one
// thread or the vector is short (coarse AMG levels: dispatch would cost more
// than it saves).
//
// Work split: vectors by equal index ranges (multiples of 8 entries, so the
// f64x2 loops see the same pairs); sparse products by block rows with equal
// stored entries + rows (binary search in the row pointer). A symmetric
// matrix stored by its upper triangle scatters into rows below the thread's
// own, so thread t > 0 accumulates into a private buffer covering rows
// lo_t … n − 1 and a second job adds the buffers into y. A product with a
// transpose (Aᵀx, A stored by rows) scatters anywhere in y, so there every
// thread t > 0 has a buffer of all of y (lo_t = 0) and the same second job
// adds them.

import { vecAxpby, vecAxpy, vecCgJacobiUpdate, vecChebyshevUpdate, vecDot, vecMul, vecScaledMul, vecXpay } from "../linalg/vector";
import { csrSpmv, csrTransposeSpmv, csrTransposeSpmvRows } from "../sparse/csr";
import { blockChebyshevUpdateRows, blockScaledApplyRows } from "../amg/block-jacobi";
import { nodeCsrSpmv, nodeCsrSpmvRows, nodeCsrTransposeSpmv, nodeCsrTransposeSpmvRows } from "../sparse/node-csr";
import { bsr3Spmv, bsr3BlockDiagonalApply } from "../sparse/bsr3";
import { csrSymSpmv, csrSymSpmvPair, csrSymSpmvPairRows, csrSymSpmvRows } from "../sparse/csr-sym";
import { bsr3SymSpmv, bsr3SymSpmvRows } from "../sparse/bsr3-sym";
import { bsr6SymSpmv, bsr6SymSpmvRows } from "../sparse/bsr6-sym";
import { argF, argI, argP, dispatch, poolCtrl, poolThreads, setArgF, setArgI, setArgP, slot } from "./pool";
import { assemblyShare, isAssemblyTask } from "./assembly-tasks";
import { isSpgemmTask, spgemmShare } from "./spgemm-tasks";
import { isStatisticsTask, statisticsShare } from "./statistics-tasks";
import { poolScratch } from "./scratch";

export const TASK_STOP: i32 = 0;
const TASK_DOT: i32 = 1;
const TASK_AXPY: i32 = 2;
const TASK_XPAY: i32 = 3;
const TASK_MUL: i32 = 4;
const TASK_SCALED_MUL: i32 = 5;
const TASK_CHEBYSHEV: i32 = 6;
const TASK_SPMV: i32 = 7;
const TASK_SYM_SPMV: i32 = 8;
const TASK_SYM_REDUCE: i32 = 9;
const TASK_BLOCK_JACOBI3: i32 = 10;
const TASK_AXPBY: i32 = 11;
const TASK_TRANSPOSE_SPMV: i32 = 17;
const TASK_BLOCK_SCALED_APPLY: i32 = 19;
const TASK_BLOCK_CHEBYSHEV: i32 = 20;
const TASK_SYM_SPMV_PAIR: i32 = 21;
const TASK_CG_JACOBI_UPDATE: i32 = 22;
const TASK_ZERO: i32 = 25;
// 12–14, 23, 26, 27: element loops and the nodal recovery (assembly-tasks.ts); 15, 16, 18, 24, 28: sparse products and transposes of the AMG
// setup (spgemm-tasks.ts); 29–31: quadrature-point statistics (statistics-tasks.ts)

/** Matrix formats of TASK_SPMV / TASK_SYM_SPMV (the value is the block size, the scalar rows per block row). */
const FMT_CSR: i32 = 1;
const FMT_BSR3: i32 = 3;
/** node CSR (sparse/node-csr.ts): rows in node triples sharing one column list; TASK_SPMV only (the transpose takes a flag) */
const FMT_NODE_CSR: i32 = 4;
/** symmetric 6 × 6 blocks (sparse/bsr6-sym.ts); TASK_SYM_SPMV only */
const FMT_BSR6: i32 = 6;

/** below this many scalar rows a kernel runs serially */
export const PARALLEL_MIN_ROWS: i32 = 16384;

/** at or above this many stored entries a sparse product runs on the pool whatever its rows (AMG coarse levels: few rows, dense rows) */
export const PARALLEL_MIN_ENTRIES: i32 = 262144;

@inline function parallel(n: i32): bool {
  return poolThreads() > 1 && n >= PARALLEL_MIN_ROWS;
}

/**
 * A sparse product over nr (block) rows of n scalar rows: worth the pool when
 * it has enough rows or enough stored entries (`uses`: products per stored
 * entry — 2 for a symmetric product, which applies each entry twice).
 */
@inline function parallelProduct(n: i32, rowPtr: usize, nr: i32, uses: i32 = 1): bool {
  if (poolThreads() <= 1) return false;
  return n >= PARALLEL_MIN_ROWS || (load<i32>(rowPtr + (<usize>nr << 2)) - load<i32>(rowPtr)) * uses >= PARALLEL_MIN_ENTRIES;
}

/** Start of thread t's share of [0, n), a multiple of 8 (n for t = T). */
@inline function chunk(n: i32, t: i32, T: i32): i32 {
  if (t >= T) return n;
  return <i32>((<i64>n * <i64>t / <i64>T) & ~7);
}

/** First row of thread t's share of rows [0, nr): rows + stored entries split evenly (rowPtr may point into the middle of a row pointer). */
export function rowSplit(rowPtr: usize, nr: i32, t: i32, T: i32): i32 {
  if (t <= 0) return 0;
  if (t >= T) return nr;
  const p0 = <i64>load<i32>(rowPtr);
  const total = <i64>load<i32>(rowPtr + (<usize>nr << 2)) - p0 + <i64>nr;
  const target = total * <i64>t / <i64>T;
  let lo = 0, hi = nr;
  while (lo < hi) { // smallest i with work(i) ≥ target
    const mid = (lo + hi) >>> 1;
    const w = <i64>load<i32>(rowPtr + (<usize>mid << 2)) - p0 + <i64>mid;
    if (w < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Run thread `tid`'s share of `task` (T threads); called by pool.ts. */
export function executeTask(task: i32, c: usize, tid: i32, T: i32): void {
  if (isAssemblyTask(task)) { assemblyShare(task, c, tid, T); return; }
  if (isSpgemmTask(task)) { spgemmShare(task, c, tid, T); return; }
  if (isStatisticsTask(task)) { statisticsShare(task, c, tid, T); return; }
  if (task == TASK_SPMV) { spmvShare(c, tid, T); return; }
  if (task == TASK_SYM_SPMV || task == TASK_SYM_SPMV_PAIR) { symSpmvShare(c, tid, T, task == TASK_SYM_SPMV_PAIR); return; }
  if (task == TASK_SYM_REDUCE) { symReduceShare(c, tid, T); return; }
  if (task == TASK_TRANSPOSE_SPMV) { transposeSpmvShare(c, tid, T); return; }
  if (task == TASK_BLOCK_SCALED_APPLY || task == TASK_BLOCK_CHEBYSHEV) {
    const nb = argI(c, 0);
    const i0 = chunk(nb, tid, T), i1 = chunk(nb, tid + 1, T);
    if (task == TASK_BLOCK_SCALED_APPLY) blockScaledApplyRows(i0, i1, argF(c, 1), argP(c, 2), argP(c, 3), argP(c, 4));
    else blockChebyshevUpdateRows(i0, i1, argF(c, 1), argF(c, 2), argP(c, 3), argP(c, 4), argP(c, 5), argP(c, 6));
    return;
  }
  if (task == TASK_ZERO) {
    // whole 4 KiB pages per thread (the first touch of fresh pages is most of the cost)
    const pages = <i32>((argP(c, 1) + 4095) >> 12);
    const b0 = <usize>(<i64>pages * tid / T) << 12, b1 = min(<usize>(<i64>pages * (tid + 1) / T) << 12, argP(c, 1));
    if (b1 > b0) memory.fill(argP(c, 0) + b0, 0, b1 - b0);
    return;
  }
  if (task == TASK_BLOCK_JACOBI3) {
    const nb = argI(c, 0);
    const i0 = chunk(nb, tid, T), i1 = chunk(nb, tid + 1, T);
    bsr3BlockDiagonalApply(i1 - i0, argP(c, 1) + <usize>i0 * 72, argP(c, 2) + <usize>i0 * 24, argP(c, 3) + <usize>i0 * 24);
    return;
  }
  const n = argI(c, 0);
  const i0 = chunk(n, tid, T), m = chunk(n, tid + 1, T) - i0;
  const o = <usize>i0 << 3;
  if (task == TASK_DOT) store<f64>(slot(c, tid), vecDot(m, argP(c, 1) + o, argP(c, 2) + o));
  else if (task == TASK_AXPY) vecAxpy(m, argF(c, 1), argP(c, 2) + o, argP(c, 3) + o);
  else if (task == TASK_XPAY) vecXpay(m, argP(c, 1) + o, argF(c, 2), argP(c, 3) + o);
  else if (task == TASK_AXPBY) vecAxpby(m, argF(c, 1), argP(c, 2) + o, argF(c, 3), argP(c, 4) + o, argP(c, 5) + o);
  else if (task == TASK_MUL) vecMul(m, argP(c, 1) + o, argP(c, 2) + o, argP(c, 3) + o);
  else if (task == TASK_SCALED_MUL) vecScaledMul(m, argF(c, 1), argP(c, 2) + o, argP(c, 3) + o, argP(c, 4) + o);
  else if (task == TASK_CG_JACOBI_UPDATE) {
    // partial sums r·r, r·z to the thread's slot (+0, +16)
    const out = slot(c, tid);
    vecCgJacobiUpdate(m, argF(c, 1), argP(c, 2) + o, argP(c, 3) + o, argP(c, 4) + o, argP(c, 5) + o, argP(c, 6) + o, argP(c, 7) + o, out);
    store<f64>(out, load<f64>(out, 8), 16);
  } else if (task == TASK_CHEBYSHEV) {
    vecChebyshevUpdate(m, argF(c, 1), argF(c, 2), argP(c, 3) + o, argP(c, 4) + o, argP(c, 5) + o, argP(c, 6) + o);
  }
}

// args: fmt, block rows, rowPtr, colIdx, vals, x, y
function spmvShare(c: usize, tid: i32, T: i32): void {
  const fmt = argI(c, 0), nr = argI(c, 1), rowPtr = argP(c, 2);
  const r0 = rowSplit(rowPtr, nr, tid, T), r1 = rowSplit(rowPtr, nr, tid + 1, T);
  const rp = rowPtr + (<usize>r0 << 2);
  if (fmt == FMT_BSR3) bsr3Spmv(r1 - r0, rp, argP(c, 3), argP(c, 4), argP(c, 5), argP(c, 6) + <usize>r0 * 24);
  else if (fmt == FMT_NODE_CSR) nodeCsrSpmvRows(r0, r1, rowPtr, argP(c, 3), argP(c, 4), argP(c, 5), argP(c, 6));
  else csrSpmv(r1 - r0, rp, argP(c, 3), argP(c, 4), argP(c, 5), argP(c, 6) + (<usize>r0 << 3));
}

// args: fmt, block rows, uRow, uCol, uVal, diag, x, y, scratch; a pair (CSR only) also x2, y2, scratch2
function symSpmvShare(c: usize, tid: i32, T: i32, pair: bool): void {
  const fmt = argI(c, 0), nr = argI(c, 1), uRow = argP(c, 2);
  const r0 = rowSplit(uRow, nr, tid, T), r1 = rowSplit(uRow, nr, tid + 1, T);
  store<i32>(slot(c, tid), r0, 8);
  const y = ownRows(argP(c, 7), argP(c, 8), fmt, nr, r0, tid);
  if (pair) csrSymSpmvPairRows(r0, r1, argP(c, 5), uRow, argP(c, 3), argP(c, 4), argP(c, 6), argP(c, 9), y, ownRows(argP(c, 10), argP(c, 11), fmt, nr, r0, tid));
  else if (fmt == FMT_BSR3) bsr3SymSpmvRows(r0, r1, argP(c, 5), uRow, argP(c, 3), argP(c, 4), argP(c, 6), y);
  else if (fmt == FMT_BSR6) bsr6SymSpmvRows(r0, r1, argP(c, 5), uRow, argP(c, 3), argP(c, 4), argP(c, 6), y);
  else csrSymSpmvRows(r0, r1, argP(c, 5), uRow, argP(c, 3), argP(c, 4), argP(c, 6), y);
}

/**
 * Where thread tid accumulates its share of a symmetric product, zeroed: y
 * itself for thread 0; else its buffer in `scratch` (rows r0 … nr − 1),
 * returned as a base pointer (row i at buffer + (i − r0)).
 */
function ownRows(y: usize, scratch: usize, fmt: i32, nr: i32, r0: i32, tid: i32): usize {
  const bytesPerRow = <usize>fmt << 3;
  if (tid == 0) {
    memory.fill(y, 0, <usize>nr * bytesPerRow);
    return y;
  }
  const own = scratch + <usize>(tid - 1) * <usize>nr * bytesPerRow;
  memory.fill(own, 0, <usize>(nr - r0) * bytesPerRow);
  return own - <usize>r0 * bytesPerRow;
}

// args: fmt (CSR), columns m, rowPtr, colIdx, vals, rows n, x, y, scratch (the layout symReduceShare reads),
// node CSR (1: rowPtr is node CSR's nodePtr and n counts nodes)
function transposeSpmvShare(c: usize, tid: i32, T: i32): void {
  const m = argI(c, 1), rowPtr = argP(c, 2), n = argI(c, 5);
  const r0 = rowSplit(rowPtr, n, tid, T), r1 = rowSplit(rowPtr, n, tid + 1, T);
  store<i32>(slot(c, tid), 0, 8); // every buffer covers all of y
  const y = tid == 0 ? argP(c, 7) : argP(c, 8) + <usize>(tid - 1) * (<usize>m << 3);
  memory.fill(y, 0, <usize>m << 3);
  if (argI(c, 9) != 0) nodeCsrTransposeSpmvRows(r0, r1, rowPtr, argP(c, 3), argP(c, 4), argP(c, 6), y);
  else csrTransposeSpmvRows(r0, r1, rowPtr, argP(c, 3), argP(c, 4), argP(c, 6), y);
}

// after TASK_SYM_SPMV(_PAIR) or TASK_TRANSPOSE_SPMV, same args (a pair's second vector: args 7, 8 set to y2, scratch2): y_i += Σ_{t ≥ 1, lo_t ≤ i} buffer_t[i − lo_t]
function symReduceShare(c: usize, tid: i32, T: i32): void {
  const fmt = argI(c, 0), nr = argI(c, 1);
  const n = nr * fmt;
  const i0 = chunk(n, tid, T), i1 = chunk(n, tid + 1, T);
  const y = argP(c, 7), scratch = argP(c, 8);
  for (let t = 1; t < T; t++) {
    const lo = load<i32>(slot(c, t), 8) * fmt;
    const a = max(i0, lo);
    if (a >= i1) continue;
    const buf = scratch + <usize>(t - 1) * (<usize>n << 3) - (<usize>lo << 3);
    vecAxpy(i1 - a, 1.0, buf + (<usize>a << 3), y + (<usize>a << 3));
  }
}

/** x · y */
export function parDot(n: i32, x: usize, y: usize): f64 {
  if (!parallel(n)) return vecDot(n, x, y);
  setArgI(0, n); setArgP(1, x); setArgP(2, y);
  dispatch(TASK_DOT);
  const c = poolCtrl(), T = poolThreads();
  let s = 0.0;
  for (let t = 0; t < T; t++) s += load<f64>(slot(c, t));
  return s;
}

/**
 * x ← x + α p;  r ← r − α q;  z ← dinv ∘ r;  out = [r·r, r·z] (2 f64): a
 * Jacobi-CG iteration's vector work in one pass (vecCgJacobiUpdate); the
 * sums add the threads' partial sums in thread order, as parDot does.
 */
export function parCgJacobiUpdate(n: i32, alpha: f64, p: usize, q: usize, dinv: usize, x: usize, r: usize, z: usize, out: usize): void {
  if (!parallel(n)) { vecCgJacobiUpdate(n, alpha, p, q, dinv, x, r, z, out); return; }
  setArgI(0, n); setArgF(1, alpha); setArgP(2, p); setArgP(3, q); setArgP(4, dinv); setArgP(5, x); setArgP(6, r); setArgP(7, z);
  dispatch(TASK_CG_JACOBI_UPDATE);
  const c = poolCtrl(), T = poolThreads();
  let rr = 0.0, rz = 0.0;
  for (let t = 0; t < T; t++) {
    rr += load<f64>(slot(c, t));
    rz += load<f64>(slot(c, t), 16);
  }
  store<f64>(out, rr);
  store<f64>(out, rz, 8);
}

/** Zero `bytes` bytes at `ptr`, on the pool from PARALLEL_MIN_ZERO_BYTES (the threads share the page faults of fresh memory). */
export function parZero(ptr: usize, bytes: usize): void {
  if (poolThreads() <= 1 || bytes < PARALLEL_MIN_ZERO_BYTES) { memory.fill(ptr, 0, bytes); return; }
  setArgP(0, ptr); setArgP(1, bytes);
  dispatch(TASK_ZERO);
}

/** below this many bytes parZero fills serially */
const PARALLEL_MIN_ZERO_BYTES: usize = 1 << 22;

/** y ← y + a·x */
export function parAxpy(n: i32, a: f64, x: usize, y: usize): void {
  if (!parallel(n)) { vecAxpy(n, a, x, y); return; }
  setArgI(0, n); setArgF(1, a); setArgP(2, x); setArgP(3, y);
  dispatch(TASK_AXPY);
}

/** y ← x + a·y */
export function parXpay(n: i32, x: usize, a: f64, y: usize): void {
  if (!parallel(n)) { vecXpay(n, x, a, y); return; }
  setArgI(0, n); setArgP(1, x); setArgF(2, a); setArgP(3, y);
  dispatch(TASK_XPAY);
}

/** z ← a·x + b·y (z may alias x or y) */
export function parAxpby(n: i32, a: f64, x: usize, b: f64, y: usize, z: usize): void {
  if (!parallel(n)) { vecAxpby(n, a, x, b, y, z); return; }
  setArgI(0, n); setArgF(1, a); setArgP(2, x); setArgF(3, b); setArgP(4, y); setArgP(5, z);
  dispatch(TASK_AXPBY);
}

/** d ← s · D_b⁻¹ r with inverse 3 × 3 blocks (amg/block-jacobi.ts), nb nodes */
export function parBlockScaledApply(nb: i32, s: f64, dinvB: usize, r: usize, d: usize): void {
  if (!parallel(nb * 3)) { blockScaledApplyRows(0, nb, s, dinvB, r, d); return; }
  setArgI(0, nb); setArgF(1, s); setArgP(2, dinvB); setArgP(3, r); setArgP(4, d);
  dispatch(TASK_BLOCK_SCALED_APPLY);
}

/** r ← r − z; d ← c1 d + c2 D_b⁻¹ r (amg/block-jacobi.ts), nb nodes */
export function parBlockChebyshevUpdate(nb: i32, c1: f64, c2: f64, dinvB: usize, z: usize, r: usize, d: usize): void {
  if (!parallel(nb * 3)) { blockChebyshevUpdateRows(0, nb, c1, c2, dinvB, z, r, d); return; }
  setArgI(0, nb); setArgF(1, c1); setArgF(2, c2); setArgP(3, dinvB); setArgP(4, z); setArgP(5, r); setArgP(6, d);
  dispatch(TASK_BLOCK_CHEBYSHEV);
}

/** z ← x ∘ y */
export function parMul(n: i32, x: usize, y: usize, z: usize): void {
  if (!parallel(n)) { vecMul(n, x, y, z); return; }
  setArgI(0, n); setArgP(1, x); setArgP(2, y); setArgP(3, z);
  dispatch(TASK_MUL);
}

/** z ← (s·x) ∘ y */
export function parScaledMul(n: i32, s: f64, x: usize, y: usize, z: usize): void {
  if (!parallel(n)) { vecScaledMul(n, s, x, y, z); return; }
  setArgI(0, n); setArgF(1, s); setArgP(2, x); setArgP(3, y); setArgP(4, z);
  dispatch(TASK_SCALED_MUL);
}

/** r ← r − z;  d ← c1·d + c2·(dinv ∘ r) */
export function parChebyshevUpdate(n: i32, c1: f64, c2: f64, dinv: usize, z: usize, r: usize, d: usize): void {
  if (!parallel(n)) { vecChebyshevUpdate(n, c1, c2, dinv, z, r, d); return; }
  setArgI(0, n); setArgF(1, c1); setArgF(2, c2); setArgP(3, dinv); setArgP(4, z); setArgP(5, r); setArgP(6, d);
  dispatch(TASK_CHEBYSHEV);
}

/** z_I ← Dinv_I r_I (nb blocks) */
export function parBlockJacobi3(nb: i32, dinv: usize, r: usize, z: usize): void {
  if (!parallel(nb * 3)) { bsr3BlockDiagonalApply(nb, dinv, r, z); return; }
  setArgI(0, nb); setArgP(1, dinv); setArgP(2, r); setArgP(3, z);
  dispatch(TASK_BLOCK_JACOBI3);
}

/** y ← A x, A scalar CSR with n rows */
export function parCsrSpmv(n: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  if (!parallelProduct(n, rowPtr, n)) { csrSpmv(n, rowPtr, colIdx, vals, x, y); return; }
  spmvArgs(FMT_CSR, n, rowPtr, colIdx, vals, x, y);
  dispatch(TASK_SPMV);
}

/** y ← A x, A BSR3 with nb block rows */
export function parBsr3Spmv(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  if (!parallelProduct(nb * 3, rowPtr, nb)) { bsr3Spmv(nb, rowPtr, colIdx, vals, x, y); return; }
  spmvArgs(FMT_BSR3, nb, rowPtr, colIdx, vals, x, y);
  dispatch(TASK_SPMV);
}

/** y ← A x, A = D + U + Uᵀ scalar (sparse/csr-sym.ts) */
export function parCsrSymSpmv(n: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  if (!parallelProduct(n, uRow, n, 2)) { csrSymSpmv(n, diag, uRow, uCol, uVal, x, y); return; }
  symSpmv(FMT_CSR, n, diag, uRow, uCol, uVal, x, y);
}

/**
 * y ← A x and y2 ← A x2, A = D + U + Uᵀ scalar: one pass over the matrix for
 * two vectors (csrSymSpmvPair); each result equals parCsrSymSpmv's bit for bit.
 */
export function parCsrSymSpmvPair(n: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, x2: usize, y: usize, y2: usize): void {
  if (!parallelProduct(n, uRow, n, 2)) { csrSymSpmvPair(n, diag, uRow, uCol, uVal, x, x2, y, y2); return; }
  const bytes = <usize>(poolThreads() - 1) * (<usize>n << 3);
  const scratch = poolScratch(2 * bytes);
  setArgI(0, FMT_CSR); setArgI(1, n); setArgP(2, uRow); setArgP(3, uCol); setArgP(4, uVal);
  setArgP(5, diag); setArgP(6, x); setArgP(7, y); setArgP(8, scratch);
  setArgP(9, x2); setArgP(10, y2); setArgP(11, scratch + bytes);
  dispatch(TASK_SYM_SPMV_PAIR);
  dispatch(TASK_SYM_REDUCE);
  // the second vector's buffers: the same row splits (slots), other pointers
  setArgP(7, y2); setArgP(8, scratch + bytes);
  dispatch(TASK_SYM_REDUCE);
}

/** y ← A x, A = D + U + Uᵀ in 3 × 3 blocks (sparse/bsr3-sym.ts) */
export function parBsr3SymSpmv(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  if (!parallelProduct(nb * 3, uRow, nb, 2)) { bsr3SymSpmv(nb, dBlk, uRow, uCol, uVal, x, y); return; }
  symSpmv(FMT_BSR3, nb, dBlk, uRow, uCol, uVal, x, y);
}

/** y ← A x, A = D + U + Uᵀ in 6 × 6 blocks (sparse/bsr6-sym.ts; an AMG coarse level): on the pool by its stored entries */
export function parBsr6SymSpmv(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  if (!parallelProduct(nb * 6, uRow, nb, 72)) { bsr6SymSpmv(nb, dBlk, uRow, uCol, uVal, x, y); return; }
  symSpmv(FMT_BSR6, nb, dBlk, uRow, uCol, uVal, x, y);
}

@inline function spmvArgs(fmt: i32, nr: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  setArgI(0, fmt); setArgI(1, nr); setArgP(2, rowPtr); setArgP(3, colIdx); setArgP(4, vals); setArgP(5, x); setArgP(6, y);
}

/** y ← Aᵀ x, A scalar CSR with n rows and m columns (y: m entries; the AMG restriction by P) */
export function parCsrTransposeSpmv(n: i32, m: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  if (!parallelProduct(n, rowPtr, n)) { csrTransposeSpmv(n, m, rowPtr, colIdx, vals, x, y); return; }
  transposeSpmv(0, n, m, rowPtr, colIdx, vals, x, y);
}

/** y ← A x, A node CSR with nb nodes (sparse/node-csr.ts) */
export function parNodeCsrSpmv(nb: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  if (!parallelProduct(3 * nb, nodePtr, nb)) { nodeCsrSpmv(nb, nodePtr, col, vals, x, y); return; }
  spmvArgs(FMT_NODE_CSR, nb, nodePtr, col, vals, x, y);
  dispatch(TASK_SPMV);
}

/** y ← Aᵀ x, A node CSR with nb nodes and m columns (y: m entries; the AMG restriction by a node CSR P) */
export function parNodeCsrTransposeSpmv(nb: i32, m: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  if (!parallelProduct(3 * nb, nodePtr, nb)) { nodeCsrTransposeSpmv(nb, m, nodePtr, col, vals, x, y); return; }
  transposeSpmv(1, nb, m, nodePtr, col, vals, x, y);
}

// y ← Aᵀ x on the pool: each thread scatters its rows (nodes, node = 1) into its own copy of y, then a second job adds them
function transposeSpmv(node: i32, nr: i32, m: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  const scratch = poolScratch(<usize>(poolThreads() - 1) * (<usize>m << 3));
  setArgI(0, FMT_CSR); setArgI(1, m); setArgP(2, rowPtr); setArgP(3, colIdx); setArgP(4, vals);
  setArgI(5, nr); setArgP(6, x); setArgP(7, y); setArgP(8, scratch); setArgI(9, node);
  dispatch(TASK_TRANSPOSE_SPMV);
  dispatch(TASK_SYM_REDUCE);
}

function symSpmv(fmt: i32, nr: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  const scratch = poolScratch(<usize>(poolThreads() - 1) * <usize>nr * (<usize>fmt << 3));
  setArgI(0, fmt); setArgI(1, nr); setArgP(2, uRow); setArgP(3, uCol); setArgP(4, uVal);
  setArgP(5, diag); setArgP(6, x); setArgP(7, y); setArgP(8, scratch);
  dispatch(TASK_SYM_SPMV);
  dispatch(TASK_SYM_REDUCE);
}
