/**
 * Initial guesses for a sequence of solves A xₖ = bₖ with one SPD matrix A
 * and changing right-hand sides (the diffusion steps of one time-step size):
 * the projection method of Fischer (Comput. Methods Appl. Mech. Engrg. 163,
 * 1998). The solutions of earlier steps span a space X; with an A-orthonormal
 * basis x̃₁…x̃ₗ of X (x̃ᵢᵀ A x̃ⱼ = δᵢⱼ), the best approximation of the new
 * solution in the energy norm needs only the right-hand side,
 *
 *     x̄ = Σᵢ (x̃ᵢᵀ b) x̃ᵢ          (since x̃ᵢᵀ b = x̃ᵢᵀ A x),
 *
 * so CG starts from x̄ and only has to find the part of x outside X. After
 * the solve the correction x − x̄ (A-orthogonal to X up to the solver
 * tolerance, and made so again here) joins the basis; when it has `capacity`
 * vectors the basis restarts from the latest solution.
 *
 * Cost per step: one product with A (to normalize the new vector) and about
 * 4 l vector passes; memory: capacity × n f64 in the core.
 *
 * Layout: `basis` is capacity × n f64 in core memory, vector i at offset i·n.
 */
import type { Core, WasmArray } from "../wasm/core.js";
import { multiplyAt, type SparseMatrix } from "../linalg/sparse.js";

/** The state of a SolutionProjection (for checkpoints). */
export interface ProjectionState {
  /** vectors in use */
  count: number;
  /** the basis, count × n f64 */
  basis: Float64Array;
}

export class SolutionProjection {
  /** vectors in use (l) */
  count = 0;
  private readonly basis: WasmArray<Float64Array>;
  /** energy of the last guess, x̄ᵀ A x̄ = Σ (x̃ᵢᵀ b)² */
  private guessEnergy = 0;
  /** x̄ holds the projection for the solution `add` will get */
  private projected = false;
  private readonly xbar: WasmArray<Float64Array>;
  private readonly v: WasmArray<Float64Array>;
  private readonly w: WasmArray<Float64Array>;

  /** y ← A x (core pointers) */
  private readonly multiply: (x: number, y: number) => void;

  /**
   * @param A the matrix (its values must stay fixed while the basis is in use: call `reset()` when they change)
   * @param capacity basis vectors kept (≥ 1)
   * @param multiply y ← A x (core pointers, n f64 each), e.g. with A's symmetric copy; default: A's own product
   */
  constructor(private readonly core: Core, private readonly A: SparseMatrix, readonly capacity: number, multiply?: (x: number, y: number) => void) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`SolutionProjection: capacity must be a positive integer (got ${capacity})`);
    if (A.kind !== "csr") throw new Error("SolutionProjection: a scalar CSR matrix is expected");
    const n = A.n;
    // (not zeroed: only vectors [0, count) are read, each written first; its pages are first touched by those writes, on the pool)
    this.basis = core.f64(capacity * n, false);
    this.xbar = core.f64(n);
    this.v = core.f64(n);
    this.w = core.f64(n);
    this.multiply = multiply ?? ((x, y) => multiplyAt(core, A, x, y));
  }

  private at(i: number): number {
    return this.basis.ptr + 8 * i * this.A.n;
  }

  /** Forget the basis (the matrix changed). */
  reset(): void {
    this.count = 0;
    this.projected = false;
  }

  /**
   * x ← x̄, the energy-norm best approximation of A⁻¹b in the basis. With an
   * empty basis x is left as it is (the caller's guess).
   * @param b right-hand side, n f64 (core)
   * @param x out: initial guess, n f64 (core)
   * @returns whether a projection was made
   */
  guess(b: WasmArray<Float64Array>, x: WasmArray<Float64Array>): boolean {
    if (this.count === 0) return false;
    const ex = this.core.exports, n = this.A.n;
    ex.vecFill(n, 0, this.xbar.ptr);
    let e = 0;
    for (let i = 0; i < this.count; i++) {
      const a = ex.parDot(n, this.at(i), b.ptr);
      e += a * a;
      ex.parAxpy(n, a, this.at(i), this.xbar.ptr);
    }
    this.guessEnergy = e;
    this.projected = true;
    x.view.set(this.xbar.view);
    return true;
  }

  /**
   * Add the solution x of the last solve to the space: its part A-orthogonal
   * to the basis (x − x̄ when `guess` projected, x itself otherwise),
   * re-orthogonalized against the basis and normalized with one product with A.
   * A vector that adds nothing (energy below 1e-20 of x's) is skipped.
   * @param x the solution, n f64 (core); not modified
   */
  add(x: WasmArray<Float64Array>): void {
    const { v, w } = this.addBegin(x);
    this.multiply(v, w);
    this.addEnd();
  }

  /**
   * `add` in two halves around its product, so that the products of several
   * projections can be formed together: the caller puts A v into w (core
   * pointers, n f64) and then calls addEnd.
   */
  addBegin(x: WasmArray<Float64Array>): { v: number; w: number } {
    const ex = this.core.exports, n = this.A.n;
    if (this.count === this.capacity) this.count = 0; // restart from the latest solution
    const v = this.v.ptr;
    // start from x − x̄ when x̄ is x's projection (less cancellation), else from x
    if (this.count > 0 && this.projected) ex.parAxpby(n, 1, x.ptr, -1, this.xbar.ptr, v);
    else {
      this.v.view.set(x.view);
      this.guessEnergy = 0;
    }
    this.projected = false;
    return { v, w: this.w.ptr };
  }

  /** The rest of `add`, given w = A v (addBegin). */
  addEnd(): void {
    const ex = this.core.exports, n = this.A.n;
    const v = this.v.ptr, w = this.w.ptr;
    // v ← v − Σ βᵢ x̃ᵢ with βᵢ = x̃ᵢᵀ A v; then vᵀAv = (old v)ᵀ w − Σ βᵢ²
    let energy = ex.parDot(n, v, w);
    const xEnergy = this.guessEnergy + energy; // x = x̄ + v with x̄ ⟂_A v (to the solver tolerance)
    for (let i = 0; i < this.count; i++) {
      const beta = ex.parDot(n, this.at(i), w);
      ex.parAxpy(n, -beta, this.at(i), v);
      energy -= beta * beta;
    }
    if (!(energy > 1e-20 * xEnergy)) return;
    const slot = this.at(this.count);
    ex.vecFill(n, 0, slot);
    ex.parAxpy(n, 1 / Math.sqrt(energy), v, slot);
    this.count++;
  }

  /** Copy of the basis in use (for checkpoints). */
  saveState(): ProjectionState {
    return { count: this.count, basis: this.basis.view.slice(0, this.count * this.A.n) };
  }

  /** Continue from a saved state (same matrix). */
  restoreState(s: ProjectionState): void {
    if (s.count > this.capacity || s.basis.length !== s.count * this.A.n) throw new RangeError("projection state of another system");
    this.basis.view.set(s.basis);
    this.count = s.count;
    this.projected = false;
  }

  dispose(): void {
    for (const a of [this.basis, this.xbar, this.v, this.w]) a.free();
  }
}
