// The building blocks of a particle run and the run itself on small
// polycrystals: mechanics under uniform θ, Li conservation, the galvanostatic
// flux, reactive-grain selection, recovery, point location, tractions,
// θ out of range, numerical failure and abort.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  boxMesh, DEFAULT_MATERIAL, ElasticitySystem, FeMesh, grainMaterialTables, hydrostatic, loadCore, meshParticle, NumericalError, principalExtremes,
  resolveConfig, runSimulation, selectReactiveGrains, toQuadratic, vonMises, weightedQuantile, weightedStats, type Core, type MaterialSpec,
} from "grainfem";
import { MechanicsSolver } from "../src/solver/mechanics.js";
import { NodalRecovery, splitNodesByGrain } from "../src/solver/recovery.js";
import { referenceRecoverNodal } from "./helpers/nodal-recovery.js";
import { evaluateAt, locatePoints, rayExit } from "../src/fem/point-location.js";
import { grainBoundaryFaces, normalTractions } from "../src/solver/grain-boundaries.js";
import { classifyFaces } from "../src/mesh/boundary.js";
import { randomOrientations } from "../src/mesh/seeds.js";
import { createRandom } from "../src/mesh/random.js";
import { coreGroupStats, coreWeightedStats } from "../src/solver/statistics.js";
import { groupMax, groupMeans } from "./helpers/group-statistics.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

describe("mechanics of a free polycrystal under a uniform θ change", () => {
  const theta = 0.55;
  async function maxStress(material: MaterialSpec, orientations: Float64Array) {
    const m = await meshParticle({ grains: 8, seed: 4, radiusUm: 3, sizeUm: 0.9, order: 2, orientations }, core);
    const fe = FeMesh.create(core, m);
    const tables = grainMaterialTables(material, orientations);
    const mech = new MechanicsSolver(fe, tables, { thetaRef: 1, pressureMPa: 0, tol: 1e-12, maxIt: 20000 });
    const th = core.f64(fe.nNodes);
    th.view.fill(theta);
    const r = mech.solve(th, 1);
    // the scale: the stress the eigenstrain would cause fully constrained
    let scale = 0;
    for (let g = 0; g < tables.nGrains; g++) {
      for (let i = 0; i < 6; i++) {
        let s = 0;
        for (let j = 0; j < 6; j++) s += (tables.C0[36 * g + 6 * i + j] * (1 - theta) + tables.C1[36 * g + 6 * i + j] * theta) * tables.beta[6 * g + j] * (theta - 1);
        scale = Math.max(scale, Math.abs(s));
      }
    }
    const vm = vonMises(r.stress.sigma, new Float64Array(r.stress.weight.length));
    th.free();
    mech.dispose();
    fe.dispose();
    return { ratio: Math.max(...vm) / scale, converged: r.stats.converged };
  }
  const q = randomOrientations(1, 77);
  const same = new Float64Array(32);
  for (let g = 0; g < 8; g++) same.set(q, 4 * g);
  const random = randomOrientations(8, 5);
  const isoBeta: MaterialSpec = { ...DEFAULT_MATERIAL, chemicalStrain: [0.02, 0.02, 0.02] };
  const isoC: MaterialSpec = { ...isoBeta, isotropic: { EGPa: 200, nu: 0.3 } };

  it("K in symmetric storage (the default) and in full BSR3 give the same displacement, stress and pin reactions; block Jacobi too", async () => {
    const orientations = randomOrientations(8, 5);
    const m = await meshParticle({ grains: 8, seed: 4, radiusUm: 3, sizeUm: 0.9, order: 2, orientations }, core);
    const fe = FeMesh.create(core, m);
    const tables = grainMaterialTables(DEFAULT_MATERIAL, orientations);
    const th = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) th.view[i] = 0.5 + 0.3 * Math.sin(m.nodes[3 * i] - 0.7 * m.nodes[3 * i + 2]);
    for (const preconditioner of ["amg", "block-jacobi"] as const) {
      const runs = [true, false].map((symmetricStorage) => {
        const mech = new MechanicsSolver(fe, tables, { thetaRef: 1, pressureMPa: 5, tol: 1e-11, maxIt: 20000, preconditioner, symmetricStorage });
        const r = mech.solve(th, 1);
        mech.dispose();
        return r;
      });
      const [a, b] = runs;
      expect(a.stats.converged && b.stats.converged).toBe(true);
      expect(Math.abs(a.stats.iterations - b.stats.iterations)).toBeLessThanOrEqual(1);
      const rel = (x: Float64Array, y: Float64Array) => {
        let d = 0, s = 0;
        for (let i = 0; i < x.length; i++) { d = Math.max(d, Math.abs(x[i] - y[i])); s = Math.max(s, Math.abs(y[i])); }
        return d / s;
      };
      expect(rel(a.displacement, b.displacement)).toBeLessThan(1e-8);
      expect(rel(a.stress.sigma, b.stress.sigma)).toBeLessThan(1e-7);
      expect(a.pinReactionRel).toBeLessThan(1e-6); // a free particle: the pins carry ≈ nothing
      expect(Math.abs(a.pinReactionRel - b.pinReactionRel)).toBeLessThan(1e-8);
    }
    th.free();
    fe.dispose();
  });
  it("one orientation for all grains: zero stress", async () => {
    const r = await maxStress(DEFAULT_MATERIAL, same);
    expect(r.converged).toBe(true);
    expect(r.ratio).toBeLessThan(1e-8);
  });
  it("random orientations with anisotropic β: large stress", async () => {
    expect((await maxStress(DEFAULT_MATERIAL, random)).ratio).toBeGreaterThan(0.1);
  });
  it("random orientations with isotropic β: zero stress, with homogeneous C and with the rotated orthotropic C", async () => {
    expect((await maxStress(isoC, random)).ratio).toBeLessThan(1e-8);
    expect((await maxStress(isoBeta, random)).ratio).toBeLessThan(1e-8);
  });
});

