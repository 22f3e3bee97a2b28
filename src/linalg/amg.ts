/**
 * Smoothed-aggregation algebraic multigrid (SA-AMG), used as the PCG
 * preconditioner (Vaněk, Mandel & Brezina, Computing 56, 1996; the variant of
 * ML/PyAMG/PETSc GAMG), for two kinds of system:
 *
 *   elasticity (BSR3 matrix, full or in symmetric storage)
 *                   near-nullspace = the 6 rigid-body modes of the mesh
 *                   nodes (3 translations, 3 rotations about the centroid,
 *                   scaled by the size); rows of constrained dofs are zero
 *   diffusion (scalar CSR)    near-nullspace = the constant (K·1 = 0)
 *
 *   aggregation     on the node graph (3 × 3 blocks on the fine elasticity
 *                   level, k × k on coarse ones, 1 × 1 for a scalar system),
 *                   strength ‖A_ij‖ > θ √(‖A_ii‖‖A_jj‖)
 *   prolongator     P = (I − ω D⁻¹A) P_tent, ω = 4/(3 λ_max(D⁻¹A)),
 *                   P_tent from a QR of the k modes on each aggregate
 *   coarse levels   A_c = Pᵀ A P (Galerkin), scalar CSR with k dofs per aggregate;
 *                   R = Pᵀ is never stored whole: the cycle restricts with a
 *                   product by Pᵀ, the setup transposes P block by block
 *   p-coarsening    on a quadratic mesh (linearCoarseSpace) the first coarse
 *                   level is the linear operator on the vertices, Iᵀ A I
 *                   (I: P1 → P2 interpolation); aggregation starts from it
 *   cycle           V(ν, ν) with Chebyshev smoothing of degree ν on
 *                   [λ_max/30, λ_max], λ_max = 1.1 × a 20-step Lanczos (CG)
 *                   estimate of λ_max(D⁻¹A); dense Cholesky on the coarsest level
 *
 * All kernels (aggregation, QR, sparse products, the cycle) run in the wasm
 * core (assembly/amg/); this class owns the arrays and orders the setup.
 * `update()` rebuilds the numeric hierarchy after the matrix values changed.
 */
import type { Core, WasmArray } from "../wasm/core.js";
import { buildPattern, invertDiagonalBlocks, toDense, type Matrix, type SparseMatrix, type SymBsr3Matrix } from "./sparse.js";
import { NumericalError } from "../errors.js";
import { linearInterpolation, type LinearInterpolation } from "./linear-interpolation.js";

export interface AmgOptions {
  /** node coordinates, nNodes × 3 (for the rigid-body modes; BSR3 matrices only) */
  coordinates?: Float64Array;
  /** per scalar dof: 1 if constrained (Dirichlet/pinned) */
  fixed?: Uint8Array;
  /** strength threshold θ (default 0.02 for elasticity, 0.08 for a scalar system) */
  theta?: number;
  /** Chebyshev degree of pre- and post-smoothing (default 2) */
  degree?: number;
  /** the coarsest level is solved densely when it has at most this many dofs (default 600) */
  coarseSize?: number;
  /** level limit (default 10) */
  maxLevels?: number;
  /** smooth the tentative prolongator (default true); false: plain aggregation, cheaper setup and cycle, more iterations */
  smoothProlongator?: boolean;
  /**
   * Fine rows of A·P formed at a time in the Galerkin product (default
   * 131,072): A_c = R (A P) is built by blocks of coarse rows, each from only
   * the rows of A P its block of R reaches, so A P — on the fine elasticity
   * level ~3× the size of P — is never held whole. The result does not
   * depend on it (each row of a product is computed the same way).
   */
  galerkinBlockRows?: number;
  /**
   * Keep the elasticity fine level's prolongator as node CSR once the setup
   * is done (default true; assembly/sparse/node-csr.ts): its three rows per
   * node share one column list, stored once — a third of P's index bytes —
   * and the cycle's P x and Pᵀ r gather or scatter once per three values.
   * Same sums in the same order: the cycle's result is bit for bit the same.
   */
  nodeProlongator?: boolean;
  /**
   * Keep the coarse levels the cycle smooths on (all but the first and the
   * coarsest) by their diagonal and strict upper triangle once the setup is
   * done (default true; assembly/sparse/csr-sym.ts): half the bytes per
   * product. The first coarse level of an elasticity hierarchy has long rows
   * (~280–350 entries), so its products weigh as much as the fine level's
   * on P1 meshes. The triangle's values stand for both halves: A_c's
   * rounding-level asymmetry is gone, the cycle stays symmetric.
   */
  symmetricCoarse?: boolean;
  /**
   * With symmetricCoarse: keep a coarse level whose entries come in whole
   * 6 × 6 (aggregates of the rigid-body modes) or 3 × 3 (the linear level of
   * a quadratic mesh: a vertex's three dofs) blocks as such blocks — one
   * column index per block, x and y by whole blocks, the products in f64x2
   * lanes (assembly/sparse/bsr6-sym.ts, bsr3-sym.ts; default true). Levels of
   * another form (a scalar system's) stay scalar.
   */
  coarseBlocks?: boolean;
  /**
   * The Jacobi part of the elasticity fine level's Chebyshev smoother
   * (default "block-jacobi"; assembly/amg/block-jacobi.ts): the inverse 3 × 3
   * diagonal blocks — a node's dofs coupled — or the point diagonal
   * ("jacobi", the choice before 2026-12-03), in the smoother and in the
   * prolongator smoothing. Block Jacobi took 15–17 % fewer CG iterations on
   * 100-grain P2 particles (6 % on P1) for the same products per cycle.
   * Scalar levels and a setup with Gershgorin bounds (safe bounds) use point
   * Jacobi, as does a matrix with a singular diagonal block.
   */
  fineSmoother?: "block-jacobi" | "jacobi";
  /**
   * p-coarsening for a quadratic (10-node) tet mesh's elasticity matrix: the
   * first coarse level is the linear (P1) operator on the mesh vertices,
   * Iᵀ A I with I the P1 → P2 interpolation (src/linalg/linear-interpolation.ts),
   * and the smoothed aggregation starts from it. That prolongator has 1–2
   * nonzeros per row (6 stored, for the node-block structure; the
   * aggregation's smoothed one ~22 on P2), so the setup's Galerkin product
   * on the fine level and the prolongator's bytes shrink, and the cycle
   * takes fewer iterations (docs/solvers.md, AMG item 8).
   * tets: 10 node ids per tet; the first nVertices nodes are the corners.
   */
  linearCoarseSpace?: { tets: Int32Array; nVertices: number };
}

