// The diffusion steps' solver options: Fischer's projected initial guess
// (src/solver/solution-projection.ts) — an A-orthonormal basis that
// reproduces any solution in its span — and scalar smoothed-aggregation AMG
// on the CSR diffusion matrix (src/linalg/amg.ts with the constant as the
// near-nullspace); both must give the same θ as the plain solver to the
// tolerance while needing fewer CG iterations.
import { beforeAll, describe, expect, it } from "vitest";
import { FeMesh, grainMaterialTables, loadCore, meshParticle, type Core, DEFAULT_MATERIAL } from "grainfem";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { createMatrix, type SparseMatrix } from "../src/linalg/sparse.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { SolutionProjection } from "../src/solver/solution-projection.js";
import { StepMatrix, TransportStepper } from "../src/solver/transport.js";
import { LinearCoarseGuess } from "../src/solver/linear-coarse-guess.js";
import { midEdgeEnds } from "../src/linalg/linear-interpolation.js";
import { toLinear } from "../src/mesh/quadratic.js";
import { randomOrientations } from "../src/mesh/seeds.js";
import { maxAbs, maxAbsDiff } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

/** M/dt + K of an 8-grain P2 particle with the default anisotropic D (the c-axis nearly blocked). */
async function diffusionMatrix(sizeUm: number, dt = 60) {
  const orientations = randomOrientations(8, 3);
  const mesh = await meshParticle({ grains: 8, seed: 2, radiusUm: 3, sizeUm, order: 2, orientations }, core);
  const fe = FeMesh.create(core, mesh);
  const tables = grainMaterialTables(DEFAULT_MATERIAL, orientations);
  const sys = new DiffusionSystem(fe, tables.D);
  sys.assemble();
  const A = createMatrix(core, fe.pattern, "csr");
  core.exports.vecAxpby(fe.pattern.nnz, 1 / dt, sys.M.vals.ptr, 1, sys.K.vals.ptr, A.vals.ptr);
  return { mesh, fe, tables, sys, A };
}

function spmvOf(A: SparseMatrix, x: Float64Array): Float64Array {
  const xs = core.fromF64(x), y = core.f64(A.n);
  core.exports.csrSpmv(A.n, A.pattern.rowPtr.ptr, A.pattern.colIdx.ptr, A.vals.ptr, xs.ptr, y.ptr);
  const out = y.copy();
  xs.free();
  y.free();
  return out;
}

describe("projected initial guesses (Fischer 1998)", () => {
  it("the basis is A-orthonormal and a solution in its span is reproduced exactly", async () => {
    const { A, fe } = await diffusionMatrix(1.2);
    const n = A.n;
    const proj = new SolutionProjection(core, A, 5);
    // four "solutions": smooth fields of the coordinates
    const X = fe.coords.copy();
    const fields = [
      (i: number) => 1,
      (i: number) => X[3 * i],
      (i: number) => X[3 * i + 1] * X[3 * i + 2],
      (i: number) => Math.sin(X[3 * i] + 0.5 * X[3 * i + 1]),
    ];
    const xs = fields.map((f) => Float64Array.from({ length: n }, (_, i) => f(i)));
    for (const x of xs) {
      const w = core.fromF64(x);
      proj.guess(core.fromF64(spmvOf(A, x)), core.f64(n)); // as in a run: guess, solve (exact here), add
      proj.add(w);
      w.free();
    }
    expect(proj.count).toBe(4);
    // XᵀAX = I
    const basis = proj.saveState().basis;
    let worst = 0;
    for (let i = 0; i < 4; i++) {
      const Ai = spmvOf(A, basis.subarray(i * n, (i + 1) * n));
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += basis[j * n + k] * Ai[k];
        worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-10);
    // x = 2 x1 − 3 x3 + 0.5 x4: guess(A x) = x
    const x = Float64Array.from({ length: n }, (_, i) => 2 * xs[0][i] - 3 * xs[2][i] + 0.5 * xs[3][i]);
    const g = core.f64(n);
    expect(proj.guess(core.fromF64(spmvOf(A, x)), g)).toBe(true);
    expect(maxAbsDiff(g.view, x)).toBeLessThan(1e-9 * maxAbs(x));
    // a vector outside the span is not reproduced, and adding a dependent one is skipped
    const y = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * X[3 * i + 2]));
    proj.guess(core.fromF64(spmvOf(A, y)), g);
    expect(maxAbsDiff(g.view, y)).toBeGreaterThan(1e-3 * maxAbs(y));
    proj.guess(core.fromF64(spmvOf(A, x)), g);
    proj.add(core.fromF64(x));
    expect(proj.count).toBe(4);
    proj.dispose();
  });

  it("a charge with the projection: same θ to the tolerance, ≥ 1.5× fewer CG iterations", async () => {
    const { fe, tables, mesh } = await diffusionMatrix(0.8);
    const triFlux = new Float64Array(fe.nTris);
    for (let f = 0; f < fe.nTris; f++) if (mesh.triGrain[f] % 3 !== 0) triFlux[f] = -2e-3;
    const run = (projectionVectors: number) => {
      const t = new TransportStepper(fe, { D: tables.D, theta0: 0.9, triFlux, tol: 1e-10, maxIt: 10000, projectionVectors });
      for (let s = 0; s < 30; s++) t.advance(60);
      const out = { theta: t.theta.copy(), stats: t.stats() };
      t.dispose();
      return out;
    };
    const plain = run(0), projected = run(16);
    expect(maxAbsDiff(projected.theta, plain.theta)).toBeLessThan(1e-7);
    expect(projected.stats.massBalanceRelError).toBeLessThan(1e-9);
    expect(projected.stats.itersMean).toBeLessThan(plain.stats.itersMean / 1.5);
    console.log(`CG iterations per step: extrapolated guess ${plain.stats.itersMean.toFixed(1)}, projected (16 vectors) ${projected.stats.itersMean.toFixed(1)}`);
  });
});

