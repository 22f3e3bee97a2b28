/**
 * The discrete elasticity problem with a chemical eigenstrain:
 * K(θ) u = f(θ) with K in 3 × 3 block CSR, or (symmetric) assembled straight
 * into its diagonal blocks and upper block triangle, so that its lower half
 * is never stored: at seed scale P2 that is ~0.35 GiB less at the
 * elasticity AMG setup, the run's memory peak. K depends on θ through C(θ),
 * so it is re-filled in place (same pattern) for every θ field.
 */
import type { WasmArray } from "../wasm/core.js";
import type { FeMesh } from "./mesh.js";
import {
  createMatrix, createSymBsr3, disposeSymBsr3, disposeUpperPattern, upperPattern, type SparseMatrix, type SymBsr3Matrix,
} from "../linalg/sparse.js";

/** Per-grain elastic tables (see material/grains.ts for layouts). */
export interface ElasticTables {
  C0: Float64Array;
  C1: Float64Array;
  beta: Float64Array;
}

/** Stress at the 4 quadrature points of every tet. */
export interface QuadratureStress {
  /** nTets × 4 × 6 (MPa, Voigt order 11, 22, 33, 23, 13, 12); empty when `stress` was asked not to keep it (keepSigma) */
  sigma: Float64Array;
  /** nTets × 4 volume weights (µm³); this and the next four are empty when `stress` was asked not to keep them (keepPoints) */
  weight: Float64Array;
  /** nTets × 4 θ at the points */
  theta: Float64Array;
  /** nTets × 4 von Mises stress √(3 J2) at the points (MPa) */
  vonMises: Float64Array;
  /** nTets × 4 hydrostatic stress tr(σ)/3 at the points (MPa, positive in tension) */
  hydrostatic: Float64Array;
  /** nTets × 4 largest principal stress at the points (MPa) */
  maxPrincipal: Float64Array;
  /** nTets: each tet's weighted mean of the von Mises at its points (MPa) */
  cellVonMises: Float64Array;
  /** nTets × 6: each tet's weighted mean stress (MPa, Voigt order) */
  cellStress: Float64Array;
}

/** The stress loop's arrays in core memory, as `ElasticitySystem.stress` hands them to `onCore` (layouts as in QuadratureStress). */
export interface CoreStress {
  /** nTets × 4 × 6 (MPa, Voigt order) */
  sigma: WasmArray<Float64Array>;
  /** nTets × 4 volume weights (µm³) */
  weight: WasmArray<Float64Array>;
  /** nTets × 4 θ at the points */
  theta: WasmArray<Float64Array>;
  /** the measures block: von Mises, hydrostatic, largest principal per point, then the tet means (assembly/kernels/stress-measures.ts) */
  measures: WasmArray<Float64Array>;
}

export interface StressOptions {
  /** called with the arrays while they are in core memory (freed when `stress` returns) */
  onCore?: (arrays: CoreStress) => void;
  /** false: `sigma` of the result is empty (its copy, 192 bytes a tet in fresh memory, is ~35 ms a solve at seed scale); default true */
  keepSigma?: boolean;
  /**
   * false: `weight`, `theta`, `vonMises`, `hydrostatic` and `maxPrincipal`
   * of the result are empty (for callers that take what they need in
   * `onCore`: 40 bytes a point to copy otherwise); default true
   */
  keepPoints?: boolean;
}

export class ElasticitySystem {
  readonly K: SparseMatrix | SymBsr3Matrix;
  /** eigenstrain load, 3 nNodes (MPa·µm²) */
  readonly f: WasmArray<Float64Array>;
  private readonly C0: WasmArray<Float64Array>;
  private readonly C1: WasmArray<Float64Array>;
  private readonly beta: WasmArray<Float64Array>;

  /** @param symmetric store K by its diagonal blocks and upper block triangle (SymBsr3Matrix) instead of full BSR3 */
  constructor(readonly fe: FeMesh, tables: ElasticTables, symmetric = false) {
    this.K = symmetric ? createSymBsr3(fe.core, upperPattern(fe.core, fe.pattern)) : createMatrix(fe.core, fe.pattern, "bsr3");
    this.f = fe.core.f64(3 * fe.nNodes);
    this.C0 = fe.core.fromF64(tables.C0);
    this.C1 = fe.core.fromF64(tables.C1);
    this.beta = fe.core.fromF64(tables.beta);
  }

  /**
   * Fill K(θ) and/or f(θ) for the nodal field θ (nNodes f64, core memory).
   * @returns volume (µm³)
   */
  assemble(theta: WasmArray<Float64Array>, thetaRef: number, what: { matrix?: boolean; load?: boolean } = {}): number {
    const fe = this.fe;
    const matrix = what.matrix ?? true, load = what.load ?? true, K = this.K;
    return fe.core.exports.assembleElasticity(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, fe.tetGrain.ptr,
      this.C0.ptr, this.C1.ptr, this.beta.ptr, theta.ptr, thetaRef, fe.nNodes, K.pattern.rowPtr.ptr, K.pattern.colIdx.ptr,
      matrix ? K.vals.ptr : 0, K.kind === "bsr3-sym" ? K.diag.ptr : 0, load ? this.f.ptr : 0, ...fe.colorArgs);
  }

  /**
   * Stress σ = C(θ)(ε(u) − β(θ − θ_ref)) at the quadrature points, with its
   * scalar measures and tet means (formed in the same loop).
   * @param theta nodal θ, nNodes (core memory); u nodal displacement, 3 nNodes (µm, core memory)
   */
  stress(theta: WasmArray<Float64Array>, thetaRef: number, u: WasmArray<Float64Array>, opts: StressOptions = {}): QuadratureStress {
    const fe = this.fe;
    const core = fe.core;
    const nq = 4 * fe.nTets;
    // (outputs the loop writes whole: not zeroed first)
    const s = core.f64(6 * nq, false), w = core.f64(nq, false), t = core.f64(nq, false), m = core.f64(core.exports.stressMeasuresLength(fe.nTets), false);
    // the measures are formed in the stress loop (kernels/stress-measures.ts), while each tet's stresses are in cache
    core.exports.computeStress(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, fe.tetGrain.ptr, this.C0.ptr, this.C1.ptr,
      this.beta.ptr, theta.ptr, thetaRef, u.ptr, s.ptr, w.ptr, t.ptr, m.ptr);
    // (a caller's use of the arrays while they are in core memory, e.g. nodal recovery or statistics in wasm; they are freed below)
    opts.onCore?.({ sigma: s, weight: w, theta: t, measures: m });
    const mv = m.view, nT = fe.nTets, points = opts.keepPoints ?? true, none = new Float64Array(0);
    const out: QuadratureStress = {
      sigma: opts.keepSigma ?? true ? s.copy() : none, weight: points ? w.copy() : none, theta: points ? t.copy() : none,
      vonMises: points ? mv.slice(0, nq) : none, hydrostatic: points ? mv.slice(nq, 2 * nq) : none, maxPrincipal: points ? mv.slice(2 * nq, 3 * nq) : none,
      cellVonMises: mv.slice(3 * nq, 3 * nq + nT), cellStress: mv.slice(3 * nq + nT, 3 * nq + 7 * nT),
    };
    for (const a of [s, w, t, m]) a.free();
    return out;
  }

  dispose(): void {
    if (this.K.kind === "bsr3-sym") {
      disposeSymBsr3(this.fe.core, this.K);
      disposeUpperPattern(this.K.pattern);
    } else this.K.vals.free();
    for (const a of [this.f, this.C0, this.C1, this.beta]) a.free();
  }
}