/** What a setup built. */
export interface AmgStats {
  levels: number;
  /** scalar rows per level */
  rows: number[];
  /** stored nonzeros (scalar) per level */
  nonzeros: number[];
  /** Σ nnz(A_l) / nnz(A_0) */
  operatorComplexity: number;
  /** stored entries of each level's prolongator P (levels − 1 values) */
  prolongatorNonzeros: number[];
  /** dropped (dependent) mode columns in the tentative prolongators */
  droppedModes: number;
  setupSeconds: number;
  /** setup time by phase (s): λ bounds, aggregation (incl. the strength graph), tentative prolongator, smoothed prolongator, Galerkin products, coarse factor */
  phaseSeconds: { bounds: number; aggregate: number; tentative: number; smoothP: number; galerkin: number; coarse: number };
  /** true when built with Gershgorin bounds (after a breakdown with the estimates) */
  safeBounds: boolean;
  /** true when this solve reused an earlier hierarchy (refreshFine: only the fine level's diagonal and bound are new) */
  reused: boolean;
  /**
   * Levels whose Galerkin product ran by blocks (galerkinBlockRows): rows of
   * A·P formed over all blocks / rows of A, per such level (1: no saving
   * over forming A·P whole; the peak holds one block's share).
   */
  galerkinRowsFormed: number[];
}

interface Level {
  n: number;
  /**
   * bsr3-sym: the fine level in symmetric storage (rowPtr/colIdx/vals: the upper triangle, diag: the diagonal blocks);
   * csr-sym: a coarse level after the setup, the same for scalar rows (diag: the diagonal);
   * blocks-sym: a coarse level after the setup in blockSize × blockSize blocks (diag: the diagonal blocks)
   */
  kind: "bsr3" | "bsr3-sym" | "csr" | "csr-sym" | "blocks-sym";
  /** blocks-sym: 3 or 6 */
  blockSize?: 3 | 6;
  rowPtr: WasmArray<Int32Array>;
  colIdx: WasmArray<Int32Array>;
  vals: WasmArray<Float64Array>;
  diag?: WasmArray<Float64Array>;
  dinv: WasmArray<Float64Array>;
  /** the fine BSR3 level's inverse 3 × 3 diagonal blocks (n / 3 × 9 f64) when it is smoothed by block Jacobi */
  dinvB?: WasmArray<Float64Array>;
  lmax: number;
  nc: number;
  P?: Csr | NodeCsr;
  work: WasmArray<Float64Array>;
  /** arrays this level allocated (not the fine matrix's) */
  owned: Array<WasmArray<Int32Array> | WasmArray<Float64Array>>;
}

interface Csr {
  row: WasmArray<Int32Array>;
  col: WasmArray<Int32Array>;
  val: WasmArray<Float64Array>;
}

/** A CSR matrix whose rows come in node triples with one column list (assembly/sparse/node-csr.ts); val is the CSR's. */
interface NodeCsr {
  nodePtr: WasmArray<Int32Array>;
  col: WasmArray<Int32Array>;
  val: WasmArray<Float64Array>;
}

/** A product's operand: where a CSR matrix's arrays start (a level's own arrays or a Csr). */
interface CsrPointers {
  row: { ptr: number };
  col: { ptr: number };
  val: { ptr: number };
}

const LEVEL_BSR3 = 1, LEVEL_CSR = 0, LEVEL_BSR3_SYM = 2, LEVEL_CSR_SYM = 3, LEVEL_BSR6_SYM = 4;
const levelKind = (L: Level): number => (L.kind === "bsr3" ? LEVEL_BSR3 : L.kind === "bsr3-sym" ? LEVEL_BSR3_SYM : L.kind === "csr-sym" ? LEVEL_CSR_SYM
  : L.kind === "blocks-sym" ? (L.blockSize === 3 ? LEVEL_BSR3_SYM : LEVEL_BSR6_SYM) : LEVEL_CSR);
/** CG (Lanczos) steps for the λ_max estimate of each level */
const LANCZOS_STEPS = 20;
/**
 * Lanczos steps of a fine-level refresh (refreshFine), whose bound is the
 * larger of the last one and 1.1 × this estimate. On a 100-grain P2 fine
 * level (646k dofs) the 10-step estimate is 4.4 % below the converged λ_max
 * (20 steps: 0.15 %) and λ_max moved by 0.02 % between θ fields, so the bound stays
 * above λ_max with the same margin as a full estimate, for half its products.
 */
const REFRESH_LANCZOS_STEPS = 10;
export class AmgPreconditioner {
  /** pointer to the core's Amg header (for PC_AMG) */
  ptr = 0;
  stats: AmgStats | null = null;
  private levels: Level[] = [];
  /** per blocked Galerkin product: rows of A P formed / rows of A (1 would be no saving) */
  private galerkinFormedRows: number[] = [];
  private chol: WasmArray<Float64Array> | null = null;

  /** near-nullspace vectors per dof: 6 rigid-body modes (BSR3) or 1 constant (CSR) */
  private readonly modes: number;

  constructor(private readonly core: Core, readonly A: Matrix, private readonly opts: AmgOptions = {}) {
    if (A.kind !== "csr") {
      const nNodes = A.n / 3;
      if (!opts.coordinates) throw new Error("AmgPreconditioner: elasticity (BSR3) needs the node coordinates for the rigid-body modes");
      if (opts.coordinates.length !== 3 * nNodes) throw new RangeError(`AmgPreconditioner: coordinates has ${opts.coordinates.length} entries, expected ${3 * nNodes}`);
      this.modes = 6;
    } else this.modes = 1;
    this.update();
  }

