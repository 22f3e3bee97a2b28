/**
 * Shared-memory threads for the core: T − 1 worker threads each run an
 * instance of the core's `-shared` build on the main instance's memory and
 * wait in `poolWorkerLoop` (assembly/parallel/pool.ts) for the jobs the
 * solvers hand out (products, vector updates, smoothing). The workers never
 * allocate and need no messages once started: a job is a few words in
 * shared memory and an atomic notify. The one call back into JavaScript is
 * `pool.wait`, to block ({@link poolWaitImport}).
 *
 * In Node the workers are worker_threads; in browsers they are Web Workers
 * started from a Blob URL, which needs a cross-origin isolated context (COOP
 * same-origin + COEP require-corp: SharedArrayBuffer, and a shared wasm
 * memory posted to the workers) and a calling thread that may block in
 * Atomics.wait — a Web Worker, as the library's `simulate` and `compare` are
 * (a page's main thread may not block). Elsewhere the core runs
 * single-threaded on its ordinary build ({@link threadsUnavailableReason}).
 */

const isNode = (): boolean => typeof process !== "undefined" && !!process.versions?.node;

/** Why threads cannot be used here, or null when they can. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === "undefined") return "SharedArrayBuffer is not available";
  if (isNode()) return null;
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; document?: unknown };
  if (g.crossOriginIsolated === false) return "the page is not cross-origin isolated (COOP/COEP headers)";
  if (typeof g.Worker !== "function") return "Web Workers are not available in this context";
  if (typeof g.document !== "undefined") return "a page's main thread may not block (Atomics.wait): run the core in a Web Worker";
  return null;
}

/** Cap of "auto": speed-ups were measured on 2 cores only, and more threads than the memory system feeds only contend. */
export const AUTO_THREADS_MAX = 4;

/** The thread count a `solver.threads` setting means here: "auto" → the machine's cores (≤ 4; navigator.hardwareConcurrency in browsers), 1 where threads are unavailable. */
export async function resolveThreads(setting: number | "auto" | undefined): Promise<number> {
  if (setting === undefined) return 1;
  if (setting !== "auto") return setting;
  if (threadsUnavailableReason() !== null) return 1;
  if (!isNode()) return Math.max(1, Math.min(AUTO_THREADS_MAX, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1));
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

/**
 * What a pool worker runs, given { module, memory, ctrl, tid, messageOffset,
 * messageChars }: instantiate the module on the shared memory and enter the
 * loop; it returns at poolStop.
 */
const WORKER_MAIN = `
function grainfemPoolWorker({ module, memory, ctrl, tid, messageOffset, messageChars }) {
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
}
`;

/** Node worker source: its data comes as workerData. */
const NODE_WORKER_SOURCE = `${WORKER_MAIN}\ngrainfemPoolWorker(require("node:worker_threads").workerData);\n`;

/** Web Worker source: its data comes as the first message. */
const WEB_WORKER_SOURCE = `${WORKER_MAIN}\nself.onmessage = (e) => { self.onmessage = null; grainfemPoolWorker(e.data); };\n`;

/** A started worker, whichever kind. */
interface PoolWorker {
  /** resolves when the worker has ended (Node) or has been told to end (Web Workers are terminated once released) */
  ended: Promise<unknown>;
  /** keep (true) or stop keeping (false) the process alive for this worker (Node) */
  hold(on: boolean): void;
  /** end it after poolStop has released it */
  finish(): void;
}

type WorkerData = { module: WebAssembly.Module; memory: WebAssembly.Memory; ctrl: number; tid: number; messageOffset: number; messageChars: number };

/** Start Node worker threads. */
async function nodeWorkerFactory(onError: (e: Error) => void): Promise<(data: WorkerData) => PoolWorker> {
  const workerThreadsModule = "node:worker_threads"; // through a variable so browser bundlers leave it out
  const { Worker } = (await import(/* @vite-ignore */ workerThreadsModule)) as typeof import("node:worker_threads");
  return (workerData) => {
    const w = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData });
    w.on("error", onError);
    const ended = new Promise((r) => w.once("exit", r));
    w.unref(); // an idle pool must not keep the process alive
    return { ended, hold: (on) => (on ? w.ref() : w.unref()), finish: () => {} };
  };
}

/** Start Web Workers from a Blob URL (same origin, so a cross-origin isolated page's COEP allows them). */
function webWorkerFactory(onError: (e: Error) => void): (data: WorkerData) => PoolWorker {
  const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: "text/javascript" }));
  return (data) => {
    const w = new Worker(url, { name: `grainfem-pool-${data.tid}` });
    w.onerror = (e) => onError(new Error(e.message || "the pool worker could not start"));
    w.postMessage(data); // the module and the shared memory are shared with the worker, not copied
    return { ended: Promise.resolve(), hold: () => {}, finish: () => w.terminate() };
  };
}

/** A running pool; stop() returns the core to one thread and lets the workers end. */
export interface ThreadPool {
  readonly threads: number;
  stop(): Promise<void>;
}

/**
 * Start `threads − 1` workers on `memory` and enable the core's pool.
 * @param threads participants including the calling thread (≥ 2)
 * @param onSpawned called once the workers exist (they then start on their own threads)
 */
export async function startThreadPool(
  exports: PoolExports,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  threads: number,
  onSpawned?: () => void,
): Promise<ThreadPool> {
  let failure: Error | null = null;
  const onError = (e: Error) => { failure = e; };
  const start = isNode() ? await nodeWorkerFactory(onError) : webWorkerFactory(onError);
  const ctrl = exports.poolCreate();
  const workers: PoolWorker[] = [];
  for (let tid = 1; tid < threads; tid++) {
    workers.push(start({ module, memory, ctrl, tid, messageOffset: exports.POOL_MESSAGE_OFFSET.value, messageChars: exports.POOL_MESSAGE_CHARS.value }));
  }
  onSpawned?.();
  // Enable only once every worker is waiting: a job published earlier would be missed.
  const started = Date.now();
  while (exports.poolArrived() < threads - 1) {
    if (failure) {
      for (const w of workers) w.finish();
      throw new Error(`thread pool: a worker failed to start: ${(failure as Error).message}`);
    }
    if (Date.now() - started > 30_000) {
      for (const w of workers) w.finish();
      throw new Error(`thread pool: ${exports.poolArrived()} of ${threads - 1} workers started in 30 s`);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  exports.poolEnable(threads);
  let stopped = false;
  return {
    threads,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const w of workers) w.hold(true); // keep the event loop alive until they have left (else Node may exit mid-await)
      exports.poolStop();
      for (const w of workers) w.finish();
      await Promise.all(workers.map((w) => w.ended));
    },
  };
}
