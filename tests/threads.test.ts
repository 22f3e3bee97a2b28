// Shared-memory threads (assembly/parallel/, src/wasm/threads.ts): the
// products, vector updates and AMG smoothing split over a worker pool give
// what one thread gives — bit for bit where the split cannot change the
// arithmetic (row-partitioned products of full matrices), to rounding where
// it does (symmetric products with private accumulation buffers, dot
// products summed per thread) — and the core falls back to one thread where
// SharedArrayBuffer is missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { loadCore, wasmUrl, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { createMatrix, type SparseMatrix, type SymBsr3Matrix } from "../src/linalg/sparse.js";
import { PcgSolver, type PreconditionerKind } from "../src/linalg/pcg.js";
import { SymmetricCopy } from "../src/linalg/symmetric-copy.js";
import { AmgPreconditioner } from "../src/linalg/amg.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";
import { resolveConfig, runSimulation } from "../src/index.node.js";
import { coreGroupStats, coreWeightedStats, weightedStats, type WeightedStats } from "../src/solver/statistics.js";
import { createRandom } from "../src/mesh/random.js";
import { maxAbs, maxAbsDiff } from "./helpers/dense.js";
import { sameBits } from "./helpers/bits.js";
import { referenceRecoverNodal } from "./helpers/nodal-recovery.js";
import { NodalRecovery, splitNodesByGrain } from "../src/solver/recovery.js";

let core: Core;
let diffusion: SparseMatrix; // M + 10 K of a P2 box: 19,683 rows (above the pool's serial cut-off of 16,384)
let elastic: { K: SparseMatrix; f: Float64Array; coords: Float64Array; mask: Uint8Array }; // 59,049 rows
let elasticSym: SymBsr3Matrix; // the same K assembled into symmetric storage
let fe: FeMesh;

beforeAll(async () => {
  core = await loadCore(undefined, { threads: 2 });
  const mesh = toQuadratic(core, boxMesh({ n: [13, 13, 13], size: [2, 2, 2], jitter: 0.15 }));
  fe = FeMesh.create(core, mesh);
  const q = [0.3, 0.5, -0.2, 0.79].map((x) => x / Math.hypot(0.3, 0.5, 0.2, 0.79));
  const tables = grainMaterialTables(DEFAULT_MATERIAL, q);
  const ds = new DiffusionSystem(fe, tables.D);
  ds.assemble();
  diffusion = createMatrix(core, fe.pattern, "csr");
  const a = diffusion.vals.view, k = ds.K.vals.view, m = ds.M.vals.view;
  for (let i = 0; i < a.length; i++) a[i] = m[i] + 10 * k[i];
  const el = new ElasticitySystem(fe, tables);
  const theta = core.f64(fe.nNodes);
  for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.4 + 0.3 * Math.sin(mesh.nodes[3 * i] + 2 * mesh.nodes[3 * i + 1]);
  el.assemble(theta, 1);
  const mask = core.u8(el.K.n);
  for (const d of rigidBodyPins(mesh.nodes, mesh.nVertices).dofs) mask.view[d] = 1;
  applyDirichlet(core, el.K, mask, null, el.f);
  elastic = { K: el.K as SparseMatrix, f: el.f.copy(), coords: mesh.nodes, mask: mask.copy() };
  const elSym = new ElasticitySystem(fe, tables, true);
  elSym.assemble(theta, 1);
  applyDirichlet(core, elSym.K, mask, null, elSym.f);
  elasticSym = elSym.K as SymBsr3Matrix;
}, 300_000);

afterAll(async () => {
  await core?.dispose();
});

/** Run `f` with the pool at `threads` (the same workers stay parked at 1). */
function withThreads<T>(threads: number, f: () => T): T {
  core.exports.poolEnable(threads);
  try {
    return f();
  } finally {
    core.exports.poolEnable(2);
  }
}

/** An operator over A as the solvers build it: the full matrix, or its diagonal (blocks) + upper triangle; `dispose` frees it (and the copy). */
function operator(A: SparseMatrix, symmetric: boolean): { op: number; dispose: () => void } {
  const ex = core.exports;
  const { rowPtr, colIdx } = A.pattern;
  if (symmetric) {
    const copy = new SymmetricCopy(core, A);
    return { op: copy.op, dispose: () => copy.dispose() };
  }
  const op = ex.operatorCreate(A.kind === "csr" ? ex.OP_CSR.value : ex.OP_BSR3.value, A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr);
  return { op, dispose: () => ex.free(op) };
}

