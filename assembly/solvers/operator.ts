// A linear operator descriptor: what `pcg` multiplies by. Lives in wasm
// memory so a solve is one call; TypeScript creates it with operatorCreate
// and releases it with free().

// Products run on the thread pool when it has more than one thread (parallel/tasks.ts).
import { parBsr3Spmv, parBsr3SymSpmv, parCsrSpmv, parCsrSymSpmv, parCsrSymSpmvPair } from "../parallel/tasks";

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
  if (op.kind == OP_BSR3) parBsr3Spmv(op.n / 3, op.rowPtr, op.colIdx, op.vals, x, y);
  else if (op.kind == OP_CSR_SYM) parCsrSymSpmv(op.n, op.diag, op.rowPtr, op.colIdx, op.vals, x, y);
  else if (op.kind == OP_BSR3_SYM) parBsr3SymSpmv(op.n / 3, op.diag, op.rowPtr, op.colIdx, op.vals, x, y);
  else parCsrSpmv(op.n, op.rowPtr, op.colIdx, op.vals, x, y);
}

/**
 * y ← A x and y2 ← A x2: one pass over a symmetric scalar matrix (OP_CSR_SYM),
 * two products otherwise; the results are those of two operatorApply calls, bit for bit.
 */
export function operatorApplyPair(op: Operator, x: usize, x2: usize, y: usize, y2: usize): void {
  if (op.kind == OP_CSR_SYM) parCsrSymSpmvPair(op.n, op.diag, op.rowPtr, op.colIdx, op.vals, x, x2, y, y2);
  else {
    operatorApply(op, x, y);
    operatorApply(op, x2, y2);
  }
}

/** y ← A x and y2 ← A x2 for an operator pointer (operatorApplyPair: one pass over a symmetric scalar matrix). */
export function operatorMultiplyPair(op: usize, x: usize, x2: usize, y: usize, y2: usize): void {
  operatorApplyPair(changetype<Operator>(op), x, x2, y, y2);
}

/** y ← A x for an operator pointer (operatorCreate*): the product CG uses, on the thread pool when it has threads. */
export function operatorMultiply(op: usize, x: usize, y: usize): void {
  operatorApply(changetype<Operator>(op), x, y);
}
