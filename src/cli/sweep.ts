/**
 * `grainfem sweep SWEEP.json --out DIR [--redis URL]` and
 * `grainfem worker --redis URL`: parameter/microstructure sweeps on the local
 * worker pool, or on a BullMQ queue served by workers on any number of
 * machines (sweep/). One line per job event on stderr; the statistics table
 * (or, with --json, sweep.json) on stdout. Exit code 1 when a job failed
 * (the tables still hold every job that finished), 130 after Ctrl-C.
 */
import { loadSweepFile } from "../sweep/spec.js";
import { runSweepLocal, type SweepEvent, type SweepRunResult } from "../sweep/run-local.js";
import { runSweepRedis, startRedisWorker } from "../sweep/redis.js";
import { socLabel } from "../figures/charts.js";
import { groupLabel } from "../sweep/figure.js";
import { toJson } from "../io/json.js";
import { prepareOutputDir } from "../io/export.js";
import { shutdownPool } from "../api/simulate-node.js";
import type { SweepReport } from "../sweep/outputs.js";

export interface SweepCommandOptions {
  out: string;
  redis?: string;
  queue?: string;
  concurrency?: number;
  json?: boolean;
  quiet?: boolean;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/** The headline statistics: per grid point and SOC, heterogeneity and mean/max von Mises as mean ± CI half-width. */
export function formatSweepTable(r: SweepReport): string {
  const head = ["group", "SOC", "n", "heterogeneity", "vM mean MPa", "vM max MPa"];
  const rows: string[][] = [];
  const cell = (metric: string, params: Record<string, unknown>, soc: number) => {
    const s = r.statistics.find((q) => q.metric === metric && q.soc === soc && JSON.stringify(q.params) === JSON.stringify(params));
    if (!s) return "-";
    return s.ci95 ? `${fmt(s.mean)} ± ${fmt((s.ci95[1] - s.ci95[0]) / 2)}` : fmt(s.mean);
  };
  const seen = new Set<string>();
  for (const s of r.statistics) {
    if (s.soc === null || s.metric !== "heterogeneity") continue;
    const key = `${JSON.stringify(s.params)}@${s.soc}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push([groupLabel(s.params, r.gridKeys), socLabel(s.soc), String(s.n), cell("heterogeneity", s.params, s.soc), cell("vonMisesMeanMPa", s.params, s.soc), cell("vonMisesMaxMPa", s.params, s.soc)]);
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
  const line = (x: string[]) => x.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  const c = r.counts;
  return [
    line(head),
    w.map((n) => "-".repeat(n)).join("  "),
    ...rows.map(line),
    "",
    `jobs: ${c.total} (${c.done} run, ${c.reused} reused, ${c.failed} failed, ${c.cancelled} cancelled) in ${r.wallS.toFixed(1)} s` +
      (c.done ? `, ${r.jobsPerMinute.toFixed(1)} jobs/min` : "") +
      "; ± is the 95 % confidence interval of the mean across seeds",
  ].join("\n");
}

/** `grainfem sweep SWEEP.json --out DIR` */
export async function sweepCommand(file: string, o: SweepCommandOptions): Promise<SweepRunResult> {
  const sweep = loadSweepFile(file);
  prepareOutputDir(o.out); // the sweep's own files are rewritten; jobs/ is kept for reuse
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write("grainfem sweep: interrupted; writing the tables of the finished jobs\n");
    controller.abort();
  };
  process.once("SIGINT", onSignal);
  const log = (e: SweepEvent) => {
    if (o.quiet && e.state !== "failed") return;
    const what = e.state === "failed" || e.state === "retrying" ? `${e.state}: ${e.message}` : e.state;
    process.stderr.write(`grainfem sweep: [${e.finished}/${e.total}] ${e.id} ${what}\n`);
  };
  if (!o.quiet) {
    process.stderr.write(`grainfem sweep: ${sweep.jobs.length} jobs (${sweep.name}) on ${o.redis ? `the Redis queue at ${o.redis}` : "the local worker pool"}\n`);
  }
  let result: SweepRunResult;
  try {
    result = o.redis
      ? await runSweepRedis(sweep, { out: o.out, redis: o.redis, queue: o.queue, signal: controller.signal, onEvent: log })
      : await runSweepLocal(sweep, { out: o.out, concurrency: o.concurrency, signal: controller.signal, onEvent: log });
  } finally {
    process.off("SIGINT", onSignal);
    await shutdownPool();
  }
  process.stdout.write(o.json ? toJson(result.report) : `${formatSweepTable(result.report)}\n`);
  if (!o.quiet) process.stderr.write(`grainfem sweep: wrote ${result.files.join(", ")} and jobs/ in ${o.out}\n`);
  if (controller.signal.aborted) process.exitCode = 130;
  else if (result.report.counts.failed > 0) process.exitCode = 1;
  return result;
}

export interface WorkerCommandOptions {
  redis: string;
  queue?: string;
  concurrency?: number;
  files?: string;
  lockS: number;
  grace: number;
}

/** `grainfem worker --redis URL`: process sweep jobs until SIGINT/SIGTERM. */
export async function workerCommand(o: WorkerCommandOptions): Promise<void> {
  const worker = await startRedisWorker({
    redis: o.redis,
    queue: o.queue,
    concurrency: o.concurrency,
    filesDir: o.files ?? null,
    lockS: o.lockS,
    onEvent: (e) => {
      const tail = e.state === "done" ? ` in ${e.seconds!.toFixed(1)} s` : e.state === "failed" ? `: ${e.message}` : "";
      process.stderr.write(`grainfem worker: job ${e.id} ${e.state}${tail}\n`);
    },
    onError: (e) => process.stderr.write(`grainfem worker: queue error: ${e.message}\n`),
  });
  process.stderr.write(`grainfem worker: ${worker.name} waiting for jobs on ${o.redis}\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      process.stderr.write(`grainfem worker: ${sig}, finishing running jobs (up to ${o.grace} s; the rest go back to the queue)\n`);
      const timer = setTimeout(() => void worker.close(true).then(resolve), o.grace * 1000);
      void worker.close().then(() => {
        clearTimeout(timer);
        resolve();
      });
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  await shutdownPool();
}
