// Smoothed-aggregation AMG (src/linalg/amg.ts, assembly/amg/): its building
// blocks against their definitions (rigid modes in K's kernel, B = P_tent·B_c
// with orthonormal aggregate columns, sparse products against dense ones),
// the V-cycle as an SPD operator, and the property the issue asks for —
// elasticity PCG iterations that do not grow with the mesh — with the same
// solution as block Jacobi.
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore, type Core, type WasmArray } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { createMatrix, spmv, toDense } from "../src/linalg/sparse.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { AmgPreconditioner, elasticityAmgOptions, rigidBodyModes } from "../src/linalg/amg.js";
import { linearInterpolation } from "../src/linalg/linear-interpolation.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";
import type { TetMesh } from "../src/mesh/types.js";
import { maxAbs, maxAbsDiff } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

/** A 4-grain box (grains by octant pairs, different orientations) under a non-uniform θ: an anisotropic, heterogeneous system. */
function elasticSystem(n: number, order: 1 | 2, pin: boolean) {
  let mesh: TetMesh = boxMesh({ n: [n, n, n], size: [2, 2, 2], jitter: 0.15 });
  const nT = mesh.tetGrain.length;
  const grain = new Int32Array(nT);
  for (let t = 0; t < nT; t++) {
    let cx = 0, cy = 0;
    for (let k = 0; k < 4; k++) { cx += mesh.nodes[3 * mesh.tets[4 * t + k]] / 4; cy += mesh.nodes[3 * mesh.tets[4 * t + k] + 1] / 4; }
    grain[t] = (cx > 1 ? 1 : 0) + (cy > 1 ? 2 : 0);
  }
  mesh = { ...mesh, tetGrain: grain, nGrains: 4 };
  if (order === 2) mesh = toQuadratic(core, mesh);
  const fe = FeMesh.create(core, mesh);
  const q = [[1, 0, 0, 0], [0.3, 0.5, -0.2, 0.79], [0.7, -0.1, 0.7, 0.1], [0.2, 0.9, 0.3, -0.2]].map((v) => { const s = Math.hypot(...v); return v.map((x) => x / s); });
  const tables = grainMaterialTables(DEFAULT_MATERIAL, q.flat());
  const el = new ElasticitySystem(fe, tables);
  const theta = core.f64(fe.nNodes);
  for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.4 + 0.3 * Math.sin(mesh.nodes[3 * i] + 2 * mesh.nodes[3 * i + 1]);
  el.assemble(theta, 1);
  const mask = core.u8(el.K.n);
  if (pin) {
    for (const d of rigidBodyPins(mesh.nodes, mesh.nVertices).dofs) mask.view[d] = 1;
    applyDirichlet(core, el.K, mask, null, el.f);
  }
  return { mesh, fe, el, mask, tables };
}

/** A box with at least three AMG levels (coarse size 60): P1 8³ or P2 5³ cells, pinned, and the AMG options for it. */
function multilevelSystem(order: 1 | 2) {
  const sys = elasticSystem(order === 1 ? 8 : 5, order, true);
  return { ...sys, opts: { coordinates: sys.mesh.nodes, fixed: sys.mask.copy(), coarseSize: 60 } };
}

/** AMG-PCG solve of K u = f (symmetric storage in CG) with the given AMG options: iterations, status and u. */
function amgSolve(K: ConstructorParameters<typeof PcgSolver>[1], f: WasmArray<Float64Array>, opts: ConstructorParameters<typeof AmgPreconditioner>[2], tol: number) {
  const s = new PcgSolver(core, K, "amg", opts, { symmetric: true });
  const u = core.f64(K.n);
  const out = s.solve(f, u, { tol, maxIt: 300 });
  const x = u.copy();
  s.dispose(); u.free();
  return { its: out.iterations, status: out.status, x };
}

/**
 * The V-cycle of `amg` as an operator M: yᵀMx = xᵀMy (to 1e-10) and xᵀMx, yᵀMy > 0 for two fixed
 * vectors of n entries (zero on the dofs `mask` constrains, when given).
 */
function expectSpdCycle(amg: AmgPreconditioner, n: number, mask?: WasmArray<Uint8Array>) {
  const keep = (i: number) => !(mask && mask.view[i]);
  const x = core.fromF64(Array.from({ length: n }, (_, i) => (keep(i) ? Math.sin(0.7 * i) : 0)));
  const y = core.fromF64(Array.from({ length: n }, (_, i) => (keep(i) ? Math.cos(1.3 * i + 0.2) : 0)));
  const Mx = core.f64(n), My = core.f64(n);
  core.exports.amgApply(amg.ptr, x.ptr, Mx.ptr);
  core.exports.amgApply(amg.ptr, y.ptr, My.ptr);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  expect(Math.abs(dot(y.view, Mx.view) - dot(x.view, My.view))).toBeLessThan(1e-10 * Math.sqrt(dot(Mx.view, Mx.view) * dot(y.view, y.view)));
  expect(dot(x.view, Mx.view)).toBeGreaterThan(0);
  expect(dot(y.view, My.view)).toBeGreaterThan(0);
  for (const w of [x, y, Mx, My]) w.free();
}

