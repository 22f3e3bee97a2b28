// Long runs survive interruption: `grainfem run --checkpoint-every N` writes
// DIR/checkpoint.gfc atomically; a run killed with SIGKILL and continued
// with `grainfem run --resume DIR` ends with the same summary (every number,
// bit for bit; only timings differ) and byte-identical VTU files as a run
// never interrupted — and one without checkpoints at all. Unusable
// checkpoints are refused with exit code 2.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeCheckpoint, encodeCheckpoint } from "../src/io/checkpoint.js";
import { resolveConfig } from "../src/config/resolve.js";
import type { SimulationCheckpoint } from "../src/solver/checkpoint.js";
import { runSimulation } from "../src/solver/simulate.js";
import { prepareParticle } from "../src/solver/particle.js";
import { loadCore } from "../src/wasm/core.js";

const dir = mkdtempSync(join(tmpdir(), "grainfem-ckpt-"));
const cli = (args: string[]) => spawnSync(process.execPath, ["bin/grainfem.js", ...args], { encoding: "utf8" });
// P2, 8 grains, 600 diffusion steps to SOC 1 (a few seconds: long enough to be killed in the middle)
const config = join(dir, "config.json");
writeFileSync(config, JSON.stringify({
  geometry: { grains: 8, seed: 3, radiusUm: 3, meshSizeUm: 0.7, order: 2 },
  time: { stepsPerHour: 600 },
  outputs: { soc: [0.25, 0.5, 1], profilePoints: 11, figures: false },
}));

/** summary.json without the wall-clock fields */
function numbers(folder: string): unknown {
  const s = JSON.parse(readFileSync(join(folder, "summary.json"), "utf8"));
  delete s.timingS;
  for (const p of s.snapshots) if (p.elasticity.amg) p.elasticity.amg.setupS = p.elasticity.amg.setupPhasesS = 0;
  return s;
}

