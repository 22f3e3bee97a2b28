/**
 * Sweeps across machines on a BullMQ queue in Redis.
 *
 * - The submitter (`grainfem sweep --redis URL`) adds one queue job per sweep
 *   job, with the sweep job's content-hash id as the BullMQ job id: adding an
 *   id that exists is a no-op, so resubmitting a sweep never duplicates work
 *   and a job completed earlier is collected, not rerun. A job that failed
 *   earlier is retried once more on resubmission.
 * - Workers (`grainfem worker --redis URL`, any number, on any machine) take
 *   jobs, run them in their worker-thread pool and return the summary as the
 *   job's result (stored in Redis; a summary is tens of kB). With `--files
 *   DIR` (a shared folder) a worker also writes each job's VTU/CSV/figures
 *   under DIR/<job id>/ when the sweep asks for files.
 * - Crashes: a worker holds a lock on each job it runs and renews it from its
 *   main thread (the simulation runs in a worker thread, so renewal is never
 *   starved). When a worker dies its locks expire after `lockS` seconds;
 *   another worker's stalled-job check moves the job back to the queue and it
 *   runs again from the start. Only the lock holder can complete a job, so a
 *   job is completed once. Input and numerical errors are deterministic and
 *   are not retried (UnrecoverableError); other failures (e.g. out of memory)
 *   are retried up to `attempts` times with backoff.
 */
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job, type JobsOptions } from "bullmq";
import { configurePool } from "../api/simulate-node.js";
import type { GrainfemConfig } from "../config/types.js";
import { InputError } from "../errors.js";
import type { Summary } from "../solver/summary.js";
import type { Sweep } from "./spec.js";
import { reuseFinished, writeJobSummary, writeSweepOutputs, type SweepJobOutcome } from "./outputs.js";
import { runSweepJob } from "./run-job.js";
import type { SweepEvent, SweepRunResult } from "./run-local.js";

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE = "grainfem";

/** Data of a queue job. */
export interface QueueJobData {
  sweep: string;
  config: GrainfemConfig;
  /** write VTU/CSV/figures (to the worker's --files folder) */
  files: boolean;
}

/** Result of a queue job (stored in Redis). */
export interface QueueJobResult {
  summary: Summary;
  /** "<host>:<pid>" of the worker that completed it */
  worker: string;
  /** files written under the worker's --files folder, relative to it */
  files: string[];
}

/** Retries of a failing job (crashes are counted separately, by maxStalledCount). */
const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/** BullMQ connection options from a redis:// URL (ioredis; commands wait while reconnecting). */
export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError("--redis", `not a URL: "${url}" (expected redis://host:port)`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new InputError("--redis", `expected a redis:// or rediss:// URL (got "${url}")`);
  return { url, maxRetriesPerRequest: null };
}

export interface RedisSweepOptions {
  out: string;
  redis: string;
  queue?: string;
  signal?: AbortSignal;
  onEvent?: (e: SweepEvent) => void;
}

/**
 * Submit a sweep to the queue and wait for every job; writes the sweep folder
 * like runSweepLocal (each job's summary under jobs/<id>/).
 */
