/**
 * Sparse matrices in core memory on a shared node-graph pattern.
 *   CSR   (scalar problems): vals nnz f64
 *   BSR3  (3-component problems): vals nnz × 9 f64, 3 × 3 blocks row-major
 *   symmetric BSR3 (SymBsr3Matrix): the diagonal blocks (nNodes × 9 f64) and
 *         the strict upper block triangle (nnzU × 9 f64) on the pattern's
 *         upper part, with an index of its transpose (the lower part read
 *         row by row) — half the bytes of BSR3, and the lower triangle never
 *         exists (the elasticity K is assembled straight into it)
 * The pattern (rowPtr: nNodes + 1 i32, colIdx: nnz i32, sorted, diagonal
 * present) is built once per mesh; values are refilled in place.
 */
import type { Core, WasmArray } from "../wasm/core.js";

export interface NodePattern {
  nNodes: number;
  nnz: number;
  rowPtr: WasmArray<Int32Array>;
  colIdx: WasmArray<Int32Array>;
}

export interface SparseMatrix {
  kind: "csr" | "bsr3";
  /** scalar rows (nNodes for CSR, 3 nNodes for BSR3) */
  n: number;
  pattern: NodePattern;
  vals: WasmArray<Float64Array>;
}

/**
 * The strict upper triangle of a node pattern (rowPtr: nNodes + 1 i32,
 * colIdx: nnz i32, sorted) and the index of its transpose (`lower`: row j
 * lists the rows i < j holding column j, increasing, and where that entry
 * sits in the upper arrays; see patternLowerIndex in sparse/pattern.ts).
 */
export interface UpperPattern extends NodePattern {
  lower: { rowPtr: WasmArray<Int32Array>; colIdx: WasmArray<Int32Array>; pos: WasmArray<Int32Array> };
}

/** A symmetric 3 × 3 block matrix in the storage of sparse/bsr3-sym.ts. */
export interface SymBsr3Matrix {
  kind: "bsr3-sym";
  /** scalar rows, 3 nNodes */
  n: number;
  pattern: UpperPattern;
  /** diagonal blocks, nNodes × 9 f64 row-major */
  diag: WasmArray<Float64Array>;
  /** upper-triangle blocks, pattern.nnz × 9 f64 row-major */
  vals: WasmArray<Float64Array>;
  /** the core's SymBsr3 record of these arrays (for kernels that read whole rows) */
  record: number;
}

/** Any matrix the solvers take. */
export type Matrix = SparseMatrix | SymBsr3Matrix;

/** The strict upper triangle of a node pattern and its transpose index. */
export function upperPattern(core: Core, full: NodePattern): UpperPattern {
  const ex = core.exports, n = full.nNodes;
  const nnz = ex.patternUpperCount(n, full.rowPtr.ptr, full.colIdx.ptr);
  const rowPtr = core.i32(n + 1), colIdx = core.i32(nnz);
  ex.patternUpper(n, full.rowPtr.ptr, full.colIdx.ptr, rowPtr.ptr, colIdx.ptr);
  const lower = { rowPtr: core.i32(n + 1), colIdx: core.i32(nnz), pos: core.i32(nnz) };
  ex.patternLowerIndex(n, rowPtr.ptr, colIdx.ptr, lower.rowPtr.ptr, lower.colIdx.ptr, lower.pos.ptr);
  return { nNodes: n, nnz, rowPtr, colIdx, lower };
}

/** A zero symmetric BSR3 matrix on an upper pattern (free with disposeSymBsr3; the pattern stays the caller's). */
export function createSymBsr3(core: Core, pattern: UpperPattern): SymBsr3Matrix {
  const diag = core.f64(9 * pattern.nNodes), vals = core.f64(9 * pattern.nnz);
  const record = core.exports.symBsr3Create(diag.ptr, pattern.rowPtr.ptr, pattern.colIdx.ptr, vals.ptr,
    pattern.lower.rowPtr.ptr, pattern.lower.colIdx.ptr, pattern.lower.pos.ptr);
  return { kind: "bsr3-sym", n: 3 * pattern.nNodes, pattern, diag, vals, record };
}

/** Free a symmetric BSR3 matrix's values (not its pattern). */
export function disposeSymBsr3(core: Core, A: SymBsr3Matrix): void {
  A.diag.free();
  A.vals.free();
  core.exports.free(A.record);
}

