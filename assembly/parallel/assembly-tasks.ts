// The element loops of assemble.ts as thread-pool jobs (pool.ts, tasks.ts).
// Chunks of one color share no node (parallel/coloring.ts), so the threads
// take a color's chunks one at a time (self-scheduled, pool.ts: a thread on
// a slower core takes fewer) and scatter into K, M and f at the same time;
// colors run one after another. The element order inside each matrix
// entry's sum is then the color order, not the element order: the values
// differ from the serial loop's by rounding, and are the same for every
// thread count > 1 and whichever thread took which chunk. Each thread has
// its own workspace (ws + tid · wsBytes). Stress has per-element outputs and
// needs no coloring: its threads take blocks of elements one at a time.

import { argF, argI, argP, dispatch, poolCtrl, poolThreads, resetTickets, setArgF, setArgI, setArgP, slot, takeTicket } from "./pool";
import { chunkCount } from "./coloring";
import { recoverSplitNodalRows } from "../recovery";
import {
  diffusionElements, diffusionWorkspaceBytes, elasticityElements, elasticityWorkspaceBytes, gradientWorkspaceBytes, integrateGradientRange,
  stressElements, stressWorkspaceBytes, volumesRange, volumesWorkspaceBytes,
} from "../assemble";

const TASK_ASSEMBLE_DIFFUSION: i32 = 12;
const TASK_ASSEMBLE_ELASTICITY: i32 = 13;
const TASK_STRESS: i32 = 14;
const TASK_VOLUMES: i32 = 26;
const TASK_INTEGRATE_GRADIENT: i32 = 27;
const TASK_RECOVERY: i32 = 23;

/** Elements per piece of the self-scheduled stress loop (~0.1 ms of work at seed scale). */
const STRESS_BLOCK: i32 = 256;

/** Element loops with per-element outputs or one small sum (volumes, ∫∇u dV) go on the pool from this many tets. */
export const PARALLEL_MIN_ELEMENTS: i32 = 4096;

/** Whether a task number is one of this file's (tasks.ts hands them here). */
export function isAssemblyTask(task: i32): bool {
  return (task >= TASK_ASSEMBLE_DIFFUSION && task <= TASK_STRESS) || task == TASK_VOLUMES || task == TASK_INTEGRATE_GRADIENT || task == TASK_RECOVERY;
}

/** Whether assembly should run colored on the pool (nColors > 0: a coloring exists). */
export function parallelAssembly(nColors: i32): bool {
  return poolThreads() > 1 && nColors > 0;
}

// Main thread only: the threads' element workspaces.
let assemblyWs: usize = 0;
let assemblyWsBytes: usize = 0;

/**
 * Room for T workspaces of `bytesEach` (rounded up, see workspaceStride).
 * Threads write their workspaces on every element, so no two threads'
 * share a cache line (no false sharing; a precaution — it made no
 * measurable difference on the stress loop).
 */
function workspaces(bytesEach: usize): usize {
  const need = workspaceStride(bytesEach) * <usize>poolThreads() + 128;
  if (need > assemblyWsBytes) {
    if (assemblyWs != 0) heap.free(assemblyWs);
    assemblyWs = heap.alloc(need);
    assemblyWsBytes = need;
  }
  return (assemblyWs + 127) & ~(<usize>127);
}

/** Distance between two threads' workspaces: whole 128-byte blocks (a cache line and its prefetch pair). */
@inline function workspaceStride(bytesEach: usize): usize {
  return (bytesEach + 127) & ~(<usize>127);
}