describe("thread pool", () => {
  it("starts: two threads on the shared-memory build, no fallback", () => {
    expect(core.threads).toBe(2);
    expect(core.threadsFallback).toBeNull();
    expect(core.exports.poolThreads()).toBe(2);
    expect(core.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("the shared builds have no start function (a worker's instantiation must not run code on the shared memory)", () => {
    for (const build of ["debug-shared", "release-shared"] as const) {
      const bytes = readFileSync(wasmUrl(build));
      const sections: number[] = [];
      let p = 8;
      while (p < bytes.length) {
        const id = bytes[p++];
        let size = 0, shift = 0, b: number;
        do { b = bytes[p++]; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
        sections.push(id);
        p += size;
      }
      expect(p).toBe(bytes.length);
      expect(sections).toContain(2); // imports (the memory)
      expect(sections).not.toContain(8); // start
    }
  });

  for (const [name, A] of [["CSR (diffusion)", () => diffusion], ["BSR3 (elasticity)", () => elastic.K]] as const) {
    for (const symmetric of [false, true]) {
      it(`${name}${symmetric ? ", symmetric storage" : ""}: y = A x on two threads ${symmetric ? "equals one thread's to rounding" : "is one thread's bit for bit"}`, () => {
        const M = A(), { op, dispose } = operator(M, symmetric);
        const x = core.f64(M.n), y1 = core.f64(M.n), y2 = core.f64(M.n);
        for (let i = 0; i < M.n; i++) x.view[i] = Math.sin(0.37 * i) + 0.1;
        withThreads(1, () => core.exports.operatorMultiply(op, x.ptr, y1.ptr));
        core.exports.operatorMultiply(op, x.ptr, y2.ptr);
        const a = y1.copy(), b = y2.copy();
        expect(maxAbs(a)).toBeGreaterThan(0);
        if (symmetric) {
          expect(maxAbsDiff(a, b)).toBeLessThan(1e-13 * maxAbs(a));
        } else expect(b).toEqual(a);
        dispose();
        for (const v of [x, y1, y2]) v.free();
      });
    }
  }

  it("Aᵀx (the AMG restriction by P): two threads, each scattering into its own buffer, equal one thread's to rounding", () => {
    const ex = core.exports, M = diffusion, n = M.n;
    const x = core.f64(n), y1 = core.f64(n), y2 = core.f64(n);
    for (let i = 0; i < n; i++) x.view[i] = Math.sin(0.37 * i) + 0.1;
    const { rowPtr, colIdx } = M.pattern;
    withThreads(1, () => ex.parCsrTransposeSpmv(n, n, rowPtr.ptr, colIdx.ptr, M.vals.ptr, x.ptr, y1.ptr));
    y2.view.fill(7); // overwritten, not accumulated
    ex.parCsrTransposeSpmv(n, n, rowPtr.ptr, colIdx.ptr, M.vals.ptr, x.ptr, y2.ptr);
    const a = y1.copy(), b = y2.copy();
    expect(maxAbs(a)).toBeGreaterThan(0);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-13 * maxAbs(a));
    // the matrix is symmetric: Aᵀx = A x
    ex.parCsrSpmv(n, rowPtr.ptr, colIdx.ptr, M.vals.ptr, x.ptr, y2.ptr);
    expect(maxAbsDiff(a, y2.copy())).toBeLessThan(1e-13 * maxAbs(a));
    x.free(); y1.free(); y2.free();
  });

  it("the AMG cycle's own products — the fine prolongator as node CSR and a coarse level of few, long rows (on the pool by its stored entries, full, by its triangle or in 6 × 6 blocks) — give one thread's result on two", () => {
    const ex = core.exports;
    // full coarse levels here (symmetricCoarse: false), so level 1 is a plain CSR matrix; its triangle comes from a second hierarchy
    const amg = new AmgPreconditioner(core, elasticSym, { coordinates: elastic.coords, fixed: elastic.mask, symmetricCoarse: false });
    const amgSym = new AmgPreconditioner(core, elasticSym, { coordinates: elastic.coords, fixed: elastic.mask, coarseBlocks: false });
    const amgBlocks = new AmgPreconditioner(core, elasticSym, { coordinates: elastic.coords, fixed: elastic.mask }); // the default
    type L = { n: number; nc: number; kind: string; blockSize?: number; rowPtr: { ptr: number; view: Int32Array }; colIdx: { ptr: number }; vals: { ptr: number }; diag?: { ptr: number }; P?: { nodePtr?: { ptr: number }; col: { ptr: number }; val: { ptr: number } } };
    const [L0, L1] = (amg as unknown as { levels: L[] }).levels;
    const S1 = (amgSym as unknown as { levels: L[] }).levels[1];
    expect(S1.kind).toBe("csr-sym");
    const B1 = (amgBlocks as unknown as { levels: L[] }).levels[1];
    expect(B1.kind).toBe("blocks-sym");
    expect(B1.blockSize).toBe(6);
    const P = L0.P!;
    expect(P.nodePtr).toBeDefined();
    expect(L0.n).toBeGreaterThanOrEqual(16384); // the products on the pool by rows
    const nb = L0.n / 3, nc = L0.nc;
    const xc = core.fromF64(Array.from({ length: nc }, (_, i) => Math.sin(0.7 * i) + 0.2)), r = core.fromF64(Array.from({ length: L0.n }, (_, i) => Math.cos(0.3 * i)));
    const y1 = core.f64(L0.n), y2 = core.f64(L0.n), z1 = core.f64(nc), z2 = core.f64(nc);
    withThreads(1, () => ex.parNodeCsrSpmv(nb, P.nodePtr!.ptr, P.col.ptr, P.val.ptr, xc.ptr, y1.ptr));
    ex.parNodeCsrSpmv(nb, P.nodePtr!.ptr, P.col.ptr, P.val.ptr, xc.ptr, y2.ptr);
    expect(maxAbs(y1.view)).toBeGreaterThan(0);
    expect(maxAbsDiff(y1.view, y2.view)).toBe(0); // by rows: bit for bit
    withThreads(1, () => ex.parNodeCsrTransposeSpmv(nb, nc, P.nodePtr!.ptr, P.col.ptr, P.val.ptr, r.ptr, z1.ptr));
    z2.view.fill(3); // overwritten, not accumulated
    ex.parNodeCsrTransposeSpmv(nb, nc, P.nodePtr!.ptr, P.col.ptr, P.val.ptr, r.ptr, z2.ptr);
    expect(maxAbs(z1.view)).toBeGreaterThan(0);
    expect(maxAbsDiff(z1.view, z2.view)).toBeLessThan(1e-13 * maxAbs(z1.view));
    // level 1: under the row cut-off, but with ≥ 262,144 stored entries
    const nnz1 = L1.rowPtr.view[L1.n];
    expect(L1.n).toBeLessThan(16384);
    expect(nnz1).toBeGreaterThanOrEqual(262144);
    const x1 = core.fromF64(Array.from({ length: L1.n }, (_, i) => Math.cos(0.11 * i) + 0.3)), w1 = core.f64(L1.n), w2 = core.f64(L1.n);
    withThreads(1, () => ex.parCsrSpmv(L1.n, L1.rowPtr.ptr, L1.colIdx.ptr, L1.vals.ptr, x1.ptr, w1.ptr));
    ex.parCsrSpmv(L1.n, L1.rowPtr.ptr, L1.colIdx.ptr, L1.vals.ptr, x1.ptr, w2.ptr);
    expect(maxAbs(w1.view)).toBeGreaterThan(0);
    expect(maxAbsDiff(w1.view, w2.view)).toBe(0);
    withThreads(1, () => ex.parCsrTransposeSpmv(L1.n, L1.n, L1.rowPtr.ptr, L1.colIdx.ptr, L1.vals.ptr, x1.ptr, w1.ptr));
    ex.parCsrTransposeSpmv(L1.n, L1.n, L1.rowPtr.ptr, L1.colIdx.ptr, L1.vals.ptr, x1.ptr, w2.ptr);
    expect(maxAbsDiff(w1.view, w2.view)).toBeLessThan(1e-13 * maxAbs(w1.view)); // A_1 is symmetric: Aᵀx = A x
    // level 1 by its triangle (the default): on the pool by its stored entries too; equal to the full product to rounding
    const w3 = core.f64(L1.n), w4 = core.f64(L1.n);
    expect(2 * S1.rowPtr.view[L1.n]).toBeGreaterThanOrEqual(262144); // each stored entry is used twice
    withThreads(1, () => ex.parCsrSymSpmv(L1.n, S1.diag!.ptr, S1.rowPtr.ptr, S1.colIdx.ptr, S1.vals.ptr, x1.ptr, w3.ptr));
    ex.parCsrSymSpmv(L1.n, S1.diag!.ptr, S1.rowPtr.ptr, S1.colIdx.ptr, S1.vals.ptr, x1.ptr, w4.ptr);
    expect(maxAbsDiff(w3.view, w4.view)).toBeLessThan(1e-13 * maxAbs(w3.view));
    expect(maxAbsDiff(w1.view, w4.view)).toBeLessThan(1e-12 * maxAbs(w1.view));
    // level 1 in 6 × 6 blocks (the default): on the pool by its stored blocks; equal to one thread's and to the full product to rounding
    const nb6 = L1.n / 6, w5 = core.f64(L1.n), w6 = core.f64(L1.n);
    expect(L1.n < 16384 && 72 * B1.rowPtr.view[nb6] >= 262144).toBe(true);
    withThreads(1, () => ex.parBsr6SymSpmv(nb6, B1.diag!.ptr, B1.rowPtr.ptr, B1.colIdx.ptr, B1.vals.ptr, x1.ptr, w5.ptr));
    w6.view.fill(3); // overwritten, not accumulated
    ex.parBsr6SymSpmv(nb6, B1.diag!.ptr, B1.rowPtr.ptr, B1.colIdx.ptr, B1.vals.ptr, x1.ptr, w6.ptr);
    expect(maxAbsDiff(w5.view, w6.view)).toBeLessThan(1e-13 * maxAbs(w5.view));
    expect(maxAbsDiff(w1.view, w6.view)).toBeLessThan(1e-12 * maxAbs(w1.view));
    for (const a of [xc, r, y1, y2, z1, z2, x1, w1, w2, w3, w4, w5, w6]) a.free();
    amg.dispose(); amgSym.dispose(); amgBlocks.dispose();
  });

  const solves: Array<[string, () => SparseMatrix, PreconditionerKind]> = [
    ["diffusion, Jacobi", () => diffusion, "jacobi"],
    ["diffusion, scalar AMG", () => diffusion, "amg"],
    ["elasticity, block Jacobi", () => elastic.K, "block-jacobi"],
    ["elasticity, AMG with the rigid-body modes", () => elastic.K, "amg"],
  ];
  for (const [name, A, pc] of solves) {
    it(`PCG ${name}: two threads reach one thread's solution (same iterations ±1, difference ≪ the tolerance's)`, () => {
      const M = A();
      const b = core.f64(M.n);
      if (M.kind === "bsr3") b.set(elastic.f);
      else for (let i = 0; i < M.n; i++) b.view[i] = 1 + 0.5 * Math.cos(0.01 * i);
      const amgOptions = M.kind === "bsr3" ? { coordinates: elastic.coords, fixed: elastic.mask } : undefined;
      const solver = new PcgSolver(core, M, pc, amgOptions, { symmetric: true });
      const run = (threads: number) => withThreads(threads, () => {
        const x = core.f64(M.n);
        const s = solver.solve(b, x, { tol: 1e-10, maxIt: 20000 });
        return { s, x: x.copy() };
      });
      const one = run(1), two = run(2);
      expect(one.s.status).toBe("converged");
      expect(two.s.status).toBe("converged");
      expect(two.s.relResidual).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(two.s.iterations - one.s.iterations)).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(one.x, two.x)).toBeLessThan(1e-8 * maxAbs(one.x));
    }, 300_000);
  }
});

describe("the fused Jacobi-CG update (one pass: x, r, z = D⁻¹r, r·r, r·z)", () => {
  for (const [threads, n] of [[1, 20001], [2, 40001], [2, 101]] as const) {
    it(`${threads} thread${threads > 1 ? "s" : ""}, n = ${n}${n < 16384 ? " (serial below the cut-off)" : ""}: the same bits as the separate axpy, Jacobi and dot kernels`, () => {
      const ex = core.exports, alpha = 0.37;
      const vec = (f: (i: number) => number) => core.fromF64(Float64Array.from({ length: n }, (_, i) => f(i)));
      const p = vec((i) => Math.sin(0.1 * i)), q = vec((i) => Math.cos(0.3 * i) + 0.2), dinv = vec((i) => 1 / (2 + Math.sin(i)));
      const x0 = Float64Array.from({ length: n }, (_, i) => 0.01 * i), r0 = Float64Array.from({ length: n }, (_, i) => Math.sin(0.7 * i));
      const [x, r, z, xs, rs, zs] = [x0, r0, new Float64Array(n), x0, r0, new Float64Array(n)].map((a) => core.fromF64(a));
      const out = core.f64(2);
      const sums = withThreads(threads, () => {
        ex.parCgJacobiUpdate(n, alpha, p.ptr, q.ptr, dinv.ptr, x.ptr, r.ptr, z.ptr, out.ptr);
        ex.parAxpy(n, alpha, p.ptr, xs.ptr);
        ex.parAxpy(n, -alpha, q.ptr, rs.ptr);
        ex.vecMul(n, dinv.ptr, rs.ptr, zs.ptr); // elementwise: the same bits as the pool's split
        return [ex.parDot(n, rs.ptr, rs.ptr), ex.parDot(n, rs.ptr, zs.ptr)];
      });
      expect(x.copy()).toEqual(xs.copy());
      expect(r.copy()).toEqual(rs.copy());
      expect(z.copy()).toEqual(zs.copy());
      expect(Array.from(out.view)).toEqual(sums);
      expect(sums[0]).toBeGreaterThan(0);
    });
  }
});

describe("two solves in step (pcgPair: both cases of a comparison diffuse with one matrix)", () => {
  for (const threads of [1, 2]) {
    it(`${threads} thread${threads > 1 ? "s" : ""}: the pair product and each paired CG solve (solution, iterations, residual, history) equal single ones bit for bit, also when one solve stops first`, () => {
      const M = diffusion, n = M.n;
      // products: the matrix read once for two vectors
      const u = new SymmetricCopy(core, M);
      const x1 = core.f64(n), x2 = core.f64(n), y1 = core.f64(n), y2 = core.f64(n), z1 = core.f64(n), z2 = core.f64(n);
      for (let i = 0; i < n; i++) { x1.view[i] = Math.sin(0.37 * i) + 0.1; x2.view[i] = Math.cos(0.11 * i); }
      withThreads(threads, () => {
        u.multiply(x1.ptr, y1.ptr);
        u.multiply(x2.ptr, y2.ptr);
        u.multiplyPair(x1.ptr, x2.ptr, z1.ptr, z2.ptr);
      });
      expect(maxAbs(y1.view)).toBeGreaterThan(0);
      expect(z1.copy()).toEqual(y1.copy());
      expect(z2.copy()).toEqual(y2.copy());
      u.dispose();
      // solves: different right-hand sides and guesses, so the second runs on alone after the first stops
      const solver = new PcgSolver(core, M, "jacobi", undefined, { symmetric: true });
      const b1 = core.f64(n), b2 = core.f64(n);
      for (let i = 0; i < n; i++) { b1.view[i] = 1 + 0.5 * Math.cos(0.01 * i); b2.view[i] = Math.sin(0.003 * i) + 0.2 * Math.cos(0.5 * i); }
      const guess2 = new Float64Array(n).map((_, i) => 0.1 * Math.sin(0.2 * i));
      const opts = { tol: 1e-10, maxIt: 5000, history: true };
      const single = withThreads(threads, () => [[b1, new Float64Array(n)], [b2, guess2]].map(([b, g]) => {
        const x = core.fromF64(g as Float64Array);
        const s = solver.solve(b as typeof b1, x, opts);
        return { s, x: x.copy() };
      }));
      const p1 = core.f64(n), p2 = core.fromF64(guess2);
      const [s1, s2] = withThreads(threads, () => solver.solvePair(b1, p1, b2, p2, opts));
      expect(single[0].s.iterations).not.toBe(single[1].s.iterations);
      for (const [paired, x, one] of [[s1, p1, single[0]], [s2, p2, single[1]]] as const) {
        expect(paired.status).toBe("converged");
        expect(paired.relResidual).toBeLessThanOrEqual(1e-10);
        expect(paired).toEqual(one.s);
        expect(x.copy()).toEqual(one.x);
      }
      // a max-iterations stop in one solve only: its stats are the single solve's too
      const short = { tol: 1e-10, maxIt: single[0].s.iterations - 3 };
      const alone = withThreads(threads, () => { const x = core.f64(n); return { s: solver.solve(b1, x, short), x: x.copy() }; });
      const q1 = core.f64(n), q2 = core.fromF64(guess2);
      const [t1] = withThreads(threads, () => solver.solvePair(b1, q1, b2, q2, short));
      expect(alone.s.status).toBe("max-iterations");
      expect(t1).toEqual(alone.s);
      expect(q1.copy()).toEqual(alone.x);
      solver.dispose();
    }, 120_000);
  }
});

describe("threaded AMG setup", () => {
  it("the p-coarsening level Iᵀ K I formed row by row from symmetric K (linear-galerkin.ts) is the same on two threads, bit for bit", () => {
    const mesh = fe.mesh;
    const build = (threads: number) => withThreads(threads, () => {
      const amg = new AmgPreconditioner(core, elasticSym, { coordinates: elastic.coords, fixed: elastic.mask, linearCoarseSpace: { tets: mesh.tets, nVertices: mesh.nVertices } });
      type LevelView = { n: number; rowPtr: { copy(): Int32Array }; colIdx: { copy(): Int32Array }; vals: { copy(): Float64Array } };
      const L = (amg as unknown as { levels: LevelView[] }).levels[1];
      const out = { n: L.n, row: L.rowPtr.copy(), col: L.colIdx.copy(), val: L.vals.copy() };
      amg.dispose();
      return out;
    });
    const one = build(1), two = build(2);
    expect(one.n).toBe(3 * mesh.nVertices);
    expect(3 * (fe.nNodes + (fe.nNodes - mesh.nVertices))).toBeGreaterThan(16384); // (fine node, parent) pairs: on the pool
    expect(maxAbs(one.val)).toBeGreaterThan(0);
    expect(two).toEqual(one);
  });

  it("builds the same hierarchy bit for bit on two threads (products by rows, λ bounds with row-partitioned products), also with the Galerkin product by blocks and from K in symmetric storage", () => {
    // point-Jacobi smoothing here (fineSmoother "jacobi"): its λ bound came out bit for bit the same from the symmetric and the full K;
    // with block Jacobi (the default) the two differ in the last bit (tests/amg.test.ts checks them to rounding)
    const build = (threads: number, galerkinBlockRows?: number, K: SparseMatrix | SymBsr3Matrix = elastic.K, fineSmoother: "jacobi" | "block-jacobi" = "jacobi") => withThreads(threads, () => {
      const amg = new AmgPreconditioner(core, K, { coordinates: elastic.coords, fixed: elastic.mask, galerkinBlockRows, fineSmoother });
      type LevelView = { n: number; rowPtr: { copy(): Int32Array }; colIdx: { copy(): Int32Array }; vals: { copy(): Float64Array }; lmax: number; P?: { val: { copy(): Float64Array } } };
      const levels = (amg as unknown as { levels: LevelView[] }).levels
        .map((L) => ({ n: L.n, row: L.rowPtr.copy(), col: L.colIdx.copy(), val: L.vals.copy(), lmax: L.lmax, p: L.P?.val.copy() ?? null }));
      const out = { rows: amg.stats!.rows, complexity: amg.stats!.operatorComplexity, levels, formed: amg.stats!.galerkinRowsFormed };
      amg.dispose();
      return out;
    });
    const one = build(1), two = build(2);
    // the fine level's Galerkin product by 3 blocks of coarse rows, each forming its rows of A·P on the pool (selected nodes, in chunks the threads take in turn)
    const blocked = build(2, 20000);
    expect(blocked.formed.length).toBeGreaterThanOrEqual(1);
    expect(blocked.formed[0] * one.rows[0] / 3).toBeGreaterThan(16384); // a block's rows of A·P are above the serial cut-off
    expect(blocked.levels).toEqual(one.levels);
    expect(one.rows.length).toBeGreaterThanOrEqual(3);
    expect(one.rows[0]).toBeGreaterThan(16384); // the fine-level products run on the pool
    expect(two.rows).toEqual(one.rows);
    expect(two.complexity).toBe(one.complexity);
    expect(two.levels).toEqual(one.levels);
    // K in symmetric storage, products over whole rows read through the transpose index (their own row split):
    // the same λ bound and coarse levels, bit for bit
    const sym = build(2, undefined, elasticSym);
    expect(sym.rows).toEqual(one.rows);
    const differing = (a: ArrayLike<number> | null, b: ArrayLike<number> | null) => {
      if (!a || !b) return a === b ? 0 : -1;
      if (a.length !== b.length) return -1;
      let k = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) k++;
      return k;
    };
    console.log(`sym: lmax ${sym.levels[0].lmax} vs ${one.levels[0].lmax}; P differs in ${differing(sym.levels[0].p, one.levels[0].p)}; levels ` +
      sym.levels.slice(1).map((L, l) => `${differing(L.row, one.levels[l + 1].row)}/${differing(L.col, one.levels[l + 1].col)}/${differing(L.val, one.levels[l + 1].val)}`).join(" "));
    expect(sym.levels[0].lmax).toBe(one.levels[0].lmax);
    expect(differing(sym.levels[0].p, one.levels[0].p)).toBe(0); // the smoothed prolongator
    for (let l = 1; l < one.levels.length; l++) {
      for (const k of ["row", "col", "val", "p"] as const) expect(differing(sym.levels[l][k], one.levels[l][k]), `level ${l} ${k}`).toBe(0);
      expect(sym.levels[l].lmax).toBe(one.levels[l].lmax);
    }
  }, 400_000);
});

