// Sparsity pattern and P2 lifting against brute force; CSR/BSR products
// against dense ones; PCG against a dense direct solve.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { spmv, toDense } from "../src/linalg/sparse.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { denseMatVec, denseSolve, maxAbs, maxAbsDiff } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const MATERIAL = {
  diffusivityM2s: [5e-15, 5e-15, 1e-20] as const,
  chemicalStrain: [0.028, 0.028, -0.04] as const,
  stiffnessGPa: {
    lithiated: { C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 },
    delithiated: { C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 },
  },
};

describe("node-graph pattern", () => {
  it("has exactly the node pairs that share a tet, sorted, with the diagonal", () => {
    const mesh = boxMesh({ n: [3, 2, 2], jitter: 0.2 });
    const fe = FeMesh.create(core, mesh);
    const rp = fe.pattern.rowPtr.view.slice(), ci = fe.pattern.colIdx.view.slice();
    const n = fe.nNodes;
    const want = Array.from({ length: n }, () => new Set<number>());
    for (let t = 0; t < fe.nTets; t++) for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) want[mesh.tets[4 * t + a]].add(mesh.tets[4 * t + b]);
    for (let i = 0; i < n; i++) {
      const row = Array.from(ci.slice(rp[i], rp[i + 1]));
      expect(row).toEqual([...want[i]].sort((x, y) => x - y));
    }
    fe.dispose();
  });

  it("P2 lifting adds one node per edge at the edge midpoint (Euler: V − E + F − T = 1)", () => {
    const p1 = boxMesh({ n: [2, 3, 2], jitter: 0.15 });
    const p2 = toQuadratic(core, p1);
    const V = p1.nodes.length / 3, T = p1.tetGrain.length;
    const E = p2.nodes.length / 3 - V;
    // faces: each tet has 4; interior faces counted twice
    const Fb = p1.triGrain.length;
    const F = (4 * T + Fb) / 2;
    expect(V - E + F - T).toBe(1);
    for (let t = 0; t < T; t++) {
      const tet = p2.tets.subarray(10 * t, 10 * t + 10);
      const edges = [[0, 1], [1, 2], [0, 2], [0, 3], [1, 3], [2, 3]];
      edges.forEach(([a, b], k) => {
        for (let c = 0; c < 3; c++) {
          expect(p2.nodes[3 * tet[4 + k] + c]).toBeCloseTo(0.5 * (p2.nodes[3 * tet[a] + c] + p2.nodes[3 * tet[b] + c]), 14);
        }
      });
    }
    // boundary triangles: mid-edge nodes are shared with the tets
    for (let t = 0; t < p2.triGrain.length; t++) {
      const tri = p2.tris.subarray(6 * t, 6 * t + 6);
      [[0, 1], [1, 2], [2, 0]].forEach(([a, b], k) => {
        for (let c = 0; c < 3; c++) expect(p2.nodes[3 * tri[3 + k] + c]).toBeCloseTo(0.5 * (p2.nodes[3 * tri[a] + c] + p2.nodes[3 * tri[b] + c]), 14);
      });
    }
  });
});

