/**
 * Quasi-static mechanics of the free particle at one θ field (SPEC §1.3):
 *
 *   K(θ) u = f_ch(θ) + f_p,   σ = C(θ) (ε(u) − β (θ − θ_ref))
 *
 * C(θ) uses θ clamped to [0, 1] and the eigenstrain θ as computed (both in
 * the core's element kernel). The particle is free: 3-2-1 pins remove the
 * rigid-body modes; the load (eigenstrain plus a uniform pressure) is
 * self-equilibrated, so the pin reactions vanish and add no stress. The
 * rigid motion the pins leave in u is removed for output.
 */
import type { WasmArray } from "../wasm/core.js";
import type { FeMesh } from "../fem/mesh.js";
import { ElasticitySystem, type ElasticTables, type QuadratureStress } from "../fem/elasticity.js";
import { removeRigidMotion } from "../fem/rigid.js";
import { applyDirichlet, rigidBodyPins } from "../linalg/constraints.js";
import { PcgSolver, type SolveStats } from "../linalg/pcg.js";
import type { SymBsr3Matrix } from "../linalg/sparse.js";
import { elasticityAmgOptions, type AmgStats } from "../linalg/amg.js";
import { NumericalError } from "../errors.js";
import { Timings } from "./timing.js";
import { PreviousSolutionsGuess } from "./previous-solutions-guess.js";
import type { NodalRecovery } from "./recovery.js";
import { stressStatistics, type StressStatistics } from "./stress-statistics.js";

export interface MechanicsOptions {
  /** stress-free θ_ref (= θ0) */
  thetaRef: number;
  /** uniform surface pressure (MPa, positive compresses) */
  pressureMPa: number;
  tol: number;
  maxIt: number;
  /** elasticity preconditioner (default "amg") */
  preconditioner?: "amg" | "block-jacobi";
  /**
   * AMG only: after the first solve, keep its hierarchy and refresh only the
   * fine level (PcgSolver.refresh) instead of a new setup (default false); a
   * refreshed solve that needs over 1.5× (+ 5) the iterations of the last
   * fresh one makes the next solve set up anew
   */
  reusePreconditioner?: boolean;
  /**
   * K is assembled into its diagonal blocks and upper block triangle only
   * (SymBsr3Matrix; default true): CG, the AMG smoother and the AMG setup
   * all read it there, so the products move half the bytes (~1.6× faster;
   * they are memory-bound) and K takes half the memory. false: full BSR3.
   */
  symmetricStorage?: boolean;
  /**
   * Earlier solutions whose span gives each solve its initial guess (the
   * projection in K(θ)'s energy norm, PreviousSolutionsGuess; default 3, 0:
   * start from the last solution as it is)
   */
  guessSolutions?: number;
  /**
   * Return the stress at every quadrature point (MechanicsResult.stress.sigma;
   * default true). false leaves it empty: runs need only its measures and
   * tet means, which come with the same pass.
   */
  quadratureStress?: boolean;
  /**
   * Return the weights, θ and stress measures at every quadrature point
   * (MechanicsResult.stress; default true). false leaves them empty: runs
   * need only MechanicsResult.statistics, taken from them in core memory.
   */
  pointMeasures?: boolean;
}

export interface MechanicsResult {
  /** displacement without rigid motion, 3 nNodes (µm) */
  displacement: Float64Array;
  stress: QuadratureStress;
  /** the stress field's statistics over the quadrature points and per grain (SPEC §2) */
  statistics: StressStatistics;
  stats: SolveStats;
  /** AMG hierarchy of this solve (null with block Jacobi) */
  amg: AmgStats | null;
  /** largest |reaction| at the pins relative to the largest nodal load: ≈ 0 for a free particle */
  pinReactionRel: number;
  /** with a NodalRecovery given to solve: the stress recovered on its split nodes, count × 6 (MPa) */
  nodalStress?: Float64Array;
}

/**
 * Whether a solve with a kept (refreshed) AMG hierarchy needed so many more
 * iterations than the last fresh setup (over 1.5× + 5) that the next solve
 * should set up anew.
 */
function keptHierarchyTooWeak(iterations: number, freshIterations: number): boolean {
  return iterations > 1.5 * freshIterations + 5;
}

export class MechanicsSolver {
  private readonly sys: ElasticitySystem;
  /** created at the first solve, once K has values */
  private solver: PcgSolver | null = null;
  private readonly mask: WasmArray<Uint8Array>;
  private readonly pressureLoad: WasmArray<Float64Array> | null;
  /** last solution with the pins' rigid motion (warm start of the next solve) */
  private readonly u: WasmArray<Float64Array>;
  /** the last solutions (pins' rigid motion included), for the initial guesses; null when guessSolutions is 0 */
  private readonly guesses: PreviousSolutionsGuess | null;
  private readonly pins: number[];
  /** iterations of the last solve with a fresh AMG setup, and whether the kept hierarchy has become too weak to reuse */
  private freshIterations = 0;
  private stale = false;
  solves = 0;