describe("threaded assembly", () => {
  it("colors chunks of elements so that no two chunks of a color share a node", () => {
    const c = fe.coloring!;
    expect(c.nColors).toBeGreaterThan(1);
    expect(c.nColors).toBeLessThan(40);
    const chunks = c.chunks.copy(), ptr = c.colorPtr.copy();
    expect([...chunks].sort((a, b) => a - b)).toEqual(Array.from({ length: chunks.length }, (_, i) => i)); // every chunk once
    const conn = fe.mesh.tets, npe = fe.npe;
    for (let k = 0; k < c.nColors; k++) {
      const owner = new Map<number, number>();
      for (let q = ptr[k]; q < ptr[k + 1]; q++) {
        const ch = chunks[q];
        for (let e = ch * c.chunkSize; e < Math.min(fe.nTets, (ch + 1) * c.chunkSize); e++) {
          for (let a = 0; a < npe; a++) {
            const n = conn[e * npe + a], o = owner.get(n);
            expect(o === undefined || o === ch).toBe(true);
            owner.set(n, ch);
          }
        }
      }
    }
  });

  it("tet volumes (per-element outputs: bit for bit) and ∫∇u dV (summed per thread: to rounding) on two threads equal one thread's", () => {
    const ex = core.exports;
    expect(fe.nTets).toBeGreaterThanOrEqual(4096); // on the pool
    const one = withThreads(1, () => fe.tetVolumes()), two = fe.tetVolumes();
    expect(two.volume).toEqual(one.volume);
    expect(two.minDet).toEqual(one.minDet);
    const u = core.fromF64(Float64Array.from({ length: 3 * fe.nNodes }, (_, i) => Math.sin(0.37 * i) + 0.01 * (i % 3)));
    const g = core.f64(9);
    const grad = (threads: number) => withThreads(threads, () => {
      ex.integrateGradient(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, u.ptr, 3, g.ptr);
      return g.copy();
    });
    const g1 = grad(1), g2 = grad(2);
    expect(maxAbs(g1)).toBeGreaterThan(0);
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-12 * maxAbs(g1));
    expect(grad(2)).toEqual(g2); // the same bits on every run with the same thread count
  });

  it("K, M, f and the stresses on two threads equal one thread's to rounding (the stresses and their measures bit for bit), and the same bits on every run", () => {
    const q = [0.3, 0.5, -0.2, 0.79].map((x) => x / Math.hypot(0.3, 0.5, 0.2, 0.79));
    const tables = grainMaterialTables(DEFAULT_MATERIAL, q);
    const ds = new DiffusionSystem(fe, tables.D), el = new ElasticitySystem(fe, tables);
    const theta = core.f64(fe.nNodes), u = core.f64(3 * fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.5 + 0.3 * Math.sin(3 * i);
    for (let i = 0; i < u.length; i++) u.view[i] = 1e-3 * Math.cos(i);
    const run = (threads: number) => withThreads(threads, () => {
      const vd = ds.assemble(), ve = el.assemble(theta, 1);
      return { vd, ve, K: el.K.vals.copy(), f: el.f.copy(), Kd: ds.K.vals.copy(), M: ds.M.vals.copy(), s: el.stress(theta, 1, u) };
    });
    const one = run(1), two = run(2);
    for (const k of ["K", "f", "Kd", "M"] as const) {
      expect(maxAbs(two[k])).toBeGreaterThan(0);
      expect(maxAbsDiff(one[k], two[k])).toBeLessThan(1e-14 * maxAbs(one[k]));
    }
    expect(two.s).toEqual(one.s); // the measures formed in the stress loop too
    // the threads take chunks (stress: blocks) as they come, so which thread does which differs from run to run; the bits do not
    for (let rep = 0; rep < 3; rep++) {
      const again = run(2);
      for (const k of ["K", "f", "Kd", "M"] as const) expect(sameBits(again[k], two[k])).toBe(true);
      expect([again.vd, again.ve]).toEqual([two.vd, two.ve]);
      for (const k of ["sigma", "weight", "theta", "vonMises", "hydrostatic", "maxPrincipal", "cellVonMises", "cellStress"] as const) expect(sameBits(again.s[k], two.s[k])).toBe(true);
    }
    expect(Math.abs(two.vd - one.vd)).toBeLessThan(1e-13 * one.vd);
    expect(Math.abs(two.ve - 8)).toBeLessThan(1e-12); // the 2 µm box
  });
});

