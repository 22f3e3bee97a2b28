// `grainfem sweep` and `grainfem worker`: the expansion of a sweep file
// (ids, validation with file:line), the statistics (Student-t intervals
// against textbook values), a local sweep end to end (tables equal the jobs'
// summaries; a rerun reuses every job), and the distributed path on a real
// redis-server: a worker killed mid-job, its job finished by another worker,
// results identical to the local run, and a resubmission that runs nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { expandSweep, configHash } from "../src/sweep/spec.js";
import { sampleStats } from "../src/sweep/statistics.js";

const dir = mkdtempSync(join(tmpdir(), "grainfem-sweep-"));
const cli = (args: string[]) => spawnSync(process.execPath, ["bin/grainfem.js", ...args], { encoding: "utf8" });
const write = (name: string, x: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof x === "string" ? x : `${JSON.stringify(x, null, 2)}\n`);
  return f;
};
// small and fast: P1, 6 grains (about a second per job)
const small = {
  geometry: { grains: 6, radiusUm: 3, meshSizeUm: 0.9, order: 1 },
  material: { diffusivityM2s: [5e-15, 5e-15, 5e-15] },
  outputs: { soc: [0.5, 1], profilePoints: 11, figures: false },
};
write("small.json", small);
const SWEEP = { name: "t", base: "small.json", seeds: [11, 12, 13], grid: { "cycling.reactiveFraction": [0.667, 1.0] } };