  /**
   * The fine level's near-nullspace, (A.n) × modes row-major: the rigid-body
   * modes of the nodes (BSR3) or the constant (CSR); 0 rows at fixed dofs.
   * Formed when a setup aggregates the fine level — not for a quadratic
   * mesh's elasticity matrix, whose first coarse level is its P1 operator
   * (p-coarsening) and takes the vertices' modes.
   */
  private fineNearNullspace(): Float64Array {
    const { coordinates, fixed } = this.opts;
    if (this.A.kind !== "csr") return rigidBodyModes(coordinates!, fixed);
    const B = new Float64Array(this.A.n).fill(1);
    if (fixed) for (let i = 0; i < this.A.n; i++) if (fixed[i]) B[i] = 0;
    return B;
  }

  /**
   * (Re)build the hierarchy from the current values of A.
   * @param safeBounds bound λ_max(D⁻¹A) by Gershgorin (guaranteed, but loose:
   *   slower smoothing) instead of the Lanczos estimate ×1.1 — the fallback
   *   when CG breaks down because an estimate was too low
   */
  update(safeBounds = false): void {
    const t0 = performance.now();
    this.release();
    this.galerkinFormedRows = [];
    const core = this.core, ex = core.exports;
    const K = this.modes;
    const theta = this.opts.theta ?? (K === 1 ? 0.08 : 0.02), degree = this.opts.degree ?? 2;
    const coarseSize = this.opts.coarseSize ?? 600, maxLevels = this.opts.maxLevels ?? 10;
    const smooth = this.opts.smoothProlongator ?? true;
    const linear = this.A.kind !== "csr" ? this.opts.linearCoarseSpace : undefined;
    let dropped = 0;
    const phases = { bounds: 0, aggregate: 0, tentative: 0, smoothP: 0, galerkin: 0, coarse: 0 };
    const time = <T>(k: keyof typeof phases, f: () => T): T => {
      const t = performance.now();
      try {
        return f();
      } finally {
        phases[k] += (performance.now() - t) / 1000;
      }
    };

    // level 0: the fine matrix itself
    const A = this.A;
    let cur: Level = {
      n: A.n, kind: A.kind, rowPtr: A.pattern.rowPtr, colIdx: A.pattern.colIdx, vals: A.vals, diag: A.kind === "bsr3-sym" ? A.diag : undefined,
      dinv: core.f64(A.n), lmax: 0, nc: 0, work: core.f64(5 * A.n), owned: [],
    };
    cur.owned.push(cur.dinv, cur.work);
    this.fineDiagonalInverse(cur, safeBounds);
    // the current level's near-nullspace (core memory), formed when an aggregation needs it
    let B: WasmArray<Float64Array> | null = null;
    // dofs per aggregation node: 3 on the fine elasticity level, 1 on a scalar one, K on coarse levels
    let bs = A.kind === "csr" ? 1 : 3;
    this.levels = [cur];

    while (true) {
      cur.lmax = time("bounds", () => this.lambdaMax(cur, safeBounds));
      if (!(cur.lmax > 0)) throw new NumericalError("preconditioner", `AMG level ${this.levels.length - 1}: λ_max(D⁻¹A) = ${cur.lmax}`, null, cur.lmax);
      if (cur.n <= coarseSize || this.levels.length >= maxLevels) break;

      // p-coarsening: a quadratic mesh's first coarse level is its linear
      // operator on the vertices, A_1 = Iᵀ A I (I: P1 → P2 interpolation);
      // the aggregation levels follow on it, from the vertices' rigid modes
      if (this.levels.length === 1 && linear) {
        const I = linearInterpolation(linear.tets, linear.nVertices, cur.n / 3, this.opts.fixed);
        const P: Csr = { row: core.fromI32(I.row), col: core.fromI32(I.col), val: core.fromF64(I.val) };
        const Ac = time("galerkin", () => A.kind === "bsr3-sym"
          ? linearGalerkin(core, A, I, linear.tets, linear.nVertices)
          : this.galerkin(cur, 3, P, I.nCols, 3));
        cur = this.descend(cur, P, Ac, I.nCols, 3);
        B = core.fromF64(rigidBodyModes(this.opts.coordinates!.subarray(0, I.nCols), this.opts.fixed?.subarray(0, I.nCols)));
        continue;
      }
      const modes = (B ??= core.fromF64(this.fineNearNullspace()));
      const nNodes = cur.n / bs;

      // node graph with block weights
      const agg = core.i32(nNodes);
      const nAgg = time("aggregate", () => {
        const g = this.nodeGraph(cur, bs, nNodes);
        const diagW = core.f64(nNodes);
        const count = ex.amgAggregate(nNodes, g.row.ptr, g.col.ptr, g.w.ptr, theta, agg.ptr, diagW.ptr);
        if (g.owned) { g.row.free(); g.col.free(); }
        g.w.free(); diagW.free();
        return count;
      });
      if (nAgg === 0 || K * nAgg >= 0.8 * cur.n) {
        agg.free();
        break;
      }

      // tentative prolongator and coarse modes
      const Pcol = core.i32(K * cur.n), Pval = core.f64(K * cur.n), Bc = core.f64(K * K * nAgg);
      const aggPtr = core.i32(nAgg + 1), aggNodes = core.i32(nNodes);
      dropped += time("tentative", () => ex.amgTentative(nNodes, bs, K, agg.ptr, nAgg, modes.ptr, Pcol.ptr, Pval.ptr, Bc.ptr, aggPtr.ptr, aggNodes.ptr));
      agg.free(); aggPtr.free(); aggNodes.free(); modes.free(); B = null;
      const nc = K * nAgg;
      const Prow = core.i32(cur.n + 1);
      { const v = Prow.view; for (let r = 0; r <= cur.n; r++) v[r] = K * r; }

      // smoothed prolongator P = P_tent − ω D⁻¹ A P_tent (or P_tent itself: plain aggregation)
      let P: Csr;
      if (smooth) {
        const AP = time("smoothP", () => this.product(cur, bs, { row: Prow, col: Pcol, val: Pval }, nc));
        // ω = 4/(3 λ_max) of the Jacobi operator the fine level is smoothed with: D_b⁻¹A (block) or D⁻¹A (point)
        const omega = 4 / (3 * cur.lmax);
        const missing = time("smoothP", () => cur.dinvB
          ? ex.amgSmoothProlongatorBlocks(cur.n / 3, K, AP.row.ptr, AP.col.ptr, AP.val.ptr, Pcol.ptr, Pval.ptr, cur.dinvB.ptr, omega)
          : ex.amgSmoothProlongator(cur.n, K, AP.row.ptr, AP.col.ptr, AP.val.ptr, Pcol.ptr, Pval.ptr, cur.dinv.ptr, omega));
        Prow.free(); Pcol.free(); Pval.free();
        if (missing < 0) throw new Error(`AMG setup: the rows of A·P_tent at node ${-1 - missing} are not laid out in node triples`);
        if (missing > 0) throw new Error(`AMG setup: ${missing} tentative-prolongator entries outside the smoothed pattern`);
        P = AP;
      } else P = { row: Prow, col: Pcol, val: Pval };
      // Galerkin coarse operator A_c = Pᵀ (A P)
      const Ac = time("galerkin", () => this.galerkin(cur, bs, P, nc, K));
      cur = this.descend(cur, P, Ac, nc, bs);
      B = Bc;
      bs = K;
    }
    B?.free();

    // coarsest level: dense Cholesky (a small fine matrix is factored directly, from a CSR copy)
    let last = this.levels[this.levels.length - 1];
    if (last.kind !== "csr") {
      if (last.n > 4 * coarseSize) throw new NumericalError("preconditioner", `AMG could not coarsen the ${last.n}-dof matrix (no aggregates)`);
      const csr = A.kind === "bsr3" ? bsr3ToCsr(core, A) : denseToCsr(core, toDense(A), A.n);
      last.owned.push(csr.row, csr.col, csr.val);
      last = { ...last, kind: "csr", rowPtr: csr.row, colIdx: csr.col, vals: csr.val };
      this.levels[this.levels.length - 1] = last;
    }
    const chol = core.f64(last.n * last.n);
    this.chol = chol;
    const bad = time("coarse", () => ex.amgDenseCholesky(last.n, last.rowPtr.ptr, last.colIdx.ptr, last.vals.ptr, chol.ptr));
    if (bad >= 0) throw new NumericalError("preconditioner", `AMG coarse matrix is not positive definite (row ${bad} of ${last.n})`);

    const nonzeros = this.levels.map((L, l) => (l > 0 || A.kind === "csr" ? L.colIdx.length : A.kind === "bsr3" ? 9 * A.pattern.nnz : 9 * (A.n / 3 + 2 * A.pattern.nnz)));
    // the smoothed coarse levels by their upper triangle (the setup needed whole rows)
    if (this.opts.symmetricCoarse ?? true) {
      for (let l = 1; l < this.levels.length - 1; l++) this.levels[l] = toSymmetricLevel(core, this.levels[l], this.opts.coarseBlocks ?? true);
    }

    // describe the hierarchy to the core
    this.ptr = ex.amgCreate(this.levels.length, degree);
    this.levels.forEach((L, l) => this.describeLevel(l, l === this.levels.length - 1));
    ex.amgSetCoarse(this.ptr, last.n, this.chol.ptr, last.work.ptr);

    this.stats = {
      levels: this.levels.length,
      rows: this.levels.map((L) => L.n),
      nonzeros,
      operatorComplexity: nonzeros.reduce((s, x) => s + x, 0) / nonzeros[0],
      prolongatorNonzeros: this.levels.filter((L) => L.P).map((L) => L.P!.val.length),
      droppedModes: dropped,
      setupSeconds: (performance.now() - t0) / 1000,
      phaseSeconds: phases,
      safeBounds,
      reused: false,
      galerkinRowsFormed: this.galerkinFormedRows,
    };
  }