describe("checkpoints and --resume", () => {
  it("a run killed with SIGKILL and resumed equals an uninterrupted run bit for bit", async () => {
    const plain = join(dir, "plain"), killed = join(dir, "killed");
    const a = cli(["run", config, "--out", plain, "--quiet", "--checkpoint-every", "0"]);
    expect(a.status, a.stderr).toBe(0);
    expect(existsSync(join(plain, "checkpoint.gfc"))).toBe(false);

    const child = spawn(process.execPath, ["bin/grainfem.js", "run", config, "--out", killed, "--quiet", "--checkpoint-every", "25"], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // kill it soon after its second checkpoint (mid-diffusion, with an output SOC possibly reached)
    let step = 0;
    const t0 = Date.now();
    while (step < 50 && Date.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        step = decodeCheckpoint(readFileSync(join(killed, "checkpoint.gfc")), "c").checkpoint.transport.step;
      } catch {
        // not written yet (or being renamed into place)
      }
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(existsSync(join(killed, "summary.json"))).toBe(false);
    expect(step).toBeGreaterThanOrEqual(50);
    expect(readdirSync(killed).filter((f) => f.includes(".tmp-")).length).toBeLessThanOrEqual(1); // at most the write that was cut off

    const r = cli(["run", "--resume", killed]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/resuming from the checkpoint at step \d+/);
    expect(numbers(killed)).toEqual(numbers(plain));
    for (const f of ["result_soc25.vtu", "result_soc50.vtu", "result_soc100.vtu", "profile_soc100.csv", "grains_soc50.csv"]) {
      expect(Buffer.compare(readFileSync(join(killed, f)), readFileSync(join(plain, f))), f).toBe(0);
    }
    expect(existsSync(join(killed, "checkpoint.gfc"))).toBe(false); // a finished run removes it
  });

  it("a run resumed at an output SOC mid-diffusion (projection basis) or after the whole diffusion continues bit for bit, through the file format", async () => {
    const cfg = resolveConfig({
      geometry: { grains: 6, seed: 5, radiusUm: 2.5, meshSizeUm: 0.8, order: 2 },
      time: { stepsPerHour: 120 }, outputs: { soc: [0.25, 0.5, 0.75, 1], profilePoints: 5, figures: false, vtu: false },
    });
    const core = await loadCore();
    const particle = await prepareParticle(cfg, core);
    const saved: Uint8Array[] = [];
    const plain = await runSimulation(cfg, { core, particle, checkpoint: { everySteps: 1000, save: (c) => saved.push(Buffer.concat(encodeCheckpoint(cfg, c))) } });
    // one checkpoint at each output SOC: θ kept for the stresses, which are solved after the diffusion
    const taken = saved.map((b) => decodeCheckpoint(b, "mem").checkpoint);
    expect(taken.map((c) => c.outputs.length)).toEqual([1, 2, 3, 4]);
    expect(taken.map((c) => c.segment)).toEqual([1, 2, 3, 4]);
    expect(taken[1].transport.projection?.count).toBeGreaterThan(1);
    const strip = (s: typeof plain.summary) => {
      const c = structuredClone(s) as any;
      delete c.timingS;
      for (const p of c.snapshots) if (p.elasticity.amg) p.elasticity.amg.setupS = p.elasticity.amg.setupPhasesS = 0;
      return c;
    };
    for (const at of [taken[1], taken[3]]) {
      const resumed = await runSimulation(cfg, { core, particle, resume: at });
      expect(strip(resumed.summary)).toEqual(strip(plain.summary));
      expect(resumed.fields.snapshots.map((f) => Array.from(f.displacement.subarray(0, 30)))).toEqual(plain.fields.snapshots.map((f) => Array.from(f.displacement.subarray(0, 30))));
    }
    // one setup, then the kept hierarchy refreshed, in the resumed runs as in the plain one
    expect(plain.summary.snapshots.map((p) => p.elasticity.amg?.reused)).toEqual([false, true, true, true]);
  });

  it("refuses a missing or damaged checkpoint with exit code 2", () => {
    const none = cli(["run", "--resume", join(dir, "nothing-here")]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--resume: no checkpoint/);
    const bad = join(dir, "bad");
    mkdirSync(bad);
    const c: SimulationCheckpoint = {
      version: 2, producer: "x", meshHash: "h", segment: 0, stepInSegment: 1, segmentDt: 6,
      transport: { time: 6, step: 1, theta: new Float64Array([1, 2, 3]), previous: new Float64Array(3), previousDt: 6, flagged: new Uint8Array(3), outOfRange: { nodes: 0, firstTimeS: null, min: Infinity, max: -Infinity }, itersSum: 3, itersMax: 3, relResMax: 0, defectMax: 0, balanceMax: 0 },
      outputs: [{ soc: 0.25, timeS: 900, theta: new Float64Array([4, 5, 6]), meanTheta: 5 }], warned: { low: false, high: false },
    };
    const bytes = Buffer.concat(encodeCheckpoint(resolveConfig(JSON.parse(readFileSync(config, "utf8"))), c));
    // the round trip keeps typed arrays and ±Infinity
    const back = decodeCheckpoint(bytes, "x").checkpoint;
    expect(Array.from(back.transport.theta)).toEqual([1, 2, 3]);
    expect(back.transport.outOfRange.min).toBe(Infinity);
    expect(Array.from(back.outputs[0].theta)).toEqual([4, 5, 6]);
    writeFileSync(join(bad, "checkpoint.gfc"), bytes.subarray(0, bytes.length - 20));
    const truncated = cli(["run", "--resume", bad]);
    expect(truncated.status).toBe(2);
    expect(truncated.stderr).toMatch(/not a usable grainfem checkpoint: truncated data/);
    writeFileSync(join(bad, "checkpoint.gfc"), bytes);
    const foreign = cli(["run", "--resume", bad]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/checkpoint: was taken on another mesh/);
    // a checkpoint of the earlier format (stresses solved during the diffusion) is refused by name
    const v1 = Buffer.concat(encodeCheckpoint(resolveConfig(JSON.parse(readFileSync(config, "utf8"))), { ...c, version: 1 } as unknown as SimulationCheckpoint));
    writeFileSync(join(bad, "checkpoint.gfc"), v1);
    const old = cli(["run", "--resume", bad]);
    expect(old.status).toBe(2);
    expect(old.stderr).toMatch(/version 1\b.*start the run again/);
  });
});
