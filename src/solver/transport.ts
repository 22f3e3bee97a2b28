/**
 * Transient Li transport (SPEC §1.2) by backward Euler:
 *
 *   (M/Δt + K) θⁿ⁺¹ = M θⁿ / Δt + F,     F_a = ∫_reactive (∓ j̄) N_a dA
 *
 * with the consistent mass M and the anisotropic stiffness K of
 * fem/diffusion.ts. Because K·1 = 0, the scheme conserves Li exactly up to
 * the linear-solver residual: 1ᵀMθⁿ⁺¹ = 1ᵀMθⁿ + Δt·1ᵀF. The residual's share
 * of that balance (at most the solver tolerance, ~1e-9 relative) is removed
 * by a uniform shift of θ — the constant is K's null vector, so the shift does
 * not change the discrete fluxes — and the defect before the shift is
 * reported. The balance after it is then a round-off statement about the
 * discrete solution: ∫θ_h dV = θ0 V ∓ j̄ A_reactive t.
 *
 * The matrix M/Δt + K depends on the mesh, the material and Δt only, not on
 * the flux: cases that differ only in their reactive surface (a comparison)
 * share one StepMatrix and step together (`advanceTogether`), their two CG
 * solves reading the matrix once per iteration for both.
 */
import type { WasmArray } from "../wasm/core.js";
import { FeMesh } from "../fem/mesh.js";
import { DiffusionSystem } from "../fem/diffusion.js";
import { createMatrix, multiplyAt, type SparseMatrix } from "../linalg/sparse.js";
import { PcgSolver, type SolveStats } from "../linalg/pcg.js";
import { SymmetricCopy } from "../linalg/symmetric-copy.js";
import { NumericalError } from "../errors.js";
import { Timings } from "./timing.js";
import { SolutionProjection, type ProjectionState } from "./solution-projection.js";
import { LinearCoarseGuess } from "./linear-coarse-guess.js";
import { toLinear } from "../mesh/quadratic.js";

export interface TransportOptions {
  /** per-grain diffusivity tensors, nGrains × 9 (µm²/s) */
  D: Float64Array;
  /** initial θ0 (uniform) */
  theta0: number;
  /**
   * signed flux density per boundary triangle (µm/s, normalized by c_max):
   * −j̄ on reactive triangles for a charge (Li leaves), +j̄ for a discharge, 0 elsewhere
   */
  triFlux: Float64Array;
  /** PCG relative tolerance */
  tol: number;
  /** PCG iteration limit */
  maxIt: number;
  /**
   * preconditioner of the step solves (default "jacobi"): "amg" is scalar
   * smoothed aggregation, set up once per time-step size and reused by every step
   */
  preconditioner?: "jacobi" | "amg";
  /**
   * earlier solutions kept for the projected initial guess (solver/solution-projection.ts;
   * default 0: the guess is θ extrapolated linearly from the last two steps)
   */
  projectionVectors?: number;
  /** CG multiplies by the upper triangle of M/dt + K (default true; PcgStorage) */
  symmetricStorage?: boolean;
  /**
   * on a quadratic mesh, correct each step's initial guess by the linear
   * problem on the mesh's corners (solver/linear-coarse-guess.ts; default
   * true; linear meshes have no coarser level and ignore it)
   */
  linearCoarseGuess?: boolean;
  /** names the case in error messages when several step together (e.g. "reactive fraction 0.667") */
  label?: string;
}

/**
 * The step matrix A = M/Δt + K of one mesh and diffusivity and its CG solver,
 * shared by the steppers of cases that differ only in their boundary flux.
 * Its assembly and preconditioner setups are charged to the first case's timings.
 */
export class StepMatrix {
  readonly sys: DiffusionSystem;
  readonly A: SparseMatrix;
  /** created at the first step, once A has values (its preconditioner is set up from them) */
  solver: PcgSolver | null = null;
  /** the Δt of A's current values (0: none yet) */
  dt = 0;

  /**
   * @param D per-grain diffusivity tensors, nGrains × 9 (µm²/s)
   * @param options the preconditioner and storage of TransportOptions
   */
  /** M's diagonal and upper triangle for the right-hand sides' products M θ (null without symmetric storage) */
  private readonly Msym: SymmetricCopy | null;

  /** the coarse correction of the steps' initial guesses (quadratic meshes; null: none) */
  readonly coarse: LinearCoarseGuess | null;