/** Free an upper pattern's arrays. */
export function disposeUpperPattern(p: UpperPattern): void {
  for (const a of [p.rowPtr, p.colIdx, p.lower.rowPtr, p.lower.colIdx, p.lower.pos]) a.free();
}

/** Node graph of a connectivity array (nElems × npe) with nNodes nodes. */
export function buildPattern(core: Core, conn: WasmArray<Int32Array>, npe: number, nNodes: number): NodePattern {
  const nElems = conn.length / npe;
  const rowPtr = core.i32(nNodes + 1);
  const colPtr = core.exports.buildNodeGraph(nNodes, nElems, npe, conn.ptr, rowPtr.ptr);
  const nnz = rowPtr.view[nNodes];
  return { nNodes, nnz, rowPtr, colIdx: core.wrapI32(colPtr, nnz) };
}

/** A zero matrix on a pattern. */
export function createMatrix(core: Core, pattern: NodePattern, kind: "csr" | "bsr3"): SparseMatrix {
  const blk = kind === "csr" ? 1 : 9;
  return { kind, n: kind === "csr" ? pattern.nNodes : 3 * pattern.nNodes, pattern, vals: core.f64(blk * pattern.nnz) };
}

/** y = A x (x, y in core memory, n f64). */
export function spmv(core: Core, A: Matrix, x: WasmArray<Float64Array>, y: WasmArray<Float64Array>): void {
  multiplyAt(core, A, x.ptr, y.ptr);
}

/** y = A x with x, y given by their core addresses (n f64 each; for callers that hold pointers, e.g. into a basis). */
export function multiplyAt(core: Core, A: Matrix, x: number, y: number): void {
  const { rowPtr, colIdx } = A.pattern;
  if (A.kind === "bsr3-sym") core.exports.parBsr3SymSpmv(A.n / 3, A.diag.ptr, rowPtr.ptr, colIdx.ptr, A.vals.ptr, x, y);
  else if (A.kind === "csr") core.exports.parCsrSpmv(A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, x, y);
  else core.exports.parBsr3Spmv(A.n / 3, rowPtr.ptr, colIdx.ptr, A.vals.ptr, x, y);
}

/**
 * The inverses of an elasticity matrix's 3 × 3 diagonal blocks (full or
 * symmetric storage) into out (n / 3 × 9 f64, node by node).
 * @returns the first node whose block is singular, or −1
 */
export function invertDiagonalBlocks(core: Core, A: Matrix, out: WasmArray<Float64Array>): number {
  if (A.kind === "csr") throw new Error("invertDiagonalBlocks: a BSR3 matrix is expected");
  const nb = A.n / 3;
  return A.kind === "bsr3-sym"
    ? core.exports.bsr3InvertBlocks(nb, A.diag.ptr, out.ptr)
    : core.exports.bsr3BlockDiagonalInverse(nb, A.pattern.rowPtr.ptr, A.pattern.colIdx.ptr, A.vals.ptr, out.ptr);
}

/** Dense copy (row-major n × n) for small verification problems. */
export function toDense(A: Matrix): Float64Array {
  const n = A.n;
  const D = new Float64Array(n * n);
  if (A.kind === "bsr3-sym") {
    const rp = A.pattern.rowPtr.view, ci = A.pattern.colIdx.view, v = A.vals.view, d = A.diag.view;
    for (let i = 0; i < A.pattern.nNodes; i++) {
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) D[(3 * i + a) * n + 3 * i + b] = d[9 * i + 3 * a + b];
      for (let p = rp[i]; p < rp[i + 1]; p++) {
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
          D[(3 * i + a) * n + 3 * ci[p] + b] = v[9 * p + 3 * a + b];
          D[(3 * ci[p] + b) * n + 3 * i + a] = v[9 * p + 3 * a + b];
        }
      }
    }
    return D;
  }
  const rp = A.pattern.rowPtr.view, ci = A.pattern.colIdx.view, v = A.vals.view;
  for (let i = 0; i < A.pattern.nNodes; i++) {
    for (let p = rp[i]; p < rp[i + 1]; p++) {
      const j = ci[p];
      if (A.kind === "csr") D[i * n + j] = v[p];
      else for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) D[(3 * i + a) * n + 3 * j + b] = v[9 * p + 3 * a + b];
    }
  }
  return D;
}