// args: 0 order, 1 chunks, 2 k0, 3 k1 (a range of chunks[], or of elements for stress, volumes, gradient), 4 conn, 5 coords, 6 tetGrain, 7 ws, 8 wsBytes, then by task:
//   diffusion  9 Dgrain, 10 rowPtr, 11 colIdx, 12 Kvals, 13 Mvals
//   elasticity 9 C0g, 10 C1g, 11 betaG, 12 theta, 13 thetaRef (f64), 14 rowPtr, 15 colIdx, 16 Kvals, 17 f, 20 dBlk
//   (both: 18 nElems, 19 chunkSize, 22 the chunks' volumes, nChunks f64)
//   stress     9 C0g, 10 C1g, 11 betaG, 12 theta, 13 thetaRef (f64), 14 u, 15 outSigma, 16 outW, 17 outTheta, 18 nTets, 21 outMeasures
//   volumes    9 outVol, 10 outMinDet
//   gradient   9 field, 10 ncomp, 11 offset of the thread's partial sums (3 ncomp f64) in its workspace
//   (recovery: its own, see recoveryShare)
export function assemblyShare(task: i32, c: usize, tid: i32, T: i32): void {
  if (task == TASK_RECOVERY) { recoveryShare(c); return; }
  const k0 = argI(c, 2), k1 = argI(c, 3), n = k1 - k0;
  const a = k0 + <i32>(<i64>n * <i64>tid / <i64>T), b = k0 + <i32>(<i64>n * <i64>(tid + 1) / <i64>T);
  const order = argI(c, 0), chunks = argP(c, 1), conn = argP(c, 4), coords = argP(c, 5), tetGrain = argP(c, 6);
  const ws = argP(c, 7) + <usize>tid * argP(c, 8);
  if (task == TASK_VOLUMES) { volumesRange(order, a, b, conn, coords, argP(c, 9), argP(c, 10), ws); return; }
  if (task == TASK_INTEGRATE_GRADIENT) {
    // the thread's partial sums: 3·ncomp f64 at offset arg 11 in its workspace
    const ncomp = argI(c, 10), out = ws + argP(c, 11);
    memory.fill(out, 0, <usize>(3 * ncomp) << 3);
    integrateGradientRange(order, a, b, conn, coords, argP(c, 9), ncomp, out, ws);
    return;
  }
  if (task != TASK_STRESS) {
    // the color's chunks k0 … k1 − 1, taken one at a time (they share no node: any thread may add any of them); each chunk's volume to its entry of vols
    const nElems = argI(c, 18), chunkSize = argI(c, 19), vols = argP(c, 22);
    for (let k = k0 + takeTicket(c); k < k1; k = k0 + takeTicket(c)) {
      const chunk = load<i32>(chunks + (<usize>k << 2));
      const e0 = chunk * chunkSize, e1 = min(nElems, e0 + chunkSize);
      store<f64>(vols + (<usize>chunk << 3), task == TASK_ASSEMBLE_DIFFUSION
        ? diffusionElements(order, e0, e1, conn, coords, tetGrain, argP(c, 9), argP(c, 10), argP(c, 11), argP(c, 12), argP(c, 13), ws)
        : elasticityElements(order, e0, e1, conn, coords, tetGrain, argP(c, 9), argP(c, 10), argP(c, 11), argP(c, 12), argF(c, 13),
          argP(c, 14), argP(c, 15), argP(c, 16), argP(c, 20), argP(c, 17), ws));
    }
  } else {
    // blocks of STRESS_BLOCK elements, taken one at a time (per-element outputs)
    for (let e0 = STRESS_BLOCK * takeTicket(c); e0 < k1; e0 = STRESS_BLOCK * takeTicket(c)) {
      stressElements(order, e0, min(k1, e0 + STRESS_BLOCK), argI(c, 18), conn, coords, tetGrain, argP(c, 9), argP(c, 10), argP(c, 11), argP(c, 12), argF(c, 13),
        argP(c, 14), argP(c, 15), argP(c, 16), argP(c, 17), argP(c, 21), ws);
    }
  }
}

@inline function meshArgs(order: i32, chunks: usize, conn: usize, coords: usize, tetGrain: usize, ws: usize, wsBytes: usize): void {
  setArgI(0, order); setArgP(1, chunks); setArgP(4, conn); setArgP(5, coords); setArgP(6, tetGrain); setArgP(7, ws); setArgP(8, wsBytes);
}