describe("a polycrystal run", () => {
  const small = (extra: object = {}) => resolveConfig({
    geometry: { grains: 10, seed: 2, radiusUm: 4, meshSizeUm: 0.9, order: 1 },
    outputs: { soc: [0.25, 0.5], profilePoints: 21 },
    ...extra,
  });

  it("charge: mean θ falls by Δθ·SOC, Li balance closes every step, j̄ = VΔθC/(A·3600 s)", async () => {
    const warnings: string[] = [];
    const { summary: s } = await runSimulation(small(), { core, onWarning: (m) => warnings.push(m) });
    expect(s.snapshots.map((p) => p.soc)).toEqual([0.25, 0.5]);
    expect(s.snapshots.map((p) => p.timeS)).toEqual([900, 1800]);
    expect(Math.abs(s.snapshots[0].thetaMean - (1 - 0.62 * 0.25))).toBeLessThan(1e-10);
    expect(Math.abs(s.snapshots[1].thetaMean - (1 - 0.62 * 0.5))).toBeLessThan(1e-10);
    expect(s.massBalanceRelError).toBeLessThan(1e-10);
    expect(s.solver.diffusion.steps).toBe(30);
    const jbar = (s.mesh.volumeUm3 * 0.62 * 1) / (s.reactive.areaUm2 * 3600);
    expect(s.reactive.fluxMs).toBeCloseTo(jbar * 1e-6, 20);
    expect(Math.abs(s.reactive.fluxMs / (jbar * 1e-6) - 1)).toBeLessThan(1e-12);
    // grain table and reactive set agree
    const reactive = s.grains.filter((g) => g.reactive).map((g) => g.id);
    expect(reactive).toEqual(s.reactive.grainIds);
    expect(s.reactive.grainIds.length).toBe(Math.round(0.667 * s.reactive.surfaceGrains));
    const area = s.grains.reduce((a, g) => a + (g.reactive ? g.surfaceAreaUm2 : 0), 0);
    expect(area).toBeCloseTo(s.reactive.areaUm2, 9);
    const vol = s.grains.reduce((a, g) => a + g.volumeUm3, 0);
    expect(vol).toBeCloseTo(s.mesh.volumeUm3, 8);
    // per-grain θ averages back to the mean
    const gm = s.snapshots[1].grains.reduce((a, g) => a + g.thetaMean * s.grains[g.id].volumeUm3, 0) / vol;
    expect(gm).toBeCloseTo(s.snapshots[1].thetaMean, 6);
    // default material: the c-axis-normal reactive faces deplete — reported, one warning per bound
    expect(s.thetaOutOfRange.nodes).toBeGreaterThan(0);
    expect(s.thetaOutOfRange.min).toBeLessThan(0);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
    expect(warnings.join("\n")).toMatch(/θ left \[0, 1\] at t = .* s \(step \d+/);
    // statistics are consistent
    for (const p of s.snapshots) {
      expect(p.vonMisesMPa.max).toBeGreaterThanOrEqual(p.vonMisesMPa.p99);
      expect(p.vonMisesMPa.p99).toBeGreaterThan(p.vonMisesMPa.mean);
      expect(p.heterogeneity).toBeCloseTo(p.vonMisesMPa.std / p.vonMisesMPa.mean, 12);
      expect(p.hydrostaticMPa.max).toBeGreaterThan(p.hydrostaticMPa.min);
      expect(p.profile.rUm).toHaveLength(21);
      expect(p.profile.rUm[20]).toBeLessThan(4);
      expect(p.profile.rUm[20]).toBeGreaterThan(3.95);
      expect(p.elasticity.relResidual).toBeLessThanOrEqual(1e-8);
    }
    // a free particle: the mean hydrostatic stress vanishes (∫σ dV = 0 without surface traction)
    expect(Math.abs(s.snapshots[1].hydrostaticMPa.mean)).toBeLessThan(1e-6 * s.snapshots[1].vonMisesMPa.mean);
  });

  it("discharge: θ rises from 1 − Δθ; steps land on the output times", async () => {
    const { summary: s } = await runSimulation(small({ cycling: { direction: "discharge", cRate: 2 }, outputs: { soc: [0.3, 1], profilePoints: 5 } }), { core });
    expect(s.config.cycling.initialTheta).toBeCloseTo(0.38, 12);
    expect(s.snapshots.map((p) => p.timeS)).toEqual([540, 1800]);
    expect(s.solver.diffusion.steps).toBe(9 + 21);
    expect(Math.abs(s.snapshots[0].thetaMean - (0.38 + 0.62 * 0.3))).toBeLessThan(1e-10);
    expect(Math.abs(s.snapshots[1].thetaMean - 1)).toBeLessThan(1e-10);
    expect(s.massBalanceRelError).toBeLessThan(1e-10);
  });

  it.each([
    [1, 1e-9],
    // the 4-point stiffness rule is exact on straight P2 tets only: curved boundary tets leave ~1e-5
    [2, 2e-4],
  ] as const)("surface pressure, P%i: a homogeneous isotropic particle without eigenstrain is under p everywhere", async (order, tol) => {
    const { summary: s } = await runSimulation(resolveConfig({
      geometry: { grains: 3, radiusUm: 3, meshSizeUm: 0.8, order },
      material: { chemicalStrain: [0, 0, 0], isotropic: { EGPa: 100, nu: 0.25 } },
      mechanics: { pressureMPa: 50 },
      outputs: { soc: [0.2], profilePoints: 5 },
      solver: { relTolerance: 1e-12 },
    }), { core });
    const p = s.snapshots[0];
    expect(Math.abs(p.hydrostaticMPa.max + 50)).toBeLessThan(50 * tol);
    expect(Math.abs(p.hydrostaticMPa.min + 50)).toBeLessThan(50 * tol);
    expect(p.vonMisesMPa.max).toBeLessThan(50 * tol);
  });

  it("--strict: θ out of range is a numerical failure naming the phase, step and value", async () => {
    const err = await runSimulation(small(), { core, strict: true }).catch((e) => e);
    expect(err).toBeInstanceOf(NumericalError);
    expect(err.phase).toBe("diffusion");
    expect(err.step).toBeGreaterThan(0);
    expect(err.message).toMatch(/^diffusion step \d+: θ left \[0, 1\]/);
  });

  it("CG not converged: a numerical failure with the residual", async () => {
    const err = await runSimulation(small({ solver: { maxIterations: 3 } }), { core }).catch((e) => e);
    expect(err).toBeInstanceOf(NumericalError);
    expect(err.message).toMatch(/^diffusion step 1: CG max-iterations after 3 iterations .* relative residual \d/);
    expect(err.value).toBeGreaterThan(1e-8);
  });

  it("an aborted signal rejects with an AbortError", async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await runSimulation(small(), { core, signal: ac.signal }).catch((e) => e);
    expect(err.name).toBe("AbortError");
  });
});

