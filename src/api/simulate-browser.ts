/**
 * The library's asynchronous API in browsers (SPEC §3.4): `simulate` and
 * `compare` run in a Web Worker (a module worker, one per call, with its own
 * wasm core loaded by URL), so the page stays responsive; aborting the
 * signal terminates the worker — its memory goes with it — and rejects with a
 * DOMException named "AbortError"; the result's typed arrays are transferred.
 *
 * In Node the package entry (index.node.ts) exports worker-thread versions of
 * the same functions instead.
 */
import type { ConfigInput, GrainfemConfig } from "../config/types.js";
import type { Progress } from "../solver/simulate.js";
import type { CompareResult, SimulateOptions, SimulateResult } from "./types.js";
import { abortError, rebuildError, type WorkerJob, type WorkerMessage } from "./worker-job.js";

export type { SimulateOptions, SimulateResult, CompareResult } from "./types.js";

function runInWorker<T>(job: WorkerJob, opts: SimulateOptions): Promise<T> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const worker = new Worker(new URL("./simulate-web-worker.js", import.meta.url), { type: "module", name: "grainfem" });
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      signal?.removeEventListener("abort", onAbort);
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(abortError(signal!));
    };
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === "progress") opts.onProgress?.(m.progress as Progress);
      else if (m.type === "warning") opts.onWarning?.(m.message);
      else if (m.type === "done") {
        finish();
        resolve(m.result as T);
      } else {
        finish();
        reject(rebuildError(m.error));
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(`the simulation worker failed: ${e.message || "could not load it"}`));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const transfer = job.mesh ? [job.mesh.bytes.buffer as ArrayBuffer] : [];
    worker.postMessage(job, transfer);
  });
}

/**
 * Run one simulation (SPEC §3.4) in a Web Worker.
 * @param config a config object (partial: defaults fill the rest; validated, InputError on bad keys)
 * @returns summary (SPEC §3.3) and fields (mesh arrays, per-snapshot typed arrays; transferred)
 */
export function simulate(config: ConfigInput | GrainfemConfig, options: SimulateOptions = {}): Promise<SimulateResult> {
  return runInWorker<SimulateResult>({ kind: "simulate", config: config as ConfigInput, strict: options.strict, mesh: options.meshFile }, options);
}

/** The paper's experiment (ASSLB vs LELB on one particle) in a Web Worker. */
export function compare(config: ConfigInput | GrainfemConfig, options: SimulateOptions = {}): Promise<CompareResult> {
  return runInWorker<CompareResult>({ kind: "compare", config: config as ConfigInput, strict: options.strict, mesh: options.meshFile }, options);
}
