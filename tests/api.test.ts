// The asynchronous library API (SPEC §3.4): simulate/compare in worker
// threads — same numbers as the in-thread run, the caller's event loop keeps
// turning, AbortSignal rejects promptly with an AbortError and the pool
// recovers, bad input rejects with InputError, concurrent runs do not share
// state.
import { afterAll, describe, expect, it } from "vitest";
import { compare, configurePool, InputError, loadCore, resolveConfig, runSimulation, shutdownPool, simulate, type Progress } from "grainfem";

const small = {
  geometry: { grains: 6, seed: 3, radiusUm: 3, meshSizeUm: 0.9, order: 1 as const },
  material: { diffusivityM2s: [5e-15, 5e-15, 5e-15] as [number, number, number] },
  outputs: { soc: [0.5, 1], profilePoints: 11 },
};

afterAll(async () => {
  await shutdownPool();
});

describe("simulate() in a worker thread", () => {
  it("returns the summary and typed-array fields of the in-thread run, reports progress, and never blocks the event loop", async () => {
    configurePool({ size: 2 });
    const events: Progress[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const r = await simulate(small, { onProgress: (p) => events.push(p) });
    const ms = performance.now() - t0;
    clearInterval(timer);
    // the caller's loop kept running: at least a third of the possible 10 ms ticks fired
    expect(ticks).toBeGreaterThan(ms / 10 / 3);
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(["mesh", "diffusion", "elasticity", "post"]));
    const d = events.filter((e) => e.phase === "diffusion");
    expect(d[d.length - 1].step).toBe(d[d.length - 1].steps);
    expect(r.fields.snapshots[0].theta).toBeInstanceOf(Float64Array);
    expect(r.fields.mesh.tets).toBeInstanceOf(Int32Array);
    expect(r.coreSetupS).toBeGreaterThan(0);
    const local = await runSimulation(resolveConfig(small), { core: await loadCore() });
    expect(r.summary.snapshots.map((s) => s.vonMisesMPa.mean)).toEqual(local.summary.snapshots.map((s) => s.vonMisesMPa.mean));
    expect(r.summary.massBalanceRelError).toBeLessThan(1e-10);
    expect(Array.from(r.fields.snapshots[1].theta)).toEqual(Array.from(local.fields.snapshots[1].theta));
  });

  it("an AbortSignal rejects promptly with an AbortError; the pool then runs the next job", async () => {
    const ac = new AbortController();
    let abortedAt = 0;
    const p = simulate({ ...small, geometry: { ...small.geometry, meshSizeUm: 0.5 }, time: { stepsPerHour: 600 } }, {
      signal: ac.signal,
      onProgress: (e) => {
        if (e.phase === "diffusion" && e.step === 5 && !abortedAt) {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    // already aborted: rejects at once
    await expect(simulate(small, { signal: ac.signal })).rejects.toMatchObject({ name: "AbortError" });
    const r = await simulate(small);
    expect(r.summary.snapshots).toHaveLength(2);
    // a warm worker does not instantiate its core again
    expect((await simulate(small)).coreSetupS).toBe(0);
  });

  it("bad input rejects with an InputError naming the key", async () => {
    const err = await simulate({ geometry: { radiusUm: -1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/geometry\.radiusUm/);
  });

  it("concurrent runs share nothing: two different jobs at once equal their sequential results", async () => {
    configurePool({ size: 2 });
    const other = { ...small, geometry: { ...small.geometry, seed: 9 } };
    const [a, b] = await Promise.all([simulate(small), simulate(other)]);
    const [a2, b2] = [await simulate(small), await simulate(other)];
    expect(a.summary.snapshots[1].vonMisesMPa).toEqual(a2.summary.snapshots[1].vonMisesMPa);
    expect(b.summary.snapshots[1].vonMisesMPa).toEqual(b2.summary.snapshots[1].vonMisesMPa);
    expect(a.summary.mesh.tets).not.toBe(b.summary.mesh.tets);
  });

  it("compare() runs both cases on one particle", async () => {
    const r = await compare(small);
    expect(r.asslb.summary.mesh).toEqual(r.lelb.summary.mesh);
    expect(r.asslb.summary.reactive.countFraction).toBeLessThan(1);
    expect(r.lelb.summary.reactive.countFraction).toBe(1);
    expect(r.asslb.fields.snapshots[0].stress).toBeInstanceOf(Float64Array);
  });
});
