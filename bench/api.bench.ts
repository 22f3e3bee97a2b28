/**
 * The asynchronous API's throughput: a sweep of small-particle simulations
 * (distinct seeds) through `simulate()` with a worker pool of 1 and of 2,
 * reported as jobs per minute and the 2-worker speed-up, plus the wasm core
 * instantiation time of a fresh worker relative to a run.
 */
import { availableParallelism } from "node:os";
import { configurePool, shutdownPool, simulate } from "../src/index.node.js";
import { machineLine } from "./lib/results.js";

const job = (seed: number) => ({
  geometry: { grains: 20, seed, meshSizeUm: 1.0, order: 2 as const },
  time: { stepsPerHour: 60 },
  outputs: { profilePoints: 21 },
});

async function sweep(workers: number, jobs: number): Promise<{ seconds: number; runS: number; coreS: number[] }> {
  await shutdownPool();
  configurePool({ size: workers });
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: jobs }, (_, k) => simulate(job(k + 1))));
  const seconds = (performance.now() - t0) / 1000;
  const runS = results.reduce((s, r) => s + r.summary.timingS.total, 0) / jobs;
  return { seconds, runS, coreS: results.map((r) => r.coreSetupS).filter((x) => x > 0) };
}

export async function runApiBench(opts: { jobs?: number } = {}): Promise<string> {
  const jobs = opts.jobs ?? 8;
  const one = await sweep(1, jobs);
  const two = await sweep(2, jobs);
  await shutdownPool();
  const perMin = (r: { seconds: number }) => (60 * jobs) / r.seconds;
  const core = [...one.coreS, ...two.coreS];
  const coreMean = core.reduce((a, b) => a + b, 0) / core.length;
  process.stderr.write(`api bench: 1 worker ${one.seconds.toFixed(1)} s, 2 workers ${two.seconds.toFixed(1)} s for ${jobs} jobs\n`);
  return [
    "## Library API: simulations per minute with 1 and 2 worker threads",
    "",
    `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
    `Date: ${new Date().toISOString()}  `,
    "Command: `npm run bench -- api`  ",
    `Sweep: ${jobs} jobs, each a 20-grain particle (seeds 1–${jobs}), P2, h = 1.0 µm, 60 steps/h, stress at SOC 0.5 and 1, figures not rendered (library call, no export).`,
    "",
    "| workers | wall (s) | jobs / minute | mean run (s, summary.timingS.total) | speed-up |",
    "|---|---|---|---|---|",
    `| 1 | ${one.seconds.toFixed(1)} | ${perMin(one).toFixed(1)} | ${one.runS.toFixed(2)} | 1.00× |`,
    `| 2 | ${two.seconds.toFixed(1)} | ${perMin(two).toFixed(1)} | ${two.runS.toFixed(2)} | **${(one.seconds / two.seconds).toFixed(2)}×** |`,
    "",
    `Wasm core instantiation in a fresh worker: ${(1000 * coreMean).toFixed(0)} ms mean over ${core.length} workers — ${((100 * coreMean) / one.runS).toFixed(1)} % of one run; later jobs on the same worker reuse it.`,
  ].join("\n");
}
