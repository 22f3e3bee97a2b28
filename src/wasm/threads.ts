/**
 * Shared-memory threads for the core: T − 1 worker threads each run an
 * instance of the core's `-shared` build on the main instance's memory and
 * wait in `poolWorkerLoop` (assembly/parallel/pool.ts) for the jobs the
 * solvers hand out (products, vector updates, smoothing). The workers never
 * allocate and need no messages once started: a job is a few words in
 * shared memory and an atomic notify. The one call back into JavaScript is
 * `pool.wait`, to block ({@link poolWaitImport}).
 *
 * Node only for now (worker_threads): in browsers — even on cross-origin
 * isolated pages, where SharedArrayBuffer exists — and wherever
 * SharedArrayBuffer is missing, the core runs single-threaded on its
 * ordinary build ({@link threadsUnavailableReason}).
 */

/** Why threads cannot be used here, or null when they can. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === "undefined") return "SharedArrayBuffer is not available";
  const isNode = typeof process !== "undefined" && !!process.versions?.node;
  if (!isNode) return "threads are implemented for Node worker threads only";
  return null;
}

/** Cap of "auto": speed-ups were measured on 2 cores only, and more threads than the memory system feeds only contend. */
export const AUTO_THREADS_MAX = 4;

/** The thread count a `solver.threads` setting means here: "auto" → the machine's cores (≤ 4) in Node, 1 elsewhere. */
export async function resolveThreads(setting: number | "auto" | undefined): Promise<number> {
  if (setting === undefined) return 1;
  if (setting !== "auto") return setting;
  if (threadsUnavailableReason() !== null) return 1;
  const osModule = "node:os"; // through a variable so browser bundlers leave it out
  const os = (await import(/* @vite-ignore */ osModule)) as typeof import("node:os");
  return Math.max(1, Math.min(AUTO_THREADS_MAX, os.availableParallelism()));
}

/**
 * The core's `pool.wait(ptr, expected)` import: block while the i32 at
 * byte `ptr` of `memory` equals `expected` (Atomics.wait). The pool blocks
 * through JavaScript rather than memory.atomic.wait because V8's baseline
 * wasm compiler in Node 20 loses register-held values across that
 * instruction (assembly/parallel/pool.ts). Without shared memory (`null`)
 * the import is never reached, and throws if it is.
 */
export function poolWaitImport(memory: WebAssembly.Memory | null): (ptr: number, expected: number) => void {
  if (memory === null) {
    return () => {
      throw new Error("thread pool: poolWait called on a core without shared memory");
    };
  }
  return (ptr, expected) => {
    Atomics.wait(new Int32Array(memory.buffer, ptr >>> 0, 1), 0, expected);
  };
}

/** The core exports the pool needs (a subset of CoreExports). */
interface PoolExports {
  poolCreate(): number;
  poolArrived(): number;
  poolEnable(n: number): void;
  poolStop(): void;
  POOL_MESSAGE_OFFSET: { value: number };
  POOL_MESSAGE_CHARS: { value: number };
}

/** Worker source: instantiate the module on the shared memory and enter the loop; runs until poolStop. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, ctrl, tid, messageOffset, messageChars } = workerData;
const imports = {};
for (const imp of WebAssembly.Module.imports(module)) {
  const ns = (imports[imp.module] ??= {});
  if (imp.kind === "memory") ns[imp.name] = memory;
  else if (imp.module === "pool" && imp.name === "wait") ns.wait = (ptr, expected) => { Atomics.wait(new Int32Array(memory.buffer, ptr >>> 0, 1), 0, expected); }; // see poolWaitImport
  else if (imp.kind === "function") ns[imp.name] = () => { throw new Error("grainfem pool worker: core called import " + imp.module + "." + imp.name); };
}
const instance = new WebAssembly.Instance(module, imports);
try {
  instance.exports.poolWorkerLoop(ctrl, tid);
} catch (e) {
  // a trap in this thread's share: release the main thread, which then fails the job loudly with this message
  const text = ("thread pool: worker " + tid + " failed: " + (e && e.message ? e.message : String(e))).slice(0, messageChars);
  new Uint32Array(memory.buffer, ctrl + messageOffset, 1)[0] = 2 * text.length;
  const out = new Uint16Array(memory.buffer, ctrl + messageOffset + 4, text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  instance.exports.poolWorkerFailed(ctrl);
  throw e;
}
`;

/** A running pool; stop() returns the core to one thread and lets the workers end. */
export interface ThreadPool {
  readonly threads: number;
  stop(): Promise<void>;
}

/**
 * Start `threads − 1` workers on `memory` and enable the core's pool.
 * @param threads participants including the calling thread (≥ 2)
 */
export async function startThreadPool(
  exports: PoolExports,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
): Promise<ThreadPool> {
  const workerThreadsModule = "node:worker_threads"; // through a variable so browser bundlers leave it out
  const { Worker } = (await import(/* @vite-ignore */ workerThreadsModule)) as typeof import("node:worker_threads");
  const ctrl = exports.poolCreate();
  const workers: { ref(): void }[] = [];
  const exited: Promise<unknown>[] = [];
  let failure: Error | null = null;
  for (let tid = 1; tid < threads; tid++) {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, ctrl, tid, messageOffset: exports.POOL_MESSAGE_OFFSET.value, messageChars: exports.POOL_MESSAGE_CHARS.value } });
    w.on("error", (e) => { failure = e; });
    exited.push(new Promise((r) => w.once("exit", r)));
    workers.push(w);
    w.unref(); // an idle pool must not keep the process alive
  }
  // Enable only once every worker is waiting: a job published earlier would be missed.
  const started = Date.now();
  while (exports.poolArrived() < threads - 1) {
    if (failure) throw new Error(`thread pool: a worker failed to start: ${(failure as Error).message}`);
    if (Date.now() - started > 30_000) throw new Error(`thread pool: ${exports.poolArrived()} of ${threads - 1} workers started in 30 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  exports.poolEnable(threads);
  let stopped = false;
  return {
    threads,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const w of workers) w.ref(); // keep the event loop alive until they have left (else Node may exit mid-await)
      exports.poolStop();
      await Promise.all(exited);
    },
  };
}