describe("sparse products and PCG", () => {
  it("CSR and BSR3 products equal dense products; PCG equals a dense solve", () => {
    const mesh = toQuadratic(core, boxMesh({ n: [2, 2, 2], jitter: 0.2 }));
    const fe = FeMesh.create(core, mesh);
    const tables = grainMaterialTables(MATERIAL, [0.3, 0.5, -0.2, 0.79]);
    const diff = new DiffusionSystem(fe, tables.D);
    diff.assemble();
    const el = new ElasticitySystem(fe, tables);
    const theta = core.f64(fe.nNodes);
    theta.view.fill(0.6);
    el.assemble(theta, 1);
    for (const A of [diff.K, el.K]) {
      const n = A.n;
      const x = core.fromF64(Array.from({ length: n }, (_, i) => Math.cos(0.37 * i)));
      const y = core.f64(n);
      spmv(core, A, x, y);
      const dense = toDense(A);
      expect(maxAbsDiff(y.view, denseMatVec(dense, x.view, n))).toBeLessThan(1e-12 * maxAbs(y.view));
      x.free();
      y.free();
    }
    // BSR3 stored by diagonal blocks and upper block triangle: the same product
    {
      const ex = core.exports, nb = el.K.n / 3, { rowPtr, colIdx } = el.K.pattern;
      const nu = ex.patternUpperCount(nb, rowPtr.ptr, colIdx.ptr);
      expect(2 * nu + nb).toBe(el.K.pattern.nnz);
      const d = core.f64(9 * nb), ur = core.i32(nb + 1), uc = core.i32(nu), uv = core.f64(9 * nu);
      ex.bsr3ExtractUpper(nb, rowPtr.ptr, colIdx.ptr, el.K.vals.ptr, d.ptr, ur.ptr, uc.ptr, uv.ptr);
      const x = core.fromF64(Array.from({ length: el.K.n }, (_, i) => Math.cos(0.37 * i))), y = core.f64(el.K.n);
      ex.bsr3SymSpmv(nb, d.ptr, ur.ptr, uc.ptr, uv.ptr, x.ptr, y.ptr);
      expect(maxAbsDiff(y.view, denseMatVec(toDense(el.K), x.view, el.K.n))).toBeLessThan(1e-12 * maxAbs(y.view));
      for (const w of [d, ur, uc, uv, x, y]) w.free();
    }
    // SPD system: M/dt + K (diffusion) and pinned elasticity
    const dt = 60;
    const A = diff.K;
    const a = A.vals.view, m = diff.M.vals.view;
    for (let i = 0; i < a.length; i++) a[i] += m[i] / dt;
    const b = core.fromF64(Array.from({ length: A.n }, (_, i) => Math.sin(1.3 * i)));
    const x = core.f64(A.n);
    const solver = new PcgSolver(core, A);
    const stats = solver.solve(b, x, { tol: 1e-12 });
    expect(stats.converged).toBe(true);
    expect(stats.relResidual).toBeLessThanOrEqual(1e-12);
    const xd = denseSolve(toDense(A), b.view.slice());
    expect(maxAbsDiff(x.view, xd)).toBeLessThan(1e-9 * maxAbs(xd));
    solver.dispose();
    // the same with the matrix stored by its upper triangle (symmetric storage): same product, same iterates to round-off
    {
      const ex = core.exports, n = A.n, { rowPtr, colIdx } = A.pattern;
      const nu = ex.patternUpperCount(n, rowPtr.ptr, colIdx.ptr);
      expect(2 * nu + n).toBe(A.pattern.nnz);
      const d = core.f64(n), ur = core.i32(n + 1), uc = core.i32(nu), uv = core.f64(nu);
      ex.csrExtractUpper(n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, d.ptr, ur.ptr, uc.ptr, uv.ptr);
      const xs = core.fromF64(Array.from({ length: n }, (_, i) => Math.cos(0.37 * i))), y = core.f64(n);
      ex.csrSymSpmv(n, d.ptr, ur.ptr, uc.ptr, uv.ptr, xs.ptr, y.ptr);
      expect(maxAbsDiff(y.view, denseMatVec(toDense(A), xs.view, n))).toBeLessThan(1e-12 * maxAbs(y.view));
      const sym = new PcgSolver(core, A, "jacobi", undefined, { symmetric: true });
      const x2 = core.f64(n);
      const s2 = sym.solve(b, x2, { tol: 1e-12 });
      expect(s2.converged).toBe(true);
      expect(Math.abs(s2.iterations - stats.iterations)).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(x2.view, xd)).toBeLessThan(1e-9 * maxAbs(xd));
      // values change, pattern kept: update() refreshes the copy
      for (let i = 0; i < a.length; i++) a[i] += m[i] / dt;
      sym.update();
      x2.view.fill(0);
      const s3 = sym.solve(b, x2, { tol: 1e-12 });
      expect(s3.converged).toBe(true);
      const xd2 = denseSolve(toDense(A), b.view.slice());
      expect(maxAbsDiff(xd2, xd)).toBeGreaterThan(1e-3 * maxAbs(xd)); // a different system…
      expect(maxAbsDiff(x2.view, xd2)).toBeLessThan(1e-9 * maxAbs(xd2)); // …solved with the refreshed copy
      sym.dispose();
      for (const w of [d, ur, uc, uv, xs, y, x2]) w.free();
    }
    // elasticity with the 6 rigid modes pinned: block-Jacobi PCG vs dense
    const mask = core.u8(el.K.n);
    const f = el.f;
    const pins = rigidBodyPins(mesh.nodes, mesh.nVertices);
    expect(pins.conditioning).toBeGreaterThan(0.1);
    for (const d of pins.dofs) mask.view[d] = 1;
    applyDirichlet(core, el.K, mask, null, f);
    const ue = core.f64(el.K.n);
    const es = new PcgSolver(core, el.K);
    const st = es.solve(f, ue, { tol: 1e-12, history: true });
    expect(st.converged).toBe(true);
    expect(st.history!.length).toBe(st.iterations + 1);
    const ud = denseSolve(toDense(el.K), f.view.slice());
    expect(maxAbsDiff(ue.view, ud)).toBeLessThan(1e-8 * maxAbs(ud));
    es.dispose();
    const esym = new PcgSolver(core, el.K, "block-jacobi", undefined, { symmetric: true });
    ue.view.fill(0);
    const st2 = esym.solve(f, ue, { tol: 1e-12 });
    expect(st2.converged).toBe(true);
    expect(Math.abs(st2.iterations - st.iterations)).toBeLessThanOrEqual(1);
    expect(maxAbsDiff(ue.view, ud)).toBeLessThan(1e-8 * maxAbs(ud));
    esym.dispose();
  });

  it("reports breakdown on an indefinite matrix and max-iterations when starved", () => {
    const mesh = boxMesh({ n: [2, 2, 2] });
    const fe = FeMesh.create(core, mesh);
    const diff = new DiffusionSystem(fe, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1));
    diff.assemble();
    const b = core.fromF64(Array.from({ length: fe.nNodes }, (_, i) => 1 + Math.sin(i)));
    const x = core.f64(fe.nNodes);
    const few = new PcgSolver(core, diff.M).solve(b, x, { tol: 1e-14, maxIt: 2 });
    expect(few.status).toBe("max-iterations");
    expect(few.relResidual).toBeGreaterThan(1e-14);
    // K without Dirichlet conditions is singular but consistent only for zero-mean b; make it indefinite
    const v = diff.K.vals.view;
    for (let i = 0; i < v.length; i++) v[i] = -v[i] + (diff.M.vals.view[i] ?? 0) * 1e-3;
    x.view.fill(0);
    const st = new PcgSolver(core, diff.K, "none").solve(b, x, { tol: 1e-10 });
    expect(st.status).toBe("breakdown");
    expect(st.converged).toBe(false);
  });
});

