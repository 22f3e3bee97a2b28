/**
 * Reads an AMG hierarchy back out of core memory, exactly as the core's
 * amgApply sees it, so the native V-cycle baseline (bench/native/amg_cycle.c)
 * runs on the same arrays and the same Chebyshev intervals.
 *
 * Why from memory and not from AmgPreconditioner: its level list is private
 * and holds λ_max only (the cycle's interval [λ_max/30, λ_max] is fixed in
 * its update()); the records it hands to the core (amgSetLevel/amgSetCoarse)
 * are the single source of truth. Their layout is that of the @unmanaged
 * classes Amg and AmgLevel in assembly/amg/cycle.ts (wasm32: pointers are
 * 4 bytes, fields in declaration order, f64 8-aligned):
 *   Amg       0 nLevels i32 | 4 degree i32 | 8 levels ptr | 12 nCoarse i32 | 16 chol ptr
 *   AmgLevel  0 n | 4 kind | 8 rowPtr | 12 colIdx | 16 vals | 20 dinv | 24 lmin f64 | 32 lmax f64 |
 *             40 nc | 44 pRow | 48 pCol | 52 pVal | 56 work | 60 diagBlocks | 64 pNodes | 68 dinvBlocks
 *             (dinvBlocks ≠ 0: the smoother's inverse 3 × 3 diagonal blocks, 3 n f64)
 *             (kind 3, symmetric CSR: rowPtr/colIdx/vals the strict upper triangle, diagBlocks the diagonal;
 *             kinds 2 / 4, symmetric 3 × 3 / 6 × 6 blocks on a coarse level: the same by blocks, diagBlocks the diagonal blocks)
 *             (pNodes 1: P is node CSR, assembly/sparse/node-csr.ts — pRow holds
 *             n / 3 + 1 node pointers, pCol one column list per node)
 *             (record size from the core: AMG_LEVEL_RECORD_BYTES)
 * The caller checks the result against the setup's own statistics (level
 * count and sizes), so a change of that layout fails loudly instead of
 * benchmarking garbage.
 */
import type { Core } from "../../src/wasm/core.js";
import type { NativeAmgInput, NativeAmgLevel } from "../native/run.js";

export function readAmgHierarchy(core: Core, amgPtr: number): Omit<NativeAmgInput, "r"> {
  const buf = core.memory.buffer;
  const dv = new DataView(buf);
  const i32 = (a: number) => dv.getInt32(a, true);
  const ptr = (a: number) => dv.getUint32(a, true);
  const f64 = (a: number) => dv.getFloat64(a, true);
  const ints = (p: number, n: number) => new Int32Array(buf, p, n).slice();
  const reals = (p: number, n: number) => new Float64Array(buf, p, n).slice();

  const LEVEL_BYTES = core.exports.AMG_LEVEL_RECORD_BYTES.value;
  const nLevels = i32(amgPtr), degree = i32(amgPtr + 4), levelsPtr = ptr(amgPtr + 8);
  const nCoarse = i32(amgPtr + 12), cholPtr = ptr(amgPtr + 16);
  const levels: NativeAmgLevel[] = [];
  for (let l = 0; l < nLevels - 1; l++) {
    const r = levelsPtr + l * LEVEL_BYTES;
    const n = i32(r), kind = i32(r + 4), nc = i32(r + 40);
    if (![0, 1, 3].includes(kind) && !(l > 0 && (kind === 2 || kind === 4))) {
      throw new Error(`readAmgHierarchy: level ${l} has kind ${kind}; the C baseline reads full BSR3 (1), CSR (0), symmetric CSR (3) and, on coarse levels, symmetric 3 × 3 / 6 × 6 block (2 / 4) levels (build the fine level without symmetric storage)`);
    }
    const b = kind === 1 || kind === 2 ? 3 : kind === 4 ? 6 : 1;
    const rows = n / b;
    const rowPtr = ints(ptr(r + 8), rows + 1), nnzA = rowPtr[rows];
    const pNodes = i32(r + 64);
    const pRows = pNodes ? n / 3 : n;
    const pRow = ints(ptr(r + 44), pRows + 1);
    const nnzP = pNodes ? 3 * pRow[pRows] : pRow[pRows];
    levels.push({
      n, kind, nc, lmin: f64(r + 24), lmax: f64(r + 32),
      rowPtr, colIdx: ints(ptr(r + 12), nnzA), vals: reals(ptr(r + 16), b * b * nnzA), dinv: reals(ptr(r + 20), n),
      diag: kind >= 2 ? reals(ptr(r + 60), b * n) : undefined,
      dinvB: ptr(r + 68) ? reals(ptr(r + 68), 3 * n) : undefined,
      pNodes, pRow, pCol: ints(ptr(r + 48), pNodes ? nnzP / 3 : nnzP), pVal: reals(ptr(r + 52), nnzP),
    });
  }
  return { degree, levels, nCoarse, chol: reals(cholPtr, nCoarse * nCoarse) };
}