describe("quadrature-point statistics on the pool", () => {
  it("two threads equal one thread's statistics to rounding (max, min, percentile and group max exactly) and find the first non-finite value", () => {
    const n = 90_001, rnd = createRandom(17); // above the pool's serial cut-off of 16,384
    const v = Float64Array.from({ length: n }, () => Math.exp(7 * rnd.float()) - 50), w = Float64Array.from({ length: n }, () => rnd.float());
    const tetGroup = Int32Array.from({ length: n >> 2 }, () => Math.floor(13 * rnd.float()));
    const cv = core.fromF64(v), cw = core.fromF64(w), g = core.fromI32(tetGroup);
    const both = (threads: number) => withThreads(threads, () => ({
      s: coreWeightedStats(core, n, cv.ptr, cw.ptr) as WeightedStats,
      g: coreGroupStats(core, 4 * tetGroup.length, cv.ptr, cw.ptr, g.ptr, 4, 13, true),
    }));
    const one = both(1), two = both(2), js = weightedStats(v, w);
    expect(one.s).toEqual(js);
    for (const k of ["max", "min", "p99"] as const) expect(two.s[k]).toBe(js[k]);
    for (const k of ["mean", "std"] as const) expect(Math.abs(two.s[k] - js[k])).toBeLessThan(1e-13 * Math.abs(js[k]));
    expect(two.g.max).toEqual(one.g.max);
    expect(maxAbsDiff(two.g.mean, one.g.mean)).toBeLessThan(1e-13 * maxAbs(one.g.mean));
    expect(both(2)).toEqual(two); // the same bits on every run with the same thread count
    // the first non-finite value, in either thread's half
    for (const at of [10, 60_000]) {
      cv.view[at] = NaN;
      cv.view[at + 20_000] = Infinity;
      expect(withThreads(2, () => coreWeightedStats(core, n, cv.ptr, cw.ptr))).toEqual({ nonFinite: at });
      cv.view[at] = v[at];
      cv.view[at + 20_000] = v[at + 20_000];
    }
    cv.free(); cw.free(); g.free();
  });
});