/**
 * A random CSR matrix of g·nGroups rows × m columns (a few entries per row,
 * unsorted columns, some empty rows) whose rows come in groups of g with one
 * column sequence (g = 3: a node's rows, as in the AMG prolongator).
 */
function randomGroupedCsr(nGroups: number, g: number, m: number, seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const row = [0], col: number[] = [], val: number[] = [];
  for (let i = 0; i < nGroups; i++) {
    const k = i % 7 === 3 ? 0 : 1 + Math.floor(rnd() * 6);
    const cols = new Set<number>();
    while (cols.size < k) cols.add(Math.floor(rnd() * m));
    for (let j = 0; j < g; j++) {
      for (const c of cols) { col.push(c); val.push(rnd() - 0.4); }
      row.push(col.length);
    }
  }
  return { row: Int32Array.from(row), col: Int32Array.from(col), val: Float64Array.from(val) };
}

describe("Dirichlet constraints on symmetric storage", () => {
  it("visiting only the constrained nodes' blocks gives the full matrix's constrained K and b (neighbouring and partly fixed nodes, g ≠ 0)", () => {
    const mesh = toQuadratic(core, boxMesh({ n: [3, 3, 3], jitter: 0.2 }));
    const fe = FeMesh.create(core, mesh);
    const tables = grainMaterialTables(MATERIAL, [0.3, 0.5, -0.2, 0.79]);
    const theta = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.5 + 0.3 * Math.sin(3 * mesh.nodes[3 * i] - mesh.nodes[3 * i + 2]);
    const full = new ElasticitySystem(fe, tables), sym = new ElasticitySystem(fe, tables, true);
    for (const sys of [full, sym]) sys.assemble(theta, 1);
    const n = full.K.n;
    // a face of nodes fully fixed (neighbours of each other), every 7th dof elsewhere, g ≠ 0
    const mask = core.u8(n), g = core.f64(n);
    let fixed = 0;
    for (let i = 0; i < fe.nNodes; i++) for (let c = 0; c < 3; c++) {
      const d = 3 * i + c;
      if (mesh.nodes[3 * i] < 1e-9 || d % 7 === 0) { mask.view[d] = 1; g.view[d] = 0.01 * Math.cos(d); fixed++; }
    }
    expect(fixed).toBeGreaterThan(50);
    for (const sys of [full, sym]) applyDirichlet(core, sys.K, mask, g, sys.f);
    expect(maxAbsDiff(toDense(sym.K), toDense(full.K))).toBe(0);
    // b: the same subtractions in another order
    expect(maxAbsDiff(sym.f.view, full.f.view)).toBeLessThan(1e-13 * maxAbs(full.f.view));
    for (const a of [mask, g, theta]) a.free();
    full.dispose();
    sym.dispose();
    fe.dispose();
  });
});