  /**
   * Follow new values of the fine matrix (same pattern) without a new setup:
   * only the fine level's diagonal and its smoother bound λ_max are
   * recomputed; the aggregates, prolongators and coarse matrices stay those
   * of the last `update()`. The cycle stays symmetric positive definite (its
   * coarse operators are still SPD), so CG is safe; it is a weaker
   * preconditioner the further the values moved, which costs iterations,
   * not correctness. Cost: one diagonal and a 10-step Lanczos estimate
   * (REFRESH_LANCZOS_STEPS; the bound never falls below the last one)
   * instead of the whole setup (the Galerkin products are ~70 % of it).
   */
  refreshFine(): void {
    if (!this.stats || this.levels.length === 0) return this.update();
    const t0 = performance.now();
    const L = this.levels[0];
    if (this.levels.length === 1) return this.update(this.stats.safeBounds); // the fine matrix is the dense coarse one
    this.fineDiagonalInverse(L, this.stats.safeBounds);
    L.lmax = this.stats.safeBounds ? this.lambdaMax(L, true) : Math.max(L.lmax, this.lambdaMax(L, false, REFRESH_LANCZOS_STEPS));
    if (!(L.lmax > 0)) throw new NumericalError("preconditioner", `AMG level 0: λ_max(D⁻¹A) = ${L.lmax}`, null, L.lmax);
    this.describeLevel(0, false);
    const seconds = (performance.now() - t0) / 1000;
    this.stats = { ...this.stats, setupSeconds: seconds, reused: true, phaseSeconds: { bounds: seconds, aggregate: 0, tentative: 0, smoothP: 0, galerkin: 0, coarse: 0 } };
  }

  /**
   * The fine level's inverse point diagonal (into L.dinv; 0 on decoupled
   * rows) and, for a BSR3 level smoothed by block Jacobi, its inverse 3 × 3
   * diagonal blocks (L.dinvB; dropped — point Jacobi — with safe bounds or
   * when a block is singular).
   */
  private fineDiagonalInverse(L: Level, safeBounds: boolean): void {
    const ex = this.core.exports, A = this.A;
    if (A.kind === "bsr3-sym") ex.bsr3SymDiagonal(A.n / 3, A.diag.ptr, L.dinv.ptr);
    else if (A.kind === "bsr3") ex.bsr3Diagonal(A.n / 3, A.pattern.rowPtr.ptr, A.pattern.colIdx.ptr, A.vals.ptr, L.dinv.ptr);
    else ex.csrDiagonal(A.n, A.pattern.rowPtr.ptr, A.pattern.colIdx.ptr, A.vals.ptr, L.dinv.ptr);
    invertDiagonal(L.dinv.view);
    const blocks = A.kind !== "csr" && !safeBounds && (this.opts.fineSmoother ?? "block-jacobi") === "block-jacobi";
    if (blocks) {
      if (!L.dinvB) {
        L.dinvB = this.core.f64(3 * A.n);
        L.owned.push(L.dinvB);
      }
      if (invertDiagonalBlocks(this.core, A, L.dinvB) < 0) return;
    }
    if (L.dinvB) {
      const b = L.dinvB;
      L.owned = L.owned.filter((a) => a !== b);
      b.free();
      L.dinvB = undefined;
    }
  }

