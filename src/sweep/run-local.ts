/**
 * Running a sweep on this machine's worker pool (no server): every job goes
 * to `simulate` at once and the pool (api/simulate-node.ts) runs as many as
 * it has workers. Jobs finished by an earlier invocation into the same folder
 * are reused, so an interrupted sweep continues where it stopped. A failed
 * job (e.g. a numerical failure in one microstructure) is recorded and the
 * others go on; the tables are written from the jobs that finished.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { configurePool } from "../api/simulate-node.js";
import type { Summary } from "../solver/summary.js";
import type { Sweep } from "./spec.js";
import { jobDir, reuseFinished, writeJobSummary, writeSweepOutputs, type SweepJobOutcome, type SweepReport } from "./outputs.js";
import { runSweepJob } from "./run-job.js";
import type { MetricsRow } from "./statistics.js";

/** Progress of a sweep, one event per job state change. */
export interface SweepEvent {
  id: string;
  state: "started" | "done" | "reused" | "failed" | "retrying";
  /** jobs finished (done, reused or failed) so far, and in all */
  finished: number;
  total: number;
  message?: string;
}

export interface SweepRunOptions {
  /** output folder */
  out: string;
  /** worker threads (default: the pool's size, = CPU count) */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (e: SweepEvent) => void;
}

export interface SweepRunResult {
  report: SweepReport;
  /** finished jobs' metrics, in job order (the rows of sweep.csv) */
  rows: MetricsRow[];
  files: string[];
}

/** Run a sweep locally and write its folder (outputs.ts). */
export async function runSweepLocal(sweep: Sweep, o: SweepRunOptions): Promise<SweepRunResult> {
  const t0 = performance.now();
  if (o.concurrency !== undefined) configurePool({ size: o.concurrency });
  mkdirSync(join(o.out, "jobs"), { recursive: true });
  const summaries = new Map<string, Summary>();
  const outcomes = new Map<string, SweepJobOutcome>();
  const total = sweep.jobs.length;
  const event = (id: string, state: SweepEvent["state"], message?: string) => o.onEvent?.({ id, state, finished: outcomes.size, total, message });

  const pending = [];
  for (const job of sweep.jobs) {
    if (reuseFinished(o.out, job, summaries, outcomes)) {
      event(job.id, "reused");
      continue;
    }
    let started = false;
    pending.push(
      runSweepJob(job.config, {
        dir: sweep.files ? jobDir(o.out, job.id) : null,
        signal: o.signal,
        onProgress: () => {
          if (!started) event(job.id, "started");
          started = true;
        },
      }).then(
        ({ summary }) => {
          if (!sweep.files) writeJobSummary(o.out, job.id, summary);
          summaries.set(job.id, summary);
          outcomes.set(job.id, { id: job.id, state: "done", error: null, worker: "local", attempts: 1 });
          event(job.id, "done");
        },
        (e: Error) => {
          if (e.name === "AbortError") return; // left out of outcomes: reported as cancelled
          outcomes.set(job.id, { id: job.id, state: "failed", error: { name: e.name, message: e.message }, worker: "local", attempts: 1 });
          event(job.id, "failed", e.message);
        },
      ),
    );
  }
  await Promise.all(pending);
  const wallS = (performance.now() - t0) / 1000;
  return writeSweepOutputs(o.out, sweep, "local", summaries, outcomes, wallS);
}