describe("AMG building blocks", () => {
  it("the rigid-body modes span the kernel of the unconstrained stiffness", () => {
    const { mesh, el } = elasticSystem(3, 2, false);
    const B = rigidBodyModes(mesh.nodes);
    const n = el.K.n;
    const x = core.f64(n), y = core.f64(n);
    let kmax = 0;
    for (const v of el.K.vals.view) kmax = Math.max(kmax, Math.abs(v));
    for (let k = 0; k < 6; k++) {
      for (let i = 0; i < n; i++) x.view[i] = B[6 * i + k];
      spmv(core, el.K, x, y);
      expect(maxAbs(y.view)).toBeLessThan(1e-10 * kmax * maxAbs(x.view));
    }
    // fixed dofs get zero rows, the others keep theirs; six independent columns (rank 6)
    const fixed = new Uint8Array(n);
    for (let i = 0; i < n; i += 7) fixed[i] = 1;
    const Bf = rigidBodyModes(mesh.nodes, fixed);
    for (let i = 0; i < n; i++) for (let k = 0; k < 6; k++) expect(Bf[6 * i + k]).toBe(fixed[i] ? 0 : B[6 * i + k]);
    const G = Array.from({ length: 6 }, (_, a) => Array.from({ length: 6 }, (_, b) => { let g = 0; for (let i = 0; i < n; i++) g += B[6 * i + a] * B[6 * i + b]; return g; }));
    for (let k = 0; k < 6; k++) {
      // Cholesky pivots of the Gram matrix stay positive (L below the diagonal, in place)
      for (let j = 0; j < k; j++) G[k][k] -= G[k][j] ** 2;
      expect(G[k][k]).toBeGreaterThan(1e-6 * n);
      const d = Math.sqrt(G[k][k]);
      for (let i = k + 1; i < 6; i++) {
        for (let j = 0; j < k; j++) G[i][k] -= G[i][j] * G[k][j];
        G[i][k] /= d;
      }
    }
  });

  it("tentative prolongator: orthonormal columns per aggregate and B = P_tent · B_c", () => {
    const { mesh, el } = elasticSystem(4, 1, false);
    const ex = core.exports;
    const nNodes = el.K.n / 3, nnz = el.K.pattern.nnz;
    const w = core.f64(nnz), agg = core.i32(nNodes), diag = core.f64(nNodes);
    ex.bsr3BlockNorms2(nNodes, el.K.pattern.rowPtr.ptr, el.K.vals.ptr, w.ptr);
    const nAgg = ex.amgAggregate(nNodes, el.K.pattern.rowPtr.ptr, el.K.pattern.colIdx.ptr, w.ptr, 0.02, agg.ptr, diag.ptr);
    expect(nAgg).toBeGreaterThan(1);
    expect(nAgg).toBeLessThan(nNodes / 4);
    const a = agg.copy();
    expect(a.every((g) => g >= 0 && g < nAgg)).toBe(true); // nothing constrained: every node aggregated
    const B = core.fromF64(rigidBodyModes(mesh.nodes));
    const Bv = B.copy();
    const Pcol = core.i32(6 * el.K.n), Pval = core.f64(6 * el.K.n), Bc = core.f64(36 * nAgg), aggPtr = core.i32(nAgg + 1), aggNodes = core.i32(nNodes);
    const dropped = ex.amgTentative(nNodes, 3, 6, agg.ptr, nAgg, B.ptr, Pcol.ptr, Pval.ptr, Bc.ptr, aggPtr.ptr, aggNodes.ptr);
    expect(dropped).toBe(0);
    const pc = Pcol.copy(), pv = Pval.copy(), bc = Bc.copy();
    // P_tent · B_c = B
    let err = 0;
    for (let r = 0; r < el.K.n; r++) {
      for (let j = 0; j < 6; j++) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += pv[6 * r + k] * bc[6 * pc[6 * r + k] + j];
        err = Math.max(err, Math.abs(s - Bv[6 * r + j]));
      }
    }
    expect(err).toBeLessThan(1e-12);
    // QᵀQ = I on every aggregate
    const G = new Float64Array(36 * nAgg);
    for (let r = 0; r < el.K.n; r++) {
      const g = a[Math.floor(r / 3)];
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) G[36 * g + 6 * i + j] += pv[6 * r + i] * pv[6 * r + j];
    }
    let orth = 0;
    for (let g = 0; g < nAgg; g++) for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) orth = Math.max(orth, Math.abs(G[36 * g + 6 * i + j] - (i === j ? 1 : 0)));
    expect(orth).toBeLessThan(1e-12);
  });

  it("sparse product and transpose equal the dense ones", () => {
    const ex = core.exports;
    // A: 5 × 4, B: 4 × 3 random sparse
    const dA = [[1, 0, 2, 0], [0, 3, 0, 0], [4, 0, 0, 5], [0, 0, 6, 0], [7, 8, 0, 9]];
    const dB = [[0, 1, 0], [2, 0, 3], [0, 0, 4], [5, 6, 0]];
    const csr = (d: number[][]) => {
      const row = [0], col: number[] = [], val: number[] = [];
      for (const r of d) { r.forEach((v, j) => { if (v) { col.push(j); val.push(v); } }); row.push(col.length); }
      return { row: core.fromI32(row), col: core.fromI32(col), val: core.fromF64(val) };
    };
    const A = csr(dA), B = csr(dB);
    const marker = core.i32(3), cRow = core.i32(6), av = core.f64(16);
    const nnz = ex.csrSpgemmGrouped(5, 1, 1, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, cRow.ptr, 0, 0, av.ptr);
    const cCol = core.i32(nnz), cVal = core.f64(nnz);
    ex.csrSpgemmGrouped(5, 1, 1, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, cRow.ptr, cCol.ptr, cVal.ptr, av.ptr);
    const C = Array.from({ length: 5 }, () => [0, 0, 0]);
    const rp = cRow.copy(), ci = cCol.copy(), cv = cVal.copy();
    for (let i = 0; i < 5; i++) for (let p = rp[i]; p < rp[i + 1]; p++) C[i][ci[p]] += cv[p];
    const want = dA.map((r) => [0, 1, 2].map((j) => r.reduce((s, v, k) => s + v * dB[k][j], 0)));
    expect(C).toEqual(want);
    const tRow = core.i32(5), tCol = core.i32(A.col.length), tVal = core.f64(A.col.length);
    ex.csrTranspose(5, 4, A.row.ptr, A.col.ptr, A.val.ptr, tRow.ptr, tCol.ptr, tVal.ptr);
    const T = Array.from({ length: 4 }, () => [0, 0, 0, 0, 0]);
    const tr = tRow.copy(), tc = tCol.copy(), tv = tVal.copy();
    for (let i = 0; i < 4; i++) for (let p = tr[i]; p < tr[i + 1]; p++) T[i][tc[p]] = tv[p];
    expect(T).toEqual([0, 1, 2, 3].map((j) => dA.map((r) => r[j])));
    // grouped rows (pairs with the same pattern, different values) give the same product; mismatched pairs are refused
    const dG = [[1, 0, 2, 0], [3, 0, -1, 0], [0, 4, 0, 5], [0, 6, 0, 7]];
    const G = csr(dG);
    const gRow = core.i32(5);
    const gn = ex.csrSpgemmGrouped(4, 2, 1, G.row.ptr, G.col.ptr, G.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, gRow.ptr, 0, 0, av.ptr);
    const gCol = core.i32(gn), gVal = core.f64(gn);
    expect(ex.csrSpgemmGrouped(4, 2, 1, G.row.ptr, G.col.ptr, G.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, gRow.ptr, gCol.ptr, gVal.ptr, av.ptr)).toBe(0);
    const GC = Array.from({ length: 4 }, () => [0, 0, 0]);
    const gr = gRow.copy(), gc = gCol.copy(), gv = gVal.copy();
    for (let i = 0; i < 4; i++) for (let p = gr[i]; p < gr[i + 1]; p++) GC[i][gc[p]] += gv[p];
    expect(GC).toEqual(dG.map((r) => [0, 1, 2].map((j) => r.reduce((s, v, k) => s + v * dB[k][j], 0))));
    expect(ex.csrSpgemmGrouped(5, 1, 1, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, cRow.ptr, 0, 0, av.ptr)).toBe(nnz);
    const bad = csr([[1, 0, 2, 0], [0, 3, 0, 4]]); // a pair whose patterns differ
    const bRow2 = core.i32(3);
    const bn = ex.csrSpgemmGrouped(2, 2, 1, bad.row.ptr, bad.col.ptr, bad.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, bRow2.ptr, 0, 0, av.ptr);
    const bCol2 = core.i32(Math.max(bn, 1)), bVal2 = core.f64(Math.max(bn, 1));
    expect(ex.csrSpgemmGrouped(2, 2, 1, bad.row.ptr, bad.col.ptr, bad.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, 3, marker.ptr, bRow2.ptr, bCol2.ptr, bVal2.ptr, av.ptr)).toBe(-1);
    // column runs of 2 (a 2-dof "node") meeting B row pairs with one pattern
    const dA2 = [[1, 2, 3, 4], [5, 6, 7, 8]], dB2 = [[1, 0, 2], [3, 0, 4], [0, 5, 0], [0, 6, 0]];
    const A2 = csr(dA2), B2 = csr(dB2), r2 = core.i32(3);
    const n2 = ex.csrSpgemmGrouped(2, 2, 2, A2.row.ptr, A2.col.ptr, A2.val.ptr, B2.row.ptr, B2.col.ptr, B2.val.ptr, 3, marker.ptr, r2.ptr, 0, 0, av.ptr);
    const c2 = core.i32(n2), v2 = core.f64(n2);
    expect(ex.csrSpgemmGrouped(2, 2, 2, A2.row.ptr, A2.col.ptr, A2.val.ptr, B2.row.ptr, B2.col.ptr, B2.val.ptr, 3, marker.ptr, r2.ptr, c2.ptr, v2.ptr, av.ptr)).toBe(0);
    const C2 = [[0, 0, 0], [0, 0, 0]];
    const rr = r2.copy(), cc = c2.copy(), vv = v2.copy();
    for (let i = 0; i < 2; i++) for (let p = rr[i]; p < rr[i + 1]; p++) C2[i][cc[p]] += vv[p];
    expect(C2).toEqual(dA2.map((r) => [0, 1, 2].map((j) => r.reduce((s, v, k) => s + v * dB2[k][j], 0))));
  });

  it("grouped products with runs of 3 and 6 columns (the fine and coarse levels' shapes) equal the dense product", () => {
    const ex = core.exports;
    // A: groups of g rows sharing a pattern of runs of gb columns; B: rows in runs of gb sharing a pattern
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (const [g, gb] of [[6, 3], [3, 3], [6, 6], [2, 6]]) {
      const nGroups = 5, nRuns = 4, nColsB = 11;
      const nA = g * nGroups, nB = gb * nRuns;
      const dA = Array.from({ length: nA }, () => new Array<number>(nB).fill(0));
      for (let t = 0; t < nGroups; t++) for (let K = 0; K < nRuns; K++) {
        if ((t + K) % 3 === 1) continue; // a run this group does not touch
        for (let j = 0; j < g; j++) for (let b = 0; b < gb; b++) dA[g * t + j][gb * K + b] = rnd();
      }
      const dB = Array.from({ length: nB }, () => new Array<number>(nColsB).fill(0));
      for (let K = 0; K < nRuns; K++) for (let c = 0; c < nColsB; c++) {
        if ((K * 5 + c) % 4 === 0) continue;
        for (let b = 0; b < gb; b++) dB[gb * K + b][c] = rnd();
      }
      const csr = (d: number[][]) => {
        const row = [0], col: number[] = [], val: number[] = [];
        for (const r of d) { r.forEach((v, j) => { if (v) { col.push(j); val.push(v); } }); row.push(col.length); }
        return { row: core.fromI32(row), col: core.fromI32(col), val: core.fromF64(val) };
      };
      const A = csr(dA), B = csr(dB);
      const marker = core.i32(nColsB), cRow = core.i32(nA + 1), av = core.f64(g * gb);
      const nnz = ex.csrSpgemmGrouped(nA, g, gb, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, cRow.ptr, 0, 0, av.ptr);
      const cCol = core.i32(nnz), cVal = core.f64(nnz);
      expect(ex.csrSpgemmGrouped(nA, g, gb, A.row.ptr, A.col.ptr, A.val.ptr, B.row.ptr, B.col.ptr, B.val.ptr, nColsB, marker.ptr, cRow.ptr, cCol.ptr, cVal.ptr, av.ptr)).toBe(0);
      const rp = cRow.copy(), ci = cCol.copy(), cv = cVal.copy();
      let err = 0;
      for (let i = 0; i < nA; i++) {
        const got = new Array<number>(nColsB).fill(0);
        for (let p = rp[i]; p < rp[i + 1]; p++) got[ci[p]] += cv[p];
        for (let c = 0; c < nColsB; c++) err = Math.max(err, Math.abs(got[c] - dA[i].reduce((s, v, k) => s + v * dB[k][c], 0)));
      }
      expect(err, `g ${g}, gb ${gb}`).toBeLessThan(1e-14);
      expect(nnz).toBeGreaterThan(0);
      for (const a of [A.row, A.col, A.val, B.row, B.col, B.val, marker, cRow, av, cCol, cVal]) a.free();
    }
  });

  it("the V-cycle is a symmetric positive definite operator", () => {
    const { mesh, el, mask } = elasticSystem(5, 1, true);
    const amg = new AmgPreconditioner(core, el.K, { coordinates: mesh.nodes, fixed: mask.copy() });
    expect(amg.stats!.levels).toBeGreaterThan(1);
    expectSpdCycle(amg, el.K.n);
    amg.dispose();
  });
});