  /**
   * The smoother's bound on λ_max(D⁻¹A) of a level: Gershgorin (safe), or
   * 1.1 × a Lanczos estimate — with D the level's 3 × 3 diagonal blocks when
   * it is smoothed by block Jacobi.
   */
  private lambdaMax(L: Level, safe: boolean, steps = LANCZOS_STEPS): number {
    const core = this.core, ex = core.exports, kind = levelKind(L), diag = L.diag?.ptr ?? 0;
    if (safe) return ex.amgGershgorin(L.n, kind, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, L.dinv.ptr, diag);
    const lw = core.f64(4 * L.n + 2 * steps);
    const l = 1.1 * ex.amgLambdaMaxLanczos(L.n, kind, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, L.dinv.ptr, diag, L.dinvB?.ptr ?? 0, steps, lw.ptr);
    lw.free();
    return l;
  }

  /** Hand level l to the core's hierarchy (a symmetric fine level through amgSetFineSymmetric). */
  private describeLevel(l: number, isLast: boolean): void {
    const ex = this.core.exports, L = this.levels[l];
    const kind = L.kind === "bsr3-sym" ? LEVEL_BSR3 : L.kind === "csr-sym" || L.kind === "blocks-sym" ? LEVEL_CSR : levelKind(L);
    const P = L.P;
    ex.amgSetLevel(this.ptr, l, L.n, kind, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, L.dinv.ptr,
      L.lmax / 30, L.lmax, isLast ? 0 : L.nc,
      P && "row" in P ? P.row.ptr : 0, P && "row" in P ? P.col.ptr : 0, P?.val.ptr ?? 0, L.work.ptr);
    if (P && "nodePtr" in P) ex.amgSetProlongatorNodes(this.ptr, l, P.nodePtr.ptr, P.col.ptr);
    if (L.kind === "bsr3-sym") ex.amgSetFineSymmetric(this.ptr, L.diag!.ptr, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr);
    if (L.kind === "csr-sym") ex.amgSetLevelSymmetric(this.ptr, l, L.diag!.ptr, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr);
    if (L.kind === "blocks-sym") ex.amgSetLevelBlocks(this.ptr, l, L.blockSize!, L.diag!.ptr, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr);
    if (L.dinvB && !isLast) ex.amgSetLevelBlockJacobi(this.ptr, l, L.dinvB.ptr);
  }

  /**
   * Keep P as cur's prolongator (node CSR when its rows come in node
   * triples, bs = 3) and append the coarse level A_c (nc rows, CSR) with its
   * inverse diagonal; returns the new level.
   */
  private descend(cur: Level, P: Csr, Ac: Csr, nc: number, bs: number): Level {
    const core = this.core;
    cur.nc = nc;
    if (bs === 3 && (this.opts.nodeProlongator ?? true)) {
      const Pn = toNodeCsr(core, P, cur.n / 3);
      cur.P = Pn;
      cur.owned.push(Pn.nodePtr, Pn.col, Pn.val);
    } else {
      cur.P = P;
      cur.owned.push(P.row, P.col, P.val);
    }
    const next: Level = {
      n: nc, kind: "csr", rowPtr: Ac.row, colIdx: Ac.col, vals: Ac.val, dinv: core.f64(nc), lmax: 0, nc: 0, work: core.f64(5 * nc),
      owned: [Ac.row, Ac.col, Ac.val],
    };
    next.owned.push(next.dinv, next.work);
    core.exports.amgCsrDiagonalInverse(nc, Ac.row.ptr, Ac.col.ptr, Ac.val.ptr, next.dinv.ptr);
    this.levels.push(next);
    return next;
  }

  /**
   * Node graph of a level with squared block norms as weights. The BSR3 fine
   * level's graph is its own pattern (`owned: false`: only `w` is new); a
   * symmetric fine level's is its whole rows' pattern, made here.
   */
  private nodeGraph(L: Level, bs: number, nNodes: number): { row: WasmArray<Int32Array>; col: WasmArray<Int32Array>; w: WasmArray<Float64Array>; owned: boolean } {
    const core = this.core, ex = core.exports;
    if (L.kind === "bsr3-sym") {
      const A = this.A as SymBsr3Matrix, nnz = nNodes + 2 * A.pattern.nnz;
      const row = core.i32(nNodes + 1), col = core.i32(nnz), w = core.f64(nnz);
      ex.bsr3SymNodeGraph(nNodes, A.record, row.ptr, col.ptr, w.ptr);
      return { row, col, w, owned: true };
    }
    if (L.kind === "bsr3") {
      const w = core.f64(L.colIdx.length);
      ex.bsr3BlockNorms2(nNodes, L.rowPtr.ptr, L.vals.ptr, w.ptr);
      return { row: L.rowPtr, col: L.colIdx, w, owned: false };
    }
    const marker = core.i32(nNodes), row = core.i32(nNodes + 1);
    const nnz = ex.csrNodeGraph(nNodes, bs, L.rowPtr.ptr, L.colIdx.ptr, 0, marker.ptr, row.ptr, 0, 0);
    const col = core.i32(nnz), w = core.f64(nnz);
    ex.csrNodeGraph(nNodes, bs, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, marker.ptr, row.ptr, col.ptr, w.ptr);
    marker.free();
    return { row, col, w, owned: true };
  }

