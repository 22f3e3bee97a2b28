/**
 * Preconditioned conjugate gradients on a core sparse matrix.
 * The solver owns its preconditioner data; call `update()` after the matrix
 * values change (the pattern never does).
 */
import type { Core, WasmArray } from "../wasm/core.js";
import { invertDiagonalBlocks, type Matrix } from "./sparse.js";
import { SymmetricCopy } from "./symmetric-copy.js";
import { NumericalError } from "../errors.js";
import { AmgPreconditioner, type AmgOptions, type AmgStats } from "./amg.js";

export type PreconditionerKind = "none" | "jacobi" | "block-jacobi" | "amg";

export interface PcgOptions {
  /** relative tolerance on the true residual ‖b − Ax‖/‖b‖ (default 1e-8) */
  tol?: number;
  /** iteration limit (default 5000) */
  maxIt?: number;
  /** record the relative recursive residual of every iteration */
  history?: boolean;
}

export type PcgStatus = "converged" | "max-iterations" | "breakdown" | "not-finite";

export interface SolveStats {
  iterations: number;
  /** true relative residual ‖b − Ax‖/‖b‖ at exit */
  relResidual: number;
  status: PcgStatus;
  converged: boolean;
  /** relative residual per iteration (when requested) */
  history?: Float64Array;
}

/** Throw a RangeError naming the argument when a vector does not have n entries. */
export function checkLength(name: string, v: { length: number }, n: number): void {
  if (v.length !== n) throw new RangeError(`${name} has ${v.length} entries, expected ${n}`);
}

const STATUS: PcgStatus[] = ["converged", "max-iterations", "breakdown", "not-finite"];

/**
 * How the solver stores a full (CSR or BSR3) matrix it multiplies by. A
 * matrix already in symmetric storage (SymBsr3Matrix) is used as it is.
 */
export interface PcgStorage {
  /**
   * multiply by a copy of the diagonal (blocks) and upper triangle
   * (sparse/csr-sym.ts, sparse/bsr3-sym.ts; for AMG also in its fine-level
   * smoother) — half the matrix bytes per product, ~1.6× faster on large
   * memory-bound systems, for half the matrix's memory more (the full matrix
   * stays: assembly, constraints and the AMG setup use it)
   */
  symmetric?: boolean;
}

export class PcgSolver {
  /** the operator CG multiplies by: A itself, or the symmetric copy's */
  private readonly op: number;
  /** the upper-triangle copy of a full A (symmetric storage) */
  private readonly sym: SymmetricCopy | null = null;
  private pc: number;
  private readonly pcData: WasmArray<Float64Array> | null = null;
  private readonly amg: AmgPreconditioner | null = null;
  private readonly stats: WasmArray<Float64Array>;

  /**
   * @param amgOptions for "amg": required for a BSR3 matrix (node coordinates for the rigid-body modes, constrained dofs);
   *   optional for a scalar CSR one (near-nullspace: the constant)
   * @param storage how the products with A are done (default: A as it is)
   */
  constructor(
    private readonly core: Core,
    readonly A: Matrix,
    readonly preconditioner: PreconditionerKind = A.kind === "csr" ? "jacobi" : "block-jacobi",
    amgOptions?: AmgOptions,
    storage: PcgStorage = {},
  ) {
    const ex = core.exports;
    const { rowPtr, colIdx } = A.pattern;
    if (preconditioner === "block-jacobi" && A.kind === "csr") throw new Error("block-jacobi needs a BSR3 matrix");
    if (preconditioner === "amg" && !amgOptions && A.kind !== "csr") throw new Error("the amg preconditioner for a BSR3 (elasticity) matrix needs amgOptions (node coordinates)");
    this.stats = core.f64(4);
    // the preconditioner is built from A before the symmetric copy exists: the AMG setup's
    // transient products are then not live beside it
    if (preconditioner === "amg") {
      this.amg = new AmgPreconditioner(core, A, amgOptions);
      this.pc = 0;
    } else {
      this.pcData = preconditioner === "none" ? null : core.f64(preconditioner === "jacobi" ? A.n : 3 * A.n);
      const kind = preconditioner === "none" ? ex.PC_NONE.value : preconditioner === "jacobi" ? ex.PC_JACOBI.value : ex.PC_BLOCK_JACOBI3.value;
      this.pc = ex.preconditionerCreate(kind, A.n, this.pcData?.ptr ?? 0);
      this.pointPreconditioner();
    }
    if (A.kind === "bsr3-sym") {
      this.op = ex.operatorCreateSymmetric(ex.OP_BSR3_SYM.value, A.n, A.diag.ptr, rowPtr.ptr, colIdx.ptr, A.vals.ptr);
    } else if (storage.symmetric) {
      this.sym = new SymmetricCopy(core, A);
      this.op = this.sym.op;
    } else {
      this.op = ex.operatorCreate(A.kind === "csr" ? ex.OP_CSR.value : ex.OP_BSR3.value, A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr);
    }
    if (this.amg) this.useAmg();
  }

