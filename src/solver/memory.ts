/**
 * Memory estimate of a run, checked before anything is allocated so a mesh
 * too large for the WebAssembly address space (4 GiB, wasm32) or for the
 * configured budget (`solver.memoryLimitGiB`) is refused with a clear message
 * instead of failing deep inside the solver.
 *
 * The model is bytes ≈ (8 kB + extras) × mesh nodes + 32 MiB. The 8 kB were
 * measured (release core, 40-grain particles, wasm memory after a run:
 * 12.8–13.8 kB per node for P1 and P2 alike, of which the allocator reserves
 * up to half ahead — it doubles the memory when it grows; resident 7–9 kB per
 * node) before the two options below existed; the elasticity matrix in
 * 3 × 3 blocks, its AMG hierarchy and the Galerkin products dominate, and
 * per-tet storage is minor. The extras are computed from the options:
 *
 *   projection basis  8 bytes per node per vector (solver.diffusionProjectionVectors)
 *   symmetric storage the upper triangles of K and of M/Δt + K, half the
 *                     pattern plus the diagonal: ≈ 14.5 entries per node
 *                     with P2, ≈ 7.8 with P1 (measured pattern rows: 28 and
 *                     14.5). K's triangle lives in K's own values
 *                     (PcgStorage.inPlace): only its column indices (4
 *                     bytes) and diagonal blocks (72 bytes per node) are
 *                     new; M/Δt + K's is a copy (4 + 8 bytes per entry, 8
 *                     per node); row pointers 4 bytes per node each
 *                     (solver.symmetricStorage)
 */
import { InputError } from "../errors.js";

/** Bytes per mesh node of the base model and the fixed part. */
export const BYTES_PER_NODE = 8 * 1024;
export const BASE_BYTES = 32 * 2 ** 20;

/** Nodes per tet of particle meshes (measured: P1 ≈ 0.19, P2 ≈ 1.43). */
const NODES_PER_TET = { 1: 0.19, 2: 1.43 } as const;

/** Stored upper-triangle entries (with the diagonal) per node, by element order. */
const UPPER_ENTRIES_PER_NODE = { 1: 7.8, 2: 14.5 } as const;
/** Bytes of the symmetric storage per upper entry (K's columns; M/Δt + K's columns and values) and per node (diagonals, row pointers). */
const SYMMETRIC_BYTES_PER_ENTRY = 4 + 12, SYMMETRIC_BYTES_PER_NODE = 72 + 8 + 2 * 4;

/** What in the solver settings changes the memory per node. */
export interface MemoryOptions {
  /** solver.diffusionProjectionVectors */
  projectionVectors: number;
  /** solver.symmetricStorage */
  symmetricStorage: boolean;
}

/** The defaults of both (for estimates without a config). */
export const DEFAULT_MEMORY_OPTIONS: MemoryOptions = { projectionVectors: 32, symmetricStorage: true };

/** Estimated bytes per mesh node. */
export function bytesPerNode(order: 1 | 2, opts: MemoryOptions = DEFAULT_MEMORY_OPTIONS): number {
  return BYTES_PER_NODE + 8 * opts.projectionVectors +
    (opts.symmetricStorage ? UPPER_ENTRIES_PER_NODE[order] * SYMMETRIC_BYTES_PER_ENTRY + SYMMETRIC_BYTES_PER_NODE : 0);
}

/** Estimated solver memory (bytes) of a mesh. */
export function estimateRunBytes(nodes: number, order: 1 | 2 = 2, opts: MemoryOptions = DEFAULT_MEMORY_OPTIONS): number {
  return BASE_BYTES + bytesPerNode(order, opts) * nodes;
}

/** Estimated nodes of a particle mesh of `tets` tetrahedra. */
export function estimateNodes(tets: number, order: 1 | 2): number {
  return NODES_PER_TET[order] * tets;
}

/**
 * Refuse a run whose estimate exceeds the budget.
 * @param key the config key to name (geometry.meshSizeUm before meshing, geometry.meshFile after an import)
 * @throws InputError with the estimate, the budget and what to change
 */
export function checkMemoryBudget(nodes: number, tets: number, order: 1 | 2, limitGiB: number, key: string, opts: MemoryOptions = DEFAULT_MEMORY_OPTIONS): void {
  const bytes = estimateRunBytes(nodes, order, opts);
  if (bytes <= limitGiB * 2 ** 30) return;
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  const perNode = (bytesPerNode(order, opts) / 1024).toFixed(1);
  throw new InputError(key, `the run would need ≈ ${gib(bytes)} GiB (${Math.round(tets).toLocaleString("en")} P${order} tets, ${Math.round(nodes).toLocaleString("en")} nodes × ${perNode} kB) ` +
    `but the budget is ${limitGiB} GiB (solver.memoryLimitGiB; WebAssembly's limit is 4 GiB): use a coarser mesh or P1 elements` +
    (opts.symmetricStorage || opts.projectionVectors > 0 ? ", or save memory with solver.symmetricStorage: false and fewer solver.diffusionProjectionVectors" : ""));
}