describe("products with a transpose (the AMG restriction by P, no stored R)", () => {
  /** A random n × m CSR matrix in core memory. */
  function randomCsr(n: number, m: number, seed: number) {
    const A = randomGroupedCsr(n, 1, m, seed);
    return { row: core.fromI32(A.row), col: core.fromI32(A.col), val: core.fromF64(A.val) };
  }

  it("Aᵀx scattered row by row equals the product with the stored transpose bit for bit, and column blocks of Aᵀ concatenate to it", () => {
    const ex = core.exports, n = 500, m = 83;
    const A = randomCsr(n, m, 7), nnz = A.col.length;
    const x = core.fromF64(Float64Array.from({ length: n }, (_, i) => Math.cos(0.3 * i) + 0.2));
    const T = { row: core.i32(m + 1), col: core.i32(nnz), val: core.f64(nnz) };
    ex.csrTranspose(n, m, A.row.ptr, A.col.ptr, A.val.ptr, T.row.ptr, T.col.ptr, T.val.ptr);
    const y1 = core.f64(m), y2 = core.f64(m);
    ex.csrSpmv(m, T.row.ptr, T.col.ptr, T.val.ptr, x.ptr, y1.ptr);
    y2.view.fill(123); // overwritten, not accumulated
    ex.csrTransposeSpmv(n, m, A.row.ptr, A.col.ptr, A.val.ptr, x.ptr, y2.ptr);
    expect(maxAbs(y1.view)).toBeGreaterThan(0.5);
    expect(y2.copy()).toEqual(y1.copy());
    // against a dense transpose product
    const dense = new Float64Array(m), rv = A.row.view, cv = A.col.view, vv = A.val.view, xv = x.view;
    for (let i = 0; i < n; i++) for (let p = rv[i]; p < rv[i + 1]; p++) dense[cv[p]] += vv[p] * xv[i];
    expect(maxAbsDiff(y1.copy(), dense)).toBeLessThan(1e-13);
    // blocks [c0, c1) of Aᵀ, as the blocked Galerkin product makes them, are the rows of the whole transpose
    const cuts = [0, 1, 30, 31, 60, m];
    for (let b = 0; b + 1 < cuts.length; b++) {
      const c0 = cuts[b], c1 = cuts[b + 1];
      const row = core.i32(c1 - c0 + 1);
      const cnt = ex.csrTransposeColumns(n, c0, c1, A.row.ptr, A.col.ptr, A.val.ptr, row.ptr, 0, 0);
      const col = core.i32(Math.max(1, cnt)), val = core.f64(Math.max(1, cnt));
      expect(ex.csrTransposeColumns(n, c0, c1, A.row.ptr, A.col.ptr, A.val.ptr, row.ptr, col.ptr, val.ptr)).toBe(cnt);
      const t0 = T.row.view[c0], t1 = T.row.view[c1];
      expect(cnt).toBe(t1 - t0);
      expect(Array.from(row.view)).toEqual(Array.from(T.row.view.subarray(c0, c1 + 1), (p) => p - t0));
      expect(col.view.subarray(0, cnt)).toEqual(T.col.view.subarray(t0, t1));
      expect(val.view.subarray(0, cnt)).toEqual(T.val.view.subarray(t0, t1));
      row.free(); col.free(); val.free();
    }
    for (const a of [A.row, A.col, A.val, T.row, T.col, T.val, x, y1, y2]) a.free();
  });
});