describe("reactive-grain selection", () => {
  const area = Float64Array.from({ length: 30 }, (_, g) => (g % 5 === 0 ? 0 : 1 + (g % 7)));
  it("picks round(f·n) surface grains, seeded; smaller fractions pick subsets", () => {
    const a = selectReactiveGrains(area, 0.667, 9), b = selectReactiveGrains(area, 0.667, 9), c = selectReactiveGrains(area, 0.667, 10);
    expect(a.surfaceGrains).toBe(24);
    expect(a.grainIds).toHaveLength(16);
    expect(a.grainIds).toEqual(b.grainIds);
    expect(a.grainIds).not.toEqual(c.grainIds);
    for (const g of a.grainIds) expect(area[g]).toBeGreaterThan(0);
    const all = selectReactiveGrains(area, 1, 9);
    expect(all.grainIds).toHaveLength(24);
    expect(all.areaFraction).toBe(1);
    for (const g of selectReactiveGrains(area, 0.3, 9).grainIds) expect(a.grainIds).toContain(g);
    const total = area.reduce((s, x) => s + x, 0);
    expect(a.areaFraction).toBeCloseTo(a.grainIds.reduce((s, g) => s + area[g], 0) / total, 14);
    expect(a.countFraction).toBeCloseTo(16 / 24, 14);
  });
});

