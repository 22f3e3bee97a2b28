/**
 * Sparse matrices in core memory on a shared node-graph pattern.
 *   CSR   (scalar problems): vals nnz f64
 *   BSR3  (3-component problems): vals nnz × 9 f64, 3 × 3 blocks row-major
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
export function spmv(core: Core, A: SparseMatrix, x: WasmArray<Float64Array>, y: WasmArray<Float64Array>): void {
  const { rowPtr, colIdx } = A.pattern;
  if (A.kind === "csr") core.exports.parCsrSpmv(A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, x.ptr, y.ptr);
  else core.exports.parBsr3Spmv(A.n / 3, rowPtr.ptr, colIdx.ptr, A.vals.ptr, x.ptr, y.ptr);
}

/** Dense copy (row-major n × n) for small verification problems. */
export function toDense(A: SparseMatrix): Float64Array {
  const n = A.n;
  const D = new Float64Array(n * n);
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