describe("the fine prolongator as node CSR (one column list per node)", () => {
  it("gives the same V-cycle bit for bit as the CSR prolongator, and the same CG iterations and solution, on P1 and P2", () => {
    for (const order of [1, 2] as const) {
      const { el, mask, opts } = multilevelSystem(order);
      const csr = new AmgPreconditioner(core, el.K, { ...opts, nodeProlongator: false });
      const node = new AmgPreconditioner(core, el.K, opts); // the default
      expect(node.stats!.levels).toBeGreaterThanOrEqual(3); // a coarse level whose P stays CSR, too
      expect(node.stats!.rows).toEqual(csr.stats!.rows);
      expect(node.stats!.prolongatorNonzeros).toEqual(csr.stats!.prolongatorNonzeros);
      const P = (a: AmgPreconditioner) => (a as unknown as { levels: Array<{ P?: { val: { length: number }; nodePtr?: unknown } }> }).levels;
      expect(P(node)[0].P!.nodePtr).toBeDefined();
      expect(P(csr)[0].P!.nodePtr).toBeUndefined();
      expect(P(node)[1].P!.nodePtr).toBeUndefined(); // coarse levels (6 modes per aggregate) keep CSR
      const n = el.K.n;
      const r = core.fromF64(Array.from({ length: n }, (_, i) => (mask.view[i] ? 0 : Math.sin(0.37 * i)))), z1 = core.f64(n), z2 = core.f64(n);
      core.exports.amgApply(csr.ptr, r.ptr, z1.ptr);
      core.exports.amgApply(node.ptr, r.ptr, z2.ptr);
      expect(maxAbs(z1.view)).toBeGreaterThan(0);
      expect(maxAbsDiff(z1.view, z2.view)).toBe(0);
      csr.dispose(); node.dispose();
      const solve = (nodeProlongator: boolean) => amgSolve(el.K, el.f, { ...opts, nodeProlongator }, 1e-8);
      const a = solve(false), b = solve(true);
      expect(a.its).toBeGreaterThan(5);
      expect(b.its).toBe(a.its);
      expect(maxAbsDiff(a.x, b.x)).toBe(0);
      r.free(); z1.free(); z2.free();
    }
  });
});