  /** The AMG hierarchy's statistics (levels, operator complexity, setup time), or null. */
  get amgStats(): AmgStats | null {
    return this.amg?.stats ?? null;
  }

  /**
   * Recompute the preconditioner from the current matrix values.
   * @param safe AMG only: guaranteed (Gershgorin) smoother bounds, see AmgPreconditioner.update
   */
  update(safe = false): void {
    if (this.amg) this.amg.update(safe);
    else this.pointPreconditioner();
    this.sym?.refresh();
    if (this.amg) this.useAmg();
  }

  /**
   * Follow new matrix values at a fraction of `update()`'s cost: for AMG, the
   * earlier hierarchy with a new fine-level diagonal and smoother bound
   * (AmgPreconditioner.refreshFine); the other preconditioners are cheap and
   * are simply recomputed.
   */
  refresh(): void {
    if (!this.amg) return this.update();
    this.amg.refreshFine();
    this.sym?.refresh();
    this.useAmg();
  }

  /** Jacobi / block Jacobi / none: the (block) diagonal inverse from A. */
  private pointPreconditioner(): void {
    const ex = this.core.exports;
    const { rowPtr, colIdx } = this.A.pattern;
    if (!this.pcData) return;
    const A = this.A;
    if (this.preconditioner === "block-jacobi") {
      const bad = invertDiagonalBlocks(this.core, A, this.pcData);
      if (bad >= 0) throw new NumericalError("preconditioner", `diagonal block of node ${bad} is singular`);
      return;
    }
    if (A.kind === "bsr3-sym") ex.bsr3SymDiagonal(A.n / 3, A.diag.ptr, this.pcData.ptr);
    else if (A.kind === "csr") ex.csrDiagonal(A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, this.pcData.ptr);
    else ex.bsr3Diagonal(this.A.n / 3, rowPtr.ptr, colIdx.ptr, this.A.vals.ptr, this.pcData.ptr);
    const d = this.pcData.view;
    for (let i = 0; i < d.length; i++) {
      if (!(d[i] > 0)) throw new NumericalError("preconditioner", `diagonal entry ${i} is ${d[i]} (matrix not SPD)`, null, d[i]);
      d[i] = 1 / d[i];
    }
  }

  /** Hand the (new) AMG hierarchy to the core's preconditioner, its fine level on the symmetric storage. */
  private useAmg(): void {
    const ex = this.core.exports;
    this.useSymmetricFineLevel();
    if (this.pc) ex.free(this.pc);
    this.pc = ex.preconditionerCreate(ex.PC_AMG.value, this.A.n, this.amg!.ptr);
  }

  /** Let the AMG smoother's fine-level products use the symmetric copy too (BSR3 fine levels; a one-level hierarchy has none). */
  private useSymmetricFineLevel(): void {
    const s = this.sym, amg = this.amg;
    if (!s || !amg || this.A.kind !== "bsr3" || (amg.stats?.levels ?? 1) < 2) return;
    this.core.exports.amgSetFineSymmetric(amg.ptr, s.diag.ptr, s.row.ptr, s.col.ptr, s.val.ptr);
  }

