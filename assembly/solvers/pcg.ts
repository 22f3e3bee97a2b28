// Preconditioned conjugate gradients for SPD systems A x = b.
//
// Stopping test: the recursive residual ‖r_k‖ ≤ tol ‖b‖ triggers a check of
// the true residual ‖b − A x‖; if rounding has made them drift apart the
// iteration restarts from the true residual, so the reported residual is
// always the true one. x holds the initial guess on entry (warm start).
//
// The iteration is written as a state (Cg) advanced around its product
// q = A p, so that `pcgPair` can run two solves with one matrix in step and
// form both products in one pass over the matrix (operatorApplyPair); each
// solve then does exactly what `pcg` alone does.

import { parAxpy as vecAxpy, parCgJacobiUpdate, parDot as vecDot, parXpay as vecXpay } from "../parallel/tasks";
import { Operator, operatorApply, operatorApplyPair } from "./operator";
import { PC_JACOBI, Preconditioner, preconditionerApply } from "./preconditioner";

export const PCG_CONVERGED: i32 = 0;
export const PCG_MAX_ITERATIONS: i32 = 1;
/** pᵀAp ≤ 0 or rᵀz ≤ 0: A or M is not SPD */
export const PCG_BREAKDOWN: i32 = 2;
/** a NaN or Inf appeared */
export const PCG_NOT_FINITE: i32 = 3;

/** One CG solve in progress. Work vectors r, z, p, q: n f64 each, then `sums` (2 f64), one allocation at r. */
@unmanaged class Cg {
  n: i32;
  b: usize;
  x: usize;
  r: usize;
  z: usize;
  p: usize;
  q: usize;
  /** r·r and r·z of the fused Jacobi update */
  sums: usize;
  tol: f64;
  maxIt: i32;
  it: i32;
  status: i32;
  /** the iteration has stopped (status final, or PCG_CONVERGED) */
  done: bool;
  bnorm: f64;
  rz: f64;
  rel: f64;
  stats: usize;
  history: usize;
}

/**
 * Solve A x = b.
 * @param op       Operator pointer (operatorCreate)
 * @param pc       Preconditioner pointer (preconditionerCreate)
 * @param b        right-hand side, n f64
 * @param x        in: initial guess, out: solution, n f64
 * @param tol      relative tolerance on ‖b − Ax‖ / ‖b‖
 * @param maxIt    iteration limit
 * @param stats    out: 4 f64 = [iterations, true relative residual, status, ‖b‖]
 * @param history  out: relative recursive residual per iteration (maxIt + 1 f64), or 0
 * @returns status (PCG_CONVERGED, …)
 */
export function pcg(opPtr: usize, pcPtr: usize, b: usize, x: usize, tol: f64, maxIt: i32, stats: usize, history: usize): i32 {
  const op = changetype<Operator>(opPtr);
  const pc = changetype<Preconditioner>(pcPtr);
  const s = cgBegin(op, b, x, tol, maxIt, stats, history);
  if (!s.done) {
    operatorApply(op, s.x, s.r);
    cgStart(s, pc);
  }
  while (cgWantsProduct(s)) {
    operatorApply(op, s.p, s.q);
    cgStep(s, op, pc);
  }
  return cgEnd(s, op);
}

/**
 * Solve A x = b and A x2 = b2 together: two CG iterations in step whose
 * products — the initial residuals' and the iterations' — share one pass
 * over the matrix while both run. Each solve's iterates, stats and history
 * are those `pcg` gives it alone, bit for bit.
 * Arguments as `pcg`, per solve; returns the first solve's status.
 */
export function pcgPair(opPtr: usize, pcPtr: usize, b: usize, x: usize, b2: usize, x2: usize, tol: f64, maxIt: i32,
  stats: usize, stats2: usize, history: usize, history2: usize): i32 {
  const op = changetype<Operator>(opPtr);
  const pc = changetype<Preconditioner>(pcPtr);
  const s = cgBegin(op, b, x, tol, maxIt, stats, history);
  const s2 = cgBegin(op, b2, x2, tol, maxIt, stats2, history2);
  // A x for both initial residuals
  if (!s.done && !s2.done) operatorApplyPair(op, s.x, s2.x, s.r, s2.r);
  else if (!s.done) operatorApply(op, s.x, s.r);
  else if (!s2.done) operatorApply(op, s2.x, s2.r);
  if (!s.done) cgStart(s, pc);
  if (!s2.done) cgStart(s2, pc);
  while (true) {
    const a = cgWantsProduct(s), a2 = cgWantsProduct(s2);
    if (a && a2) operatorApplyPair(op, s.p, s2.p, s.q, s2.q);
    else if (a) operatorApply(op, s.p, s.q);
    else if (a2) operatorApply(op, s2.p, s2.q);
    else break;
    if (a) cgStep(s, op, pc);
    if (a2) cgStep(s2, op, pc);
  }
  cgEnd(s2, op);
  return cgEnd(s, op);
}