describe("node CSR (the elasticity prolongator: a node's three rows share one column list)", () => {
  it("converts without touching the values; P x and Pᵀ r equal the CSR products bit for bit; a row triple that differs is reported", () => {
    const ex = core.exports, nb = 400, n = 3 * nb, m = 97;
    const P = randomGroupedCsr(nb, 3, m, 11), nnz = P.col.length;
    const row = core.fromI32(P.row), col = core.fromI32(P.col), val = core.fromF64(P.val);
    const nodePtr = core.i32(nb + 1), ncol = core.i32(nnz / 3);
    expect(ex.nodeCsrFromCsr(nb, row.ptr, col.ptr, nodePtr.ptr, ncol.ptr)).toBe(0);
    expect(nodePtr.view[nb]).toBe(nnz / 3);
    for (let I = 0; I < nb; I++) {
      const q0 = nodePtr.view[I], q1 = nodePtr.view[I + 1];
      expect(3 * q0).toBe(P.row[3 * I]);
      expect(Array.from(ncol.view.subarray(q0, q1))).toEqual(Array.from(P.col.subarray(P.row[3 * I + 2], P.row[3 * I + 3])));
    }
    const xc = core.fromF64(Float64Array.from({ length: m }, (_, i) => Math.sin(0.7 * i) + 0.3));
    const r = core.fromF64(Float64Array.from({ length: n }, (_, i) => Math.cos(0.3 * i) - 0.1));
    const y1 = core.f64(n), y2 = core.f64(n), z1 = core.f64(m), z2 = core.f64(m);
    ex.csrSpmv(n, row.ptr, col.ptr, val.ptr, xc.ptr, y1.ptr);
    ex.nodeCsrSpmv(nb, nodePtr.ptr, ncol.ptr, val.ptr, xc.ptr, y2.ptr);
    expect(maxAbs(y1.view)).toBeGreaterThan(0.5);
    expect(y2.copy()).toEqual(y1.copy());
    ex.csrTransposeSpmv(n, m, row.ptr, col.ptr, val.ptr, r.ptr, z1.ptr);
    z2.view.fill(5); // overwritten, not accumulated
    ex.nodeCsrTransposeSpmv(nb, m, nodePtr.ptr, ncol.ptr, val.ptr, r.ptr, z2.ptr);
    expect(maxAbs(z1.view)).toBeGreaterThan(0.5);
    expect(z2.copy()).toEqual(z1.copy());
    // against dense products
    const dy = new Float64Array(n), dz = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let p = P.row[i]; p < P.row[i + 1]; p++) { dy[i] += P.val[p] * xc.view[P.col[p]]; dz[P.col[p]] += P.val[p] * r.view[i]; }
    expect(maxAbsDiff(y2.copy(), dy)).toBeLessThan(1e-13);
    expect(maxAbsDiff(z2.copy(), dz)).toBeLessThan(1e-13);
    // node 7's middle row gets a different column: reported as node 7
    const bad = P.col.slice();
    const I = 7, p = P.row[3 * I + 1];
    expect(P.row[3 * I + 2] - p).toBeGreaterThan(0);
    bad[p] = (bad[p] + 1) % m;
    const badCol = core.fromI32(bad);
    expect(ex.nodeCsrFromCsr(nb, row.ptr, badCol.ptr, nodePtr.ptr, ncol.ptr)).toBe(-1 - I);
    for (const a of [row, col, val, nodePtr, ncol, xc, r, y1, y2, z1, z2, badCol]) a.free();
  });
});