describe("the linear coarse correction of the steps' initial guesses (P2)", () => {
  it("the corners' mesh, and restriction and prolongation: adjoint, corners kept, mid-edge nodes the mean of their edge's corners", async () => {
    const { mesh, fe } = await diffusionMatrix(1.2);
    const lin = toLinear(mesh);
    const nV = mesh.nVertices, n = fe.nNodes;
    expect(lin.order).toBe(1);
    expect(lin.nodes).toEqual(mesh.nodes.subarray(0, 3 * nV));
    expect(lin.tets.length).toBe(4 * mesh.tetGrain.length);
    for (const t of [0, 7, mesh.tetGrain.length - 1]) for (let a = 0; a < 4; a++) expect(lin.tets[4 * t + a]).toBe(mesh.tets[10 * t + a]);
    expect(() => toLinear(lin)).toThrow(/already linear/);
    const ends = midEdgeEnds(mesh.tets, nV, n);
    const endsW = core.fromI32(ends);
    // I of the corners' x coordinate: x itself at the corners, the mean of the edge's corners' x elsewhere
    const e = core.fromF64(Float64Array.from({ length: nV }, (_, v) => mesh.nodes[3 * v]));
    const x = core.f64(n);
    core.exports.linearProlongAdd(nV, n, endsW.ptr, e.ptr, x.ptr);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const want = i < nV ? mesh.nodes[3 * i] : 0.5 * (mesh.nodes[3 * ends[2 * (i - nV)]] + mesh.nodes[3 * ends[2 * (i - nV) + 1]]);
      worst = Math.max(worst, Math.abs(x.view[i] - want));
    }
    expect(worst).toBe(0);
    // (Iᵀ r)·c = r·(I c) for arbitrary r, c
    const r = core.fromF64(Float64Array.from({ length: n }, (_, i) => Math.sin(0.37 * i))), rc = core.f64(nV);
    const c = core.fromF64(Float64Array.from({ length: nV }, (_, v) => Math.cos(0.11 * v))), Ic = core.f64(n);
    core.exports.linearRestrict(nV, n, endsW.ptr, r.ptr, rc.ptr);
    core.exports.linearProlongAdd(nV, n, endsW.ptr, c.ptr, Ic.ptr);
    const lhs = core.exports.vecDot(nV, rc.ptr, c.ptr), rhs = core.exports.vecDot(n, r.ptr, Ic.ptr);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.abs(rhs));
    for (const a of [endsW, e, x, r, rc, c, Ic]) a.free();
  });

  it("removes the smooth part of a guess's error: a guess off by a P1 field is corrected to within the P1 solve's tolerance", async () => {
    const { A, fe, tables, mesh } = await diffusionMatrix(1.0);
    const n = fe.nNodes, nV = mesh.nVertices;
    const sm = new StepMatrix(fe, tables.D, {});
    sm.setStep(60);
    const cg = sm.coarse!;
    expect(cg).toBeInstanceOf(LinearCoarseGuess);
    // the exact solution of A θ = b, and a guess off by I d for a smooth corner field d
    const theta = Float64Array.from({ length: n }, (_, i) => 0.8 + 0.05 * Math.sin(fe.mesh.nodes[3 * i]));
    const b = core.fromF64(spmvOf(A, theta));
    const d = core.fromF64(Float64Array.from({ length: nV }, (_, v) => 0.1 * Math.cos(0.7 * mesh.nodes[3 * v + 1])));
    const guess = core.fromF64(theta);
    const ends = core.fromI32(midEdgeEnds(mesh.tets, nV, n));
    core.exports.vecScale(nV, -1, d.ptr);
    core.exports.linearProlongAdd(nV, n, ends.ptr, d.ptr, guess.ptr); // guess = θ − I d
    const before = maxAbsDiff(guess.view, theta);
    cg.correct((x, y) => core.exports.csrSpmv(n, A.pattern.rowPtr.ptr, A.pattern.colIdx.ptr, A.vals.ptr, x, y), b, guess);
    const after = maxAbsDiff(guess.view, theta);
    expect(before).toBeGreaterThan(0.05);
    // A₁ differs from Iᵀ A I only at the curved surface, and the P1 solve stops at a relative residual of 0.1: most of the error is gone (measured: 1/6 of it left)
    expect(after).toBeLessThan(0.25 * before);
    expect(cg.iterations).toBeGreaterThan(0);
    expect(cg.skipped).toBe(0);
    console.log(`coarse correction: guess error ${before.toExponential(2)} → ${after.toExponential(2)} in ${cg.iterations} P1 CG iterations`);
    for (const a of [b, d, guess, ends]) a.free();
    sm.dispose();
  });

  it("a charge with the coarse guess: same θ to the tolerance, fewer CG iterations, the same with two steppers stepped together", async () => {
    const { fe, tables, mesh } = await diffusionMatrix(0.8);
    const triFlux = new Float64Array(fe.nTris);
    for (let f = 0; f < fe.nTris; f++) if (mesh.triGrain[f] % 3 !== 0) triFlux[f] = -2e-3;
    const opts = (linearCoarseGuess: boolean) => ({ D: tables.D, theta0: 0.9, triFlux, tol: 1e-10, maxIt: 10000, projectionVectors: 16, linearCoarseGuess });
    const run = (linearCoarseGuess: boolean) => {
      const t = new TransportStepper(fe, opts(linearCoarseGuess));
      for (let s = 0; s < 30; s++) t.advance(60);
      const out = { theta: t.theta.copy(), stats: t.stats() };
      t.dispose();
      return out;
    };
    const plain = run(false), coarse = run(true);
    expect(maxAbsDiff(coarse.theta, plain.theta)).toBeLessThan(1e-7);
    expect(coarse.stats.massBalanceRelError).toBeLessThan(1e-9);
    expect(coarse.stats.itersMean).toBeLessThan(0.95 * plain.stats.itersMean);
    console.log(`CG iterations per step (16 projection vectors): ${plain.stats.itersMean.toFixed(1)} without, ${coarse.stats.itersMean.toFixed(1)} with the coarse guess`);
    // two steppers sharing one StepMatrix, stepped together: each as the one stepped alone, bit for bit
    const shared = new StepMatrix(fe, tables.D, { linearCoarseGuess: true });
    const a = new TransportStepper(fe, opts(true), undefined, shared);
    const b = new TransportStepper(fe, { ...opts(true), triFlux: new Float64Array(fe.nTris).fill(-1e-3) }, undefined, shared);
    for (let s = 0; s < 30; s++) TransportStepper.advanceTogether([a, b], 60);
    expect(a.theta.view).toEqual(coarse.theta);
    expect(shared.coarse!.iterations).toBeGreaterThan(0);
    a.dispose();
    b.dispose();
    shared.dispose();
  });
});

