/**
 * A sweep's output folder (Node):
 *
 *   jobs/<id>/summary.json   each finished job's summary (+ its VTU/CSV/figures when the sweep asks for files)
 *   sweep.csv                one row per finished job (tables.ts)
 *   stats.csv                mean, std, 95 % CI per grid point, metric and SOC
 *   sweep.json               the expansion, each job's state and error, the statistics, timings
 *   figures/sweep.svg|png    headline metrics against SOC per grid point (figure.ts)
 *
 * Every file is written atomically. A job's summary.json doubles as its
 * "done" marker: a rerun of the same sweep into the same folder reuses it
 * (when its config hash matches) instead of running the job again.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/files.js";
import { toJson } from "../io/json.js";
import { renderSvg, svgToPng } from "../figures/render-node.js";
import type { Summary } from "../solver/summary.js";
import { configHash, type Sweep, type SweepJob } from "./spec.js";
import { jobMetrics, sweepStatistics, type MetricsRow } from "./statistics.js";
import { jobsCsv, statsCsv } from "./tables.js";
import { sweepSpec } from "./figure.js";

export type SweepJobState = "done" | "reused" | "failed" | "cancelled";

/** What happened to one job. */
export interface SweepJobOutcome {
  id: string;
  state: SweepJobState;
  /** failures: error name and message */
  error: { name: string; message: string } | null;
  /** where it ran: "local" or the Redis worker's name */
  worker: string | null;
  /** attempts it took (Redis: retries after a crash or a failure count) */
  attempts: number;
}

/** The sweep's result (sweep.json). */
export interface SweepReport {
  version: 1;
  name: string;
  gridKeys: string[];
  backend: "local" | "redis";
  jobs: Array<{ id: string; seed: number | null; params: Record<string, unknown> } & SweepJobOutcome>;
  statistics: Array<{ params: Record<string, unknown>; metric: string; soc: number | null; n: number; mean: number; std: number | null; ci95: [number, number] | null }>;
  counts: { total: number; done: number; reused: number; failed: number; cancelled: number };
  /** wall time of this invocation (s) and jobs run per minute (reused jobs excluded) */
  wallS: number;
  jobsPerMinute: number;
}

/** Folder of one job inside the sweep folder. */
export const jobDir = (out: string, id: string) => join(out, "jobs", id);

/** The summary of a job finished by an earlier invocation (same config hash), or null. */
export function finishedSummary(out: string, job: SweepJob): Summary | null {
  const file = join(jobDir(out, job.id), "summary.json");
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as Summary;
    return configHash(s.config) === configHash(job.config) ? s : null;
  } catch {
    return null; // unreadable: run it again
  }
}

/**
 * Take over a job finished by an earlier invocation: record its summary and a
 * "reused" outcome. Returns false when the job has to run.
 */
export function reuseFinished(out: string, job: SweepJob, summaries: Map<string, Summary>, outcomes: Map<string, SweepJobOutcome>): boolean {
  const earlier = finishedSummary(out, job);
  if (!earlier) return false;
  summaries.set(job.id, earlier);
  outcomes.set(job.id, { id: job.id, state: "reused", error: null, worker: null, attempts: 0 });
  return true;
}

/** Write a finished job's summary into the sweep folder (atomically, last: its presence marks the job done). */
export function writeJobSummary(out: string, id: string, summary: Summary): void {
  writeFileAtomic(join(jobDir(out, id), "summary.json"), toJson(summary));
}

/**
 * Write the tables, sweep.json and the figure from the finished jobs.
 * @param summaries finished jobs' summaries by job id
 * @returns the report and the files written (relative to `out`)
 */
export async function writeSweepOutputs(out: string, sweep: Sweep, backend: "local" | "redis", summaries: Map<string, Summary>,
  outcomes: Map<string, SweepJobOutcome>, wallS: number): Promise<{ report: SweepReport; rows: MetricsRow[]; files: string[] }> {
  const rows: MetricsRow[] = [];
  for (const j of sweep.jobs) {
    const s = summaries.get(j.id);
    if (s) rows.push({ id: j.id, seed: j.seed, params: j.params, metrics: jobMetrics(s) });
  }
  const stats = sweepStatistics(rows, sweep.gridKeys);
  const counts = { total: sweep.jobs.length, done: 0, reused: 0, failed: 0, cancelled: 0 };
  const jobs = sweep.jobs.map((j) => {
    const o = outcomes.get(j.id) ?? { id: j.id, state: "cancelled" as const, error: null, worker: null, attempts: 0 };
    counts[o.state]++;
    return { seed: j.seed, params: j.params, ...o };
  });
  const report: SweepReport = {
    version: 1,
    name: sweep.name,
    gridKeys: sweep.gridKeys,
    backend,
    jobs,
    statistics: stats.map((r) => ({ params: r.params, metric: r.metric, soc: r.soc, ...r.stats })),
    counts,
    wallS,
    jobsPerMinute: wallS > 0 ? (counts.done / wallS) * 60 : 0,
  };
  const files = ["sweep.csv", "stats.csv"];
  writeFileAtomic(join(out, "sweep.csv"), jobsCsv(rows, sweep.gridKeys));
  writeFileAtomic(join(out, "stats.csv"), statsCsv(stats, sweep.gridKeys));
  if (rows.length) {
    const svg = await renderSvg(sweepSpec(`sweep ${sweep.name}`, rows, stats, sweep.gridKeys));
    writeFileAtomic(join(out, "figures", "sweep.svg"), svg);
    writeFileAtomic(join(out, "figures", "sweep.png"), svgToPng(svg));
    files.push("figures/sweep.svg", "figures/sweep.png");
  }
  writeFileAtomic(join(out, "sweep.json"), toJson(report));
  files.push("sweep.json");
  return { report, rows, files };
}