  constructor(readonly fe: FeMesh, D: Float64Array, private readonly options: Pick<TransportOptions, "preconditioner" | "symmetricStorage" | "linearCoarseGuess">,
    private readonly timings = new Timings()) {
    this.sys = new DiffusionSystem(fe, D);
    timings.measure("assemble", () => this.sys.assemble());
    this.A = createMatrix(fe.core, fe.pattern, "csr");
    this.Msym = (options.symmetricStorage ?? true) ? new SymmetricCopy(fe.core, this.sys.M) : null;
    // the coarse correction's A₁: this same system on the linear mesh of the corners (its assembly charged here too)
    this.coarse = fe.order === 2 && (options.linearCoarseGuess ?? true)
      ? new LinearCoarseGuess(fe, new StepMatrix(FeMesh.create(fe.core, toLinear(fe.mesh)), D, { preconditioner: "jacobi", symmetricStorage: true }, timings))
      : null;
  }

  /** y ← M x (core pointers, nNodes f64 each) */
  multiplyM(x: number, y: number): void {
    if (this.Msym) return this.Msym.multiply(x, y);
    multiplyAt(this.fe.core, this.sys.M, x, y);
  }

  /** y ← M x and y2 ← M x2, in one pass over M's triangle with symmetric storage; each equals multiplyM's bit for bit */
  multiplyMPair(x: number, x2: number, y: number, y2: number): void {
    if (this.Msym) return this.Msym.multiplyPair(x, x2, y, y2);
    this.multiplyM(x, y);
    this.multiplyM(x2, y2);
  }

  /** y ← A x with the product the CG solves use (after the first setStep) */
  multiplyA(x: number, y: number): void {
    this.solver!.multiply(x, y);
  }

  /** Give A the values of time step dt (nothing to do when it has them). */
  setStep(dt: number): void {
    if (dt === this.dt) return;
    const nnz = this.fe.pattern.nnz;
    this.fe.core.exports.parAxpby(nnz, 1 / dt, this.sys.M.vals.ptr, 1, this.sys.K.vals.ptr, this.A.vals.ptr);
    this.timings.measure("preconditionerSetup", () => {
      if (this.solver) this.solver.update();
      // products with the upper triangle only: the matrix is symmetric and the solve memory-bound
      else this.solver = new PcgSolver(this.fe.core, this.A, this.options.preconditioner ?? "jacobi", undefined, { symmetric: this.options.symmetricStorage ?? true });
    });
    this.coarse?.setStep(dt); // (its own setStep charges its setup)
    this.dt = dt;
  }

  dispose(): void {
    this.solver?.dispose();
    this.coarse?.dispose();
    this.Msym?.dispose();
    this.A.vals.free();
    this.sys.dispose();
  }
}

/** θ leaving [0, 1] (expected with the constant-flux model; SPEC §1.2). */
export interface OutOfRange {
  /** nodes that were outside [0, 1] at some step */
  nodes: number;
  /** time of the first step with a node outside (s) */
  firstTimeS: number | null;
  /** smallest and largest nodal θ over all steps */
  min: number;
  max: number;
}

export interface TransportStats {
  steps: number;
  itersMean: number;
  itersMax: number;
  /** largest true relative residual of a step's solve */
  relResidualMax: number;
  /** largest |mass defect| / charge passed before the conservation shift */
  massDefectBeforeShiftMax: number;
  /** largest |mass defect| / charge passed after it (the reported balance) */
  massBalanceRelError: number;
}

/** The state of a TransportStepper between steps (see saveState). */
export interface TransportState {
  time: number;
  step: number;
  /** nodal θ, nNodes */
  theta: Float64Array;
  /** θ of the step before and that step's dt (0: none), for the extrapolated initial guess */
  previous: Float64Array;
  previousDt: number;
  /** per node: 1 once θ left [0, 1] */
  flagged: Uint8Array;
  outOfRange: OutOfRange;
  itersSum: number;
  itersMax: number;
  relResMax: number;
  defectMax: number;
  balanceMax: number;
  /** basis of the projected initial guess and the time step whose matrix it belongs to (absent: none in use) */
  projection?: ProjectionState & { dt: number };
}

