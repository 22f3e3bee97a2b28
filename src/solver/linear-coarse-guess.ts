/**
 * A coarse correction of the diffusion steps' initial guesses on quadratic
 * meshes, from the linear (P1) problem on the mesh's corners.
 *
 * Each step solves A θ = b, A = M/Δt + K, by Jacobi-preconditioned CG from a
 * guess θ₀ (the projection of solution-projection.ts, or θ extrapolated).
 * Before the solve the guess gets
 *
 *     θ₀ ← θ₀ + I e,    A₁ e = Iᵀ (b − A θ₀)  (to a loose tolerance),
 *
 * where I interpolates corner values into the quadratic field (a mid-edge
 * node takes the mean of its edge's corners) and A₁ = M₁/Δt + K₁ is the same
 * problem assembled on the linear mesh of the corners — the P1 space is part
 * of the P2 one, and with straight edges A₁ = Iᵀ A I (the mesh's curved
 * surface edges make it differ slightly there). This is one two-grid
 * coarse-grid correction applied to the guess only, not inside every CG
 * iteration as a preconditioner would: it costs one product with A, a
 * restriction, a P1 solve of ~10 Jacobi-CG iterations and a prolongation per
 * step, and it takes from the guess the smooth part of its error that
 * Jacobi-CG reduces slowest. The result is the same to the solver tolerance
 * (CG still runs to it from the corrected guess). Measured in
 * docs/solvers.md ("The diffusion steps", item 6).
 *
 * Layout: fine vectors nNodes f64, coarse vectors nVertices f64 (core).
 */
import type { WasmArray } from "../wasm/core.js";
import type { FeMesh } from "../fem/mesh.js";
import type { PcgSolver } from "../linalg/pcg.js";
import { midEdgeEnds } from "../linalg/linear-interpolation.js";

/**
 * What the correction uses of the corners' step matrix: a StepMatrix
 * (solver/transport.ts) of the linear mesh of the corners (`toLinear`), with
 * the fine system's diffusivities, Jacobi and symmetric storage.
 */
export interface CoarseStepMatrix {
  readonly fe: FeMesh;
  /** A₁'s CG solver (after setStep) */
  readonly solver: PcgSolver | null;
  /** give A₁ = M₁/Δt + K₁ the values of time step dt */
  setStep(dt: number): void;
  dispose(): void;
}

/**
 * Relative residual the P1 solve stops at. The fine CG's iterations were the
 * same with 1e-2, 1e-4 and 1e-8 and within 3 % with 1e-1 (seed-scale P2
 * particle, 60 paired steps), so the coarse solve is kept short.
 */
export const COARSE_GUESS_TOLERANCE = 0.1;
const COARSE_GUESS_MAX_ITERATIONS = 500;

export class LinearCoarseGuess {
  /** P1 CG iterations of all corrections so far */
  iterations = 0;
  /** corrections given up because the P1 solve did not converge (the guess is then left as it was) */
  skipped = 0;
  private readonly ends: WasmArray<Int32Array>;
  private readonly r: WasmArray<Float64Array>;
  private readonly r2: WasmArray<Float64Array>;
  private readonly rc: WasmArray<Float64Array>;
  private readonly rc2: WasmArray<Float64Array>;
  private readonly e: WasmArray<Float64Array>;
  private readonly e2: WasmArray<Float64Array>;

  /**
   * @param fe a quadratic mesh (order 2)
   * @param coarse the step matrix of its corners' linear mesh (owned: disposed with this, its mesh too)
   */
  constructor(private readonly fe: FeMesh, readonly coarse: CoarseStepMatrix) {
    if (fe.order !== 2) throw new Error("LinearCoarseGuess: a quadratic mesh is expected");
    const core = fe.core, mesh = fe.mesh;
    const n = fe.nNodes, nV = mesh.nVertices;
    if (coarse.fe.nNodes !== nV) throw new Error("LinearCoarseGuess: the coarse step matrix is not of the mesh's corners");
    this.ends = core.fromI32(midEdgeEnds(mesh.tets, nV, n));
    this.r = core.f64(n); this.r2 = core.f64(n);
    this.rc = core.f64(nV); this.rc2 = core.f64(nV);
    this.e = core.f64(nV); this.e2 = core.f64(nV);
  }

  /** Give A₁ the values of time step dt (nothing to do when it has them). */
  setStep(dt: number): void {
    this.coarse.setStep(dt);
  }

  /**
   * θ ← θ + I A₁⁻¹ Iᵀ (b − A θ), A₁⁻¹ to COARSE_GUESS_TOLERANCE.
   * @param multiply y ← A x with the fine step matrix (core pointers, nNodes f64)
   * @param b the step's right-hand side, nNodes f64
   * @param theta in: the guess; out: the corrected guess, nNodes f64
   */
  correct(multiply: (x: number, y: number) => void, b: WasmArray<Float64Array>, theta: WasmArray<Float64Array>): void {
    multiply(theta.ptr, this.r.ptr);
    this.restrict(b, this.r, this.rc, this.e);
    const s = this.coarse.solver!.solve(this.rc, this.e, { tol: COARSE_GUESS_TOLERANCE, maxIt: COARSE_GUESS_MAX_ITERATIONS });
    this.prolong(s.converged, s.iterations, this.e, theta);
  }

  /**
   * `correct` for two steps of the same A at once, with the products of both
   * in one pass over each matrix; each result equals `correct`'s bit for bit.
   * @param multiplyPair y ← A x and y2 ← A x2 (core pointers)
   */
  correctPair(multiplyPair: (x: number, x2: number, y: number, y2: number) => void,
    b: WasmArray<Float64Array>, theta: WasmArray<Float64Array>, b2: WasmArray<Float64Array>, theta2: WasmArray<Float64Array>): void {
    multiplyPair(theta.ptr, theta2.ptr, this.r.ptr, this.r2.ptr);
    this.restrict(b, this.r, this.rc, this.e);
    this.restrict(b2, this.r2, this.rc2, this.e2);
    const [s, s2] = this.coarse.solver!.solvePair(this.rc, this.e, this.rc2, this.e2, { tol: COARSE_GUESS_TOLERANCE, maxIt: COARSE_GUESS_MAX_ITERATIONS });
    this.prolong(s.converged, s.iterations, this.e, theta);
    this.prolong(s2.converged, s2.iterations, this.e2, theta2);
  }

  /** rc ← Iᵀ (b − r) with r = A θ on entry (r is overwritten), e ← 0 (the P1 solve's start) */
  private restrict(b: WasmArray<Float64Array>, r: WasmArray<Float64Array>, rc: WasmArray<Float64Array>, e: WasmArray<Float64Array>): void {
    const ex = this.fe.core.exports, n = this.fe.nNodes, nV = this.fe.mesh.nVertices;
    ex.parAxpby(n, 1, b.ptr, -1, r.ptr, r.ptr);
    ex.linearRestrict(nV, n, this.ends.ptr, r.ptr, rc.ptr);
    ex.vecFill(nV, 0, e.ptr);
  }

  private prolong(converged: boolean, iterations: number, e: WasmArray<Float64Array>, theta: WasmArray<Float64Array>): void {
    this.iterations += iterations;
    if (!converged) {
      this.skipped++;
      return;
    }
    this.fe.core.exports.linearProlongAdd(this.fe.mesh.nVertices, this.fe.nNodes, this.ends.ptr, e.ptr, theta.ptr);
  }

  dispose(): void {
    for (const a of [this.ends, this.r, this.r2, this.rc, this.rc2, this.e, this.e2]) a.free();
    this.coarse.dispose();
    this.coarse.fe.dispose();
  }
}
