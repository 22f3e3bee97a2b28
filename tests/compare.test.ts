// SPEC §4.7, the seed paper's qualitative finding on a seeded 40-grain
// particle: the all-solid-state case (66.7 % of the surface grains reactive)
// is more heterogeneous than the liquid case (100 %) at SOC 0.5 and 1.0, and
// the most stressed regions are the grain boundaries and — for the stress the
// partial contact adds — the neighbourhood of the non-reactive grains.
// The run is examples/02-asslb-vs-lelb.ts; its stored numbers are checked here too.
import { beforeAll, describe, expect, it } from "vitest";
import { contactEffect, loadCore, runSimulation, type ComparisonResult } from "grainfem";
import { main as example02 } from "../examples/02-asslb-vs-lelb.js";

let r: ComparisonResult;
const lines: string[] = [];
beforeAll(async () => {
  r = (await example02((l) => lines.push(l))).result;
}, 180_000);

describe("ASSLB vs LELB on one 40-grain particle", () => {
  it("both cases share the mesh, orientations and reactive draw", () => {
    const a = r.asslb.summary, l = r.lelb.summary;
    expect(r.asslb.fields.mesh).toBe(r.lelb.fields.mesh);
    expect(a.grains.map((g) => g.orientation)).toEqual(l.grains.map((g) => g.orientation));
    expect(a.config.cycling.reactiveFraction).toBe(0.667);
    expect(l.config.cycling.reactiveFraction).toBe(1);
    expect(l.reactive.grainIds).toHaveLength(l.reactive.surfaceGrains);
    expect(a.reactive.grainIds.length).toBe(Math.round(0.667 * a.reactive.surfaceGrains));
    for (const g of a.reactive.grainIds) expect(l.reactive.grainIds).toContain(g);
    // the same charge passes through a smaller reactive area
    expect(a.reactive.fluxMs * a.reactive.areaUm2).toBeCloseTo(l.reactive.fluxMs * l.reactive.areaUm2, 18);
    for (const s of [a, l]) {
      expect(s.massBalanceRelError).toBeLessThan(1e-10);
      expect(s.snapshots.map((p) => p.thetaMean)).toEqual([expect.closeTo(0.69, 9), expect.closeTo(0.38, 9)]);
    }
  });

  it("the all-solid-state particle is more heterogeneous at SOC 0.5 and 1.0", () => {
    for (let k = 0; k < 2; k++) {
      const a = r.asslb.summary.snapshots[k], l = r.lelb.summary.snapshots[k];
      expect(a.heterogeneity).toBeGreaterThan(l.heterogeneity);
      // and its grains' states of charge spread wider (non-reactive grains lag)
      const spread = (g: Array<{ thetaMean: number }>) => {
        const m = g.reduce((s, x) => s + x.thetaMean, 0) / g.length;
        return Math.sqrt(g.reduce((s, x) => s + (x.thetaMean - m) ** 2, 0) / g.length);
      };
      expect(spread(a.grains)).toBeGreaterThan(1.2 * spread(l.grains));
      expect(a.vonMisesMPa.max).toBeGreaterThan(l.vonMisesMPa.max);
    }
  });

  it("non-reactive surface grains stay more lithiated in the all-solid-state case", () => {
    const a = r.asslb.summary;
    const nonReactive = a.grains.filter((g) => g.surfaceAreaUm2 > 0 && !g.reactive).map((g) => g.id);
    expect(nonReactive.length).toBeGreaterThan(5);
    for (let k = 0; k < 2; k++) {
      const mean = (s: typeof a, ids: number[]) => ids.reduce((x, id) => x + s.snapshots[k].grains[id].thetaMean, 0) / ids.length;
      expect(mean(a, nonReactive)).toBeGreaterThan(mean(r.lelb.summary, nonReactive) + 0.03);
    }
  });

  it("the grain-boundary layer is the most stressed, in both cases", () => {
    for (const s of [r.asslb.summary, r.lelb.summary]) {
      for (const p of s.snapshots) {
        expect(p.regionsVonMisesMeanMPa.grainBoundaryLayer).toBeGreaterThan(1.15 * p.regionsVonMisesMeanMPa.grainInterior);
      }
    }
  });

  it("the stress the partial contact adds concentrates next to the non-reactive grains", () => {
    const e = contactEffect(r);
    expect(e).toHaveLength(2);
    for (const x of e) {
      expect(x.regionVolumeFraction).toBeGreaterThan(0.15);
      expect(x.regionVolumeFraction).toBeLessThan(0.6);
      expect(x.nonReactiveRegionMPa).toBeGreaterThan(1.1 * x.restMPa);
    }
    expect(r.lelb.summary.snapshots[0].regionsVonMisesMeanMPa.nonReactiveRegion).toBeNull();
  });
});

