/**
 * Sweep throughput: a small-particle sweep (distinct seeds) run as
 * `grainfem sweep` does — on the local worker pool with 1 and with 2 worker
 * threads, and, when redis-server is installed, on a BullMQ queue served by
 * two `grainfem worker` processes (one job each at a time) — reported as jobs
 * per minute and speed-up over 1 local worker, plus the wasm core
 * instantiation time of a fresh worker relative to a run.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { configurePool, shutdownPool, simulate } from "../src/index.node.js";
import { expandSweep, type Sweep } from "../src/sweep/spec.js";
import { runSweepLocal, type SweepRunResult } from "../src/sweep/run-local.js";
import { runSweepRedis } from "../src/sweep/redis.js";
import { machineLine } from "./lib/results.js";

const BASE = {
  geometry: { grains: 20, meshSizeUm: 1.0, order: 2 },
  time: { stepsPerHour: 60 },
  outputs: { profilePoints: 21, figures: false },
};

interface Timed { seconds: number }

/** Run `sweep` through `runner` into a scratch folder; its wall time (all jobs must finish). */
async function timedSweep(sweep: Sweep, what: string, runner: (out: string) => Promise<SweepRunResult>): Promise<Timed> {
  const out = mkdtempSync(join(tmpdir(), "gf-bench-sweep-"));
  const t0 = performance.now();
  const { report } = await runner(out);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (report.counts.done !== sweep.jobs.length) throw new Error(`${what} sweep: ${JSON.stringify(report.counts)}`);
  return { seconds };
}

async function localSweep(sweep: Sweep, workers: number): Promise<Timed> {
  await shutdownPool();
  return timedSweep(sweep, "local", (out) => runSweepLocal(sweep, { out, concurrency: workers }));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The sweep on a fresh redis-server with two worker processes; null when redis-server is absent. */
async function redisSweep(sweep: Sweep, workers: number): Promise<Timed | null> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const procs: ChildProcess[] = [];
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] });
  procs.push(redis);
  try {
    await new Promise<void>((resolve) => redis.stdout!.on("data", (d) => /Ready to accept/.test(String(d)) && resolve()));
    const ready = Array.from({ length: workers }, () => {
      const w = spawn(process.execPath, ["bin/grainfem.js", "worker", "--redis", url, "--concurrency", "1"], { stdio: ["ignore", "ignore", "pipe"] });
      procs.push(w);
      return new Promise<void>((resolve) => w.stderr!.on("data", (d) => /waiting for jobs/.test(String(d)) && resolve()));
    });
    await Promise.all(ready);
    return await timedSweep(sweep, "redis", (out) => runSweepRedis(sweep, { out, redis: url }));
  } finally {
    for (const p of procs.reverse()) p.kill("SIGKILL");
  }
}

export async function runApiBench(opts: { jobs?: number } = {}): Promise<string> {
  const jobs = opts.jobs ?? 8;
  const sweep = expandSweep({ name: "bench", base: BASE, seeds: { from: 1, count: jobs } });
  const one = await localSweep(sweep, 1);
  const two = await localSweep(sweep, 2);
  const dist = await redisSweep(sweep, 2);
  // one run's own time and a fresh worker's core instantiation (pool of 1, new worker)
  await shutdownPool();
  configurePool({ size: 1 });
  const probe = await simulate(sweep.jobs[0].config);
  await shutdownPool();
  const runS = probe.summary.timingS.total;
  const perMin = (r: Timed) => (60 * jobs) / r.seconds;
  process.stderr.write(`api bench: 1 worker ${one.seconds.toFixed(1)} s, 2 workers ${two.seconds.toFixed(1)} s${dist ? `, redis 2 workers ${dist.seconds.toFixed(1)} s` : ""} for ${jobs} jobs\n`);
  const row = (name: string, r: Timed) => `| ${name} | ${r.seconds.toFixed(1)} | ${perMin(r).toFixed(1)} | ${(one.seconds / r.seconds).toFixed(2)}× |`;
  return [
    "## Sweeps: jobs per minute on 1 and 2 workers (local pool and BullMQ/Redis)",
    "",
    `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
    `Date: ${new Date().toISOString()}  `,
    "Command: `npm run bench -- api`  ",
    `Sweep: ${jobs} jobs, each a 20-grain particle (seeds 1–${jobs}), P2, h = 1.0 µm, 60 steps/h, stress at SOC 0.5 and 1, summaries only (no VTU/figures), as \`grainfem sweep\` runs them.`,
    "",
    "| workers | wall (s) | jobs / minute | speed-up |",
    "|---|---|---|---|",
    row("1 worker thread (local pool)", one),
    row("2 worker threads (local pool)", two),
    dist ? row("2 `grainfem worker` processes on redis-server (BullMQ)", dist) : "| BullMQ/Redis | skipped: redis-server not installed | | |",
    "",
    `One job alone: ${runS.toFixed(2)} s (summary.timingS.total); wasm core instantiation in a fresh worker: ${(1000 * probe.coreSetupS).toFixed(0)} ms — ${((100 * probe.coreSetupS) / runS).toFixed(1)} % of one run; later jobs on the same worker reuse it.`,
  ].join("\n");
}