  /**
   * A_c = R (A P) (nc × nc), R = Pᵀ, by blocks of coarse rows [i0, i1) —
   * whole aggregates, k rows each. A block of R is transposed from P's
   * columns i0 … i1 − 1 when it is needed (R is not kept: the cycle restricts
   * by Pᵀ). Only the rows of A P that the block of R reaches are formed (the
   * nodes its columns touch: at seed scale 15–22 % of them for a tenth of the
   * aggregates), behind a full-height row pointer whose other rows are
   * empty, so R's fine column numbers index them directly. With one block
   * this is the plain R (A P). Peak: one block of R and its rows of A P, plus
   * A_c twice (the blocks, then their concatenation), instead of R and all
   * of A P.
   */
  private galerkin(cur: Level, bs: number, P: Csr, nc: number, k: number): Csr {
    const core = this.core;
    const nFine = cur.n, nNodes = nFine / bs;
    const blockRows = this.opts.galerkinBlockRows ?? 131072;
    if (!(blockRows >= 1)) throw new RangeError(`AmgPreconditioner: galerkinBlockRows must be ≥ 1, got ${blockRows}`);
    const blocks = Math.max(1, Math.min(nc / k, Math.ceil(nFine / blockRows)));
    if (blocks === 1) {
      const AP = this.product(cur, bs, P, nc);
      const R = transposeColumns(core, P, nFine, 0, nc);
      const C = csrProduct(core, R, AP, nc, nc, k, bs);
      R.row.free(); R.col.free(); R.val.free();
      AP.row.free(); AP.col.free(); AP.val.free();
      return C;
    }
    const nAgg = nc / k;
    const mark = core.u8(nNodes), touched = core.i32(nNodes);
    const parts: Csr[] = [];
    let formedRows = 0;
    for (let b = 0; b < blocks; b++) {
      const i0 = k * Math.floor((nAgg * b) / blocks), i1 = k * Math.floor((nAgg * (b + 1)) / blocks);
      const R = transposeColumns(core, P, nFine, i0, i1);
      const m = core.exports.restrictionNodes(R.col.length, R.col.ptr, bs, nNodes, mark.ptr, touched.ptr);
      formedRows += bs * m;
      const AP = this.productRows(cur, bs, P, nc, touched, m);
      parts.push(csrProduct(core, R, AP, i1 - i0, nc, k, bs));
      R.row.free(); R.col.free(); R.val.free();
      AP.row.free(); AP.col.free(); AP.val.free();
    }
    mark.free(); touched.free();
    this.galerkinFormedRows.push(formedRows / nFine);
    // concatenate the blocks' rows
    let nnz = 0;
    for (const part of parts) nnz += part.col.length;
    const row = core.i32(nc + 1), col = core.i32(nnz, false), val = core.f64(nnz, false); // (col and val set whole below)
    let r = 0, off = 0;
    for (const part of parts) {
      const pr = part.row.view, rows = pr.length - 1, rv = row.view;
      for (let i = 1; i <= rows; i++) rv[r + i] = off + pr[i];
      col.view.set(part.col.view, off);
      val.view.set(part.val.view, off);
      r += rows;
      off += part.col.length;
      part.row.free(); part.col.free(); part.val.free();
    }
    if (r !== nc || off !== nnz) throw new Error(`AMG setup: Galerkin blocks cover ${r} of ${nc} rows`);
    return { row, col, val };
  }

  /**
   * The rows of L.A · B at the given nodes (increasing; bs rows each), behind
   * a full-height row pointer (L.n + 1 entries; the other rows are empty).
   * @param m the nodes: the first m of `nodes` (default all)
   */
  private productRows(L: Level, bs: number, B: Csr, nColsB: number, nodes: WasmArray<Int32Array>, m = nodes.length): Csr {
    const core = this.core, ex = core.exports;
    const marker = core.i32(nColsB), av = core.f64(bs * bs), row = core.i32(bs * m + 1);
    const product = (colPtr: number, valPtr: number): number => L.kind === "bsr3-sym"
      ? ex.parBsr3SymCsrSpgemm(m, nodes.ptr, (this.A as SymBsr3Matrix).record, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, colPtr, valPtr)
      : L.kind === "bsr3"
      ? ex.parBsr3CsrSpgemm(m, nodes.ptr, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, colPtr, valPtr)
      : ex.parCsrSpgemmGrouped(bs * m, bs, bs, nodes.ptr, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, colPtr, valPtr, av.ptr);
    const nnz = product(0, 0);
    // (not zeroed: the numeric pass writes every entry, opening each column with 0; fresh pages are touched once, by the pool)
    const col = core.i32(nnz, false), val = core.f64(nnz, false);
    const status = product(col.ptr, val.ptr);
    marker.free(); av.free();
    if (status < 0) throw new Error(`AMG setup: the product's rows near node ${nodes.view[Math.floor((-1 - status) / (L.kind === "csr" ? bs : 1))]} do not have the node-block structure it relies on`);
    // the full-height row pointer
    const full = core.i32(L.n + 1), fv = full.view, rv = row.view, nv = nodes.view;
    let j = 0;
    for (let t = 0; t < m; t++) {
      const j0 = bs * nv[t];
      fv.fill(rv[bs * t], j, j0 + 1);
      for (let a = 1; a <= bs; a++) fv[j0 + a] = rv[bs * t + a];
      j = j0 + bs;
    }
    fv.fill(nnz, j, L.n + 1);
    row.free();
    return { row: full, col, val };
  }

  /** L.A · B (B: L.n × nColsB CSR; bs: the level's dofs per aggregation node) */
  private product(L: Level, bs: number, B: Csr, nColsB: number): Csr {
    if (L.kind === "csr") return csrProduct(this.core, { row: L.rowPtr, col: L.colIdx, val: L.vals }, B, L.n, nColsB, bs, bs);
    const core = this.core, ex = core.exports;
    const marker = core.i32(nColsB), row = core.i32(L.n + 1);
    const record = L.kind === "bsr3-sym" ? (this.A as SymBsr3Matrix).record : 0;
    const product = (colPtr: number, valPtr: number): number => record
      ? ex.parBsr3SymCsrSpgemm(L.n / 3, 0, record, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, colPtr, valPtr)
      : ex.parBsr3CsrSpgemm(L.n / 3, 0, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, colPtr, valPtr);
    const nnz = product(0, 0);
    const col = core.i32(nnz, false), val = core.f64(nnz, false); // (written whole, as in productRows)
    const status = product(col.ptr, val.ptr);
    marker.free();
    if (status < 0) throw new Error(`AMG setup: prolongator rows of node ${-1 - status}'s neighbours do not share their pattern`);
    return { row, col, val };
  }

