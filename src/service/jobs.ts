/**
 * Jobs of the HTTP service (`grainfem serve`): a bounded FIFO queue in front
 * of the worker pool of api/simulate-node.ts. Each job runs `simulate` (or
 * `compare`) and writes its results into <resultsDir>/<id>/ exactly as
 * `grainfem run`/`compare` would (summary.json last). Finished jobs beyond
 * the retention limit are deleted oldest first, folder and all.
 *
 * States: queued → running → done | failed | cancelled (a queued job can go
 * straight to cancelled).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { resolveConfig } from "../config/resolve.js";
import type { ConfigInput, GrainfemConfig } from "../config/types.js";
import { compare, configurePool, simulate } from "../api/simulate-node.js";
import type { Progress } from "../solver/simulate.js";
import { runLabel } from "../io/names.js";
import { prepareOutputDir, writeComparisonResult, writeRunResult } from "../io/export.js";

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

export interface Job {
  id: string;
  kind: "run" | "compare";
  state: JobState;
  config: GrainfemConfig;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: Progress | null;
  /** failure: error name and message (NumericalError: phase, step, value in the message) */
  error: { name: string; message: string } | null;
  /** result files, relative to the job folder (done jobs) */
  files: string[];
  warnings: string[];
}

export interface JobManagerOptions {
  resultsDir: string;
  /** jobs running at once (= worker-pool size) */
  concurrency: number;
  /** queued (not yet running) jobs accepted before submissions are refused */
  maxQueued: number;
  /** finished jobs kept (their folders too) */
  retain: number;
  /** a running job taking longer than this (s) is stopped and fails with "time limit"; default none */
  maxJobSeconds?: number;
}

/** Submission refused because the queue is full (HTTP 429). */
export class QueueFullError extends Error {
  constructor(readonly retryAfterS: number) {
    super("the job queue is full");
    this.name = "QueueFullError";
  }
}

/** Why a job was stopped by the service's time limit (the abort reason). */
class JobTimeLimitError extends Error {
  constructor(seconds: number) {
    super(`stopped after the service's job time limit of ${seconds} s (grainfem serve --max-job-s)`);
    this.name = "AbortError"; // rejects like an abort; told apart by its class
  }
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: string[] = [];
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private accepting = true;
  /** seconds of recent finished jobs, for Retry-After */
  private recentSeconds: number[] = [];
  /** order in which jobs finished (retention drops the lowest first; timestamps can tie) */
  private readonly finishOrder = new Map<string, number>();
  private finishCount = 0;

  constructor(readonly opts: JobManagerOptions) {
    mkdirSync(opts.resultsDir, { recursive: true });
    configurePool({ size: opts.concurrency });
  }

  /** Validate (throws InputError) and enqueue a job; QueueFullError when full, Error when shutting down. */
  submit(kind: "run" | "compare", input: ConfigInput): Job {
    if (!this.accepting) throw new Error("the service is shutting down");
    const config = resolveConfig(input);
    if (this.queue.length >= this.opts.maxQueued) throw new QueueFullError(this.retryAfter());
    const job: Job = {
      id: randomUUID(), kind, state: "queued", config, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null,
      progress: null, error: null, files: [], warnings: [],
    };
    this.jobs.set(job.id, job);
    this.queue.push(job.id);
    this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Folder of a job's results. */
  dir(id: string): string {
    return join(this.opts.resultsDir, id);
  }

  counts(): { queued: number; running: number; finished: number } {
    let running = 0, finished = 0;
    for (const j of this.jobs.values()) {
      if (j.state === "running") running++;
      else if (j.state !== "queued") finished++;
    }
    return { queued: this.queue.length, running, finished };
  }

  /** Cancel a queued or running job; returns false when it had already finished. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || (job.state !== "queued" && job.state !== "running")) return false;
    if (job.state === "queued") {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.finish(job, "cancelled");
      return true;
    }
    this.controllers.get(id)?.abort();
    return true;
  }

  /**
   * Stop accepting jobs, drop the queued ones (cancelled), let running jobs
   * finish for up to `graceMs`, then cancel what is left.
   */
  async shutdown(graceMs = 30_000): Promise<void> {
    this.accepting = false;
    for (const id of this.queue.splice(0)) this.finish(this.jobs.get(id)!, "cancelled");
    const all = Promise.all([...this.running]);
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
    if ((await Promise.race([all.then(() => "done" as const), timer])) === "timeout") {
      for (const c of this.controllers.values()) c.abort();
      await all;
    }
  }

  private retryAfter(): number {
    const avg = this.recentSeconds.length ? this.recentSeconds.reduce((a, b) => a + b, 0) / this.recentSeconds.length : 30;
    return Math.max(1, Math.ceil((avg * (this.queue.length + 1)) / this.opts.concurrency));
  }

  private pump(): void {
    while (this.controllers.size < this.opts.concurrency && this.queue.length) {
      const job = this.jobs.get(this.queue.shift()!)!;
      const task = this.execute(job).finally(() => this.running.delete(task));
      this.running.add(task);
    }
  }

  private async execute(job: Job): Promise<void> {
    const ac = new AbortController();
    this.controllers.set(job.id, ac);
    // the time limit aborts like a cancel, with a reason that tells them apart
    const limit = this.opts.maxJobSeconds;
    const timer = limit ? setTimeout(() => ac.abort(new JobTimeLimitError(limit)), limit * 1000) : null;
    job.state = "running";
    job.startedAt = new Date().toISOString();
    const t0 = performance.now();
    const dir = this.dir(job.id);
    const options = {
      signal: ac.signal,
      onProgress: (p: Progress) => void (job.progress = p),
      onWarning: (m: string) => void (job.warnings.length < 20 && job.warnings.push(m)),
    };
    try {
      if (job.kind === "run") {
        prepareOutputDir(dir);
        job.files = await writeRunResult(dir, await simulate(job.config, options), job.config, runLabel(job.config));
      } else {
        prepareOutputDir(dir, ["asslb", "lelb"]);
        job.files = await writeComparisonResult(dir, await compare(job.config, options), job.config);
      }
      this.finish(job, "done");
      this.recentSeconds = [...this.recentSeconds.slice(-9), (performance.now() - t0) / 1000];
    } catch (e) {
      const err = e as Error;
      if (ac.signal.reason instanceof JobTimeLimitError) {
        job.error = { name: "TimeLimit", message: ac.signal.reason.message };
        this.finish(job, "failed");
      } else if (err?.name === "AbortError") this.finish(job, "cancelled");
      else {
        job.error = { name: err?.name ?? "Error", message: err?.message ?? String(e) };
        this.finish(job, "failed");
      }
      rmSync(join(dir, "summary.json"), { force: true });
    } finally {
      if (timer) clearTimeout(timer);
      this.controllers.delete(job.id);
      this.pump();
    }
  }

  private finish(job: Job, state: JobState): void {
    job.state = state;
    job.finishedAt = new Date().toISOString();
    this.finishOrder.set(job.id, ++this.finishCount);
    this.enforceRetention();
  }

  /** Delete the oldest finished jobs (and folders) beyond the retention limit. */
  private enforceRetention(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== "queued" && j.state !== "running");
    const excess = finished.length - this.opts.retain;
    if (excess <= 0) return;
    finished.sort((a, b) => this.finishOrder.get(a.id)! - this.finishOrder.get(b.id)!);
    for (const j of finished.slice(0, excess)) {
      this.jobs.delete(j.id);
      this.finishOrder.delete(j.id);
      rmSync(this.dir(j.id), { recursive: true, force: true });
    }
  }
}
