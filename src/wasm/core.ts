/**
 * Loading the WebAssembly core and sharing memory with it.
 *
 * The core owns its linear memory. TypeScript allocates blocks in it
 * (`core.f64(n)` …), fills them through typed-array views and passes
 * pointers to core routines. Memory growth detaches old views, so a
 * {@link WasmArray} re-creates its view whenever the buffer has changed.
 */
import { instantiate } from "../../build/grainfem.release.js";
import { poolWaitImport, resolveThreads, startThreadPool, threadsUnavailableReason, type ThreadPool } from "./threads.js";

/** The exported functions of the core (identical for debug and release builds). */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** `debug`: bounds and assertion checks (tests); `release`: -O3, unchecked (runs, benchmarks). */
export type BuildKind = "debug" | "release";

type TypedArray = Float64Array | Int32Array | Uint8Array;
type TypedArrayCtor<T extends TypedArray> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** A typed array living in core memory: pointer + length, with a view that survives growth. */
export class WasmArray<T extends TypedArray> {
  private cached: T | null = null;
  private freed = false;

  constructor(
    private readonly core: Core,
    private readonly ctor: TypedArrayCtor<T>,
    /** byte address in core memory */
    readonly ptr: number,
    /** number of elements */
    readonly length: number,
  ) {}

  /** Current view (rebuilt after memory growth). Do not keep it across core calls that may allocate. */
  get view(): T {
    if (this.freed) throw new Error("WasmArray used after free()");
    const buf = this.core.memory.buffer;
    if (this.cached === null || this.cached.buffer !== buf) {
      this.cached = new this.ctor(buf, this.ptr, this.length);
    }
    return this.cached;
  }

  /** Copy `src` into this array (lengths must match). */
  set(src: ArrayLike<number>): this {
    if (src.length !== this.length) throw new RangeError(`WasmArray.set: length ${src.length}, expected ${this.length}`);
    this.view.set(src);
    return this;
  }

  /** A JS-heap copy of the contents. */
  copy(): T {
    return this.view.slice() as T;
  }

  /** Release the block. */
  free(): void {
    if (!this.freed) {
      this.core.exports.free(this.ptr);
      this.freed = true;
      this.cached = null;
    }
  }
}

/** One instance of the core: its exports, memory and allocation helpers. */
export class Core {
  private pool: ThreadPool | null = null;

  constructor(
    readonly exports: CoreExports,
    readonly build: BuildKind,
    /** why a request for threads fell back to one thread (null when none was made or it was met) */
    readonly threadsFallback: string | null = null,
  ) {}

  /** Threads sharing the core's parallel kernels (1: serial). */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** @internal attach the pool started by loadCore */
  attachPool(pool: ThreadPool): void {
    this.pool = pool;
  }

  /** Stop the worker threads (if any); the core stays usable, single-threaded. */
  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.stop();
  }

  get memory(): WebAssembly.Memory {
    return this.exports.memory;
  }

  /**
   * Allocate `n` f64, zeroed unless `zeroed` is false (for an output the
   * core overwrites whole: zeroing large blocks costs ~10 ms per 100 MB).
   */
  f64(n: number, zeroed = true): WasmArray<Float64Array> {
    return this.allocate(Float64Array, n, zeroed);
  }

  /** Allocate `n` i32 (zeroed unless `zeroed` is false). */
  i32(n: number, zeroed = true): WasmArray<Int32Array> {
    return this.allocate(Int32Array, n, zeroed);
  }

  /** Allocate `n` u8 (zeroed unless `zeroed` is false). */
  u8(n: number, zeroed = true): WasmArray<Uint8Array> {
    return this.allocate(Uint8Array, n, zeroed);
  }

  /** Copy a JS array into new core memory. */
  fromF64(src: ArrayLike<number>): WasmArray<Float64Array> {
    return this.f64(src.length, false).set(src);
  }

  fromI32(src: ArrayLike<number>): WasmArray<Int32Array> {
    return this.i32(src.length, false).set(src);
  }

  fromU8(src: ArrayLike<number>): WasmArray<Uint8Array> {
    return this.u8(src.length, false).set(src);
  }

  /** Wrap a block the core allocated (e.g. a returned pattern). */
  wrapI32(ptr: number, n: number): WasmArray<Int32Array> {
    return new WasmArray(this, Int32Array, ptr, n);
  }

  private allocate<T extends TypedArray>(ctor: TypedArrayCtor<T>, n: number, zeroed: boolean): WasmArray<T> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`allocation of ${n} elements`);
    const bytes = Math.max(n * ctor.BYTES_PER_ELEMENT, 8);
    if (bytes > 0xffff_0000) throw new RangeError(`allocation of ${bytes} bytes exceeds the 4 GiB wasm address space`);
    const ptr = this.exports.alloc(bytes);
    // (parZero: a large block on the pool, whose threads share its fresh pages' first-touch faults)
    if (zeroed) this.exports.parZero(ptr, bytes);
    return new WasmArray(this, ctor, ptr, n);
  }
}