  constructor(readonly fe: FeMesh, tables: ElasticTables, private readonly opts: MechanicsOptions, private timings = new Timings()) {
    const core = fe.core;
    this.sys = new ElasticitySystem(fe, tables, opts.symmetricStorage ?? true);
    this.pins = rigidBodyPins(fe.mesh.nodes, fe.mesh.nVertices).dofs;
    this.mask = core.u8(3 * fe.nNodes);
    for (const d of this.pins) this.mask.view[d] = 1;
    this.u = core.f64(3 * fe.nNodes);
    const keep = opts.guessSolutions ?? 3;
    this.guesses = keep > 0 ? new PreviousSolutionsGuess(core, 3 * fe.nNodes, keep) : null;
    if (opts.pressureMPa !== 0) {
      this.pressureLoad = core.f64(3 * fe.nNodes);
      const p = core.f64(fe.nTris);
      p.view.fill(opts.pressureMPa);
      fe.surfacePressureLoad(p, this.pressureLoad);
      p.free();
    } else this.pressureLoad = null;
  }

  /**
   * Solve for the nodal θ field.
   * @param theta nodal θ, nNodes (core memory)
   * @param step  label of the output step (for error messages)
   * @param recovery recover the stress onto these split nodes too (MechanicsResult.nodalStress)
   */
  solve(theta: WasmArray<Float64Array>, step: number, recovery?: NodalRecovery): MechanicsResult {
    const fe = this.fe, core = fe.core;
    const { fFree, fMax, Kpins } = this.assembleConstrained(theta);
    const solver = this.timings.measure("preconditionerSetup", () => {
      if (this.solver) {
        if (this.opts.reusePreconditioner && !this.stale) this.solver.refresh();
        else this.solver.update();
      }
      else if ((this.opts.preconditioner ?? "amg") === "amg") {
        this.solver = this.amgSolver();
      } else this.solver = new PcgSolver(core, this.sys.K, "block-jacobi");
      return this.solver;
    });
    for (const d of this.pins) this.u.view[d] = 0;
    // the earlier solutions' best combination in this K's energy norm (the pins are 0 in each)
    if (this.guesses?.count) this.timings.measure("solve", () => this.guesses!.guess(this.sys.K, this.sys.f, this.u));
    const u0 = this.u.copy();
    let stats = this.timings.measure("solve", () => solver.solve(this.sys.f, this.u, { tol: this.opts.tol, maxIt: this.opts.maxIt }));
    if (stats.status === "breakdown" && solver.amgStats && !solver.amgStats.safeBounds) {
      // an AMG smoother bound estimated too low makes the cycle indefinite: rebuild with guaranteed bounds and retry
      this.timings.measure("preconditionerSetup", () => solver.update(true));
      this.u.set(u0);
      stats = this.timings.measure("solve", () => solver.solve(this.sys.f, this.u, { tol: this.opts.tol, maxIt: this.opts.maxIt }));
    }
    this.solves++;
    const reused = solver.amgStats?.reused ?? false;
    if (!reused) this.freshIterations = stats.iterations;
    this.stale = reused && keptHierarchyTooWeak(stats.iterations, this.freshIterations);
    if (!stats.converged) {
      throw new NumericalError("elasticity", `CG ${stats.status} after ${stats.iterations} iterations, relative residual ` +
        `${stats.relResidual.toExponential(3)} (tolerance ${this.opts.tol})`, step, stats.relResidual);
    }
    // reactions r_d = (K u)_d − f_d at the pinned dofs, from the unconstrained rows
    let rMax = 0;
    const uv = this.u.view;
    for (const [d, cols, vals] of Kpins) {
      let s = -fFree[d];
      for (let k = 0; k < cols.length; k++) s += vals[k] * uv[cols[k]];
      rMax = Math.max(rMax, Math.abs(s));
    }
    this.guesses?.add(this.u);
    let nodalStress: Float64Array | undefined;
    let statistics: StressStatistics | undefined;
    const stress = this.sys.stress(theta, this.opts.thetaRef, this.u, {
      onCore: (a) => {
        if (recovery) nodalStress = recovery.recover(a.sigma, 6);
        statistics = stressStatistics(fe, a, fe.mesh.nGrains);
      },
      keepSigma: this.opts.quadratureStress ?? true,
      keepPoints: this.opts.pointMeasures ?? true,
    });
    const out = core.fromF64(this.u.view);
    removeRigidMotion(fe, out);
    const displacement = out.copy();
    out.free();
    return { displacement, stress, statistics: statistics!, stats, amg: solver.amgStats ? { ...solver.amgStats } : null, pinReactionRel: fMax > 0 ? rMax / fMax : 0, ...(nodalStress ? { nodalStress } : {}) };
  }

