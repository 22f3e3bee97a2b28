// Preconditioner descriptors for pcg: z ← M⁻¹ r. `data` points at what the
// kind needs (inverse diagonal, inverse 3 × 3 blocks, …).

import { parBlockJacobi3, parMul } from "../parallel/tasks";
import { amgApply } from "../amg/cycle";

/** z = r */
export const PC_NONE: i32 = 0;
/** z = D⁻¹ r, data = n f64 inverse diagonal */
export const PC_JACOBI: i32 = 1;
/** z_I = (A_II)⁻¹ r_I, data = n/3 × 9 f64 inverse diagonal blocks */
export const PC_BLOCK_JACOBI3: i32 = 2;
/** z = V-cycle(r), data = Amg hierarchy (amg/cycle.ts) */
export const PC_AMG: i32 = 3;

@unmanaged export class Preconditioner {
  kind: i32;
  /** number of scalar rows */
  n: i32;
  data: usize;
}

/** Describe a preconditioner. Returns a pointer (free it; `data` stays the caller's). */
export function preconditionerCreate(kind: i32, n: i32, data: usize): usize {
  const pc = changetype<Preconditioner>(heap.alloc(offsetof<Preconditioner>()));
  pc.kind = kind;
  pc.n = n;
  pc.data = data;
  return changetype<usize>(pc);
}

/** z ← M⁻¹ r */
export function preconditionerApply(pc: Preconditioner, r: usize, z: usize): void {
  const n = pc.n;
  if (pc.kind == PC_JACOBI) parMul(n, pc.data, r, z);
  else if (pc.kind == PC_BLOCK_JACOBI3) parBlockJacobi3(n / 3, pc.data, r, z);
  else if (pc.kind == PC_AMG) amgApply(pc.data, r, z);
  else memory.copy(z, r, <usize>n << 3);
}