describe("nodal recovery on the pool", () => {
  it("gives the TypeScript reference's bits on two threads, P1 and P2 (each split node gathers from its own tets)", () => {
    const box = boxMesh({ n: [12, 12, 12], size: [3, 3, 3], jitter: 0.2, seed: 4 });
    for (let t = 0; t < box.tetGrain.length; t++) box.tetGrain[t] = Math.floor(t / 7) % 5; // grain boundaries everywhere
    box.nGrains = 5;
    const rnd = createRandom(21);
    for (const m of [box, toQuadratic(core, box)]) {
      const nT = m.tetGrain.length, split = splitNodesByGrain(m);
      expect(split.count).toBeGreaterThan(4096); // on the pool
      const vol = Float64Array.from({ length: nT }, () => 0.1 + rnd.float());
      const values = Float64Array.from({ length: nT * 24 }, () => 200 * rnd.float() - 100);
      const rec = new NodalRecovery(core, split, m.order, vol);
      const v = core.fromF64(values);
      const want = referenceRecoverNodal(split, m.order, values, 6, vol);
      for (const threads of [2, 1, 2]) expect(sameBits(withThreads(threads, () => rec.recover(v, 6)), want)).toBe(true);
      v.free();
      rec.dispose();
    }
  });
});

describe("threads in a run", () => {
  it("a simulation on two threads reports them and matches one thread's numbers to the solver tolerance", async () => {
    const base = { geometry: { grains: 8, seed: 3, radiusUm: 3, meshSizeUm: 0.7, order: 2 as const }, outputs: { soc: [0.5, 1], profilePoints: 5, figures: false, vtu: false } };
    const one = (await runSimulation(resolveConfig({ ...base, solver: { threads: 1 } }))).summary;
    const two = (await runSimulation(resolveConfig({ ...base, solver: { threads: 2 } }))).summary;
    expect(one.producer.threads).toBe(1);
    expect(two.producer.threads).toBe(2);
    expect(two.mesh.nodes).toBeGreaterThan(16384 / 3); // the elasticity products are above the serial cut-off
    for (let k = 0; k < 2; k++) {
      const a = one.snapshots[k], b = two.snapshots[k];
      expect(Math.abs(a.thetaMean - b.thetaMean)).toBeLessThan(1e-8);
      expect(Math.abs(a.vonMisesMPa.mean - b.vonMisesMPa.mean)).toBeLessThan(1e-6 * a.vonMisesMPa.mean);
      expect(Math.abs(a.vonMisesMPa.max - b.vonMisesMPa.max)).toBeLessThan(1e-6 * a.vonMisesMPa.max);
    }
  }, 300_000);

  it("a pool of 3 run at 2 (the third worker sits jobs out) or asked for more than it has (clamped) gives the same product", async () => {
    const c = await loadCore(undefined, { threads: 3 });
    const ex = c.exports;
    const M = diffusion, n = M.n;
    // the same matrix, copied into this core's memory
    const rp = c.fromI32(M.pattern.rowPtr.view), ci = c.fromI32(M.pattern.colIdx.view), va = c.fromF64(M.vals.view);
    const op = ex.operatorCreate(ex.OP_CSR.value, n, rp.ptr, ci.ptr, va.ptr);
    const x = c.f64(n), y = c.f64(n);
    for (let i = 0; i < n; i++) x.view[i] = Math.cos(0.3 * i);
    const results = [1, 2, 3, 8].map((t) => {
      ex.poolEnable(t);
      ex.operatorMultiply(op, x.ptr, y.ptr);
      return { threads: ex.poolThreads(), y: y.copy() };
    });
    expect(results.map((r) => r.threads)).toEqual([1, 2, 3, 3]);
    for (const r of results) expect(r.y).toEqual(results[0].y); // row-partitioned: the same bits
    // Switching the count back and forth between jobs, many times: a worker
    // that sat a job out may look at the control block only after the next
    // job (with another count) is out, and must neither run a job twice nor
    // miss one (either would end in a wrong product or a hang).
    const schedule = [2, 3, 2, 2, 3, 3, 1, 3, 2];
    let wrong = 0;
    for (let round = 0; round < 150; round++) {
      for (const t of schedule) {
        ex.poolEnable(t);
        y.view.fill(0);
        ex.operatorMultiply(op, x.ptr, y.ptr);
        if (maxAbsDiff(y.view, results[0].y) !== 0) wrong++;
      }
    }
    expect(wrong).toBe(0);
    await c.dispose();
  });

  // Every wait through poolWait (the spin set to 0): the path a loaded
  // machine takes. With memory.atomic.wait in its place, V8's baseline
  // compiler lost the control-block pointer across the wait and this failed
  // at the first job (assembly/parallel/pool.ts).
  it("blocking on every wait (spin 0) gives the same assembly, products and AMG solve, bit for bit", () => {
    const q = [0.3, 0.5, -0.2, 0.79].map((x) => x / Math.hypot(0.3, 0.5, 0.2, 0.79));
    const ds = new DiffusionSystem(fe, grainMaterialTables(DEFAULT_MATERIAL, q).D);
    const K = elastic.K, b = core.f64(K.n);
    b.set(elastic.f);
    const solver = new PcgSolver(core, K, "amg", { coordinates: elastic.coords, fixed: elastic.mask }, { symmetric: true });
    const run = () => {
      ds.assemble();
      const x = core.f64(K.n);
      const s = solver.solve(b, x, { tol: 1e-10, maxIt: 2000 });
      return { Kd: ds.K.vals.copy(), M: ds.M.vals.copy(), x: x.copy(), iterations: s.iterations, status: s.status };
    };
    const spin = core.exports.poolSpin();
    expect(spin).toBeGreaterThan(0);
    const spinning = run();
    core.exports.poolSetSpin(0);
    let blocking: ReturnType<typeof run>;
    try {
      blocking = run();
    } finally {
      core.exports.poolSetSpin(spin);
    }
    expect(spinning.status).toBe("converged");
    expect(blocking.status).toBe("converged");
    expect(blocking.iterations).toBe(spinning.iterations);
    for (const k of ["Kd", "M", "x"] as const) {
      expect(maxAbs(blocking[k])).toBeGreaterThan(0);
      expect(blocking[k]).toEqual(spinning[k]);
    }
  }, 300_000);

  // The same in a fresh process on V8's baseline compiler only (Liftoff: the
  // code a worker runs forever, and the main thread until it tiers up), for
  // both builds. With memory.atomic.wait in the pool, this failed every time
  // with "thread pool … pool.ts:0:0" at the first job.
  for (const build of ["debug", "release"]) {
    it(`${build} build on the baseline compiler only, blocking on every wait: 3 threads assemble as 1 does, and 280 products with the count switched are exact`, () => {
      const child = spawnSync(process.execPath, ["--liftoff-only", "--import", "tsx", "tests/helpers/pool-baseline-compiler.ts", build],
        { encoding: "utf8", timeout: 120_000 });
      expect(child.status, child.stderr).toBe(0);
      const r = JSON.parse(child.stdout.trim().split("\n").pop()!);
      expect(r.build).toBe(build);
      expect(r.threads).toBe(3);
      expect(r.rows).toBeGreaterThan(16384); // the products are above the serial cut-off
      expect(Math.abs(r.volume3 - 8)).toBeLessThan(1e-12); // the 2 µm box
      expect(r.assemblyRelDiff).toBeLessThan(1e-14);
      expect(r.jobs).toBe(280);
      expect(r.wrong).toBe(0);
    }, 150_000);
  }

  it("a trap in a worker's share fails the call loudly instead of hanging, and the core still stops", async () => {
    const c = await loadCore(undefined, { threads: 2 });
    const ex = c.exports;
    const n = 20000; // above the serial cut-off: the second half of the rows is the worker's
    const rp = c.i32(n + 1), ci = c.i32(n), va = c.f64(n), x = c.f64(n), y = c.f64(n);
    for (let i = 0; i <= n; i++) rp.view[i] = i;
    for (let i = 0; i < n; i++) { ci.view[i] = i; va.view[i] = 1; x.view[i] = i; }
    const op = ex.operatorCreate(ex.OP_CSR.value, n, rp.ptr, ci.ptr, va.ptr);
    ex.operatorMultiply(op, x.ptr, y.ptr);
    expect(y.view[n - 1]).toBe(n - 1);
    ci.view[n - 1] = 1 << 28; // 2 GiB past x: outside the memory, in the worker's rows
    expect(() => ex.operatorMultiply(op, x.ptr, y.ptr)).toThrow(/thread pool: worker 1 failed: .*out of bounds/);
    expect(ex.poolThreads()).toBe(1); // later work runs serially
    await c.dispose();
  });

  it("tells when the workers are spawned, before they are ready (the CLI meshes from then on); not on one thread", async () => {
    const events: string[] = [];
    const pending = loadCore(undefined, { threads: 2, onWorkersSpawned: () => events.push("spawned") });
    const c = await pending;
    events.push("ready");
    expect(events).toEqual(["spawned", "ready"]);
    expect(c.threads).toBe(2);
    await c.dispose();
    let called = 0;
    const one = await loadCore(undefined, { threads: 1, onWorkersSpawned: () => called++ });
    expect(called).toBe(0);
    await one.dispose();
  });

  it("falls back to one thread, saying why, where SharedArrayBuffer is missing", async () => {
    const sab = globalThis.SharedArrayBuffer;
    // @ts-expect-error: hiding it as a browser without cross-origin isolation does
    delete globalThis.SharedArrayBuffer;
    let c: Core;
    try {
      c = await loadCore(undefined, { threads: 2 });
    } finally {
      globalThis.SharedArrayBuffer = sab;
    }
    expect(c.threads).toBe(1);
    expect(c.threadsFallback).toMatch(/SharedArrayBuffer/);
    expect(c.memory.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    await c.dispose();
  });
});