export async function runSweepRedis(sweep: Sweep, o: RedisSweepOptions): Promise<SweepRunResult> {
  const t0 = performance.now();
  const connection = redisConnection(o.redis);
  const name = o.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<QueueJobData, QueueJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  const summaries = new Map<string, Summary>();
  const outcomes = new Map<string, SweepJobOutcome>();
  const total = sweep.jobs.length;
  const event = (id: string, state: SweepEvent["state"], message?: string) => o.onEvent?.({ id, state, finished: outcomes.size, total, message });
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const started = new Set<string>();
    const ours = new Set(sweep.jobs.map((j) => j.id));
    events.on("active", ({ jobId }) => {
      if (!started.has(jobId) && ours.has(jobId)) {
        started.add(jobId);
        event(jobId, "started");
      }
    });
    events.on("stalled", ({ jobId }) => ours.has(jobId) && event(jobId, "retrying", "its worker stopped responding; the job goes back to the queue"));

    const waits: Array<Promise<void>> = [];
    for (const job of sweep.jobs) {
      if (reuseFinished(o.out, job, summaries, outcomes)) {
        event(job.id, "reused");
        continue;
      }
      const existing = await queue.getJob(job.id);
      if (existing && (await existing.getState()) === "failed") await existing.retry("failed");
      const qjob = existing ?? (await queue.add("simulate", { sweep: sweep.name, config: job.config, files: sweep.files }, { ...JOB_OPTIONS, jobId: job.id }));
      waits.push(
        qjob.waitUntilFinished(events).then(
          async () => {
            // the stored result (waitUntilFinished's value can come from a stream message)
            const done = (await queue.getJob(job.id)) as Job<QueueJobData, QueueJobResult>;
            const r = done.returnvalue;
            writeJobSummary(o.out, job.id, r.summary);
            summaries.set(job.id, r.summary);
            outcomes.set(job.id, { id: job.id, state: "done", error: null, worker: r.worker, attempts: done.attemptsStarted });
            event(job.id, "done");
          },
          async (e: Error) => {
            const failed = await queue.getJob(job.id);
            const message = failed?.failedReason || e.message;
            outcomes.set(job.id, { id: job.id, state: "failed", error: { name: "JobFailed", message }, worker: null, attempts: failed?.attemptsMade ?? 0 });
            event(job.id, "failed", message);
          },
        ),
      );
    }
    const aborted = new Promise<void>((resolve) => o.signal?.addEventListener("abort", () => resolve(), { once: true }));
    await Promise.race([Promise.all(waits), aborted]);
  } finally {
    await events.close();
    await queue.close();
  }
  const wallS = (performance.now() - t0) / 1000;
  return writeSweepOutputs(o.out, sweep, "redis", summaries, outcomes, wallS);
}

export interface RedisWorkerOptions {
  redis: string;
  queue?: string;
  /** jobs at once (= worker threads); default: CPU count */
  concurrency?: number;
  /** shared folder for job files (jobs whose sweep asks for files); null: summaries only */
  filesDir?: string | null;
  /** job lock duration (s): how long after a crash its jobs are picked up again */
  lockS?: number;
  /** how many times a job may be recovered from a crashed worker before it fails */
  maxStalled?: number;
  onEvent?: (e: { id: string; state: "started" | "done" | "failed"; message?: string; seconds?: number }) => void;
  /** queue/connection errors (the worker keeps going and reconnects) */
  onError?: (e: Error) => void;
}

/** A running queue worker. */
export interface RedisWorker {
  /** "<host>:<pid>" */
  name: string;
  /** finish the running jobs (or, with force, abandon them to another worker), then disconnect */
  close(force?: boolean): Promise<void>;
}

/** Start processing sweep jobs from the queue. */
export async function startRedisWorker(o: RedisWorkerOptions): Promise<RedisWorker> {
  const connection = redisConnection(o.redis);
  const name = `${hostname()}:${process.pid}`;
  // jobs at once = worker threads; by default the pool's size (CPU count)
  const concurrency = o.concurrency ?? Math.max(1, availableParallelism());
  configurePool({ size: concurrency });
  const lockMs = Math.round((o.lockS ?? 30) * 1000);
  const worker = new Worker<QueueJobData, QueueJobResult>(
    o.queue ?? DEFAULT_QUEUE,
    async (job, _token, signal) => {
      const t0 = performance.now();
      o.onEvent?.({ id: job.id!, state: "started" });
      let lastProgress = 0;
      try {
        const dir = job.data.files && o.filesDir ? join(o.filesDir, job.id!) : null;
        const { summary, files } = await runSweepJob(job.data.config, {
          dir,
          signal,
          onProgress: (p) => {
            const now = performance.now();
            if (now - lastProgress > 1000) {
              lastProgress = now;
              void job.updateProgress({ ...p }).catch(() => {});
            }
          },
        });
        o.onEvent?.({ id: job.id!, state: "done", seconds: (performance.now() - t0) / 1000 });
        return { summary, worker: name, files };
      } catch (e) {
        const err = e as Error;
        o.onEvent?.({ id: job.id!, state: "failed", message: err.message });
        // bad input and numerical failure repeat on every attempt: fail at once
        if (err.name === "InputError" || err.name === "NumericalError") throw new UnrecoverableError(`${err.name}: ${err.message}`);
        throw err;
      }
    },
    {
      connection,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.round(lockMs / 2)),
      maxStalledCount: o.maxStalled ?? 3,
      name,
    },
  );
  // connection losses land here while ioredis reconnects; without a listener they would crash the process
  worker.on("error", (e) => o.onError?.(e));
  await worker.waitUntilReady();
  return {
    name,
    close: (force = false) => worker.close(force),
  };
}