/** Parse our CSV (no quoted commas in these tables). */
function csv(text: string): Array<Record<string, string>> {
  const [head, ...rows] = text.trim().split("\n").map((l) => l.split(","));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

describe("sweep files", () => {
  it("expand to grid × seeds with content-hash ids that ignore key order", () => {
    const s = expandSweep({ seeds: { from: 5, count: 3 }, grid: { "cycling.cRate": [0.5, 1], "geometry.grains": [4, 8] }, base: small });
    expect(s.jobs).toHaveLength(12);
    expect(s.gridKeys).toEqual(["cycling.cRate", "geometry.grains"]);
    expect(new Set(s.jobs.map((j) => j.id)).size).toBe(12);
    const j = s.jobs.find((q) => q.seed === 6 && q.params["cycling.cRate"] === 1 && q.params["geometry.grains"] === 8)!;
    expect(j.config.geometry.seed).toBe(6);
    expect(j.config.cycling.reactiveSeed).toBe(6);
    expect(j.config.cycling.cRate).toBe(1);
    expect(j.config.geometry.meshSizeUm).toBe(0.9);
    // the same job written with other key orders gets the same id
    const again = expandSweep({ base: { outputs: small.outputs, material: small.material, geometry: small.geometry }, grid: { "geometry.grains": [8], "cycling.cRate": [1] }, seeds: [6] });
    expect(again.jobs[0].id.split("-")[1]).toBe(j.id.split("-")[1]);
    expect(configHash(again.jobs[0].config)).toBe(configHash(j.config));
  });

  it("reject bad sweeps naming the key and the line", () => {
    const cases: Array<[string, RegExp]> = [
      ['{\n  "grid": {\n    "cycling.cRate": [1, -2]\n  }\n}\n', /grid\.cycling\.cRate\[1\] \(.*bad1\.json:3\)/],
      ['{\n  "grid": {\n    "cycling.nope": [1]\n  }\n}\n', /grid\.cycling\.nope \(.*bad2\.json:3\): not a config key/],
      ['{\n  "seeds": [1, 2],\n  "grid": { "geometry.seed": [1] }\n}\n', /set by "seeds"/],
      ['{\n  "seeds": { "from": 1, "count": 0 }\n}\n', /seeds\.count \(.*bad4\.json:2\)/],
      ['{\n  "base": "missing.json"\n}\n', /base \(.*bad5\.json:2\): no such config file/],
      ['{\n  "grid": { "cycling.cRate": [1, 1] }\n}\n', /grid\.cycling\.cRate \(.*bad6\.json:2\).*duplicate/],
      ['{\n  "sedes": [1]\n}\n', /additional properties 'sedes'/],
      ['{ "seeds": [1,', /bad8\.json:1: invalid JSON/],
    ];
    cases.forEach(([text, re], i) => {
      const f = write(`bad${i + 1}.json`, text);
      const r = cli(["sweep", f, "--out", join(dir, `bad-out-${i}`)]);
      expect(r.status, `${text} → ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(re);
    });
    // a combination that only fails jointly is named as such
    const q = [1, 0, 0, 0];
    expect(() => expandSweep({ base: { geometry: { grains: 2 } }, grid: { "geometry.grains": [3], "material.orientations": [[q, q]] } })).toThrow(
      /the combination .*"geometry.grains":3.*orientations/,
    );
  });
});

describe("sweep statistics", () => {
  it("Student-t 95 % intervals match textbook t values", () => {
    // t(0.975, 3) = 3.182446; s = sqrt(5/3) for 1..4
    const s = sampleStats([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.ci95![1] - 2.5).toBeCloseTo((3.182446 * Math.sqrt(5 / 3)) / 2, 5);
    // t(0.975, 1) = 12.7062; n = 1 has no interval
    expect(sampleStats([0, 1]).ci95![1]).toBeCloseTo(0.5 + (12.7062 * Math.SQRT1_2) / Math.SQRT2, 3);
    expect(sampleStats([7]).ci95).toBeNull();
  });
});

describe("grainfem sweep (local pool)", () => {
  const out = join(dir, "local");
  it("runs every job, writes tables equal to the jobs' summaries, and reuses them on a rerun", () => {
    const file = write("sweep.json", SWEEP);
    const r = cli(["sweep", file, "--out", out, "--concurrency", "2"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/jobs: 6 \(6 run, 0 reused, 0 failed/);
    const rows = csv(readFileSync(join(out, "sweep.csv"), "utf8"));
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const s = JSON.parse(readFileSync(join(out, "jobs", row.id, "summary.json"), "utf8"));
      expect(s.config.geometry.seed).toBe(Number(row.seed));
      expect(s.config.cycling.reactiveFraction).toBe(Number(row["cycling.reactiveFraction"]));
      expect(Number(row["heterogeneity@soc50"])).toBeCloseTo(s.snapshots[0].heterogeneity, 7);
      expect(Number(row["vonMisesMaxMPa@soc100"])).toBeCloseTo(s.snapshots[1].vonMisesMPa.max, 4);
      expect(Number(row.massBalanceRelError)).toBeLessThan(1e-10);
    }
    // stats.csv: the mean over the three seeds of the ASSLB group, recomputed here
    const stats = csv(readFileSync(join(out, "stats.csv"), "utf8"));
    const h = stats.find((q) => q.metric === "heterogeneity" && q.soc === "0.5" && q["cycling.reactiveFraction"] === "0.667")!;
    const asslb = rows.filter((q) => q["cycling.reactiveFraction"] === "0.667").map((q) => Number(q["heterogeneity@soc50"]));
    expect(Number(h.n)).toBe(3);
    expect(Number(h.mean)).toBeCloseTo(asslb.reduce((a, b) => a + b) / 3, 7);
    expect(Number(h.ci95_low)).toBeLessThan(Number(h.mean));
    const report = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
    expect(report.counts).toEqual({ total: 6, done: 6, reused: 0, failed: 0, cancelled: 0 });
    const png = PNG.sync.read(readFileSync(join(out, "figures", "sweep.png")));
    expect(png.width).toBeGreaterThan(800);

    const table = readFileSync(join(out, "sweep.csv"), "utf8");
    const again = cli(["sweep", file, "--out", out, "--json", "--quiet"]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts).toEqual({ total: 6, done: 0, reused: 6, failed: 0, cancelled: 0 });
    expect(readFileSync(join(out, "sweep.csv"), "utf8")).toBe(table);
  });
});

// ---------------------------------------------------------------------------
// distributed: BullMQ on a real redis-server

const haveRedis = spawnSync("redis-server", ["--version"]).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A child process whose stderr is collected; `waitFor` resolves when a line matches. */
function start(args: string[]) {
  const p = spawn(process.execPath, ["bin/grainfem.js", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "", out = "";
  const waiters: Array<[RegExp, (m: RegExpMatchArray) => void]> = [];
  p.stdout!.on("data", (d) => (out += d));
  p.stderr!.on("data", (d) => {
    err += d;
    for (const w of [...waiters]) {
      const m = err.match(w[0]);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w[1](m);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => p.on("exit", (code) => resolve(code)));
  return {
    p,
    exited,
    stderr: () => err,
    stdout: () => out,
    waitFor: (re: RegExp, ms = 60_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const m = err.match(re);
        if (m) return resolve(m);
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr:\n${err}`)), ms);
        waiters.push([re, (x) => (clearTimeout(t), resolve(x))]);
      }),
  };
}

describe.skipIf(!haveRedis)("grainfem sweep --redis + grainfem worker (BullMQ on redis-server)", () => {
  let redis: ChildProcess;
  let url = "";
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      let log = "";
      const t = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
      redis.stdout!.on("data", (d) => {
        log += d;
        if (/Ready to accept connections/.test(log)) (clearTimeout(t), resolve());
      });
    });
  });
  afterAll(() => {
    for (const p of procs) p.kill("SIGKILL");
    redis?.kill("SIGTERM");
  });

  it("a worker killed mid-job: another worker completes it, once, with the local run's numbers; resubmission runs nothing", async () => {
    const file = write("sweep-redis.json", SWEEP);
    const out = join(dir, "redis");
    const a = start(["worker", "--redis", url, "--concurrency", "1", "--lock-s", "1.5"]);
    procs.push(a.p);
    await a.waitFor(/waiting for jobs/);
    const sub = start(["sweep", file, "--out", out, "--redis", url]);
    procs.push(sub.p);
    const [, killed] = await a.waitFor(/job (\S+) started/);
    a.p.kill("SIGKILL");
    await a.exited;
    expect(a.stderr()).not.toMatch(new RegExp(`${killed} done`));

    const b = start(["worker", "--redis", url, "--concurrency", "2", "--lock-s", "1.5"]);
    procs.push(b.p);
    expect(await sub.exited, sub.stderr()).toBe(0);
    await b.waitFor(new RegExp(`job ${killed} done`), 5_000);
    expect(sub.stderr()).toMatch(new RegExp(`${killed} retrying`));

    // every job completed exactly once across the two workers
    const completed = [...`${a.stderr()}${b.stderr()}`.matchAll(/job (\S+) done/g)].map((m) => m[1]);
    expect(completed.sort()).toEqual(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).jobs.map((j: { id: string }) => j.id).sort());
    const report = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
    expect(report.counts).toEqual({ total: 6, done: 6, reused: 0, failed: 0, cancelled: 0 });
    expect(report.jobs.find((j: { id: string }) => j.id === killed).attempts).toBe(2);

    // the numbers equal the local pool's run of the same sweep (deterministic jobs)
    const local = join(dir, "local", "sweep.csv"); // written by the local-pool test above
    expect(existsSync(local)).toBe(true);
    const strip = (t: string) => csv(t).map((r) => Object.entries(r).filter(([k]) => k !== "totalS"));
    expect(strip(readFileSync(join(out, "sweep.csv"), "utf8"))).toEqual(strip(readFileSync(local, "utf8")));

    // idempotent ids: resubmitting into a fresh folder with no worker left collects the stored results
    b.p.kill("SIGTERM");
    expect(await b.exited).toBe(0);
    const again = start(["sweep", file, "--out", join(dir, "redis-again"), "--redis", url, "--json", "--quiet"]);
    procs.push(again.p);
    expect(await again.exited, again.stderr()).toBe(0);
    const r2 = JSON.parse(again.stdout());
    expect(r2.counts.done).toBe(6);
    expect(r2.jobs.map((j: { worker: string }) => j.worker).sort()).toEqual(report.jobs.map((j: { worker: string }) => j.worker).sort());
  });
});