describe("p-coarsening of a quadratic mesh (linearCoarseSpace)", () => {
  it("I interpolates linear fields exactly, leaves constrained rows zero, and Iᵀ K₂ I is the linear mesh's stiffness", () => {
    const { mesh: m1, el: el1, tables } = elasticSystem(3, 1, false);
    const m2 = toQuadratic(core, m1), fe2 = FeMesh.create(core, m2), el2 = new ElasticitySystem(fe2, tables);
    // uniform θ: both meshes see the same C in every element, and P2's rule integrates P1's constant integrand exactly
    for (const [el, fe] of [[el1, el1.fe], [el2, fe2]] as const) {
      const th = core.fromF64(new Float64Array(fe.nNodes).fill(0.45));
      el.assemble(th, 1);
      th.free();
    }
    const nv = m1.nVertices, n2 = fe2.nNodes, N2 = 3 * n2, N1 = 3 * nv;
    const I = linearInterpolation(m2.tets, nv, n2);
    expect(I.nCols).toBe(N1);
    expect(I.row[N2]).toBe(I.col.length);
    // a linear displacement u = G x + c: its vertex values interpolate to its values at every node
    const G = [0.3, -0.2, 0.1, 0.05, 0.4, -0.3, -0.1, 0.2, 0.25], c = [0.1, -0.2, 0.3];
    const lin = (x: Float64Array, i: number, a: number) => c[a] + G[3 * a] * x[3 * i] + G[3 * a + 1] * x[3 * i + 1] + G[3 * a + 2] * x[3 * i + 2];
    const uv = Float64Array.from({ length: N1 }, (_, d) => lin(m2.nodes, Math.floor(d / 3), d % 3));
    let err = 0;
    for (let r = 0; r < N2; r++) {
      let s = 0;
      for (let q = I.row[r]; q < I.row[r + 1]; q++) s += I.val[q] * uv[I.col[q]];
      err = Math.max(err, Math.abs(s - lin(m2.nodes, Math.floor(r / 3), r % 3)));
    }
    expect(err).toBeLessThan(1e-14);
    // the Galerkin product with the interpolation is the stiffness assembled on the linear mesh
    const K2 = toDense(el2.K), K1 = toDense(el1.K);
    const KI = new Float64Array(N2 * N1); // K₂ I, dense
    for (let r = 0; r < N2; r++) for (let q = I.row[r]; q < I.row[r + 1]; q++) {
      const w = I.val[q], j = I.col[q];
      if (w !== 0) for (let i = 0; i < N2; i++) KI[i * N1 + j] += K2[i * N2 + r] * w;
    }
    const A1 = new Float64Array(N1 * N1);
    for (let r = 0; r < N2; r++) for (let q = I.row[r]; q < I.row[r + 1]; q++) {
      const w = I.val[q], i = I.col[q];
      if (w !== 0) for (let j = 0; j < N1; j++) A1[i * N1 + j] += w * KI[r * N1 + j];
    }
    expect(maxAbsDiff(A1, K1)).toBeLessThan(1e-12 * maxAbs(K1));
    // constrained dofs: zero rows, the others as before
    const fixed = new Uint8Array(N2);
    for (let d = 0; d < N2; d += 11) fixed[d] = 1;
    const If = linearInterpolation(m2.tets, nv, n2, fixed);
    expect(If.col).toEqual(I.col);
    for (let r = 0; r < N2; r++) for (let q = I.row[r]; q < I.row[r + 1]; q++) expect(If.val[q]).toBe(fixed[r] ? 0 : I.val[q]);
    // a node count that does not match the tets' numbering is refused, not read past
    expect(() => linearInterpolation(m2.tets, nv, nv + 1)).toThrow(/out of the numbering/);
    expect(() => linearInterpolation(m2.tets.subarray(0, 15), nv, n2)).toThrow(/10-node/);
    el2.dispose();
    fe2.dispose();
  });

  it("from K's symmetric storage, Iᵀ K I is formed row by row (linear-galerkin.ts) and equals the general product's: same pattern, values to rounding", () => {
    const { mesh, fe, el, mask, tables } = elasticSystem(4, 2, true);
    // pins plus a plane of fully fixed nodes: constrained dofs have zero weight
    for (let i = 0; i < fe.nNodes; i++) if (mesh.nodes[3 * i + 2] < 1e-9) for (let c = 0; c < 3; c++) mask.view[3 * i + c] = 1;
    const theta = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.4 + 0.3 * Math.sin(mesh.nodes[3 * i] + 2 * mesh.nodes[3 * i + 1]);
    const sym = new ElasticitySystem(fe, tables, true);
    for (const sys of [el, sym]) {
      sys.assemble(theta, 1);
      applyDirichlet(core, sys.K, mask, null, sys.f);
    }
    const opts = { ...elasticityAmgOptions(mesh, mask.copy()), symmetricCoarse: false };
    type L1 = { rowPtr: WasmArray<Int32Array>; colIdx: WasmArray<Int32Array>; vals: WasmArray<Float64Array> };
    const [general, rows] = [el.K, sym.K].map((K) => new AmgPreconditioner(core, K, opts));
    const [g, r] = [general, rows].map((h) => (h as unknown as { levels: L1[] }).levels[1]);
    const n1 = 3 * mesh.nVertices;
    expect(general.stats!.rows[1]).toBe(n1);
    expect(rows.stats!.rows).toEqual(general.stats!.rows);
    const gr = g.rowPtr.copy(), gc = g.colIdx.copy(), gv = g.vals.copy(), rr = r.rowPtr.copy(), rc = r.colIdx.copy(), rv = r.vals.copy();
    expect(rr).toEqual(gr);
    let scale = 0, diff = 0;
    for (let i = 0; i < n1; i++) {
      const byCol = new Map<number, number>();
      for (let q = gr[i]; q < gr[i + 1]; q++) byCol.set(gc[q], gv[q]);
      for (let q = rr[i]; q < rr[i + 1]; q++) {
        expect(byCol.has(rc[q])).toBe(true);
        scale = Math.max(scale, Math.abs(gv[q]));
        diff = Math.max(diff, Math.abs(rv[q] - byCol.get(rc[q])!));
      }
    }
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-13 * scale);
    // and the cycles built on them solve alike
    const its = [el, sym].map((sys) => {
      const s = new PcgSolver(core, sys.K, "amg", opts), x = core.f64(sys.K.n);
      const st = s.solve(sys.f, x, { tol: 1e-10, maxIt: 500 });
      expect(st.converged).toBe(true);
      s.dispose(); x.free();
      return st.iterations;
    });
    expect(Math.abs(its[0] - its[1])).toBeLessThanOrEqual(1);
    general.dispose(); rows.dispose(); sym.dispose(); theta.free();
  });

  it("starts the hierarchy with the vertices' operator, takes fewer CG iterations than aggregation alone for the same solution, and keeps the cycle SPD", () => {
    const { mesh, el, mask, opts } = multilevelSystem(2);
    const n = el.K.n;
    const withP1 = { ...opts, linearCoarseSpace: { tets: mesh.tets, nVertices: mesh.nVertices } };
    expect(elasticityAmgOptions(mesh, opts.fixed).linearCoarseSpace).toEqual(withP1.linearCoarseSpace);
    const agg = amgSolve(el.K, el.f, opts, 1e-10), p = amgSolve(el.K, el.f, withP1, 1e-10);
    expect(agg.status).toBe("converged");
    expect(p.status).toBe("converged");
    expect(p.its).toBeLessThan(agg.its);
    expect(maxAbsDiff(p.x, agg.x)).toBeLessThan(1e-8 * maxAbs(agg.x));
    const amg = new AmgPreconditioner(core, el.K, withP1), st = amg.stats!;
    expect(st.rows[1]).toBe(3 * mesh.nVertices);
    expect(st.levels).toBeGreaterThanOrEqual(3); // aggregation levels follow the linear one
    expect(st.prolongatorNonzeros[0]).toBe(9 * mesh.nVertices + 18 * (el.fe.nNodes - mesh.nVertices));
    expectSpdCycle(amg, n, mask);
    amg.dispose();
    console.log(`P2 AMG-PCG iterations to 1e-10: aggregation ${agg.its}, with the linear level ${p.its}`);
  });
});