  private release(): void {
    if (this.ptr) this.core.exports.amgFree(this.ptr);
    this.ptr = 0;
    for (const L of this.levels) for (const a of L.owned) a.free();
    this.levels = [];
    this.chol?.free();
    this.chol = null;
  }

  dispose(): void {
    this.release();
  }
}

/**
 * A₁ = Iᵀ K I of the p-coarsening level, row by row of A₁ from K's symmetric
 * storage (assembly/amg/linear-galerkin.ts, on the thread pool): each fine
 * node's row of K is read once per parent vertex, and K I is never formed.
 * Same pattern as the general Galerkin product (the vertex graph of the P1
 * tets, in 3 × 3 blocks), values equal to rounding.
 * @param I the interpolation (its weights, constrained dofs' zero, and parents are read off it)
 * @param tets 10 node ids per tet (the first four the corners)
 */
function linearGalerkin(core: Core, K: SymBsr3Matrix, I: LinearInterpolation, tets: Int32Array, nv: number): Csr {
  const ex = core.exports, nb = K.n / 3, nT = tets.length / 10;
  // the vertex graph (A₁'s block pattern) from the tets' corners
  const corners = core.i32(4 * nT), cv = corners.view;
  for (let t = 0; t < nT; t++) for (let k = 0; k < 4; k++) cv[4 * t + k] = tets[10 * t + k];
  const graph = buildPattern(core, corners, 4, nv);
  corners.free();
  // children of each vertex (itself and its edges' mid-edge nodes), by counting
  const par = I.parents, childPtr = new Int32Array(nv + 1);
  for (let q = 0; q < par.length; q++) if (par[q] >= 0) childPtr[par[q] + 1]++;
  for (let a = 0; a < nv; a++) childPtr[a + 1] += childPtr[a];
  const child = new Int32Array(childPtr[nv]), fill = childPtr.slice(0, nv);
  for (let q = 0; q < par.length; q++) if (par[q] >= 0) child[fill[par[q]]++] = q >> 1;
  // each fine dof's weight, read off I: its own component's entry of its first parent (1, ½, or 0 when constrained)
  const w = new Float64Array(3 * nb);
  for (let d = 0; d < 3 * nb; d++) w[d] = I.val[I.row[d] + (d % 3)];
  const nnz = 9 * graph.nnz;
  const row = core.i32(3 * nv + 1), col = core.i32(nnz), val = core.f64(nnz);
  ex.linearGalerkinPattern(nv, graph.rowPtr.ptr, graph.colIdx.ptr, row.ptr, col.ptr);
  const cp = core.fromI32(childPtr), ch = core.fromI32(child), pa = core.fromI32(par), wv = core.fromF64(w);
  const status = ex.parLinearGalerkinRows(nv, graph.rowPtr.ptr, graph.colIdx.ptr, cp.ptr, ch.ptr, pa.ptr, wv.ptr, K.record, val.ptr);
  for (const a of [cp, ch, pa, wv, graph.rowPtr, graph.colIdx]) a.free();
  if (status < 0) {
    row.free(); col.free(); val.free();
    throw new Error(`AMG setup: a fine node in the rows of vertex ${-1 - status} has a parent outside its tets (not a 10-node tet mesh's interpolation)`);
  }
  return { row, col, val };
}

/** Scalar CSR copy of a BSR3 matrix (for the dense factor of a small one). */
function bsr3ToCsr(core: Core, A: SparseMatrix): Csr {
  const rp = A.pattern.rowPtr.copy(), ci = A.pattern.colIdx.copy(), v = A.vals.copy();
  const nb = A.n / 3, nnz = 9 * ci.length;
  const row = new Int32Array(A.n + 1), col = new Int32Array(nnz), val = new Float64Array(nnz);
  let k = 0;
  for (let I = 0; I < nb; I++) {
    for (let a = 0; a < 3; a++) {
      for (let p = rp[I]; p < rp[I + 1]; p++) {
        for (let b = 0; b < 3; b++) {
          col[k] = 3 * ci[p] + b;
          val[k++] = v[9 * p + 3 * a + b];
        }
      }
      row[3 * I + a + 1] = k;
    }
  }
  return { row: core.fromI32(row), col: core.fromI32(col), val: core.fromF64(val) };
}

/** Scalar CSR copy of a small dense matrix (n × n row-major; its nonzeros). */
function denseToCsr(core: Core, D: Float64Array, n: number): Csr {
  const row = new Int32Array(n + 1), col: number[] = [], val: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (D[i * n + j] !== 0) { col.push(j); val.push(D[i * n + j]); }
    row[i + 1] = col.length;
  }
  return { row: core.fromI32(row), col: core.fromI32(Int32Array.from(col)), val: core.fromF64(Float64Array.from(val)) };
}

function invertDiagonal(d: Float64Array): void {
  for (let i = 0; i < d.length; i++) d[i] = d[i] !== 0 ? 1 / d[i] : 0;
}

/**
 * C = A · B for scalar CSR matrices with the setup's block structure (see
 * csrSpgemmGrouped): A's rows in groups of g sharing a pattern, its columns
 * in runs of gb (a node's dofs) whose B rows share a pattern.
 */
function csrProduct(core: Core, A: CsrPointers, B: CsrPointers, nRows: number, nColsB: number, g: number, gb: number): Csr {
  const ex = core.exports;
  const marker = core.i32(nColsB), row = core.i32(nRows + 1), av = core.f64(g * gb);
  const nnz = ex.parCsrSpgemmGrouped(nRows, g, gb, 0, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, 0, 0, av.ptr);
  const col = core.i32(nnz, false), val = core.f64(nnz, false); // (written whole: each column opens with 0)
  const status = ex.parCsrSpgemmGrouped(nRows, g, gb, 0, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, row.ptr, col.ptr, val.ptr, av.ptr);
  marker.free();
  av.free();
  if (status < 0) throw new Error(`AMG setup: rows ${-1 - status}… do not have the node-block structure the products rely on`);
  return { row, col, val };
}

