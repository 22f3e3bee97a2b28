/**
 * One simulation job as a worker runs it, shared by the Node worker thread
 * (api/simulate-worker.ts) and the browser's Web Worker
 * (api/simulate-web-worker.ts); browser-pure. The worker owns one wasm core,
 * loaded by its first job; progress and warnings are posted as they happen;
 * the result is posted with its typed arrays in the transfer list (moved, not
 * copied). Errors cross as plain objects and are rebuilt with their class
 * (InputError, NumericalError) on the caller's side by `rebuildError`.
 */
import { loadCore, type Core } from "../wasm/core.js";
import { resolveConfig } from "../config/resolve.js";
import { runSimulation } from "../solver/simulate.js";
import { runComparison } from "../solver/compare.js";
import { particleFromMesh } from "../solver/particle.js";
import { importMeshBytes } from "../io/mesh-import.js";
import type { VtuCodec } from "../io/vtu.js";
import type { ConfigInput, GrainfemConfig } from "../config/types.js";
import { InputError, NumericalError } from "../errors.js";

export interface WorkerJob {
  kind: "simulate" | "compare";
  config: ConfigInput;
  strict?: boolean;
  /** a mesh file's contents to run on instead of generating one (browser file picker) */
  mesh?: { name: string; bytes: Uint8Array };
}

/** A message from the worker. */
export type WorkerMessage =
  | { type: "progress"; progress: unknown }
  | { type: "warning"; message: string }
  | { type: "done"; result: unknown }
  | { type: "error"; error: SerializedError };

export interface SerializedError { name: string; message: string; where?: string; phase?: string; step?: number | null; value?: number | null; stack?: string }

/** Every distinct transferable ArrayBuffer under `value` (typed arrays in nested objects/arrays). */
export function transferables(value: unknown, out = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) transferables(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) transferables(v, out);
  return out;
}

function serializeError(e: unknown): SerializedError {
  const err = e as Error & { where?: string; phase?: string; step?: number | null; value?: number | null };
  return { name: err?.name ?? "Error", message: err?.message ?? String(e), where: err?.where, phase: err?.phase, step: err?.step, value: err?.value, stack: err?.stack };
}

/** The error a worker reported, with its class (instanceof works on the caller's side). */
export function rebuildError(e: SerializedError): Error {
  let err: Error;
  if (e.name === "InputError") err = new InputError(e.where ?? "", "");
  else if (e.name === "NumericalError") err = new NumericalError(e.phase ?? "", "", e.step ?? null, e.value ?? null);
  else err = new Error("");
  err.message = e.message;
  err.name = e.name;
  if (e.stack) err.stack = `${e.name}: ${e.message}\n    (in the simulation worker)\n${e.stack.split("\n").slice(1).join("\n")}`;
  return err;
}

/** The rejection of an aborted job: the signal's reason when it is an AbortError, else a DOMException named "AbortError" (as fetch does). */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  return reason instanceof Error && reason.name === "AbortError" ? reason : new DOMException("The simulation was aborted", "AbortError");
}

let core: Core | null = null;

/**
 * Run a job in this worker and post its messages.
 * @param post postMessage of the worker (with a transfer list)
 * @param codec zlib for compressed VTU mesh files
 * @param threadsOf the core's threads for the worker's first job (default: one; the Node pool runs jobs side by side
 *   instead, while a browser's worker runs one job, so it takes `solver.threads`)
 */
export async function runWorkerJob(job: WorkerJob, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void, codec: VtuCodec = {},
  threadsOf: (config: GrainfemConfig) => number | "auto" = () => 1): Promise<void> {
  try {
    const config = resolveConfig(job.config);
    // the core is instantiated by a worker's first job; later jobs report 0
    let coreSeconds = 0;
    if (!core) {
      const t0 = performance.now();
      core = await loadCore(undefined, { threads: threadsOf(config) });
      coreSeconds = (performance.now() - t0) / 1000;
    }
    const onProgress = (p: unknown) => post({ type: "progress", progress: p });
    let particle;
    if (job.mesh) {
      const { mesh, report } = importMeshBytes(job.mesh.name, job.mesh.bytes, codec);
      particle = particleFromMesh(mesh, report.notes, job.mesh.name, config, core);
    }
    const options = { core, particle, strict: job.strict, onProgress, onWarning: (m: string) => post({ type: "warning", message: m }) };
    if (job.kind === "simulate") {
      const r = await runSimulation(config, options);
      post({ type: "done", result: { summary: r.summary, fields: r.fields, coreSetupS: coreSeconds } }, [...transferables(r.fields)]);
    } else {
      const r = await runComparison(config, options);
      post({ type: "done", result: { asslb: r.asslb, lelb: r.lelb, coreSetupS: coreSeconds } }, [...transferables([r.asslb.fields, r.lelb.fields])]);
    }
  } catch (e) {
    post({ type: "error", error: serializeError(e) });
  }
}
