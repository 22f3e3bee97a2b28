/**
 * The discrete diffusion operator: stiffness K (∫∇N·D∇N) and consistent mass
 * M (∫N N) on the mesh pattern, with each grain's rotated D. Both are
 * constant in time for a fixed mesh and material, so they are assembled once.
 */
import type { WasmArray } from "../wasm/core.js";
import type { FeMesh } from "./mesh.js";
import { createMatrix, type SparseMatrix } from "../linalg/sparse.js";

export class DiffusionSystem {
  readonly K: SparseMatrix;
  readonly M: SparseMatrix;
  private readonly D: WasmArray<Float64Array>;
  /** mesh volume from the mass rule (µm³), set by assemble() */
  volume = 0;

  /**
   * @param Dgrain per-grain diffusivity tensors, nGrains × 9 (µm²/s, row-major)
   */
  constructor(readonly fe: FeMesh, Dgrain: Float64Array) {
    this.K = createMatrix(fe.core, fe.pattern, "csr");
    this.M = createMatrix(fe.core, fe.pattern, "csr");
    this.D = fe.core.fromF64(Dgrain);
  }

  /** Assemble K and M. @returns volume (µm³) */
  assemble(): number {
    const fe = this.fe;
    this.volume = fe.core.exports.assembleDiffusion(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, fe.tetGrain.ptr, this.D.ptr,
      fe.nNodes, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, this.K.vals.ptr, this.M.vals.ptr, ...fe.colorArgs);
    return this.volume;
  }

  dispose(): void {
    this.K.vals.free();
    this.M.vals.free();
    this.D.free();
  }
}