  /**
   * Solve A x = b; x holds the initial guess on entry.
   * @param b right-hand side (n f64, core memory)
   * @param x solution (n f64, core memory)
   */
  solve(b: WasmArray<Float64Array>, x: WasmArray<Float64Array>, opts: PcgOptions = {}): SolveStats {
    const { tol, maxIt } = this.checkSolve(opts, b, x);
    const hist = opts.history ? this.core.f64(maxIt + 1) : null;
    this.core.exports.pcg(this.op, this.pc, b.ptr, x.ptr, tol, maxIt, this.stats.ptr, hist?.ptr ?? 0);
    return this.readStats(this.stats, hist);
  }

  /**
   * Solve A x = b and A x2 = b2 together: the two CG iterations run in step and,
   * with symmetric scalar storage, form their products in one pass over the
   * matrix (a pair product 1.3–1.4× faster than two; a CG iteration of the
   * pair ~1.3× at seed scale). Each solve's result and stats are those
   * `solve` gives it alone, bit for bit.
   * @param b, b2 right-hand sides (n f64, core memory)
   * @param x, x2 solutions, initial guesses on entry (n f64, core memory; distinct)
   */
  solvePair(b: WasmArray<Float64Array>, x: WasmArray<Float64Array>, b2: WasmArray<Float64Array>, x2: WasmArray<Float64Array>,
    opts: PcgOptions = {}): [SolveStats, SolveStats] {
    const { tol, maxIt } = this.checkSolve(opts, b, x, b2, x2);
    if (x.ptr === x2.ptr) throw new RangeError("PcgSolver.solvePair: x and x2 must be distinct arrays");
    const stats2 = this.core.f64(4);
    const hist = opts.history ? this.core.f64(maxIt + 1) : null, hist2 = opts.history ? this.core.f64(maxIt + 1) : null;
    try {
      this.core.exports.pcgPair(this.op, this.pc, b.ptr, x.ptr, b2.ptr, x2.ptr, tol, maxIt, this.stats.ptr, stats2.ptr, hist?.ptr ?? 0, hist2?.ptr ?? 0);
      return [this.readStats(this.stats, hist), this.readStats(stats2, hist2)];
    } finally {
      stats2.free();
    }
  }

  private checkSolve(opts: PcgOptions, ...vectors: WasmArray<Float64Array>[]): { tol: number; maxIt: number } {
    vectors.forEach((v, i) => checkLength(["b", "x", "b2", "x2"][i], v, this.A.n));
    const maxIt = opts.maxIt ?? 5000, tol = opts.tol ?? 1e-8;
    if (!(Number.isInteger(maxIt) && maxIt >= 0)) throw new RangeError(`PcgSolver.solve: maxIt must be a non-negative integer (got ${maxIt})`);
    if (!(tol > 0)) throw new RangeError(`PcgSolver.solve: tol must be positive (got ${opts.tol})`);
    return { tol, maxIt };
  }

  /** The core's stats [iterations, relative residual, status, ‖b‖] (and history, freed) as SolveStats. */
  private readStats(stats: WasmArray<Float64Array>, hist: WasmArray<Float64Array> | null): SolveStats {
    const s = stats.view;
    const code = s[2];
    const out: SolveStats = { iterations: s[0], relResidual: s[1], status: STATUS[code], converged: code === 0 };
    if (hist) {
      out.history = hist.view.slice(0, s[0] + 1);
      hist.free();
    }
    return out;
  }

  /** y ← A x with the product CG uses (the symmetric copy's, with symmetric storage); core pointers, n f64 each */
  multiply(x: number, y: number): void {
    this.core.exports.operatorMultiply(this.op, x, y);
  }

  /** y ← A x and y2 ← A x2 as `solvePair` forms them (one pass over a symmetric scalar matrix); each equals `multiply`'s bit for bit */
  multiplyPair(x: number, x2: number, y: number, y2: number): void {
    this.core.exports.operatorMultiplyPair(this.op, x, x2, y, y2);
  }

  dispose(): void {
    if (this.sym) this.sym.dispose();
    else this.core.exports.free(this.op);
    this.core.exports.free(this.pc);
    this.pcData?.free();
    this.amg?.dispose();
    this.stats.free();
  }
}