describe("block-Jacobi smoothing of the fine level (fineSmoother)", () => {
  it("takes no more CG iterations than point Jacobi for the same solution, from full or symmetric K, and keeps the cycle SPD", () => {
    const its: Record<string, number> = {};
    for (const order of [1, 2] as const) {
      const { mesh, fe, el, mask, tables, opts } = multilevelSystem(order);
      const n = el.K.n;
      const point = amgSolve(el.K, el.f, { ...opts, fineSmoother: "jacobi" }, 1e-10), block = amgSolve(el.K, el.f, { ...opts, fineSmoother: "block-jacobi" }, 1e-10);
      expect(point.status).toBe("converged");
      expect(block.status).toBe("converged");
      its[`P${order} point`] = point.its; its[`P${order} block`] = block.its;
      expect(block.its).toBeLessThanOrEqual(point.its);
      expect(maxAbsDiff(point.x, block.x)).toBeLessThan(1e-8 * maxAbs(point.x));
      // from K assembled symmetric: the same hierarchy to rounding (λ, P), the same iterations ±1
      const elS = new ElasticitySystem(fe, tables, true);
      const theta = core.f64(fe.nNodes);
      for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.4 + 0.3 * Math.sin(mesh.nodes[3 * i] + 2 * mesh.nodes[3 * i + 1]);
      elS.assemble(theta, 1);
      applyDirichlet(core, elS.K, mask, null, elS.f);
      type L0 = { lmax: number; dinvB?: unknown; P?: { val: { copy(): Float64Array } } };
      const full = new AmgPreconditioner(core, el.K, opts), sym = new AmgPreconditioner(core, elS.K, opts);
      const [a, b] = [full, sym].map((h) => (h as unknown as { levels: L0[] }).levels[0]);
      expect(a.dinvB).toBeDefined();
      expect(b.dinvB).toBeDefined();
      expect(Math.abs(a.lmax - b.lmax)).toBeLessThan(1e-13 * a.lmax);
      const pa = a.P!.val.copy(), pb = b.P!.val.copy();
      expect(pb.length).toBe(pa.length);
      expect(maxAbsDiff(pa, pb)).toBeLessThan(1e-12 * maxAbs(pa));
      // the block cycle is symmetric positive definite
      expectSpdCycle(sym, n, mask);
      full.dispose(); sym.dispose();
      theta.free();
    }
    console.log(`AMG-PCG iterations to 1e-10, point vs block Jacobi: ${JSON.stringify(its)}`);
  });
});

