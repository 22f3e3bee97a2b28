// Initial guesses for the elasticity solves from the span of earlier
// solutions (src/solver/previous-solutions-guess.ts): the projection in the
// current K's energy norm reproduces a solution in the span exactly, leaves
// out a dependent vector, is never worse in that norm than the plain warm
// start, and in MechanicsSolver gives the same stresses in fewer iterations.
import { beforeAll, describe, expect, it } from "vitest";
import { FeMesh, grainMaterialTables, loadCore, meshParticle, type Core, DEFAULT_MATERIAL } from "grainfem";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { createMatrix, spmv, type SparseMatrix } from "../src/linalg/sparse.js";
import { PreviousSolutionsGuess, choleskySolveDropping } from "../src/solver/previous-solutions-guess.js";
import { MechanicsSolver } from "../src/solver/mechanics.js";
import { randomOrientations } from "../src/mesh/seeds.js";
import { maxAbs, maxAbsDiff } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

function product(A: SparseMatrix, x: Float64Array): Float64Array {
  const xs = core.fromF64(x), y = core.f64(A.n);
  spmv(core, A, xs, y);
  const out = y.copy();
  xs.free();
  y.free();
  return out;
}

/** ‖x‖_A² */
function energy(A: SparseMatrix, x: Float64Array): number {
  const Ax = product(A, x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * Ax[i];
  return s;
}

describe("initial guesses from earlier solutions, for a changing matrix", () => {
  it("reproduce a solution in their span, leave out a dependent vector, and beat the plain warm start in the energy norm", async () => {
    const orientations = randomOrientations(6, 4);
    const mesh = await meshParticle({ grains: 6, seed: 3, radiusUm: 2, sizeUm: 0.6, orientations }, core);
    const fe = FeMesh.create(core, mesh);
    const sys = new DiffusionSystem(fe, grainMaterialTables(DEFAULT_MATERIAL, orientations).D);
    sys.assemble();
    // an SPD matrix "of this solve": M + K (another solve would have other values)
    const A = createMatrix(core, fe.pattern, "csr");
    core.exports.vecAxpby(fe.pattern.nnz, 1, sys.M.vals.ptr, 1, sys.K.vals.ptr, A.vals.ptr);
    const n = A.n, X = fe.coords.copy();
    const field = (f: (x: number, y: number, z: number) => number) => Float64Array.from({ length: n }, (_, i) => f(X[3 * i], X[3 * i + 1], X[3 * i + 2]));
    const v1 = field((x) => 1 + x), v2 = field((x, y, z) => y * z), v3 = field((x, y) => Math.sin(x + 0.5 * y));
    const g = new PreviousSolutionsGuess(core, n, 3);
    const u = core.f64(n);
    expect(g.guess(A, core.fromF64(product(A, v1)), u).length).toBe(0); // nothing stored: u left as it is
    for (const v of [v1, v2, v3]) g.add(core.fromF64(v));
    // u* = 2 v1 − 3 v2 + 0.5 v3 is reproduced from f = A u*
    const target = v1.map((a, i) => 2 * a - 3 * v2[i] + 0.5 * v3[i]);
    const c = g.guess(A, core.fromF64(product(A, target)), u);
    expect(Array.from(c).map((x) => +x.toFixed(8))).toEqual([2, -3, 0.5]);
    expect(maxAbsDiff(u.view, target)).toBeLessThan(1e-9 * maxAbs(target));
    // capacity 3: a fourth solution drops the oldest (v1); 2·v3 depends on v3 and is left out
    g.add(core.fromF64(v3.map((a) => 2 * a)));
    expect(g.count).toBe(3);
    const t2 = v2.map((a, i) => a + v3[i]);
    const c2 = g.guess(A, core.fromF64(product(A, t2)), u);
    expect(c2[2]).toBe(0);
    expect(maxAbsDiff(u.view, t2)).toBeLessThan(1e-9 * maxAbs(t2));
    // a solution outside the span: the guess's error in the energy norm is below the last solution's (the warm start) and zero's
    const w = field((x, y, z) => Math.cos(2 * z) + 0.3 * x * y + 0.1 * x);
    g.guess(A, core.fromF64(product(A, w)), u);
    const err = energy(A, w.map((a, i) => a - u.view[i]));
    expect(err).toBeLessThan(energy(A, w.map((a, i) => a - 2 * v3[i])));
    expect(err).toBeLessThan(energy(A, w));
    g.dispose();
    u.free();
    fe.dispose();
  });

  it("the small Cholesky solve leaves out exactly the dependent columns", () => {
    // columns of V: a, b, a + b (dependent), c with G = VᵀV for a, b, c orthonormal
    const G = Float64Array.from([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 2, 0, 0, 0, 0, 1]);
    const c = choleskySolveDropping(G, Float64Array.from([3, -1, 2, 5]), 4);
    expect(Array.from(c)).toEqual([3, -1, 0, 5]);
  });

  it("MechanicsSolver: the same stresses as starting from the last solution, in fewer CG iterations over four solves", async () => {
    const orientations = randomOrientations(8, 5);
    const m = await meshParticle({ grains: 8, seed: 4, radiusUm: 3, sizeUm: 0.7, order: 2, orientations }, core);
    const fe = FeMesh.create(core, m);
    const tables = grainMaterialTables(DEFAULT_MATERIAL, orientations);
    const th = core.f64(fe.nNodes);
    const run = (guessSolutions: number) => {
      const mech = new MechanicsSolver(fe, tables, { thetaRef: 1, pressureMPa: 0, tol: 1e-10, maxIt: 20000, reusePreconditioner: true, guessSolutions });
      const out = [0.75, 0.5, 0.3, 0.15].map((mean, k) => {
        // a radial profile deepening with the charge, as the diffusion leaves it
        for (let i = 0; i < fe.nNodes; i++) th.view[i] = mean - (0.2 + 0.1 * k) * ((m.nodes[3 * i] ** 2 + m.nodes[3 * i + 1] ** 2 + m.nodes[3 * i + 2] ** 2) / 9 - 0.5);
        return mech.solve(th, k + 1);
      });
      mech.dispose();
      return out;
    };
    const plain = run(0), guessed = run(3);
    const its = (r: typeof plain) => r.reduce((s, x) => s + x.stats.iterations, 0);
    for (let k = 0; k < 4; k++) {
      expect(guessed[k].stats.converged).toBe(true);
      expect(maxAbsDiff(guessed[k].stress.sigma, plain[k].stress.sigma)).toBeLessThan(1e-6 * maxAbs(plain[k].stress.sigma));
    }
    expect(guessed[0].stats.iterations).toBe(plain[0].stats.iterations); // nothing stored yet: the same first solve
    expect(its(guessed)).toBeLessThan(its(plain));
    console.log(`elasticity CG iterations over four solves: warm start ${plain.map((r) => r.stats.iterations).join("/")}, projected ${guessed.map((r) => r.stats.iterations).join("/")}`);
    th.free();
    fe.dispose();
  });
});