describe("symmetric b × b block storage made from scalar CSR (AMG coarse levels)", () => {
  /** A symmetric matrix of nb × nb blocks of size b with a random block pattern (diagonal always), as scalar CSR and dense. */
  function blockMatrix(b: number, nb: number, seed: number) {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = b * nb, dense = new Float64Array(n * n);
    for (let I = 0; I < nb; I++) for (let J = I; J < nb; J++) {
      if (I !== J && rnd() > 0.3) continue;
      for (let r = 0; r < b; r++) for (let c = 0; c < b; c++) {
        const v = I === J && r === c ? 10 + rnd() : rnd() - 0.5;
        const i = b * I + r, j = b * J + c;
        if (I === J && c < r) continue;
        dense[i * n + j] = v;
        dense[j * n + i] = v;
      }
    }
    // the pattern: whole blocks where a block is nonzero (explicit zeros kept, as the Galerkin product's node-block pattern has them)
    const rowPtr = [0], colIdx: number[] = [], vals: number[] = [];
    for (let i = 0; i < n; i++) {
      const I = Math.floor(i / b);
      for (let J = 0; J < nb; J++) {
        let any = false;
        for (let r = 0; r < b; r++) for (let c = 0; c < b; c++) if (dense[(b * I + r) * n + b * J + c] !== 0) any = true;
        if (!any) continue;
        for (let c = 0; c < b; c++) { colIdx.push(b * J + c); vals.push(dense[i * n + b * J + c]); }
      }
      rowPtr.push(colIdx.length);
    }
    return { n, dense, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(colIdx), vals: Float64Array.from(vals) };
  }
  for (const b of [3, 6] as const) {
    it(`b = ${b}: the blocks' product equals the dense one; a pattern not in whole blocks is refused`, () => {
      const ex = core.exports, nb = 23;
      const m = blockMatrix(b, nb, 7 + b);
      const rp = core.fromI32(m.rowPtr), ci = core.fromI32(m.colIdx), v = core.fromF64(m.vals);
      const nu = ex.csrToBlockSym(b, nb, rp.ptr, ci.ptr, v.ptr, 0, 0, 0, 0);
      expect(nu).toBeGreaterThan(nb); // off-diagonal blocks in the upper triangle
      const d = core.f64(b * b * nb), ur = core.i32(nb + 1), uc = core.i32(nu), uv = core.f64(b * b * nu);
      expect(ex.csrToBlockSym(b, nb, rp.ptr, ci.ptr, v.ptr, d.ptr, ur.ptr, uc.ptr, uv.ptr)).toBe(nu);
      const x = core.fromF64(Array.from({ length: m.n }, (_, i) => Math.sin(0.7 * i) + 0.1)), y = core.f64(m.n);
      y.view.fill(5); // overwritten
      if (b === 6) ex.bsr6SymSpmv(nb, d.ptr, ur.ptr, uc.ptr, uv.ptr, x.ptr, y.ptr);
      else ex.bsr3SymSpmv(nb, d.ptr, ur.ptr, uc.ptr, uv.ptr, x.ptr, y.ptr);
      const yd = denseMatVec(m.dense, x.view, m.n);
      expect(maxAbs(yd)).toBeGreaterThan(1);
      expect(maxAbsDiff(y.view, yd)).toBeLessThan(1e-14 * maxAbs(yd));
      // one row of block row 4 without its last entry: not whole blocks
      const cut = m.rowPtr[4 * b + 1] - 1;
      const rp2 = core.fromI32(m.rowPtr.map((p, i) => (i > 4 * b ? p - 1 : p))), ci2 = core.fromI32([...m.colIdx.slice(0, cut), ...m.colIdx.slice(cut + 1)]);
      expect(ex.csrToBlockSym(b, nb, rp2.ptr, ci2.ptr, v.ptr, 0, 0, 0, 0)).toBe(-1 - 4);
      // columns shifted by one: groups not aligned
      const ci3 = core.fromI32(m.colIdx.map((c) => c + 1));
      expect(ex.csrToBlockSym(b, nb, rp.ptr, ci3.ptr, v.ptr, 0, 0, 0, 0)).toBe(-1);
      for (const a of [rp, ci, v, d, ur, uc, uv, x, y, rp2, ci2, ci3]) a.free();
    });
  }
});
