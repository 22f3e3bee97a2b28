// Determinism: the same config and seed give identical summary.json numbers
// (every field but the timings, bit for bit) and an identical mesh (hash of
// coordinates, connectivity and grains) across runs, in-process and in
// worker threads, and with 1 or 2 workers running jobs concurrently.
// (Across processes and machines: tests/sweep.test.ts compares the local pool
// with Redis workers; Node against Chromium: tests/web.test.ts.)
import { afterAll, describe, expect, it } from "vitest";
import { configurePool, loadCore, resolveConfig, runSimulation, shutdownPool, simulate } from "grainfem";
import { meshHash } from "../src/solver/checkpoint.js";
import type { Summary } from "../src/solver/summary.js";

process.env.GRAINFEM_BUILD = "release"; // the worker threads' core, as in-process below

const config = resolveConfig({
  geometry: { grains: 10, seed: 7, radiusUm: 3, meshSizeUm: 0.8, order: 2 },
  outputs: { soc: [0.5, 1], profilePoints: 11, figures: false },
});

function numbers(s: Summary): unknown {
  const c = structuredClone(s) as any;
  delete c.timingS;
  for (const p of c.snapshots) if (p.elasticity.amg) p.elasticity.amg.setupS = p.elasticity.amg.setupPhasesS = 0;
  return c;
}

afterAll(async () => {
  await shutdownPool();
});

describe("determinism", () => {
  it("in-process twice, one worker, and two concurrent workers: identical numbers and mesh", async () => {
    const core = await loadCore("release");
    const a = await runSimulation(config, { core });
    const b = await runSimulation(config, { core: await loadCore("release") });
    configurePool({ size: 1 });
    const c = await simulate(config);
    await shutdownPool();
    configurePool({ size: 2 });
    const [d, e] = await Promise.all([simulate(config), simulate(config)]);
    const ref = numbers(a.summary);
    for (const r of [b, c, d, e]) expect(numbers(r.summary)).toEqual(ref);
    const h = meshHash(a.fields.mesh);
    for (const r of [b, c, d, e]) expect(meshHash(r.fields.mesh)).toBe(h);
    // and the fields themselves, not only the statistics
    const bytes = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    for (const r of [c, e]) expect(Buffer.compare(bytes(r.fields.snapshots[1].stress), bytes(a.fields.snapshots[1].stress))).toBe(0);
    console.log(`determinism: 5 runs, mesh ${h}, summaries identical`);
  });
});
