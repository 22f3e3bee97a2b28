/**
 * Memory estimate of a run, checked before anything is allocated so a mesh
 * too large for the WebAssembly address space (4 GiB, wasm32) or for the
 * configured budget (`solver.memoryLimitGiB`) is refused with a clear message
 * instead of failing deep inside the solver.
 *
 * The model is bytes ≈ 8 kB × mesh nodes + 32 MiB. Measured (release core,
 * 40-grain particles, wasm memory after a run): 12.8–13.8 kB per node for P1
 * and P2 alike — the elasticity matrix in 3 × 3 blocks, its AMG hierarchy
 * and the Galerkin products dominate, and per-tet storage is minor — of which
 * the allocator reserves up to half ahead (it doubles the memory when it
 * grows); resident memory was 7–9 kB per node.
 */
import { InputError } from "../errors.js";

/** Bytes per mesh node and the fixed part of the model. */
export const BYTES_PER_NODE = 8 * 1024;
export const BASE_BYTES = 32 * 2 ** 20;

/** Nodes per tet of particle meshes (measured: P1 ≈ 0.19, P2 ≈ 1.43). */
const NODES_PER_TET = { 1: 0.19, 2: 1.43 } as const;

/** Estimated solver memory (bytes) of a mesh. */
export function estimateRunBytes(nodes: number): number {
  return BASE_BYTES + BYTES_PER_NODE * nodes;
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
export function checkMemoryBudget(nodes: number, tets: number, order: 1 | 2, limitGiB: number, key: string): void {
  const bytes = estimateRunBytes(nodes);
  if (bytes <= limitGiB * 2 ** 30) return;
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  throw new InputError(key, `the run would need ≈ ${gib(bytes)} GiB (${Math.round(tets).toLocaleString("en")} P${order} tets, ${Math.round(nodes).toLocaleString("en")} nodes × ${BYTES_PER_NODE / 1024} kB) ` +
    `but the budget is ${limitGiB} GiB (solver.memoryLimitGiB; WebAssembly's limit is 4 GiB): use a coarser mesh or P1 elements`);
}