/** Set up a solve: its work vectors and ‖b‖ (b = 0: x = 0, converged). Unless done, the caller puts A x in s.r and calls cgStart. */
function cgBegin(op: Operator, b: usize, x: usize, tol: f64, maxIt: i32, stats: usize, history: usize): Cg {
  const s = changetype<Cg>(heap.alloc(offsetof<Cg>()));
  const n = op.n;
  const bytes = <usize>n << 3;
  s.n = n; s.b = b; s.x = x; s.tol = tol; s.maxIt = maxIt; s.stats = stats; s.history = history;
  s.r = heap.alloc(bytes * 4 + 16);
  s.z = s.r + bytes; s.p = s.r + 2 * bytes; s.q = s.r + 3 * bytes; s.sums = s.r + 4 * bytes;
  s.it = 0;
  s.status = PCG_MAX_ITERATIONS;
  s.done = false;
  s.rz = 0.0;
  s.rel = 0.0;
  s.bnorm = Math.sqrt(vecDot(n, b, b));
  if (s.bnorm == 0.0) {
    memory.fill(x, 0, bytes);
    return converged(s);
  }
  return s;
}

/** Given s.r = A x: the true residual of the guess, then the first search direction (or converged already). */
function cgStart(s: Cg, pc: Preconditioner): void {
  const n = s.n;
  s.rel = residualFromProduct(s.b, s.r, n, s.bnorm);
  if (s.history != 0) store<f64>(s.history, s.rel);
  if (s.rel <= s.tol) {
    converged(s);
    return;
  }
  preconditionerApply(pc, s.r, s.z);
  memory.copy(s.p, s.z, <usize>n << 3);
  s.rz = vecDot(n, s.r, s.z);
}

@inline function converged(s: Cg): Cg {
  s.status = PCG_CONVERGED;
  s.done = true;
  return s;
}

/** Whether the solve goes on: it needs q = A p next. Otherwise it has stopped (final status set). */
function cgWantsProduct(s: Cg): bool {
  if (s.done) return false;
  if (s.it >= s.maxIt) s.done = true;
  else if (!(s.rz > 0.0)) {
    s.status = s.rz - s.rz != 0.0 ? PCG_NOT_FINITE : PCG_BREAKDOWN;
    s.done = true;
  }
  return !s.done;
}

/** The rest of an iteration, given q = A p. */
function cgStep(s: Cg, op: Operator, pc: Preconditioner): void {
  const n = s.n;
  const pq = vecDot(n, s.p, s.q);
  if (!(pq > 0.0)) {
    s.status = pq - pq != 0.0 ? PCG_NOT_FINITE : PCG_BREAKDOWN;
    s.done = true;
    return;
  }
  const alpha = s.rz / pq;
  // Jacobi: the updates, z = D⁻¹ r and both sums in one pass (the same bits as the separate kernels)
  const fused = pc.kind == PC_JACOBI;
  let rr: f64;
  if (fused) {
    parCgJacobiUpdate(n, alpha, s.p, s.q, pc.data, s.x, s.r, s.z, s.sums);
    rr = load<f64>(s.sums);
  } else {
    vecAxpy(n, alpha, s.p, s.x);
    vecAxpy(n, -alpha, s.q, s.r);
    rr = vecDot(n, s.r, s.r);
  }
  s.it++;
  let rel = Math.sqrt(rr) / s.bnorm;
  s.rel = rel;
  if (s.history != 0) store<f64>(s.history + (<usize>s.it << 3), rel);
  if (rel - rel != 0.0) {
    s.status = PCG_NOT_FINITE;
    s.done = true;
    return;
  }
  if (rel <= s.tol) {
    rel = trueResidual(op, s.b, s.x, s.r, n, s.bnorm);
    s.rel = rel;
    if (rel <= s.tol) {
      converged(s);
      return;
    }
    // drift: restart the Krylov space from the true residual
    preconditionerApply(pc, s.r, s.z);
    memory.copy(s.p, s.z, <usize>n << 3);
    s.rz = vecDot(n, s.r, s.z);
    return;
  }
  let rzNew: f64;
  if (fused) rzNew = load<f64>(s.sums, 8);
  else {
    preconditionerApply(pc, s.r, s.z);
    rzNew = vecDot(n, s.r, s.z);
  }
  vecXpay(n, s.z, rzNew / s.rz, s.p);
  s.rz = rzNew;
}

/** Write the stats (the true residual unless converged), free the state; returns the status. */
function cgEnd(s: Cg, op: Operator): i32 {
  const status = s.status;
  let rel = s.rel;
  if (status != PCG_CONVERGED && s.bnorm != 0.0) rel = trueResidual(op, s.b, s.x, s.r, s.n, s.bnorm);
  const stats = s.stats;
  store<f64>(stats, <f64>s.it);
  store<f64>(stats, rel, 8);
  store<f64>(stats, <f64>status, 16);
  store<f64>(stats, s.bnorm, 24);
  heap.free(s.r);
  heap.free(changetype<usize>(s));
  return status;
}

// r ← b − A x; returns ‖r‖ / ‖b‖.
function trueResidual(op: Operator, b: usize, x: usize, r: usize, n: i32, bnorm: f64): f64 {
  operatorApply(op, x, r);
  return residualFromProduct(b, r, n, bnorm);
}

// r holds A x: r ← b − r (exactly: b + (−1)·r); returns ‖r‖ / ‖b‖.
function residualFromProduct(b: usize, r: usize, n: i32, bnorm: f64): f64 {
  vecXpay(n, b, -1.0, r);
  return Math.sqrt(vecDot(n, r, r)) / bnorm;
}