  /**
   * Begin another run on the same mesh and material (the next case of a
   * comparison): time is booked to the new run's timings; the kept AMG
   * hierarchy (if any) is refreshed by the first solve instead of set up
   * anew, and the earlier run's solutions still give the initial guesses
   * (results as in a run of its own to the solver tolerance).
   */
  startRun(timings: Timings): void {
    this.timings = timings;
    this.u.view.fill(0);
    this.solves = 0;
  }

  /** A new AMG-preconditioned solver of K (a full setup from K's current values). */
  private amgSolver(): PcgSolver {
    return new PcgSolver(this.fe.core, this.sys.K, "amg", elasticityAmgOptions(this.fe.mesh, this.mask.copy()));
  }

  /**
   * Assemble K(θ) and f(θ) (+ the pressure load) and apply the pins.
   * @returns the load before the constraints, its largest entry, and K's unconstrained rows at the pins (for the pin reactions)
   */
  private assembleConstrained(theta: WasmArray<Float64Array>): { fFree: Float64Array; fMax: number; Kpins: Array<[number, Int32Array, Float64Array]> } {
    const core = this.fe.core, n3 = 3 * this.fe.nNodes;
    this.timings.measure("assemble", () => this.sys.assemble(theta, this.opts.thetaRef));
    if (this.pressureLoad) core.exports.vecAxpy(n3, 1, this.pressureLoad.ptr, this.sys.f.ptr);
    // load before constraints, to measure the pin reactions afterwards
    const fFree = this.sys.f.copy();
    let fMax = 0;
    for (let i = 0; i < n3; i++) fMax = Math.max(fMax, Math.abs(fFree[i]));
    const Kpins = this.pinRows();
    applyDirichlet(core, this.sys.K, this.mask, null, this.sys.f);
    return { fFree, fMax, Kpins };
  }

  /** The unconstrained rows of K at the pinned dofs (columns, values). */
  private pinRows(): Array<[number, Int32Array, Float64Array]> {
    const K = this.sys.K;
    if (K.kind === "bsr3-sym") return this.pins.map((d) => symmetricRow(K, d));
    const rp = this.fe.pattern.rowPtr.view, ci = this.fe.pattern.colIdx.view, v = K.vals.view;
    return this.pins.map((d) => {
      const node = Math.floor(d / 3), a = d % 3;
      const lo = rp[node], hi = rp[node + 1];
      const cols = new Int32Array(3 * (hi - lo)), vals = new Float64Array(3 * (hi - lo));
      for (let p = lo; p < hi; p++) {
        for (let b = 0; b < 3; b++) {
          cols[3 * (p - lo) + b] = 3 * ci[p] + b;
          vals[3 * (p - lo) + b] = v[9 * p + 3 * a + b];
        }
      }
      return [d, cols, vals];
    });
  }

  dispose(): void {
    this.solver?.dispose();
    this.sys.dispose();
    this.mask.free();
    this.u.free();
    this.guesses?.dispose();
    this.pressureLoad?.free();
  }
}

/** Scalar row d of a symmetric-storage K: its lower blocks (transposed upper ones), diagonal block and upper blocks. */
function symmetricRow(K: SymBsr3Matrix, d: number): [number, Int32Array, Float64Array] {
  const node = Math.floor(d / 3), a = d % 3;
  const { rowPtr, colIdx, lower } = K.pattern, v = K.vals.view;
  const cols: number[] = [], vals: number[] = [];
  const lr = lower.rowPtr.view, lc = lower.colIdx.view, lp = lower.pos.view;
  for (let t = lr[node]; t < lr[node + 1]; t++) {
    // block (node, J) = U_J,nodeᵀ: its row a is column a of U_J,node
    for (let b = 0; b < 3; b++) { cols.push(3 * lc[t] + b); vals.push(v[9 * lp[t] + 3 * b + a]); }
  }
  for (let b = 0; b < 3; b++) { cols.push(3 * node + b); vals.push(K.diag.view[9 * node + 3 * a + b]); }
  const ur = rowPtr.view, uc = colIdx.view;
  for (let p = ur[node]; p < ur[node + 1]; p++) {
    for (let b = 0; b < 3; b++) { cols.push(3 * uc[p] + b); vals.push(v[9 * p + 3 * a + b]); }
  }
  return [d, Int32Array.from(cols), Float64Array.from(vals)];
}
