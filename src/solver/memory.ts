/**
 * Memory estimate of a run, checked before anything is allocated so a mesh
 * too large for the WebAssembly address space (4 GiB, wasm32) or for the
 * configured budget (`solver.memoryLimitGiB`) is refused with a clear message
 * instead of failing deep inside the solver.
 *
 * What is estimated is the highest address the core's allocator reaches —
 * wasm memory is never given back, so that, not the bytes live at any one
 * time, is what a run needs of the 4 GiB. A run's diffusion and its
 * elasticity solves do not overlap (simulate.ts, runCases), and the peak is
 * the first elasticity solve's AMG setup: the elasticity matrix (diagonal
 * blocks and upper block triangle, sparse/bsr3-sym.ts), the prolongator, a
 * block of the Galerkin product and the coarse levels. The diffusion phase
 * stays below the model even with every option at its most costly: a
 * compare's two cases step together, so both projection bases are live, and
 * with 200 vectors each a 115k-node P2 compare grew the wasm memory to 5.7 kB
 * per node (0.578 → 0.649 GiB against 32 vectors; docs/solvers.md), so the
 * estimate does not depend on them.
 *
 * Model: bytes ≈ BASE_BYTES + BYTES_PER_NODE × mesh nodes, the per-node
 * figure being 1.16× the largest measured (release core, 100-grain
 * particles, `compare` or `run` with the defaults; highest core address
 * after the 32 MiB base, with K assembled symmetric, 2026-12-03):
 *
 *                                      2 threads           1 thread
 *   P2   80,776 tets / 115,467 nodes   0.517 GiB 4.41 kB   0.557 GiB 4.78 kB
 *   P2  287,802 tets / 400,841 nodes   1.258 GiB 3.21 kB   1.235 GiB 3.15 kB
 *   P1  287,802 tets /  52,946 nodes   0.250 GiB 4.33 kB   0.248 GiB 4.29 kB
 *   P1 1,982,766 tets / 349,395 nodes  1.842 GiB 5.43 kB   1.864 GiB 5.50 kB
 *
 * Since the AMG's P1 level on quadratic meshes (src/linalg/amg.ts,
 * linearCoarseSpace; no smoothed prolongator on the P2 level) the seed-scale
 * P2 run reaches 1.007 GiB, 2.55 kB per node (2 threads, 2026-12-03
 * evening): P2 is further below the figure, which P1 sets.
 *
 * Since the stress loop also forms the per-point measures and tet means
 * (2026-12-04 night: 152 more bytes per tet while a snapshot's stresses are
 * in core memory), the stress phase's blocks reach higher than before: the
 * highest end of the blocks allocated from TypeScript (hooking
 * Core.allocate; the core's own small workspaces not seen; 2 threads) went
 * 0.258 → 0.273 GiB in the seed-scale P1 compare and 1.524 → 1.729 GiB in
 * the 2M-tet P1 run — still below the 1.864 GiB highest address measured
 * above at the setup, and the model's 2.16 GiB for that mesh.
 *
 * The live bytes are the same on 1 and 2 threads; where the allocator
 * places the blocks (and so the highest address) is not. P1 meshes have
 * ~5.5 tets per node, whose per-tet arrays — connectivity, quadrature-point
 * stresses on their way out — weigh more per node than with P2's 0.7, so P1
 * sets the figure. The process needs more than this: Node, the
 * worker threads, the mesh and the results as JavaScript arrays
 * (bench/RESULTS.md has whole-process peaks).
 */
import { InputError } from "../errors.js";

/** Bytes per mesh node (P1 and P2 alike) and the fixed part. */
export const BYTES_PER_NODE = 6.4 * 1024;
export const BASE_BYTES = 32 * 2 ** 20;

/** Nodes per tet of particle meshes (measured: P1 ≈ 0.19, P2 ≈ 1.43). */
const NODES_PER_TET = { 1: 0.19, 2: 1.43 } as const;

/** Estimated solver memory (bytes) of a mesh of `nodes` nodes, P1 or P2. */
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
  const perNode = (BYTES_PER_NODE / 1024).toFixed(1);
  throw new InputError(key, `the run would need ≈ ${gib(bytes)} GiB (${Math.round(tets).toLocaleString("en")} P${order} tets, ${Math.round(nodes).toLocaleString("en")} nodes × ${perNode} kB) ` +
    `but the budget is ${limitGiB} GiB (solver.memoryLimitGiB; WebAssembly's limit is 4 GiB): use a coarser mesh` + (order === 2 ? " or P1 elements" : ""));
}
