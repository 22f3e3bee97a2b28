// A linear operator descriptor: what `pcg` multiplies by. Lives in wasm
// memory so a solve is one call; TypeScript creates it with operatorCreate
// and releases it with free().

import { csrSpmv } from "../sparse/csr";
import { bsr3Spmv } from "../sparse/bsr3";
import { csrSymSpmv } from "../sparse/csr-sym";
import { bsr3SymSpmv } from "../sparse/bsr3-sym";

/** Scalar CSR matrix. */
export const OP_CSR: i32 = 0;
/** 3 × 3 block CSR matrix (n = 3 × block rows). */
export const OP_BSR3: i32 = 1;
/** Symmetric scalar CSR stored by its upper triangle and diagonal (sparse/csr-sym.ts). */
export const OP_CSR_SYM: i32 = 2;
/** Symmetric BSR3 stored by its diagonal blocks and upper block triangle (sparse/bsr3-sym.ts). */
export const OP_BSR3_SYM: i32 = 3;

@unmanaged export class Operator {
  kind: i32;
  /** number of scalar rows */
  n: i32;
  rowPtr: usize;
  colIdx: usize;
  vals: usize;
  /** OP_CSR_SYM: the diagonal (n f64), OP_BSR3_SYM: the diagonal blocks (n/3 × 9 f64); rowPtr/colIdx/vals are then the strict upper triangle */
  diag: usize;
}

/** Describe a sparse matrix as an operator. Returns a pointer (free it). */
export function operatorCreate(kind: i32, n: i32, rowPtr: usize, colIdx: usize, vals: usize): usize {
  const op = changetype<Operator>(heap.alloc(offsetof<Operator>()));
  op.kind = kind;
  op.n = n;
  op.rowPtr = rowPtr;
  op.colIdx = colIdx;
  op.vals = vals;
  op.diag = 0;
  return changetype<usize>(op);
}

/** Describe a symmetric matrix stored by diagonal (blocks) and strict upper triangle (OP_CSR_SYM, OP_BSR3_SYM). Free it. */
export function operatorCreateSymmetric(kind: i32, n: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize): usize {
  const op = changetype<Operator>(operatorCreate(kind, n, uRow, uCol, uVal));
  op.diag = diag;
  return changetype<usize>(op);
}

/** y ← A x */
export function operatorApply(op: Operator, x: usize, y: usize): void {
  if (op.kind == OP_BSR3) bsr3Spmv(op.n / 3, op.rowPtr, op.colIdx, op.vals, x, y);
  else if (op.kind == OP_CSR_SYM) csrSymSpmv(op.n, op.diag, op.rowPtr, op.colIdx, op.vals, x, y);
  else if (op.kind == OP_BSR3_SYM) bsr3SymSpmv(op.n / 3, op.diag, op.rowPtr, op.colIdx, op.vals, x, y);
  else csrSpmv(op.n, op.rowPtr, op.colIdx, op.vals, x, y);
}