describe("coarse levels by their upper triangle (symmetricCoarse), scalar or in blocks (coarseBlocks)", () => {
  const kinds = (a: AmgPreconditioner) => (a as unknown as { levels: Array<{ kind: string; blockSize?: number }> }).levels.map((L) => L.kind + (L.blockSize ?? ""));
  it("in blocks by default: the 6 × 6 blocks of the aggregation levels, the 3 × 3 ones of a quadratic mesh's linear level", () => {
    // the kinds of the levels the cycle smooths on (not the fine level, not the coarsest)
    const smoothed = (A: ConstructorParameters<typeof AmgPreconditioner>[1], opts: ConstructorParameters<typeof AmgPreconditioner>[2]) => {
      const amg = new AmgPreconditioner(core, A, opts);
      const k = kinds(amg).slice(1, -1);
      amg.dispose();
      return k;
    };
    const p1 = multilevelSystem(1), p2 = multilevelSystem(2);
    expect(smoothed(p1.el.K, p1.opts)).toEqual(["blocks-sym6"]);
    expect(smoothed(p2.el.K, p2.opts)).toEqual(["blocks-sym6"]);
    // with the linear coarse space of a quadratic mesh (elasticityAmgOptions): its vertices' level in 3 × 3 blocks
    expect(smoothed(p2.el.K, { ...elasticityAmgOptions(p2.mesh, p2.mask.copy()), coarseSize: 12 })).toEqual(["blocks-sym3", "blocks-sym6"]);
    // a scalar system's levels (one dof per aggregate) stay scalar: M + 10 K of the diffusion on the P2 box
    const ds = new DiffusionSystem(p2.fe, p2.tables.D);
    ds.assemble();
    const A = createMatrix(core, p2.fe.pattern, "csr"), a = A.vals.view;
    for (let i = 0; i < a.length; i++) a[i] = ds.M.vals.view[i] + 10 * ds.K.vals.view[i];
    const scalarKinds = smoothed(A, { coarseSize: 50 });
    expect(scalarKinds.length).toBeGreaterThanOrEqual(1);
    expect(scalarKinds.every((k) => k === "csr-sym")).toBe(true);
    A.vals.free();
    ds.dispose();
  });
  for (const coarseBlocks of [false, true]) it(`${coarseBlocks ? "in blocks" : "scalar"}: give the full levels' V-cycle to rounding, a symmetric positive definite cycle, and the same CG iterations and solution`, () => {
    for (const order of [1, 2] as const) {
      const { el, mask, opts } = multilevelSystem(order);
      const full = new AmgPreconditioner(core, el.K, { ...opts, symmetricCoarse: false });
      const sym = new AmgPreconditioner(core, el.K, { ...opts, coarseBlocks });
      expect(sym.stats!.levels).toBeGreaterThanOrEqual(3);
      expect(sym.stats!.nonzeros).toEqual(full.stats!.nonzeros); // reported as the full levels
      expect(kinds(sym).slice(1, -1).every((k) => (coarseBlocks ? k.startsWith("blocks-sym") : k === "csr-sym"))).toBe(true);
      expect(kinds(full).slice(1).every((k) => k === "csr")).toBe(true);
      const n = el.K.n, ex = core.exports;
      const x = core.fromF64(Array.from({ length: n }, (_, i) => (mask.view[i] ? 0 : Math.sin(0.37 * i)))), y = core.fromF64(Array.from({ length: n }, (_, i) => (mask.view[i] ? 0 : Math.cos(1.3 * i + 0.2))));
      const z1 = core.f64(n), z2 = core.f64(n), My = core.f64(n);
      ex.amgApply(full.ptr, x.ptr, z1.ptr);
      ex.amgApply(sym.ptr, x.ptr, z2.ptr);
      expect(maxAbs(z1.view)).toBeGreaterThan(0);
      expect(maxAbsDiff(z1.view, z2.view)).toBeLessThan(1e-12 * maxAbs(z1.view));
      ex.amgApply(sym.ptr, y.ptr, My.ptr);
      const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
      expect(Math.abs(dot(y.view, z2.view) - dot(x.view, My.view))).toBeLessThan(1e-10 * Math.sqrt(dot(z2.view, z2.view) * dot(y.view, y.view)));
      expect(dot(x.view, z2.view)).toBeGreaterThan(0);
      full.dispose(); sym.dispose();
      const a = amgSolve(el.K, el.f, { ...opts, symmetricCoarse: false }, 1e-8), b = amgSolve(el.K, el.f, { ...opts, symmetricCoarse: true, coarseBlocks }, 1e-8);
      expect(a.its).toBeGreaterThan(5);
      expect(Math.abs(b.its - a.its)).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(a.x, b.x)).toBeLessThan(1e-7 * maxAbs(a.x));
      for (const w of [x, y, z1, z2, My]) w.free();
    }
  });
});

describe("AMG Galerkin product by blocks of coarse rows", () => {
  type LevelView = { n: number; rowPtr: { copy(): Int32Array }; colIdx: { copy(): Int32Array }; vals: { copy(): Float64Array }; lmax: number; P?: { val: { copy(): Float64Array } }; R?: { val: { copy(): Float64Array } } };
  const hierarchy = (A: ConstructorParameters<typeof AmgPreconditioner>[1], opts: ConstructorParameters<typeof AmgPreconditioner>[2]) => {
    const amg = new AmgPreconditioner(core, A, opts);
    const levels = (amg as unknown as { levels: LevelView[] }).levels
      .map((L) => ({ n: L.n, row: L.rowPtr.copy(), col: L.colIdx.copy(), val: L.vals.copy(), lmax: L.lmax, p: L.P?.val.copy() ?? null, r: L.R?.val.copy() ?? null }));
    const out = { rows: amg.stats!.rows, complexity: amg.stats!.operatorComplexity, levels, formed: amg.stats!.galerkinRowsFormed };
    amg.dispose();
    return out;
  };

  it("gives the same hierarchy bit for bit as the whole product (elasticity BSR3 with 6 modes, and a scalar CSR system)", () => {
    const { mesh, fe, el, mask } = elasticSystem(6, 2, true);
    const opts = { coordinates: mesh.nodes, fixed: mask.copy(), coarseSize: 100 };
    const whole = hierarchy(el.K, opts), blocked = hierarchy(el.K, { ...opts, galerkinBlockRows: 500 });
    expect(whole.rows.length).toBeGreaterThanOrEqual(3);
    expect(whole.rows[0] / 500).toBeGreaterThan(10); // the fine level's product in > 10 blocks
    expect(blocked.rows).toEqual(whole.rows);
    expect(blocked.levels).toEqual(whole.levels);
    expect(blocked.formed.length).toBeGreaterThanOrEqual(1); // blocked at least on the fine level
    const blocks = Math.ceil(whole.rows[0] / 500);
    expect(blocked.formed[0]).toBeLessThan(blocks / 2); // a block forms under half of A·P (a small box: each block reaches far; at seed scale ~1/blocks)
    expect(whole.formed).toEqual([]);

    const q = [[1, 0, 0, 0], [0.3, 0.5, -0.2, 0.79], [0.7, -0.1, 0.7, 0.1], [0.2, 0.9, 0.3, -0.2]].map((v) => v.map((x) => x / Math.hypot(...v)));
    const ds = new DiffusionSystem(fe, grainMaterialTables(DEFAULT_MATERIAL, q.flat()).D); // the 4 grains' tensors
    ds.assemble();
    const A = createMatrix(core, fe.pattern, "csr");
    const a = A.vals.view, k = ds.K.vals.view, m = ds.M.vals.view;
    for (let i = 0; i < a.length; i++) a[i] = m[i] + 10 * k[i];
    const wholeS = hierarchy(A, { coarseSize: 50 }), blockedS = hierarchy(A, { coarseSize: 50, galerkinBlockRows: 300 });
    expect(wholeS.rows.length).toBeGreaterThanOrEqual(3);
    expect(wholeS.rows[0] / 300).toBeGreaterThan(5);
    expect(blockedS.levels).toEqual(wholeS.levels);
  });

  it("rejects a block size below 1", () => {
    const { mesh, el, mask } = elasticSystem(3, 1, true);
    expect(() => new AmgPreconditioner(core, el.K, { coordinates: mesh.nodes, fixed: mask.copy(), galerkinBlockRows: 0, coarseSize: 10 })).toThrow(/galerkinBlockRows/);
  });
});

