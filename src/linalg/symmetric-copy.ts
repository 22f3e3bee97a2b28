/**
 * A symmetric matrix's diagonal (blocks) and strict upper (block) triangle,
 * copied from its full CSR or BSR3 storage: half the bytes per product of
 * the memory-bound solvers (assembly/sparse/csr-sym.ts, bsr3-sym.ts), and a
 * core operator over it for CG and for plain products.
 *
 * Layout (core memory): diag — n f64 (CSR) or n/3 × 9 f64 (BSR3, row-major
 * blocks); row — block rows + 1 i32; col — stored upper entries' columns
 * (i32, j > i); val — their values, aligned with col (f64, × 9 for BSR3).
 */
import type { Core, WasmArray } from "../wasm/core.js";
import type { Matrix } from "./sparse.js";

export class SymmetricCopy {
  readonly diag: WasmArray<Float64Array>;
  readonly row: WasmArray<Int32Array>;
  readonly col: WasmArray<Int32Array>;
  readonly val: WasmArray<Float64Array>;
  /** the core operator (OP_CSR_SYM / OP_BSR3_SYM) over the copy; freed by dispose */
  readonly op: number;

  /** @param A a full CSR or BSR3 matrix whose values are symmetric (only its upper triangle and diagonal are read) */
  constructor(private readonly core: Core, readonly A: Extract<Matrix, { kind: "csr" | "bsr3" }>) {
    const ex = core.exports, { rowPtr, colIdx } = A.pattern;
    const rows = A.kind === "csr" ? A.n : A.n / 3, bs = A.kind === "csr" ? 1 : 9;
    const nu = ex.patternUpperCount(rows, rowPtr.ptr, colIdx.ptr);
    this.diag = core.f64(bs * rows);
    this.row = core.i32(rows + 1);
    this.col = core.i32(nu);
    this.val = core.f64(bs * nu);
    this.extract(true);
    this.op = ex.operatorCreateSymmetric(A.kind === "csr" ? ex.OP_CSR_SYM.value : ex.OP_BSR3_SYM.value, A.n, this.diag.ptr, this.row.ptr, this.col.ptr, this.val.ptr);
  }

  /** Copy A's current values (same pattern). */
  refresh(): void {
    this.extract(false);
  }

  private extract(first: boolean): void {
    const ex = this.core.exports, A = this.A, { rowPtr, colIdx } = A.pattern;
    const col = first ? this.col.ptr : 0;
    if (A.kind === "csr") ex.csrExtractUpper(A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, this.diag.ptr, this.row.ptr, col, this.val.ptr);
    else ex.bsr3ExtractUpper(A.n / 3, rowPtr.ptr, colIdx.ptr, A.vals.ptr, this.diag.ptr, this.row.ptr, col, this.val.ptr);
  }

  /** y ← A x (core pointers, n f64 each; on the thread pool) */
  multiply(x: number, y: number): void {
    this.core.exports.operatorMultiply(this.op, x, y);
  }

  /** y ← A x and y2 ← A x2 in one pass over a scalar matrix (two products for BSR3); each equals `multiply`'s bit for bit */
  multiplyPair(x: number, x2: number, y: number, y2: number): void {
    this.core.exports.operatorMultiplyPair(this.op, x, x2, y, y2);
  }

  dispose(): void {
    this.core.exports.free(this.op);
    for (const a of [this.diag, this.row, this.col, this.val]) a.free();
  }
}