/**
 * Run `task` over each color in turn (its chunks self-scheduled); returns
 * the elements' volume, the chunks' volumes added in chunk order (so the
 * same on every run, whichever thread took which chunk).
 */
function overColors(task: i32, colorPtr: usize, nColors: i32, nElems: i32, chunkSize: i32): f64 {
  const nChunks = chunkCount(nElems, chunkSize);
  const vols = heap.alloc(<usize>nChunks << 3);
  setArgP(22, vols);
  for (let k = 0; k < nColors; k++) {
    setArgI(2, load<i32>(colorPtr + (<usize>k << 2)));
    setArgI(3, load<i32>(colorPtr + (<usize>(k + 1) << 2)));
    resetTickets();
    dispatch(task);
  }
  let vol = 0.0;
  for (let k = 0; k < nChunks; k++) vol += load<f64>(vols + (<usize>k << 3));
  heap.free(vols);
  return vol;
}

/** assembleDiffusion's loop on the pool (K, M already zeroed). */
export function parAssembleDiffusion(order: i32, nElems: i32, chunkSize: i32, chunks: usize, colorPtr: usize, nColors: i32, conn: usize, coords: usize, tetGrain: usize,
  Dgrain: usize, rowPtr: usize, colIdx: usize, Kvals: usize, Mvals: usize): f64 {
  const wsBytes = workspaceStride(diffusionWorkspaceBytes(order));
  meshArgs(order, chunks, conn, coords, tetGrain, workspaces(wsBytes), wsBytes);
  setArgI(18, nElems); setArgI(19, chunkSize);
  setArgP(9, Dgrain); setArgP(10, rowPtr); setArgP(11, colIdx); setArgP(12, Kvals); setArgP(13, Mvals);
  return overColors(TASK_ASSEMBLE_DIFFUSION, colorPtr, nColors, nElems, chunkSize);
}

/** assembleElasticity's loop on the pool (K, f already zeroed). */
export function parAssembleElasticity(order: i32, nElems: i32, chunkSize: i32, chunks: usize, colorPtr: usize, nColors: i32, conn: usize, coords: usize,
  tetGrain: usize, C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64, rowPtr: usize, colIdx: usize, Kvals: usize, dBlk: usize, f: usize): f64 {
  const wsBytes = workspaceStride(elasticityWorkspaceBytes(order));
  meshArgs(order, chunks, conn, coords, tetGrain, workspaces(wsBytes), wsBytes);
  setArgI(18, nElems); setArgI(19, chunkSize);
  setArgP(9, C0g); setArgP(10, C1g); setArgP(11, betaG); setArgP(12, theta); setArgF(13, thetaRef);
  setArgP(14, rowPtr); setArgP(15, colIdx); setArgP(16, Kvals); setArgP(17, f); setArgP(20, dBlk);
  return overColors(TASK_ASSEMBLE_ELASTICITY, colorPtr, nColors, nElems, chunkSize);
}

/** computeStress's loop on the pool: blocks of STRESS_BLOCK elements, self-scheduled. */
export function parComputeStress(order: i32, nTets: i32, conn: usize, coords: usize, tetGrain: usize,
  C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64, u: usize, outSigma: usize, outW: usize, outTheta: usize, outMeasures: usize): void {
  const wsBytes = workspaceStride(stressWorkspaceBytes(order));
  meshArgs(order, 0, conn, coords, tetGrain, workspaces(wsBytes), wsBytes);
  setArgI(2, 0); setArgI(3, nTets);
  setArgP(9, C0g); setArgP(10, C1g); setArgP(11, betaG); setArgP(12, theta); setArgF(13, thetaRef);
  setArgP(14, u); setArgP(15, outSigma); setArgP(16, outW); setArgP(17, outTheta); setArgI(18, nTets); setArgP(21, outMeasures);
  resetTickets();
  dispatch(TASK_STRESS);
}

