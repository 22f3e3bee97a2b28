/**
 * Worker-thread entry of the library's `simulate`/`compare` (Node;
 * api/simulate-node.ts). Each worker owns one wasm core, loaded once, and
 * runs one job at a time: progress and warnings are posted as they happen,
 * the result comes back with its typed arrays transferred, not copied.
 */
import { parentPort } from "node:worker_threads";
import { loadCore, type Core } from "../wasm/core.js";
import { resolveConfig } from "../config/resolve.js";
import { runSimulation } from "../solver/simulate.js";
import { runComparison } from "../solver/compare.js";
import type { ConfigInput } from "../config/types.js";

export interface WorkerJob {
  kind: "simulate" | "compare";
  config: ConfigInput;
  strict?: boolean;
}

let core: Core | null = null;

/** Every distinct transferable ArrayBuffer under `value` (typed arrays in nested objects/arrays). */
function transferables(value: unknown, out = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) transferables(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) transferables(v, out);
  return out;
}

function serializeError(e: unknown) {
  const err = e as Error & { where?: string; phase?: string; step?: number | null; value?: number | null };
  return { name: err?.name ?? "Error", message: err?.message ?? String(e), where: err?.where, phase: err?.phase, step: err?.step, value: err?.value, stack: err?.stack };
}

parentPort!.on("message", async (job: WorkerJob) => {
  try {
    // the core is instantiated by a worker's first job; later jobs report 0
    let coreSeconds = 0;
    if (!core) {
      const t0 = performance.now();
      core = await loadCore();
      coreSeconds = (performance.now() - t0) / 1000;
    }
    const config = resolveConfig(job.config);
    const options = {
      core,
      strict: job.strict,
      onProgress: (p: unknown) => parentPort!.postMessage({ type: "progress", progress: p }),
      onWarning: (m: string) => parentPort!.postMessage({ type: "warning", message: m }),
    };
    if (job.kind === "simulate") {
      const r = await runSimulation(config, options);
      const result = { summary: r.summary, fields: r.fields, coreSetupS: coreSeconds };
      parentPort!.postMessage({ type: "done", result }, [...transferables(r.fields)]);
    } else {
      const r = await runComparison(config, options);
      const result = { asslb: r.asslb, lelb: r.lelb, coreSetupS: coreSeconds };
      parentPort!.postMessage({ type: "done", result }, [...transferables([r.asslb.fields, r.lelb.fields])]);
    }
  } catch (e) {
    parentPort!.postMessage({ type: "error", error: serializeError(e) });
  }
});
