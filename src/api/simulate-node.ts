/**
 * The library's asynchronous API in Node (SPEC §3.4): `simulate(config,
 * { signal, onProgress })` and `compare(...)` run in worker threads from a
 * small pool, so the caller's event loop is never blocked, several runs can
 * go at once (each worker has its own wasm core — no shared state), and an
 * AbortSignal cancels promptly: the worker running the job is terminated
 * (its memory goes with it) and replaced on demand; the promise rejects with
 * a DOMException named "AbortError", as fetch does. Results arrive with their
 * typed arrays transferred from the worker, not copied.
 *
 * The pool (default size: the number of CPUs) is created on first use;
 * `configurePool({ size })` changes it, `shutdownPool()` ends it (idle
 * workers are unref'd, so they never keep a process alive).
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { ConfigInput, GrainfemConfig } from "../config/types.js";
import type { Progress } from "../solver/simulate.js";
import { InputError } from "../errors.js";
import type { CompareResult, SimulateOptions, SimulateResult } from "./types.js";
import { abortError, rebuildError, type WorkerJob } from "./worker-job.js";

export type { SimulateOptions, SimulateResult, CompareResult } from "./types.js";

/** The compiled worker entry (next to this module in dist/, or dist/ when running from the sources). */
function workerUrl(): URL {
  const here = new URL("./simulate-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL("../../dist/api/simulate-worker.js", import.meta.url);
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

class WorkerPool {
  private slots: Slot[] = [];
  private waiting: Array<(s: Slot) => void> = [];

  constructor(public size: number) {}

  private spawn(): Slot {
    const worker = new Worker(workerUrl());
    worker.unref();
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  /** A free worker (waits when all `size` are busy). */
  acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.slots.length < this.size) {
      const s = this.spawn();
      s.busy = true;
      return Promise.resolve(s);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Terminate a worker (after an abort or a crash) and hand its place to a fresh one when needed. */
  discard(slot: Slot): void {
    void slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    const next = this.waiting.shift();
    if (next) {
      const s = this.spawn();
      s.busy = true;
      next(s);
    }
  }

  async shutdown(): Promise<void> {
    const all = this.slots;
    this.slots = [];
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}

let pool: WorkerPool | null = null;

function getPool(): WorkerPool {
  pool ??= new WorkerPool(Math.max(1, availableParallelism()));
  return pool;
}

/** Set the worker-pool size (default: the number of CPUs). Running jobs are not affected. */
export function configurePool(options: { size: number }): void {
  if (!(Number.isInteger(options.size) && options.size >= 1)) throw new InputError("size", `must be an integer ≥ 1 (got ${options.size})`);
  getPool().size = options.size;
}

/** Terminate all pool workers (running jobs reject). */
export async function shutdownPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.shutdown();
}

async function runJob<T>(job: WorkerJob, opts: SimulateOptions): Promise<T> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const p = getPool();
  const slot = await p.acquire();
  if (signal?.aborted) {
    p.release(slot);
    throw abortError(signal);
  }
  return new Promise<T>((resolve, reject) => {
    const w = slot.worker;
    w.ref(); // keep the process alive while a job runs
    const done = (release: "release" | "discard") => {
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      signal?.removeEventListener("abort", onAbort);
      w.unref();
      if (release === "release") p.release(slot);
      else p.discard(slot);
    };
    const onMessage = (m: { type: string; progress?: Progress; message?: string; result?: T; error?: Parameters<typeof rebuildError>[0] }) => {
      if (m.type === "progress") opts.onProgress?.(m.progress!);
      else if (m.type === "warning") opts.onWarning?.(m.message!);
      else if (m.type === "done") {
        done("release");
        resolve(m.result!);
      } else if (m.type === "error") {
        done("release");
        reject(rebuildError(m.error!));
      }
    };
    const onError = (e: Error) => {
      done("discard");
      reject(e);
    };
    const onExit = (code: number) => {
      done("discard");
      reject(new Error(`the simulation worker exited unexpectedly (code ${code})`));
    };
    const onAbort = () => {
      done("discard");
      reject(abortError(signal!));
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    signal?.addEventListener("abort", onAbort, { once: true });
    w.postMessage(job);
  });
}

/**
 * Run one simulation (SPEC §3.4) in a worker thread.
 * @param config a config object (partial: defaults fill the rest; validated, InputError on bad keys)
 * @returns summary (SPEC §3.3) and fields (mesh arrays, per-snapshot typed arrays; transferred)
 */
export function simulate(config: ConfigInput | GrainfemConfig, options: SimulateOptions = {}): Promise<SimulateResult> {
  return runJob<SimulateResult>({ kind: "simulate", config: config as ConfigInput, strict: options.strict, mesh: options.meshFile }, options);
}

/** The paper's experiment (ASSLB vs LELB on one particle) in a worker thread. */
export function compare(config: ConfigInput | GrainfemConfig, options: SimulateOptions = {}): Promise<CompareResult> {
  return runJob<CompareResult>({ kind: "compare", config: config as ConfigInput, strict: options.strict, mesh: options.meshFile }, options);
}
