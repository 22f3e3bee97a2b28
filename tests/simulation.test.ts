// The building blocks of a particle run and the run itself on small
// polycrystals: mechanics under uniform θ, Li conservation, the galvanostatic
// flux, reactive-grain selection, recovery, point location, tractions,
// θ out of range, numerical failure and abort.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  boxMesh, DEFAULT_MATERIAL, FeMesh, grainMaterialTables, hydrostatic, loadCore, meshParticle, NumericalError, principalExtremes,
  resolveConfig, runSimulation, selectReactiveGrains, toQuadratic, vonMises, weightedQuantile, weightedStats, type Core, type MaterialSpec,
} from "grainfem";
import { MechanicsSolver } from "../src/solver/mechanics.js";
import { recoverNodal, splitNodesByGrain } from "../src/solver/recovery.js";
import { evaluateAt, locatePoints } from "../src/fem/point-location.js";
import { grainBoundaryFaces, normalTractions } from "../src/solver/grain-boundaries.js";
import { randomOrientations } from "../src/mesh/seeds.js";
import { createRandom } from "../src/mesh/random.js";

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

  it("weighted statistics and percentile", () => {
    const v = Float64Array.from([1, 2, 3, 4]), w = Float64Array.from([1, 1, 1, 97]);
    const s = weightedStats(v, w);
    expect(s.mean).toBeCloseTo((1 + 2 + 3 + 388) / 100, 14);
    expect(s.max).toBe(4);
    expect(s.min).toBe(1);
    expect(s.p99).toBe(4);
    expect(weightedQuantile(v, w, 0.02)).toBe(2);
    expect(weightedQuantile(v, Float64Array.from([1, 1, 1, 1]), 0.5)).toBe(2);
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
    const rec = recoverNodal(split, 2, vals, 2, volume);
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

  it("grain-boundary normal traction of uniform stress states", async () => {
    const m = await meshParticle({ grains: 6, seed: 3, radiusUm: 2, sizeUm: 0.6 }, core);
    const gb = grainBoundaryFaces(m);
    expect(gb.count).toBeGreaterThan(50);
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
