// Preconditioned conjugate gradients for SPD systems A x = b.
//
// Stopping test: the recursive residual ‖r_k‖ ≤ tol ‖b‖ triggers a check of
// the true residual ‖b − A x‖; if rounding has made them drift apart the
// iteration restarts from the true residual, so the reported residual is
// always the true one. x holds the initial guess on entry (warm start).

import { parAxpy as vecAxpy, parDot as vecDot, parXpay as vecXpay } from "../parallel/tasks";
import { Operator, operatorApply } from "./operator";
import { Preconditioner, preconditionerApply } from "./preconditioner";

export const PCG_CONVERGED: i32 = 0;
export const PCG_MAX_ITERATIONS: i32 = 1;
/** pᵀAp ≤ 0 or rᵀz ≤ 0: A or M is not SPD */
export const PCG_BREAKDOWN: i32 = 2;
/** a NaN or Inf appeared */
export const PCG_NOT_FINITE: i32 = 3;

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
  const n = op.n;
  const bytes = <usize>n << 3;
  const work = heap.alloc(bytes * 4);
  const r = work, z = work + bytes, p = work + 2 * bytes, q = work + 3 * bytes;
  const bnorm = Math.sqrt(vecDot(n, b, b));
  store<f64>(stats, bnorm, 24);
  if (bnorm == 0.0) {
    memory.fill(x, 0, bytes);
    finish(stats, 0, 0.0, PCG_CONVERGED, work);
    return PCG_CONVERGED;
  }
  let status = PCG_MAX_ITERATIONS;
  let it = 0;
  let rel = trueResidual(op, b, x, r, n, bnorm);
  if (history != 0) store<f64>(history, rel);
  if (rel <= tol) {
    finish(stats, 0, rel, PCG_CONVERGED, work);
    return PCG_CONVERGED;
  }
  preconditionerApply(pc, r, z);
  memory.copy(p, z, bytes);
  let rz = vecDot(n, r, z);
  while (it < maxIt) {
    if (!(rz > 0.0)) { status = rz - rz != 0.0 ? PCG_NOT_FINITE : PCG_BREAKDOWN; break; }
    operatorApply(op, p, q);
    const pq = vecDot(n, p, q);
    if (!(pq > 0.0)) { status = pq - pq != 0.0 ? PCG_NOT_FINITE : PCG_BREAKDOWN; break; }
    const alpha = rz / pq;
    vecAxpy(n, alpha, p, x);
    vecAxpy(n, -alpha, q, r);
    it++;
    rel = Math.sqrt(vecDot(n, r, r)) / bnorm;
    if (history != 0) store<f64>(history + (<usize>it << 3), rel);
    if (rel - rel != 0.0) { status = PCG_NOT_FINITE; break; }
    if (rel <= tol) {
      rel = trueResidual(op, b, x, r, n, bnorm);
      if (rel <= tol) { status = PCG_CONVERGED; break; }
      // drift: restart the Krylov space from the true residual
      preconditionerApply(pc, r, z);
      memory.copy(p, z, bytes);
      rz = vecDot(n, r, z);
      continue;
    }
    preconditionerApply(pc, r, z);
    const rzNew = vecDot(n, r, z);
    vecXpay(n, z, rzNew / rz, p);
    rz = rzNew;
  }
  if (status != PCG_CONVERGED) rel = trueResidual(op, b, x, r, n, bnorm);
  finish(stats, it, rel, status, work);
  return status;
}

// r ← b − A x; returns ‖r‖ / ‖b‖.
function trueResidual(op: Operator, b: usize, x: usize, r: usize, n: i32, bnorm: f64): f64 {
  operatorApply(op, x, r);
  vecXpay(n, b, -1.0, r); // r ← b − r (exactly: b + (−1)·r)
  return Math.sqrt(vecDot(n, r, r)) / bnorm;
}

function finish(stats: usize, it: i32, rel: f64, status: i32, work: usize): void {
  store<f64>(stats, <f64>it);
  store<f64>(stats, rel, 8);
  store<f64>(stats, <f64>status, 16);
  heap.free(work);
}