describe("post-processing kernels", () => {
  it("von Mises, hydrostatic and principal stresses", () => {
    const s = Float64Array.from([100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 10, 20, 30, 0, 0, 0]);
    expect(Array.from(vonMises(s, new Float64Array(3)))).toEqual([100, Math.sqrt(3) * 30, Math.sqrt(300)].map((v) => expect.closeTo(v, 10)));
    expect(Array.from(hydrostatic(s, new Float64Array(3)))).toEqual([100 / 3, 0, 20].map((v) => expect.closeTo(v, 12)));
    const rnd = createRandom(3);
    const n = 200;
    const t = Float64Array.from({ length: 6 * n }, () => 200 * rnd.float() - 100);
    const hi = new Float64Array(n), lo = new Float64Array(n);
    principalExtremes(t, hi, lo);
    for (let i = 0; i < n; i++) {
      const [a, b, c, yz, xz, xy] = t.subarray(6 * i, 6 * i + 6);
      for (const l of [hi[i], lo[i]]) {
        // det(σ − λI) = 0
        const d = (a - l) * ((b - l) * (c - l) - yz * yz) - xy * (xy * (c - l) - yz * xz) + xz * (xy * yz - (b - l) * xz);
        expect(Math.abs(d)).toBeLessThan(1e-7 * 100 ** 3);
      }
      // extremes bound every normal stress
      for (let k = 0; k < 5; k++) {
        const v = [rnd.float() - 0.5, rnd.float() - 0.5, rnd.float() - 0.5];
        const L = Math.hypot(...v), [x, y, z] = v.map((u) => u / L);
        const sn = a * x * x + b * y * y + c * z * z + 2 * (yz * y * z + xz * x * z + xy * x * y);
        expect(sn).toBeLessThanOrEqual(hi[i] + 1e-9);
        expect(sn).toBeGreaterThanOrEqual(lo[i] - 1e-9);
      }
    }
  });

  it("the stress loop's largest principal stress (no acos/cos) on tensors with known eigenvalues, double roots included", () => {
    const rnd = createRandom(21);
    // σ = R diag(l) Rᵀ with a random rotation R
    const tensor = (l: number[]) => {
      const v = [rnd.float() - 0.5, rnd.float() - 0.5, rnd.float() - 0.5, rnd.float() - 0.5], n = Math.hypot(...v);
      const [w, x, y, z] = v.map((c) => c / n);
      const R = [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)];
      const S = (i: number, j: number) => l.reduce((acc, lk, k) => acc + R[3 * i + k] * lk * R[3 * j + k], 0);
      return [S(0, 0), S(1, 1), S(2, 2), S(1, 2), S(0, 2), S(0, 1)];
    };
    const cases = [[100, 100, -50], [100, -50, -50], [70, 70, 70], [300, 120, -80], [1e-3, 0, 0], [-5, -5, -5.000001], [2000, 1999.999, -3000], [0, 0, 0]];
    for (let k = 0; k < 200; k++) cases.push([3000 * rnd.float() - 1500, 3000 * rnd.float() - 1500, 3000 * rnd.float() - 1500]);
    const sig = core.f64(24), w = core.f64(4), out = core.f64(4 * 3 + 7);
    w.view.set([1, 2, 3, 4]);
    for (let c = 0; c < cases.length; c += 4) {
      const group = cases.slice(c, c + 4);
      while (group.length < 4) group.push([1, 2, 3]);
      group.forEach((l, k) => sig.view.set(tensor(l), 6 * k));
      const o = out.ptr;
      core.exports.tetStressMeasures(sig.ptr, w.ptr, o, o + 32, o + 64, o + 96, o + 104);
      const trig = new Float64Array(4);
      principalExtremes(sig.view, trig);
      group.forEach((l, k) => {
        const scale = Math.max(1e-300, ...l.map(Math.abs)), top = Math.max(...l);
        // as close as the trigonometric formula gets (both go through r = det B / 2, ill-conditioned at a double root: ~1e-12 there)
        const err = Math.abs(out.view[8 + k] - top);
        expect(err).toBeLessThan(Math.max(1e-13 * scale, 2 * Math.abs(trig[k] - top)));
        expect(err).toBeLessThan(1e-11 * scale);
        expect(Math.abs(out.view[4 + k] - (l[0] + l[1] + l[2]) / 3)).toBeLessThan(1e-12 * scale);
      });
    }
    sig.free(); w.free(); out.free();
  });

  it("the measures formed in the stress loop equal the JavaScript ones (von Mises, hydrostatic and the tet means bit for bit)", () => {
    for (const order of [1, 2] as const) {
      const box = boxMesh({ n: [3, 3, 2], size: [1.2, 1, 0.9], jitter: 0.25, seed: 5 });
      const fe = FeMesh.create(core, order === 1 ? box : toQuadratic(core, box));
      const el = new ElasticitySystem(fe, grainMaterialTables(DEFAULT_MATERIAL, [0.3, 0.5, -0.2, 0.79].map((x) => x / Math.hypot(0.3, 0.5, 0.2, 0.79))));
      const theta = core.f64(fe.nNodes), u = core.f64(3 * fe.nNodes);
      for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.5 + 0.4 * Math.sin(3 * i);
      for (let i = 0; i < u.length; i++) u.view[i] = 2e-3 * Math.cos(1.7 * i);
      const st = el.stress(theta, 1, u);
      const nq = st.weight.length, nT = nq / 4;
      expect(Array.from(st.vonMises)).toEqual(Array.from(vonMises(st.sigma, new Float64Array(nq))));
      expect(Array.from(st.hydrostatic)).toEqual(Array.from(hydrostatic(st.sigma, new Float64Array(nq))));
      const p1 = new Float64Array(nq);
      principalExtremes(st.sigma, p1);
      const scale = Math.max(...st.vonMises);
      expect(scale).toBeGreaterThan(100); // MPa: a real stress field, not zeros
      // (the loop's principal stress avoids acos/cos: equal to ~1e-12, both limited by rounding at a double root)
      for (let q = 0; q < nq; q++) expect(Math.abs(st.maxPrincipal[q] - p1[q])).toBeLessThan(1e-11 * scale);
      for (let t = 0; t < nT; t++) {
        let W = 0, v = 0;
        const s6 = new Float64Array(6);
        for (let q = 4 * t; q < 4 * t + 4; q++) {
          W += st.weight[q];
          v += st.weight[q] * st.vonMises[q];
          for (let c = 0; c < 6; c++) s6[c] += st.weight[q] * st.sigma[6 * q + c];
        }
        expect(st.cellVonMises[t]).toBe(v / W);
        expect(Array.from(st.cellStress.subarray(6 * t, 6 * t + 6))).toEqual(Array.from(s6, (x) => x / W));
      }
      theta.free(); u.free(); el.dispose(); fe.dispose();
    }
  });

  it("weighted statistics and percentile", () => {
    const v = Float64Array.from([1, 2, 3, 4]), w = Float64Array.from([1, 1, 1, 97]);
    const s = weightedStats(v, w);
    expect(s.mean).toBeCloseTo((1 + 2 + 3 + 388) / 100, 14);
    expect(s.max).toBe(4);
    expect(s.min).toBe(1);
    expect(s.p99).toBe(4);
    expect(weightedQuantile(v, w, 0.02)).toBe(2);
    expect(weightedQuantile(v, Float64Array.from([1, 1, 1, 1]), 0.5)).toBe(2);
    expect(weightedQuantile(new Float64Array(0), new Float64Array(0), 0.5)).toBeNaN();
    expect(weightedStats(new Float64Array(0), new Float64Array(0)).p99).toBeNaN();
    expect(s.std).toBeCloseTo(Math.sqrt((1 * (1 - s.mean) ** 2 + (2 - s.mean) ** 2 + (3 - s.mean) ** 2 + 97 * (4 - s.mean) ** 2) / 100), 12);
  });

  it("the weighted quantile (quickselect) equals the definition by sorting, with ties and zero weights", () => {
    const bySorting = (v: Float64Array, w: Float64Array, q: number) => {
      const order = Array.from(v.keys()).sort((a, b) => v[a] - v[b]);
      const W = w.reduce((s, x) => s + x, 0);
      let acc = 0;
      for (const k of order) {
        acc += w[k];
        if (acc >= q * W * (1 - 1e-12)) return v[k];
      }
      return v[order[order.length - 1]];
    };
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 10, noNaN: true }))), { minLength: 1, maxLength: 300 }),
      fc.oneof(fc.constant(1), fc.constant(0.99), fc.constant(0.5), fc.double({ min: 0.001, max: 1, noNaN: true })),
      (pairs, q) => {
        const v = Float64Array.from(pairs, (p) => p[0] / 4), w = Float64Array.from(pairs, (p) => p[1]);
        expect(weightedQuantile(v, w, q)).toBe(bySorting(v, w, q));
      },
    ), { numRuns: 2000, seed: 7 });
    // longer arrays: many histogram bins (n/16), continuous values with a long tail, ties
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 20000 }), fc.integer({ min: 1, max: 1e6 }),
      fc.oneof(fc.constant(1), fc.constant(0.99), fc.double({ min: 0.001, max: 1, noNaN: true })),
      (n, seed, q) => {
        const rnd = createRandom(seed);
        const v = Float64Array.from({ length: n }, () => (rnd.float() < 0.1 ? Math.round(10 * rnd.float()) : Math.exp(6 * rnd.float())));
        const w = Float64Array.from({ length: n }, () => (rnd.float() < 0.05 ? 0 : rnd.float()));
        expect(weightedQuantile(v, w, q)).toBe(bySorting(v, w, q));
        const s = weightedStats(v, w);
        expect(s.p99).toBe(bySorting(v, w, 0.99));
      },
    ), { numRuns: 60, seed: 11 });
  });

  it("the core's statistics (one thread) equal weightedStats and the group means and maxima in JavaScript: the same bits, a non-finite value found", () => {
    const inCore = (v: Float64Array, w: Float64Array, p99 = true) => {
      const cv = core.fromF64(v), cw = core.fromF64(w);
      const s = coreWeightedStats(core, v.length, cv.ptr, cw.ptr, p99);
      cv.free(); cw.free();
      return s;
    };
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 1, max: 1e6 }), fc.constantFrom("spread", "ties", "equal"),
      (n, seed, kind) => {
        const rnd = createRandom(seed);
        const v = Float64Array.from({ length: n }, () => kind === "equal" ? 2.5 : kind === "ties" ? Math.round(8 * rnd.float()) : Math.exp(6 * rnd.float()) - 20);
        const w = Float64Array.from({ length: n }, () => (rnd.float() < 0.05 ? 0 : rnd.float()));
        // one thread sums in the same order as the JavaScript: the same bits
        expect(inCore(v, w)).toEqual(weightedStats(v, w));
        // without the percentile: the same moments (its histogram pass and the plain one sum alike)
        expect(inCore(v, w, false)).toEqual({ ...weightedStats(v, w), p99: NaN });
        const nT = n >> 2, tetGroup = Int32Array.from({ length: nT }, () => Math.floor(7 * rnd.float()));
        const g = core.fromI32(tetGroup), cv = core.fromF64(v.subarray(0, 4 * nT)), cw = core.fromF64(w.subarray(0, 4 * nT));
        const gs = coreGroupStats(core, 4 * nT, cv.ptr, cw.ptr, g.ptr, 4, 8, true); // (group 7 is empty: NaN)
        expect(gs.mean).toEqual(groupMeans(v.subarray(0, 4 * nT), w.subarray(0, 4 * nT), tetGroup, 4, 8));
        expect(gs.max).toEqual(groupMax(v.subarray(0, 4 * nT), tetGroup, 4, 8));
        g.free(); cv.free(); cw.free();
      },
    ), { numRuns: 40, seed: 5 });
    const v = Float64Array.from({ length: 1000 }, (_, i) => i), w = new Float64Array(1000).fill(1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = v.slice();
      x[700] = bad;
      x[913] = NaN;
      expect(inCore(x, w)).toEqual({ nonFinite: 700 });
      expect(inCore(x, new Float64Array(1000))).toEqual({ nonFinite: 700 }); // (whatever its weight)
    }
  });

  it("nodal recovery in wasm (NodalRecovery) gives the TypeScript reference's bits, P1 and P2", () => {
    const box = boxMesh({ n: [3, 3, 2], size: [3, 2, 2], jitter: 0.2, seed: 2 });
    for (let t = 0; t < box.tetGrain.length; t++) box.tetGrain[t] = t % 3; // grain boundaries everywhere: many split nodes
    box.nGrains = 3;
    const rnd = createRandom(9);
    for (const m of [box, toQuadratic(core, box)]) {
      const nT = m.tetGrain.length, split = splitNodesByGrain(m);
      const vol = Float64Array.from({ length: nT }, () => 0.1 + rnd.float());
      const values = Float64Array.from({ length: nT * 24 }, () => 200 * rnd.float() - 100);
      const rec = new NodalRecovery(core, split, m.order, vol);
      const v = core.fromF64(values);
      const got = rec.recover(v, 6), want = referenceRecoverNodal(split, m.order, values, 6, vol);
      expect(split.count).toBeGreaterThan(m.nodes.length / 3);
      expect(got.length).toBe(6 * split.count);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(() => rec.recover(v, 3)).toThrow(/values for/);
      v.free();
      rec.dispose();
    }
  });

  it("nodal recovery is exact for a linear stress on straight P2 tets and keeps grain-boundary jumps", () => {
    const p1 = boxMesh({ n: [3, 2, 2], size: [3, 2, 2], jitter: 0.2, seed: 1 });
    // two grains split at x = 1.5 (by tet centroid)
    for (let t = 0; t < p1.tetGrain.length; t++) {
      let cx = 0;
      for (let k = 0; k < 4; k++) cx += p1.nodes[3 * p1.tets[4 * t + k]] / 4;
      p1.tetGrain[t] = cx < 1.5 ? 0 : 1;
    }
    p1.nGrains = 2;
    const m = toQuadratic(core, p1);
    const fe = FeMesh.create(core, m);
    const { x } = fe.quadraturePoints("tet4");
    const { volume } = fe.tetVolumes();
    // a different linear field per grain
    const f = (p: ArrayLike<number>, g: number, c: number) => (g + 1) * (1 + 2 * p[0] - 3 * p[1] + 0.5 * p[2]) + c;
    const nq = x.length / 3;
    const vals = new Float64Array(2 * nq);
    for (let i = 0; i < nq; i++) for (let c = 0; c < 2; c++) vals[2 * i + c] = f(x.subarray(3 * i, 3 * i + 3), m.tetGrain[i >> 2], c);
    const split = splitNodesByGrain(m);
    expect(split.count).toBeGreaterThan(fe.nNodes);
    const recovery = new NodalRecovery(core, split, 2, volume);
    const valsCore = core.fromF64(vals);
    const rec = recovery.recover(valsCore, 2);
    valsCore.free();
    recovery.dispose();
    let err = 0;
    for (let i = 0; i < split.count; i++) {
      const p = m.nodes.subarray(3 * split.node[i], 3 * split.node[i] + 3);
      for (let c = 0; c < 2; c++) err = Math.max(err, Math.abs(rec[2 * i + c] - f(p, split.grain[i], c)));
    }
    expect(err).toBeLessThan(1e-11);
    fe.dispose();
  });

  it("points are located in curved P2 tets (the isoparametric map returns the point)", async () => {
    const m = await meshParticle({ grains: 4, seed: 2, radiusUm: 2, sizeUm: 0.7, order: 2 }, core);
    const rnd = createRandom(11);
    const pts: number[] = [];
    for (let i = 0; i < 40; i++) {
      const d = [rnd.float() - 0.5, rnd.float() - 0.5, rnd.float() - 0.5];
      const L = Math.hypot(...d), r = 2 * (i < 20 ? rnd.float() : 0.985 + 0.01 * rnd.float());
      pts.push(...d.map((u) => (u / L) * r));
    }
    const P = Float64Array.from(pts);
    const locs = locatePoints(m, P);
    const out = new Float64Array(3);
    locs.forEach((loc, i) => {
      expect(loc).not.toBeNull();
      evaluateAt(2, m.tets, m.nodes, 3, loc!, out);
      for (let c = 0; c < 3; c++) expect(out[c]).toBeCloseTo(P[3 * i + c], 10);
    });
    // outside the particle: not found
    expect(locatePoints(m, Float64Array.from([0, 0, 2.2]))[0]).toBeNull();
  });

  it("a ray from inside a box leaves it at the face it crosses (rayExit)", async () => {
    const { boxMesh } = await import("../src/mesh/box.js");
    const m = boxMesh({ n: [3, 4, 2], size: [2, 3, 1] }); // [0, 2] × [0, 3] × [0, 1]
    const o = [0.5, 1, 0.25];
    expect(rayExit(m, o, [1, 0, 0])).toBeCloseTo(1.5, 12);
    expect(rayExit(m, o, [0, -1, 0])).toBeCloseTo(1, 12);
    expect(rayExit(m, o, [0, 0, 1])).toBeCloseTo(0.75, 12);
    // a diagonal: x reaches 2 at s = 1.5 √3, y 3 at 2 √3, z 1 at 0.75 √3 first
    const d = 1 / Math.sqrt(3);
    expect(rayExit(m, o, [d, d, d])).toBeCloseTo(0.75 * Math.sqrt(3), 12);
  });

  it("grain-boundary normal traction of uniform stress states", async () => {
    const m = await meshParticle({ grains: 6, seed: 3, radiusUm: 2, sizeUm: 0.6 }, core);
    const gb = grainBoundaryFaces(m);
    expect(gb.count).toBeGreaterThan(50);
    // the mesher's face table (made from the pinch repair's face pairing) is the one classifyFaces gives, for the P1 and the P2 mesh
    expect(classifyFaces(m.tets, 4, m.nodes.length / 3)).toEqual(m.faces);
    expect(grainBoundaryFaces(m, m.faces)).toEqual(gb);
    const m2 = await meshParticle({ grains: 6, seed: 3, radiusUm: 2, sizeUm: 0.6, order: 2 }, core);
    expect(m2.faces).toEqual(m.faces);
    expect(grainBoundaryFaces(m2, m2.faces)).toEqual(grainBoundaryFaces(m2));
    const split = splitNodesByGrain(m);
    const hydro = new Float64Array(6 * split.count), uni = new Float64Array(6 * split.count);
    for (let i = 0; i < split.count; i++) {
      hydro.set([-70, -70, -70, 0, 0, 0], 6 * i);
      uni[6 * i] = 40;
    }
    for (const t of normalTractions(gb, split, 4, hydro)) expect(t).toBeCloseTo(-70, 10);
    const tu = normalTractions(gb, split, 4, uni);
    for (let f = 0; f < gb.count; f++) expect(tu[f]).toBeCloseTo(40 * gb.normal[3 * f] ** 2, 10);
    // normals point from the lower grain id to the higher
    for (let f = 0; f < gb.count; f++) expect(m.tetGrain[gb.tets[2 * f]]).toBeLessThan(m.tetGrain[gb.tets[2 * f + 1]]);
  });
});