describe("the cases share the diffusion matrix (stepped together) and the elasticity solver", () => {
  it("one AMG setup for the four solves; the liquid case equals a run of its own: its diffusion bit for bit, its stresses to the solver tolerance", async () => {
    const a = r.asslb.summary, l = r.lelb.summary;
    expect([...a.snapshots, ...l.snapshots].map((p) => p.elasticity.amg?.reused)).toEqual([false, true, true, true]);
    // meshes the same particle again (the mesher is deterministic); one thread, as the example's core, so the diffusion is the same bit for bit
    const alone = await runSimulation(l.config, { core: await loadCore() });
    expect(alone.summary.mesh.tets).toBe(l.mesh.tets);
    expect(alone.summary.snapshots.map((p) => p.elasticity.amg?.reused)).toEqual([false, true]);
    // the paired CG solves do what a case's own solves do: the same iterations, residuals, θ and mass balance
    expect(l.solver.diffusion).toEqual(alone.summary.solver.diffusion);
    expect(l.thetaOutOfRange).toEqual(alone.summary.thetaOutOfRange);
    expect(l.massBalanceRelError).toBe(alone.summary.massBalanceRelError);
    expect(r.lelb.fields.snapshots.map((f) => f.theta)).toEqual(alone.fields.snapshots.map((f) => f.theta));
    for (let k = 0; k < 2; k++) {
      const x = l.snapshots[k], y = alone.summary.snapshots[k];
      expect([x.thetaMean, x.thetaMin, x.thetaMax]).toEqual([y.thetaMean, y.thetaMin, y.thetaMax]);
      expect(Math.abs(x.elasticity.iterations - y.elasticity.iterations)).toBeLessThanOrEqual(3);
      for (const [u, v] of [[x.vonMisesMPa.mean, y.vonMisesMPa.mean], [x.vonMisesMPa.max, y.vonMisesMPa.max], [x.heterogeneity, y.heterogeneity]]) {
        expect(Math.abs(u - v)).toBeLessThan(1e-6 * Math.abs(v));
      }
    }
  }, 120_000);
});

describe("examples/02-asslb-vs-lelb", () => {
  it("reproduces its stored numbers", () => {
    expect(lines).toHaveLength(8);
    const a = r.asslb.summary, l = r.lelb.summary;
    expect(a.mesh.tets).toBe(15235);
    expect(a.reactive.grainIds).toHaveLength(23);
    expect(a.reactive.areaFraction).toBeCloseTo(0.640, 3);
    const het = [a.snapshots[0], a.snapshots[1], l.snapshots[0], l.snapshots[1]].map((p) => p.heterogeneity);
    [0.5542, 0.4775, 0.5012, 0.4581].forEach((v, i) => expect(het[i]).toBeCloseTo(v, 4));
    expect(a.snapshots[0].vonMisesMPa.mean).toBeCloseTo(1665.9, 1);
    expect(l.snapshots[1].vonMisesMPa.mean).toBeCloseTo(2983.0, 1);
    const e = contactEffect(r);
    expect(e[0].nonReactiveRegionMPa).toBeCloseTo(443.1, 1);
    expect(e[0].restMPa).toBeCloseTo(339.8, 1);
  });
});