/** Rows c0 … c1 − 1 of Aᵀ (A: nRows rows, CSR): a block of the restriction R = Pᵀ (on the pool). */
function transposeColumns(core: Core, A: Csr, nRows: number, c0: number, c1: number): Csr {
  const ex = core.exports;
  const row = core.i32(c1 - c0 + 1), counts = core.i32(ex.poolThreads() * (c1 - c0), false); // (the symbolic pass sets what it uses)
  const nnz = ex.parCsrTransposeColumns(nRows, c0, c1, A.row.ptr, A.col.ptr, A.val.ptr, row.ptr, 0, 0, counts.ptr);
  const col = core.i32(nnz, false), val = core.f64(nnz, false); // (every entry is written)
  ex.parCsrTransposeColumns(nRows, c0, c1, A.row.ptr, A.col.ptr, A.val.ptr, row.ptr, col.ptr, val.ptr, counts.ptr);
  counts.free();
  return { row, col, val };
}

/**
 * The AMG options for a mesh's elasticity matrix: its node coordinates (the
 * rigid-body modes), the constrained dofs and, on a quadratic mesh, the
 * p-coarsening level (linearCoarseSpace) — the setup the solver drivers
 * and benchmarks use.
 * @param mesh nodes: nNodes × 3 (µm); tets: 4 or 10 node ids per tet; the first nVertices nodes are the corners
 * @param fixed per dof (3 nNodes): 1 if constrained
 */
export function elasticityAmgOptions(mesh: { order: 1 | 2; nodes: Float64Array; tets: Int32Array; nVertices: number }, fixed?: Uint8Array): AmgOptions {
  const linearCoarseSpace = mesh.order === 2 ? { tets: mesh.tets, nVertices: mesh.nVertices } : undefined;
  return { coordinates: mesh.nodes, fixed, linearCoarseSpace };
}

/**
 * The 6 rigid-body modes at the nodes, (3 nNodes) × 6 row-major: translations
 * x, y, z and rotations about z, x, y through the centroid, with coordinates
 * scaled by the extent so all columns are O(1). Constrained dofs get 0 rows.
 */
export function rigidBodyModes(X: Float64Array, fixed?: Uint8Array): Float64Array {
  const n = X.length / 3;
  const c = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) c[k] += X[3 * i + k] / n;
  let ext = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) ext = Math.max(ext, Math.abs(X[3 * i + k] - c[k]));
  const s = ext > 0 ? 1 / ext : 1;
  const B = new Float64Array(18 * n);
  // dof rows x, y, z of node i: (1, 0, 0, −y, 0, z), (0, 1, 0, x, −z, 0), (0, 0, 1, 0, y, −x); zero where fixed
  for (let i = 0; i < n; i++) {
    const x = (X[3 * i] - c[0]) * s, y = (X[3 * i + 1] - c[1]) * s, z = (X[3 * i + 2] - c[2]) * s;
    const o = 18 * i;
    if (!fixed?.[3 * i]) { B[o] = 1; B[o + 3] = -y; B[o + 5] = z; }
    if (!fixed?.[3 * i + 1]) { B[o + 7] = 1; B[o + 9] = x; B[o + 10] = -z; }
    if (!fixed?.[3 * i + 2]) { B[o + 14] = 1; B[o + 16] = y; B[o + 17] = -x; }
  }
  return B;
}

/** P (CSR, 3 nb rows in node triples with one column sequence, as the setup's products make it) as node CSR; frees P's row and column arrays. */
function toNodeCsr(core: Core, P: Csr, nb: number): NodeCsr {
  const nodePtr = core.i32(nb + 1), col = core.i32(P.col.length / 3);
  const status = core.exports.nodeCsrFromCsr(nb, P.row.ptr, P.col.ptr, nodePtr.ptr, col.ptr);
  if (status < 0) {
    nodePtr.free(); col.free(); P.row.free(); P.col.free(); P.val.free();
    throw new Error(`AMG setup: the prolongator rows of node ${-1 - status} do not share their column sequence`);
  }
  P.row.free(); P.col.free();
  return { nodePtr, col, val: P.val };
}

/**
 * A coarse CSR level by its diagonal and upper triangle — in 6 × 6 or 3 × 3
 * blocks when `blocks` and its entries come in such blocks
 * (assembly/sparse/block-sym-from-csr.ts), else scalar
 * (assembly/sparse/csr-sym.ts); frees the full arrays.
 */
function toSymmetricLevel(core: Core, L: Level, blocks: boolean): Level {
  const ex = core.exports, n = L.n;
  const full = new Set<unknown>([L.rowPtr, L.colIdx, L.vals]);
  const rest = () => {
    L.rowPtr.free(); L.colIdx.free(); L.vals.free();
    return L.owned.filter((a) => !full.has(a));
  };
  for (const b of blocks ? ([6, 3] as const) : []) {
    if (n % b !== 0) continue;
    const nb = n / b;
    const nu = ex.csrToBlockSym(b, nb, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, 0, 0, 0, 0);
    if (nu < 0) continue;
    const diag = core.f64(b * b * nb, false), row = core.i32(nb + 1, false), col = core.i32(Math.max(1, nu), false), val = core.f64(b * b * Math.max(1, nu), false);
    ex.csrToBlockSym(b, nb, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, diag.ptr, row.ptr, col.ptr, val.ptr);
    return { ...L, kind: "blocks-sym", blockSize: b, rowPtr: row, colIdx: col, vals: val, diag, owned: [...rest(), diag, row, col, val] };
  }
  const nu = ex.patternUpperCount(n, L.rowPtr.ptr, L.colIdx.ptr);
  const diag = core.f64(n), row = core.i32(n + 1), col = core.i32(Math.max(1, nu)), val = core.f64(Math.max(1, nu));
  ex.csrExtractUpper(n, L.rowPtr.ptr, L.colIdx.ptr, L.vals.ptr, diag.ptr, row.ptr, col.ptr, val.ptr);
  return { ...L, kind: "csr-sym", rowPtr: row, colIdx: col, vals: val, diag, owned: [...rest(), diag, row, col, val] };
}