export class TransportStepper {
  /** nodal θ, nNodes (core memory) */
  readonly theta: WasmArray<Float64Array>;
  /** current time (s) */
  time = 0;
  /** steps taken */
  step = 0;
  /** mesh volume ∫1 dV (µm³) */
  readonly volume: number;
  /** ∫ triFlux dA: rate of change of ∫θ dV (µm³/s) */
  readonly fluxRate: number;
  readonly outOfRange: OutOfRange = { nodes: 0, firstTimeS: null, min: Infinity, max: -Infinity };

  /** M/Δt + K and its solver: this stepper's own, or shared with steppers of other fluxes */
  private readonly matrix: StepMatrix;
  private readonly ownsMatrix: boolean;
  private readonly F: WasmArray<Float64Array>;
  private readonly rhs: WasmArray<Float64Array>;
  /** lumped mass m = M·1: ∫θ_h dV = mᵀθ (n f64, core) */
  private readonly lumped: WasmArray<Float64Array>;
  /** 1 for each node that has been outside [0, 1] at some step (n u8, core) */
  private readonly flagged: WasmArray<Uint8Array>;
  /** shiftAndTrack's results (4 f64, core) */
  private readonly tracked: WasmArray<Float64Array>;
  private readonly initialAmount: number;
  /** θ of the previous step and its time step (0: none yet), for the extrapolated initial guess */
  private readonly previous: WasmArray<Float64Array>;
  private previousDt = 0;
  private readonly guess: WasmArray<Float64Array>;
  /** projected initial guesses (null: extrapolation only) */
  private readonly projection: SolutionProjection | null;
  /** the time step whose matrix M/dt + K the projection basis belongs to (0: none) */
  private projectionDt = 0;
  /** the time step of the step begun (beginStep) and not yet finished */
  private pendingDt = 0;
  private itersSum = 0;
  private itersMax = 0;
  private relResMax = 0;
  private defectMax = 0;
  private balanceMax = 0;

  /**
   * @param matrix a StepMatrix built from the same mesh and opts.D, to share with other steppers
   *   (`advanceTogether`); default: one of its own
   */
  constructor(readonly fe: FeMesh, private readonly opts: TransportOptions, private readonly timings = new Timings(), matrix?: StepMatrix) {
    const core = fe.core;
    if (matrix && matrix.fe !== fe) throw new Error("TransportStepper: the shared StepMatrix is of another mesh");
    this.ownsMatrix = !matrix;
    this.matrix = matrix ?? new StepMatrix(fe, opts.D, opts, timings);
    this.theta = core.f64(fe.nNodes);
    this.theta.view.fill(opts.theta0);
    this.rhs = core.f64(fe.nNodes);
    this.previous = core.f64(fe.nNodes);
    this.guess = core.f64(fe.nNodes);
    const nProj = opts.projectionVectors ?? 0;
    // the basis is normalized with the CG's own product (the matrix's symmetric copy)
    const step = this.matrix;
    this.projection = nProj > 0 ? new SolutionProjection(core, step.A, nProj, (x, y) => step.multiplyA(x, y)) : null;
    this.F = core.f64(fe.nNodes);
    const tf = core.fromF64(opts.triFlux);
    fe.surfaceFluxLoad(tf, this.F);
    tf.free();
    this.fluxRate = core.exports.vecSum(fe.nNodes, this.F.ptr);
    // m = M·1 by summing rows
    const m = new Float64Array(fe.nNodes);
    const rp = fe.pattern.rowPtr.view, mv = this.matrix.sys.M.vals.view;
    let V = 0;
    for (let i = 0; i < fe.nNodes; i++) {
      let s = 0;
      for (let p = rp[i]; p < rp[i + 1]; p++) s += mv[p];
      m[i] = s;
      V += s;
    }
    this.lumped = core.fromF64(m);
    this.volume = V;
    this.initialAmount = this.amount();
    this.flagged = core.u8(fe.nNodes);
    this.tracked = core.f64(4);
  }

  /** ∫θ_h dV (µm³) */
  amount(): number {
    return this.fe.core.exports.lumpedAmount(this.fe.nNodes, this.lumped.ptr, this.theta.ptr);
  }

  /** Volume-mean θ. */
  meanTheta(): number {
    return this.amount() / this.volume;
  }