/** elementVolumes's loop on the pool: contiguous element ranges, per-element outputs. */
export function parElementVolumes(order: i32, nTets: i32, conn: usize, coords: usize, outVol: usize, outMinDet: usize): void {
  const wsBytes = workspaceStride(volumesWorkspaceBytes(order));
  meshArgs(order, 0, conn, coords, 0, workspaces(wsBytes), wsBytes);
  setArgI(2, 0); setArgI(3, nTets);
  setArgP(9, outVol); setArgP(10, outMinDet);
  dispatch(TASK_VOLUMES);
}

/**
 * integrateGradient's loop on the pool: each thread sums its contiguous
 * element range, the partial sums are added in thread order (so the result
 * differs from the serial loop's by rounding, and is the same on every run
 * with the same thread count). out (3·ncomp f64) must be zero on entry.
 */
export function parIntegrateGradient(order: i32, nTets: i32, conn: usize, coords: usize, field: usize, ncomp: i32, out: usize): void {
  const T = poolThreads(), m = 3 * ncomp;
  // each thread's workspace, then its partial sums (m f64)
  const sumsAt = gradientWorkspaceBytes(order, ncomp);
  const wsBytes = workspaceStride(sumsAt + <usize>(m * 8));
  const ws = workspaces(wsBytes);
  meshArgs(order, 0, conn, coords, 0, ws, wsBytes);
  setArgI(2, 0); setArgI(3, nTets);
  setArgP(9, field); setArgI(10, ncomp); setArgP(11, sumsAt);
  dispatch(TASK_INTEGRATE_GRADIENT);
  for (let t = 0; t < T; t++) {
    const partial = ws + <usize>t * wsBytes + sumsAt;
    for (let k = 0; k < m; k++) {
      const o = out + (<usize>k << 3);
      store<f64>(o, load<f64>(o) + load<f64>(partial + (<usize>k << 3)));
    }
  }
}

/** Split nodes per piece of the self-scheduled recovery (~20 tets each on particle meshes). */
const RECOVERY_BLOCK: i32 = 512;

// args: 0 order, 1 count, 2 incPtr, 3 inc, 4 tetVolume, 5 values, 6 ncomp, 7 out
function recoveryShare(c: usize): void {
  const count = argI(c, 1);
  for (let i0 = RECOVERY_BLOCK * takeTicket(c); i0 < count; i0 = RECOVERY_BLOCK * takeTicket(c)) {
    recoverSplitNodalRows(argI(c, 0), i0, min(count, i0 + RECOVERY_BLOCK), argP(c, 2), argP(c, 3), argP(c, 4), argP(c, 5), argI(c, 6), argP(c, 7));
  }
}

/**
 * Nodal recovery of a quadrature-point field onto the count split nodes
 * (assembly/recovery.ts; incidence from recoveryIncidence), on the pool from
 * PARALLEL_MIN_ELEMENTS split nodes: each node's sums are its own, so the
 * result is the same bit for bit on any number of threads.
 * @param values nTets × 4 × ncomp f64; out count × ncomp f64 (overwritten)
 */
export function recoverSplitNodal(order: i32, count: i32, incPtr: usize, inc: usize, tetVolume: usize, values: usize, ncomp: i32, out: usize): void {
  if (!parallelAssembly(1) || count < PARALLEL_MIN_ELEMENTS) {
    recoverSplitNodalRows(order, 0, count, incPtr, inc, tetVolume, values, ncomp, out);
    return;
  }
  setArgI(0, order); setArgI(1, count); setArgP(2, incPtr); setArgP(3, inc); setArgP(4, tetVolume); setArgP(5, values); setArgI(6, ncomp); setArgP(7, out);
  resetTickets();
  dispatch(TASK_RECOVERY);
}