/** Build selected by the environment: GRAINFEM_BUILD=debug|release (default release). */
export function defaultBuild(): BuildKind {
  const env = typeof process !== "undefined" ? process.env?.GRAINFEM_BUILD : undefined;
  return env === "debug" ? "debug" : "release";
}

/** A build's file name: the ordinary one, or the shared-memory one the thread pool needs. */
type BuildFile = BuildKind | `${BuildKind}-shared`;

const modules = new Map<BuildFile, Promise<WebAssembly.Module>>();

/** URL of a build's .wasm file (next to the generated bindings). */
export function wasmUrl(build: BuildFile): URL {
  return new URL(`../../build/grainfem.${build}.wasm`, import.meta.url);
}

async function compile(build: BuildFile): Promise<WebAssembly.Module> {
  const url = wasmUrl(build);
  const isNode = typeof process !== "undefined" && !!process.versions?.node && url.protocol === "file:";
  if (isNode) {
    const fsModule = "node:fs/promises"; // through a variable so browser bundlers leave it out
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import("node:fs/promises");
    return WebAssembly.compile(await fs.readFile(url));
  }
  return WebAssembly.compileStreaming(fetch(url));
}

function cachedModule(build: BuildFile): Promise<WebAssembly.Module> {
  let mod = modules.get(build);
  if (!mod) {
    mod = compile(build);
    modules.set(build, mod);
  }
  return mod;
}

/**
 * Start compiling the module that {@link loadCore} will use (the
 * shared-memory build where threads are available), in the background: the
 * compiled module is cached, and loadCore awaits the same compile. A command
 * that will load a core calls this first, so that the compile overlaps the
 * loading of its modules. Errors surface in loadCore.
 */
export function precompileCore(build: BuildKind = defaultBuild()): void {
  cachedModule(threadsUnavailableReason() === null ? `${build}-shared` : build).catch(() => {});
}

/** Options of {@link loadCore}. */
export interface LoadCoreOptions {
  /**
   * Threads for the solvers' products, vector updates and smoothing (the
   * calling thread included; default 1). Where threads are unavailable the
   * core runs on one and says why in {@link Core.threadsFallback}. "auto":
   * the machine's cores (at most 4) in Node.
   */
  threads?: number | "auto";
  /**
   * Called when the pool's worker threads have been created (not when they
   * are ready): from then on they start on their own threads, so a caller
   * can do other work on this one and await the core afterwards. Not called
   * on one thread.
   */
  onWorkersSpawned?: () => void;
}

/** Pages of the shared memory: 1 MiB to start, the whole 4 GiB wasm32 space reserved (shared memory cannot move). */
const SHARED_INITIAL_PAGES = 16;
const SHARED_MAXIMUM_PAGES = 65536;

/**
 * Instantiate a fresh core (its own memory). The compiled module is cached,
 * so instances after the first cost only instantiation. With `threads` > 1
 * the core runs on shared memory with a pool of worker threads; call
 * {@link Core.dispose} when done with it (idle workers do not keep the
 * process alive, but they hold their memory).
 */
export async function loadCore(build: BuildKind = defaultBuild(), options: LoadCoreOptions = {}): Promise<Core> {
  const threads = await resolveThreads(options.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new RangeError(`threads must be an integer in 1…64, got ${threads}`);
  const unavailable = threads > 1 ? threadsUnavailableReason() : null;
  if (threads === 1 || unavailable !== null) {
    const exports = await instantiate(await cachedModule(build), { env: {}, pool: { wait: poolWaitImport(null) } });
    return new Core(exports, build, unavailable);
  }
  const module = await cachedModule(`${build}-shared`);
  const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: SHARED_MAXIMUM_PAGES, shared: true });
  const exports = (await instantiate(module, { env: { memory }, pool: { wait: poolWaitImport(memory) } })) as CoreExports;
  let pool: ThreadPool;
  try {
    pool = await startThreadPool(exports, module, memory, threads, options.onWorkersSpawned);
  } catch (e) {
    // no workers here (a sandbox without worker_threads, a worker that failed to load): one thread on the ordinary build
    exports.poolStop(); // releases any worker that did start
    const single = await instantiate(await cachedModule(build), { env: {}, pool: { wait: poolWaitImport(null) } });
    return new Core(single, build, `could not start worker threads: ${(e as Error).message}`);
  }
  const core = new Core(exports, build);
  core.attachPool(pool);
  return core;
}