describe("scalar smoothed-aggregation AMG on the diffusion matrix", () => {
  it("coarsens with the constant as near-nullspace, converges in far fewer iterations than Jacobi, same solution", async () => {
    const its: number[] = [], jac: number[] = [];
    for (const h of [0.9, 0.6]) {
      const { A } = await diffusionMatrix(h, 3600);
      const b = core.fromF64(Float64Array.from({ length: A.n }, (_, i) => Math.sin(0.37 * i) + 0.5));
      const solveWith = (kind: "amg" | "jacobi") => {
        const s = new PcgSolver(core, A, kind);
        const x = core.f64(A.n);
        const st = s.solve(b, x, { tol: 1e-10, maxIt: 20000 });
        expect(st.converged).toBe(true);
        const out = { x: x.copy(), it: st.iterations, amg: s.amgStats };
        s.dispose();
        return out;
      };
      const a = solveWith("amg"), j = solveWith("jacobi");
      expect(a.amg!.levels).toBeGreaterThan(1);
      expect(a.amg!.operatorComplexity).toBeLessThan(2);
      expect(maxAbsDiff(a.x, j.x)).toBeLessThan(1e-7 * maxAbs(j.x));
      its.push(a.it);
      jac.push(j.it);
    }
    expect(Math.max(...its)).toBeLessThan(Math.min(...jac) / 2);
    console.log(`scalar AMG ${its.join("/")} vs Jacobi ${jac.join("/")} iterations`);
  });
});