  /**
   * Advance by dt seconds.
   * @throws NumericalError (phase "diffusion") if the solve fails
   */
  advance(dt: number): void {
    this.matrix.setStep(dt);
    this.matrix.multiplyM(this.theta.ptr, this.rhs.ptr);
    this.beginStep(dt);
    const s = this.timings.measure("solve", () => {
      const matrix = this.matrix;
      matrix.coarse?.correct((x, y) => matrix.multiplyA(x, y), this.rhs, this.theta);
      return matrix.solver!.solve(this.rhs, this.theta, this.solveOptions());
    });
    const add = this.finishStep(s);
    if (add) {
      this.matrix.multiplyA(add.v, add.w);
      this.projection!.addEnd();
    }
  }

  /**
   * Advance steppers that share one StepMatrix by dt seconds each, in pairs
   * whose products are formed together, each pass over a matrix serving
   * both: M θ of the right-hand sides, the CG iterations
   * (PcgSolver.solvePair) and the projection basis update. Every stepper ends
   * exactly where `advance(dt)` would have taken it; a pair's solve time is
   * charged half to each.
   * @throws NumericalError (phase "diffusion") if a solve fails
   */
  static advanceTogether(steppers: TransportStepper[], dt: number): void {
    const matrix = steppers[0]?.matrix;
    if (steppers.some((t) => t.matrix !== matrix)) throw new Error("TransportStepper.advanceTogether: the steppers must share one StepMatrix");
    for (let k = 0; k < steppers.length; k += 2) {
      const a = steppers[k], b = steppers[k + 1];
      if (!b) {
        a.advance(dt);
        continue;
      }
      matrix.setStep(dt);
      matrix.multiplyMPair(a.theta.ptr, b.theta.ptr, a.rhs.ptr, b.rhs.ptr);
      a.beginStep(dt);
      b.beginStep(dt);
      const t0 = performance.now();
      matrix.coarse?.correctPair((x, x2, y, y2) => matrix.solver!.multiplyPair(x, x2, y, y2), a.rhs, a.theta, b.rhs, b.theta);
      const [sa, sb] = matrix.solver!.solvePair(a.rhs, a.theta, b.rhs, b.theta, a.solveOptions());
      const half = (performance.now() - t0) / 2000;
      a.timings.solve += half;
      b.timings.solve += half;
      const addA = a.finishStep(sa), addB = b.finishStep(sb);
      if (addA && addB) matrix.solver!.multiplyPair(addA.v, addB.v, addA.w, addB.w);
      else if (addA) matrix.multiplyA(addA.v, addA.w);
      else if (addB) matrix.multiplyA(addB.v, addB.w);
      if (addA) a.projection!.addEnd();
      if (addB) b.projection!.addEnd();
    }
  }

  private solveOptions(): { tol: number; maxIt: number } {
    return { tol: this.opts.tol, maxIt: this.opts.maxIt };
  }

  /**
   * Everything of a step before its solve, given A set for dt and rhs = M θ:
   * the right-hand side M θ/dt + F, the initial guess in θ.
   */
  private beginStep(dt: number): void {
    // a basis of solutions of another matrix would be A-orthonormal no more (a restored one may be of this dt)
    if (this.projection && this.projectionDt !== dt) {
      this.projection.reset();
      this.projectionDt = dt;
    }
    this.pendingDt = dt;
    const core = this.fe.core, ex = core.exports, n = this.fe.nNodes;
    // rhs = M θ / dt + F
    ex.parAxpby(n, 1, this.F.ptr, 1 / dt, this.rhs.ptr, this.rhs.ptr);
    // initial guess: θ extrapolated linearly from the last two steps, θ + r (θ − θ_prev) with r = dt / dt_prev
    // (the solution moves smoothly in time, so this starts CG much closer than θ itself; the result is the same to the tolerance)
    // — or, with a projection basis, the energy-norm best guess in the span of earlier solutions
    if (this.projection && this.projection.count >= 2) {
      this.previous.view.set(this.theta.view);
      this.projection.guess(this.rhs, this.theta);
    } else if (this.previousDt > 0) {
      const r = dt / this.previousDt;
      ex.parAxpby(n, 1 + r, this.theta.ptr, -r, this.previous.ptr, this.guess.ptr);
      this.previous.view.set(this.theta.view);
      this.theta.view.set(this.guess.view);
    } else this.previous.view.set(this.theta.view);
    this.previousDt = dt;
  }

