/**
 * Initial guesses for a sequence of solves K_k u_k = f_k whose matrix changes
 * from solve to solve (the elasticity solves of a run: K(θ) at each output
 * SOC). The last few solutions u₁…u_l span a space V; the guess is the
 * Galerkin projection of the new solution onto V in the new energy norm,
 *
 *     ū = V c,   (Vᵀ K V) c = Vᵀ f,
 *
 * the element of V closest to K⁻¹ f in ‖·‖_K. It is at least as good as any
 * multiple of the last solution (the plain warm start) and needs only f, K
 * and l products with K. Because K changes, the small l × l Gram matrix is
 * formed anew each time (unlike the diffusion steps' basis,
 * solution-projection.ts, which is kept A-orthonormal for a fixed A);
 * vectors that add nothing to the earlier ones (pivot below 1e-10 of their
 * energy) are left out of that solve's projection.
 *
 * Layout: each stored solution is n f64 in core memory (n = K's rows).
 */
import type { Core, WasmArray } from "../wasm/core.js";
import { multiplyAt, type Matrix } from "../linalg/sparse.js";

export class PreviousSolutionsGuess {
  /** stored solutions, oldest first */
  private readonly kept: WasmArray<Float64Array>[] = [];
  private readonly w: WasmArray<Float64Array>;

  /**
   * @param n unknowns per solution
   * @param capacity solutions kept (the oldest is dropped beyond it; ≥ 1)
   */
  constructor(private readonly core: Core, readonly n: number, readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`PreviousSolutionsGuess: capacity must be a positive integer (got ${capacity})`);
    this.w = core.f64(n);
  }

  /** Solutions stored (l). */
  get count(): number {
    return this.kept.length;
  }

  /**
   * u ← the projection of K⁻¹ f onto the stored solutions (left as it is
   * when none are stored).
   * @param K the matrix of this solve (constraints applied)
   * @param f its right-hand side, n f64 (core)
   * @param u out: the initial guess, n f64 (core)
   * @returns the coefficients c (empty without stored solutions; 0 for a vector left out)
   */
  guess(K: Matrix, f: WasmArray<Float64Array>, u: WasmArray<Float64Array>): Float64Array {
    const V = this.kept, l = V.length, n = this.n, ex = this.core.exports;
    if (l === 0) return new Float64Array(0);
    // G = Vᵀ K V (one product per vector, into the one work vector), r = Vᵀ f
    const G = new Float64Array(l * l), r = new Float64Array(l);
    for (let j = 0; j < l; j++) {
      multiplyAt(this.core, K, V[j].ptr, this.w.ptr);
      for (let i = 0; i < l; i++) G[i * l + j] = ex.parDot(n, V[i].ptr, this.w.ptr);
      r[j] = ex.parDot(n, V[j].ptr, f.ptr);
    }
    const c = choleskySolveDropping(G, r, l);
    ex.vecFill(n, 0, u.ptr);
    for (let i = 0; i < l; i++) if (c[i] !== 0) ex.parAxpy(n, c[i], V[i].ptr, u.ptr);
    return c;
  }

  /** Store the solution u (n f64, core; copied), dropping the oldest beyond the capacity. */
  add(u: WasmArray<Float64Array>): void {
    const slot = this.kept.length >= this.capacity ? this.kept.shift()! : this.core.f64(this.n);
    slot.view.set(u.view);
    this.kept.push(slot);
  }

  dispose(): void {
    for (const v of this.kept) v.free();
    this.kept.length = 0;
    this.w.free();
  }
}

/**
 * Solve G c = r for a symmetric positive semi-definite l × l G (row-major)
 * by Cholesky, leaving out (c_j = 0) every j whose pivot is below 1e-10 of
 * G_jj: a vector (nearly) in the span of the earlier ones.
 */
export function choleskySolveDropping(G: Float64Array, r: Float64Array, l: number): Float64Array {
  const L = new Float64Array(l * l), y = new Float64Array(l), c = new Float64Array(l);
  const kept = new Uint8Array(l);
  for (let j = 0; j < l; j++) {
    let d = G[j * l + j];
    for (let k = 0; k < j; k++) if (kept[k]) d -= L[j * l + k] * L[j * l + k];
    if (!(d > 1e-10 * G[j * l + j])) continue;
    kept[j] = 1;
    L[j * l + j] = Math.sqrt(d);
    for (let i = j + 1; i < l; i++) {
      let s = G[i * l + j];
      for (let k = 0; k < j; k++) if (kept[k]) s -= L[i * l + k] * L[j * l + k];
      L[i * l + j] = s / L[j * l + j];
    }
  }
  for (let i = 0; i < l; i++) {
    if (!kept[i]) continue;
    let s = r[i];
    for (let k = 0; k < i; k++) if (kept[k]) s -= L[i * l + k] * y[k];
    y[i] = s / L[i * l + i];
  }
  for (let i = l - 1; i >= 0; i--) {
    if (!kept[i]) continue;
    let s = y[i];
    for (let k = i + 1; k < l; k++) if (kept[k]) s -= L[k * l + i] * c[k];
    c[i] = s / L[i * l + i];
  }
  return c;
}