describe("AMG-preconditioned CG on anisotropic polycrystal elasticity", () => {
  const cases: Array<[1 | 2, number[]]> = [[1, [6, 10, 14]], [2, [3, 5, 7]]];
  it.each(cases)("P%i: iterations stay flat under refinement (≤ 40) and the solution equals block Jacobi's", (order, sizes) => {
    const its: number[] = [], jac: number[] = [];
    for (const n of sizes) {
      const { mesh, el, mask } = elasticSystem(n, order, true);
      const N = el.K.n;
      const solveWith = (kind: "amg" | "block-jacobi") => {
        const s = new PcgSolver(core, el.K, kind, kind === "amg" ? elasticityAmgOptions(mesh, mask.copy()) : undefined);
        const x = core.f64(N);
        const st = s.solve(el.f, x, { tol: 1e-10, maxIt: 20000 });
        expect(st.converged).toBe(true);
        const out = { x: x.copy(), it: st.iterations, amg: s.amgStats };
        s.dispose();
        x.free();
        return out;
      };
      const a = solveWith("amg"), j = solveWith("block-jacobi");
      // the same with CG and the fine-level smoother multiplying by the upper block triangle
      const s = new PcgSolver(core, el.K, "amg", elasticityAmgOptions(mesh, mask.copy()), { symmetric: true });
      const xs = core.f64(N);
      const ss = s.solve(el.f, xs, { tol: 1e-10, maxIt: 20000 });
      expect(ss.converged).toBe(true);
      expect(Math.abs(ss.iterations - a.it)).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(xs.view, a.x)).toBeLessThan(1e-8 * maxAbs(a.x));
      s.dispose();
      xs.free();
      its.push(a.it);
      jac.push(j.it);
      expect(maxAbsDiff(a.x, j.x)).toBeLessThan(1e-7 * maxAbs(j.x));
      expect(a.amg!.operatorComplexity).toBeLessThan(1.6);
    }
    expect(Math.max(...its)).toBeLessThanOrEqual(40);
    expect(its[its.length - 1]).toBeLessThanOrEqual(1.5 * its[0]); // nearly flat, while Jacobi grows ~linearly in 1/h
    expect(jac[jac.length - 1]).toBeGreaterThan(1.5 * jac[0]);
    console.log(`P${order} sizes ${sizes.join(",")}: AMG ${its.join("/")} vs block Jacobi ${jac.join("/")} iterations`);
  });

  it("a hierarchy kept across a change of θ (fine level refreshed only) preconditions the new system nearly as well as a new setup", () => {
    const { mesh, fe, el, mask } = elasticSystem(5, 2, true);
    const N = el.K.n;
    // as the mechanics solver runs it: symmetric storage, whose copy must follow the new values too
    const s = new PcgSolver(core, el.K, "amg", { coordinates: mesh.nodes, fixed: mask.copy() }, { symmetric: true });
    const fullSetup = s.amgStats!.setupSeconds;
    const fineBound = () => (s as unknown as { amg: { levels: Array<{ lmax: number }> } }).amg.levels[0].lmax;
    const bound0 = fineBound();
    // a different θ field: C(θ) and the load change everywhere (θ from 0.9 down to 0.2)
    const theta = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.55 + 0.35 * Math.cos(1.7 * mesh.nodes[3 * i + 2] - mesh.nodes[3 * i]);
    el.assemble(theta, 1);
    applyDirichlet(core, el.K, mask, null, el.f);
    s.refresh();
    expect(s.amgStats!.reused).toBe(true);
    const refreshedBound = fineBound(); // max(last bound, 1.1 × a 10-step estimate)
    expect(refreshedBound).toBeGreaterThanOrEqual(bound0);
    const xr = core.f64(N);
    const kept = s.solve(el.f, xr, { tol: 1e-10, maxIt: 5000 });
    s.update();
    expect(s.amgStats!.reused).toBe(false);
    // the refreshed smoother bound is above the new matrix's λ_max (the new setup's 20-step estimate, before its 1.1 margin)
    expect(refreshedBound).toBeGreaterThan(fineBound() / 1.1);
    const xf = core.f64(N);
    const fresh = s.solve(el.f, xf, { tol: 1e-10, maxIt: 5000 });
    expect(kept.converged && fresh.converged).toBe(true);
    expect(maxAbsDiff(xr.view, xf.view)).toBeLessThan(1e-7 * maxAbs(xf.view));
    expect(kept.iterations).toBeLessThanOrEqual(1.5 * fresh.iterations + 5);
    console.log(`refreshed hierarchy: ${kept.iterations} iterations vs ${fresh.iterations} after a new setup; full setup ${(1000 * fullSetup).toFixed(0)} ms`);
    s.dispose();
  });

  it("K assembled into symmetric storage is the full K, and gives the same AMG hierarchy and solutions, through a refresh, a new setup and safe bounds", () => {
    const { mesh, fe, el, mask, tables } = elasticSystem(5, 2, true);
    const sym = new ElasticitySystem(fe, tables, true);
    expect(sym.K.kind).toBe("bsr3-sym");
    const N = el.K.n;
    const theta = core.f64(fe.nNodes), theta1 = core.fromF64(new Float64Array(fe.nNodes).fill(1));
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.55 + 0.35 * Math.cos(1.7 * mesh.nodes[3 * i + 2] - mesh.nodes[3 * i]);
    const assemble = (moved: boolean) => { // K and f as the mechanics solver has them before a solve
      for (const sys of [el, sym]) {
        sys.assemble(moved ? theta : theta1, 1);
        applyDirichlet(core, sys.K, mask, null, sys.f);
      }
    };
    assemble(false);
    // the stored upper blocks are the full K's, bit for bit, and so is the whole matrix (the element matrices are symmetric to the bit)
    const rp = fe.pattern.rowPtr.view, ci = fe.pattern.colIdx.view, full = el.K.vals.view, up = sym.K.vals.view;
    let q = 0;
    for (let i = 0; i < fe.nNodes; i++) for (let p = rp[i]; p < rp[i + 1]; p++) if (ci[p] > i) {
      for (let k = 0; k < 9; k++) expect(up[9 * q + k]).toBe(full[9 * p + k]);
      q++;
    }
    expect(q).toBe(sym.K.pattern.nnz);
    const Dfull = toDense(el.K), Dsym = toDense(sym.K);
    expect(maxAbsDiff(Dsym, Dfull)).toBe(0); // (not toEqual: a 16M-entry dense matrix)
    expect(sym.f.view).toEqual(el.f.view);

    const amg = { coordinates: mesh.nodes, fixed: mask.copy() };
    const solvers = [new PcgSolver(core, el.K, "amg", amg, { symmetric: true }), new PcgSolver(core, sym.K, "amg", amg)];
    const [a, b] = solvers.map((s) => s.amgStats!);
    expect(b.levels).toBe(a.levels);
    expect(b.rows).toEqual(a.rows);
    expect(b.nonzeros).toEqual(a.nonzeros);
    expect(b.prolongatorNonzeros).toEqual(a.prolongatorNonzeros);
    expect(a.levels).toBeGreaterThan(1);
    const runs = solvers.map(() => [] as Array<{ it: number; x: Float64Array }>);
    const solveBoth = () => solvers.forEach((s, k) => {
      const sys = k === 0 ? el : sym, x = core.f64(N);
      const st = s.solve(sys.f, x, { tol: 1e-10, maxIt: 5000 });
      expect(st.converged).toBe(true);
      runs[k].push({ it: st.iterations, x: x.copy() });
      x.free();
    });
    solveBoth();
    assemble(true);
    for (const s of solvers) s.refresh();
    solveBoth();
    for (const s of solvers) s.update();
    solveBoth();
    for (const s of solvers) s.update(true); // Gershgorin bounds
    solveBoth();
    for (let k = 0; k < runs[0].length; k++) {
      expect(Math.abs(runs[1][k].it - runs[0][k].it)).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(runs[1][k].x, runs[0][k].x)).toBeLessThan(1e-8 * maxAbs(runs[0][k].x));
    }
    expect(maxAbsDiff(runs[0][1].x, runs[0][0].x)).toBeGreaterThan(1e-3 * maxAbs(runs[0][0].x)); // θ moved: another solution
    // block Jacobi and Jacobi on the symmetric storage: the full matrix's iterations
    for (const kind of ["block-jacobi", "jacobi"] as const) {
      const its = [el, sym].map((sys) => {
        const s = new PcgSolver(core, sys.K, kind), x = core.f64(N);
        const st = s.solve(sys.f, x, { tol: 1e-8, maxIt: 5000 });
        s.dispose();
        x.free();
        return st.iterations;
      });
      expect(Math.abs(its[1] - its[0])).toBeLessThanOrEqual(1);
    }
    for (const s of solvers) s.dispose();
    sym.dispose();
    theta.free();
    theta1.free();
  });

  it("Dirichlet values moved into the load agree between the symmetric and the full storage", () => {
    const { fe, el, tables } = elasticSystem(3, 2, false);
    const sym = new ElasticitySystem(fe, tables, true);
    const theta = core.fromF64(new Float64Array(fe.nNodes).fill(0.3));
    const mask = core.u8(el.K.n), g = core.f64(el.K.n);
    for (let d = 0; d < el.K.n; d += 7) { mask.view[d] = 1; g.view[d] = Math.sin(d); }
    const out = [el, sym].map((sys) => {
      sys.assemble(theta, 1);
      applyDirichlet(core, sys.K, mask, g, sys.f);
      return { D: toDense(sys.K), f: sys.f.copy() };
    });
    expect(maxAbsDiff(out[1].D, out[0].D)).toBeLessThan(1e-13 * maxAbs(out[0].D));
    expect(maxAbsDiff(out[1].f, out[0].f)).toBeLessThan(1e-12 * maxAbs(out[0].f));
    expect(maxAbs(out[0].f)).toBeGreaterThan(0);
    sym.dispose();
  });

  it("a system below the coarse size is solved exactly by the one-level (dense) hierarchy, from full or symmetric storage", () => {
    const { mesh, fe, el, mask, tables } = elasticSystem(2, 1, true);
    const sym = new ElasticitySystem(fe, tables, true);
    const theta = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.4 + 0.3 * Math.sin(mesh.nodes[3 * i] + 2 * mesh.nodes[3 * i + 1]);
    sym.assemble(theta, 1);
    applyDirichlet(core, sym.K, mask, null, sym.f);
    const xs = [el, sym].map((sys) => {
      const s = new PcgSolver(core, sys.K, "amg", { coordinates: mesh.nodes, fixed: mask.copy() });
      expect(s.amgStats!.levels).toBe(1);
      const x = core.f64(sys.K.n);
      const st = s.solve(sys.f, x, { tol: 1e-10 });
      expect(st.converged).toBe(true);
      expect(st.iterations).toBeLessThanOrEqual(2);
      s.dispose();
      return x.copy();
    });
    expect(maxAbsDiff(xs[1], xs[0])).toBeLessThan(1e-9 * maxAbs(xs[0]));
    expect(maxAbs(xs[0])).toBeGreaterThan(0);
    sym.dispose();
  });
});