  /**
   * Everything of a step after its solve (θ holds the solution): checks,
   * statistics, conservation, the projection basis update up to its product.
   * @returns the product the basis update needs (w ← A v; then projection.addEnd()), or null without a projection
   */
  private finishStep(s: SolveStats): { v: number; w: number } | null {
    this.step++;
    this.time += this.pendingDt;
    if (!s.converged) {
      throw new NumericalError("diffusion", `CG ${s.status} after ${s.iterations} iterations at t = ${this.time.toFixed(3)} s, ` +
        `relative residual ${s.relResidual.toExponential(3)} (tolerance ${this.opts.tol})${this.opts.label ? ` (${this.opts.label})` : ""}`, this.step, s.relResidual);
    }
    this.itersSum += s.iterations;
    this.itersMax = Math.max(this.itersMax, s.iterations);
    this.relResMax = Math.max(this.relResMax, s.relResidual);
    this.conserve();
    return this.projection?.addBegin(this.theta) ?? null;
  }

  /**
   * Remove the solver's share of the mass defect by a uniform shift; record
   * both defects and θ's range. The shift, the balance after it and the range
   * share one pass over θ (the sums in the order of `amount()`).
   */
  private conserve(): void {
    const passed = this.fluxRate * this.time;
    const expected = this.initialAmount + passed;
    const defect = this.amount() - expected;
    const scale = Math.abs(passed) > 0 ? Math.abs(passed) : this.volume;
    this.defectMax = Math.max(this.defectMax, Math.abs(defect) / scale);
    const shift = -defect / this.volume;
    const r = this.outOfRange, out = this.tracked;
    this.fe.core.exports.shiftAndTrack(this.fe.nNodes, shift, this.theta.ptr, this.lumped.ptr, this.flagged.ptr, r.min, r.max, out.ptr);
    const [amount, lo, hi, fresh] = out.view;
    const after = Math.abs(amount - expected) / scale;
    if (!Number.isFinite(after)) throw new NumericalError("diffusion", "θ is not finite", this.step, after);
    this.balanceMax = Math.max(this.balanceMax, after);
    r.min = lo;
    r.max = hi;
    if (fresh > 0) {
      r.nodes += fresh;
      if (r.firstTimeS === null) r.firstTimeS = this.time;
    }
  }

  /** Everything a later step depends on (a checkpoint): restoring it continues bit for bit. */
  saveState(): TransportState {
    return {
      time: this.time, step: this.step, theta: this.theta.copy(), previous: this.previous.copy(), previousDt: this.previousDt,
      flagged: this.flagged.copy(), outOfRange: { ...this.outOfRange },
      itersSum: this.itersSum, itersMax: this.itersMax, relResMax: this.relResMax, defectMax: this.defectMax, balanceMax: this.balanceMax,
      ...(this.projection ? { projection: { ...this.projection.saveState(), dt: this.projectionDt } } : {}),
    };
  }

  /** Continue from a saved state (same mesh and options). */
  restoreState(st: TransportState): void {
    if (st.theta.length !== this.theta.length || st.flagged.length !== this.flagged.length) throw new RangeError("transport state of another mesh");
    this.time = st.time;
    this.step = st.step;
    this.theta.set(st.theta);
    this.previous.set(st.previous);
    this.previousDt = st.previousDt;
    this.flagged.set(st.flagged);
    Object.assign(this.outOfRange, st.outOfRange);
    if (this.projection) {
      if (st.projection) {
        this.projection.restoreState(st.projection);
        this.projectionDt = st.projection.dt;
      } else {
        this.projection.reset();
        this.projectionDt = 0;
      }
    }
    ({ itersSum: this.itersSum, itersMax: this.itersMax, relResMax: this.relResMax, defectMax: this.defectMax, balanceMax: this.balanceMax } = st);
  }

  stats(): TransportStats {
    return {
      steps: this.step,
      itersMean: this.step ? this.itersSum / this.step : 0,
      itersMax: this.itersMax,
      relResidualMax: this.relResMax,
      massDefectBeforeShiftMax: this.defectMax,
      massBalanceRelError: this.balanceMax,
    };
  }

  dispose(): void {
    if (this.ownsMatrix) this.matrix.dispose();
    this.projection?.dispose();
    for (const a of [this.theta, this.rhs, this.F, this.previous, this.guess, this.lumped, this.flagged, this.tracked]) a.free();
  }
}
