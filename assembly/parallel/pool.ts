// Fork–join thread pool over shared wasm memory.
//
// The main thread and T − 1 workers each run an instance of this same
// module on one shared memory. A job is a task number plus arguments written
// into a control block; the main thread publishes it by bumping `epoch`,
// runs its own share (thread 0), and waits until `pending` drops to zero.
// Workers (poolWorkerLoop) wait on `epoch`, run their share and decrement
// `pending`. Shares are fixed by thread index, so a job gives the same bits
// every time for a given thread count. Workers never allocate: every buffer
// a task touches is allocated by the main thread before the job.
//
// Synchronization: wasm atomics are sequentially consistent, so the plain
// stores of the arguments before the epoch bump are visible to a worker that
// has read the new epoch, and a worker's results are visible to the main
// thread once it reads pending == 0. The job's thread count T lives in the
// low bits of the epoch word itself: a worker outside the job (tid ≥ T) is
// not waited for, so by the time it looks the main thread may have published
// the next job — it must decide from the one word it read, never from a
// second load (which could belong to a later job with another T). Waiting
// spins a while (jobs inside a CG iteration follow each other within
// microseconds) and then blocks, so that idle workers cost no CPU; how long
// a thread spins adapts to how its waits end (nextSpin), so that a thread
// whose partner waits for a core held by another process does not keep it.
//
// Blocking goes through the imported pool.wait (JavaScript's Atomics.wait),
// not memory.atomic.wait: V8's baseline compiler (Liftoff, Node 20.20 /
// V8 11.3) loses the values it keeps in registers across
// memory.atomic.wait32/64 — a local set before the wait reads 0 after it,
// even when the wait returns at once ("not-equal"). Workers never leave
// Liftoff (poolWorkerLoop is entered once and wasm has no on-stack
// replacement), and the main thread runs Liftoff code until it tiers up,
// so the control-block pointer read 0 after a wait: the main thread then
// saw a "failed" job that had not failed, and a worker could run a job
// twice. An import call is an ordinary call, around which Liftoff saves
// every live register. tests/threads.test.ts "blocking on every wait"
// sets the spin to 0 so every wait takes this path. The import lives in its
// own module ("pool"): the generated bindings treat "env" imports as
// JavaScript globals.
//
// Control block layout (bytes from `ctrl`, 64-byte aligned):
//    0 epoch    i32   job word: counter × 128 + T (participants, main
//                     thread included), written by the main thread
//    4 pending  i32   workers still running the current job
//    8 task     i32   TASK_* (tasks.ts)
//   12 spin     i32   most busy-wait iterations before blocking (poolSetSpin)
//   16 arrived  i32   workers that have entered poolWorkerLoop
//   20 failed   i32   a worker's share trapped (poolWorkerFailed)
//   24 floor    i32   spin after a wait that blocked (poolSetSpinFloor)
//   28 ticket   i32   next piece of work of a self-scheduled job (resetTickets, takeTicket)
//   64 args     POOL_ARG_SLOTS × 8 bytes (i64 or f64, by task)
//  256 slots    POOL_MAX_THREADS × 64 bytes, one cache line per thread:
//               f64 result at +0, i32 row bound at +8
// 4352 message  why a worker failed, written by its JavaScript: u32 byte
//               length, then up to POOL_MESSAGE_CHARS UTF-16 code units

import { executeTask, TASK_STOP } from "./tasks";

export const POOL_MAX_THREADS: i32 = 64;
export const POOL_ARG_SLOTS: i32 = 24;
const EPOCH: usize = 0;
const PENDING: usize = 4;
const TASK: usize = 8;
const ARRIVED: usize = 16;
/** The epoch word's low 7 bits hold the job's thread count (≤ POOL_MAX_THREADS = 64); the counter steps above them. */
const EPOCH_T_MASK: i32 = 127;
const EPOCH_STEP: i32 = 128;
const FAILED: usize = 20;
const ARGS: usize = 64;
const SLOTS: usize = 256;
const MESSAGE: usize = SLOTS + 64 * <usize>POOL_MAX_THREADS;
/** Room for a failed worker's message (UTF-16 code units), at POOL_MESSAGE_OFFSET from the control block. */
export const POOL_MESSAGE_CHARS: i32 = 256;
export const POOL_MESSAGE_OFFSET: i32 = <i32>MESSAGE;
export const POOL_CTRL_BYTES: i32 = <i32>MESSAGE + 4 + 2 * POOL_MESSAGE_CHARS;
/**
 * How long a thread spins before it blocks: at most SPIN iterations (a few
 * ms), SPIN_FLOOR after a wait that had to block, then SPIN_FLOOR more
 * after each wait that spinning ended (nextSpin). Spinning pays while the
 * other thread is running and will be back soon; when it does not come back
 * within the spin, it is most likely waiting for a core — another process
 * holds it — and a spinning thread only keeps that core from it, on every
 * job. Measured on this 2-core machine (P1 `compare`, seed scale, 2
 * threads, the three spins alternated; docs/architecture.md, "Threads"):
 * - one core busy with another process: 14.3–14.7 s (3 runs), against
 *   16.7–30.2 s (5) with a fixed 2,000,000 — the spin until 2026-12-05 —
 *   and 12.9–13.6 s (7) with a fixed 50,000; one thread takes 12.0–12.4 s;
 * - idle: 8.03–8.59 s (median 8.24, 9 runs), against 8.15–8.53 s (8.27,
 *   4) with a fixed 2,000,000 and 8.07–9.25 s (8.37, 9) with a fixed
 *   50,000.
 */
const SPIN: i32 = 2000000;
const SPIN_FLOOR: i32 = 50000;
const SPIN_WORD: usize = 12;
const FLOOR_WORD: usize = 24;
const TICKET: usize = 28;

/**
 * Block while the i32 at `ptr` equals `expected` (JavaScript: Atomics.wait;
 * it may return early — callers re-check). Why an import and not
 * memory.atomic.wait: see the header.
 */
// @ts-ignore: decorator
@external("pool", "wait")
declare function poolWait(ptr: usize, expected: i32): void;

/** The main thread's spin for its next wait (nextSpin; set by poolCreate — a global initialized from a constant would need a start function, which the shared builds must not have). */
let mainSpin: i32 = 0;

/**
 * A thread's spin for its next wait, given its last one: back to `floor`
 * after a wait that had to block, `floor` more after one that spinning
 * ended, never more than `limit` (the control block's spin and floor words).
 */
// @ts-ignore: decorator
@inline function nextSpin(spin: i32, blocked: bool, limit: i32, floor: i32): i32 {
  return blocked ? min(floor, limit) : min(spin + floor, limit);
}

// Main instance only (a worker's instance keeps ctrl = 0, threads = 1, so a
// kernel called inside a task never dispatches again).
let ctrl: usize = 0;
let threads: i32 = 1;

/** Allocate the control block (main thread). Returns its pointer, for the workers. */
export function poolCreate(): usize {
  if (ctrl == 0) {
    const raw = heap.alloc(<usize>POOL_CTRL_BYTES + 64);
    ctrl = (raw + 63) & ~(<usize>63);
    memory.fill(ctrl, 0, <usize>POOL_CTRL_BYTES);
    store<i32>(ctrl + SPIN_WORD, SPIN);
    store<i32>(ctrl + FLOOR_WORD, SPIN_FLOOR);
    mainSpin = SPIN;
  }
  return ctrl;
}

/**
 * The most busy-wait iterations before a thread blocks (all threads;
 * default SPIN, 2,000,000). Tests set 0 to take the blocking path on every
 * wait.
 */
export function poolSetSpin(n: i32): void {
  assert(ctrl != 0 && n >= 0);
  atomic.store<i32>(ctrl + SPIN_WORD, n);
}

/**
 * A thread's spin after a wait that had to block, and its step back up
 * after each wait that spinning ended (all threads; default SPIN_FLOOR,
 * 50,000; nextSpin). Equal to the spin (poolSetSpin), the spin is fixed.
 */
export function poolSetSpinFloor(n: i32): void {
  assert(ctrl != 0 && n >= 0);
  atomic.store<i32>(ctrl + FLOOR_WORD, n);
}

/** A thread's spin after a wait that blocked (see poolSetSpinFloor). */
export function poolSpinFloor(): i32 {
  return ctrl == 0 ? SPIN_FLOOR : atomic.load<i32>(ctrl + FLOOR_WORD);
}

/** The most busy-wait iterations before blocking (see poolSetSpin). */
export function poolSpin(): i32 {
  return ctrl == 0 ? SPIN : atomic.load<i32>(ctrl + SPIN_WORD);
}

/** Workers that have entered their loop (the main thread enables the pool once all have). */
export function poolArrived(): i32 {
  return ctrl == 0 ? 0 : atomic.load<i32>(ctrl + ARRIVED);
}

/**
 * Start dispatching to n threads (main included; at most the workers that
 * arrived + 1); n = 1 runs everything serially. Workers beyond n − 1 sit
 * the jobs out.
 */
export function poolEnable(n: i32): void {
  assert(ctrl != 0 && n >= 1);
  threads = min(n, poolArrived() + 1);
}

/** Threads that share each parallel job (1: serial). */
export function poolThreads(): i32 {
  return threads;
}

/** Tell the workers to leave their loop (all that arrived, whatever poolEnable set); later jobs run serially. */
export function poolStop(): void {
  const workers = poolArrived();
  if (workers > 0) publish(TASK_STOP, POOL_MAX_THREADS, workers);
  threads = 1;
}

/** Write argument k of the next job (main thread). */
@inline export function setArgI(k: i32, v: i32): void {
  store<i64>(ctrl + ARGS + (<usize>k << 3), <i64>v);
}
@inline export function setArgP(k: i32, v: usize): void {
  store<i64>(ctrl + ARGS + (<usize>k << 3), <i64>v);
}
@inline export function setArgF(k: i32, v: f64): void {
  store<f64>(ctrl + ARGS + (<usize>k << 3), v);
}

/** Argument k of the current job (any thread; `c` is the control block). */
@inline export function argI(c: usize, k: i32): i32 {
  return <i32>load<i64>(c + ARGS + (<usize>k << 3));
}
@inline export function argP(c: usize, k: i32): usize {
  return <usize>load<i64>(c + ARGS + (<usize>k << 3));
}
@inline export function argF(c: usize, k: i32): f64 {
  return load<f64>(c + ARGS + (<usize>k << 3));
}

/**
 * Self-scheduling: the threads of a job take pieces of its work 0, 1, 2, …
 * one at a time (takeTicket) instead of a fixed share each, so a thread
 * that runs slower — its core shared with another process, as the two
 * vCPUs of the machines here often are — takes fewer pieces instead of
 * holding the others up at the job's end. For loops whose results do not
 * depend on which thread does which piece (per-element outputs, or pieces
 * that write disjoint entries). Main thread, before dispatch: start at 0.
 */
export function resetTickets(): void {
  atomic.store<i32>(ctrl + TICKET, 0);
}

/** The next piece of the current job's work (any thread; `c` is the control block): 0, 1, 2, … across all its threads. */
// @ts-ignore: decorator
@inline export function takeTicket(c: usize): i32 {
  return atomic.add<i32>(c + TICKET, 1);
}

/** Thread t's result slot (64 bytes). */
@inline export function slot(c: usize, t: i32): usize {
  return c + SLOTS + (<usize>t << 6);
}

/** The main instance's control block (0 before poolCreate). */
@inline export function poolCtrl(): usize {
  return ctrl;
}

/** Run task `task` with the arguments already written, on all threads; returns when every share is done. */
export function dispatch(task: i32): void {
  publish(task, threads, threads - 1);
}

/**
 * Publish a job for threads 0 … T − 1, run share 0 here (unless it is
 * TASK_STOP) and wait for `acks` acknowledgements from the workers.
 */
function publish(task: i32, T: i32, acks: i32): void {
  const c = ctrl;
  store<i32>(c + TASK, task);
  atomic.store<i32>(c + PENDING, acks);
  const word = ((atomic.load<i32>(c + EPOCH) + EPOCH_STEP) & ~EPOCH_T_MASK) | T;
  atomic.store<i32>(c + EPOCH, word);
  atomic.notify(c + EPOCH, -1); // all waiters (count u32 max): sitting-out workers must see the new word too, or they would block on a stale one
  if (task != TASK_STOP) executeTask(task, c, 0, T);
  const limit = atomic.load<i32>(c + SPIN_WORD);
  const spin = min(mainSpin, limit);
  let spins = 0, blocked = false;
  for (;;) {
    const left = atomic.load<i32>(c + PENDING);
    if (left == 0) break;
    // more acknowledgements than participants: the protocol is broken; fail loudly rather than wait forever
    if (left < 0) {
      threads = 1;
      abort("thread pool: more acknowledgements than the job has workers", "assembly/parallel/pool.ts", 0, 0);
    }
    if (++spins > spin) { blocked = true; poolWait(c + PENDING, left); }
  }
  mainSpin = nextSpin(spin, blocked, limit, atomic.load<i32>(c + FLOOR_WORD));
  // a worker trapped in its share: the job's result is incomplete, so fail loudly here with the worker's message (the caller sees an Error)
  if (task != TASK_STOP && atomic.load<i32>(c + FAILED) != 0) {
    threads = 1;
    // the message is laid out as a string of the runtime's (byte length, then UTF-16), so abort can pass it on without allocating
    abort(changetype<string>(c + MESSAGE + 4), "assembly/parallel/pool.ts", 0, 0);
  }
}

/**
 * Called by a worker's JavaScript when its share trapped, after writing its
 * message at c + POOL_MESSAGE_OFFSET (see the layout above): marks the pool
 * failed and reports the share done, so the main thread's wait ends (and it
 * fails with that message in turn) instead of waiting forever.
 */
export function poolWorkerFailed(c: usize): void {
  atomic.store<i32>(c + FAILED, 1);
  atomic.sub<i32>(c + ARRIVED, 1);
  if (atomic.sub<i32>(c + PENDING, 1) == 1) atomic.notify(c + PENDING, 1);
}

/**
 * A worker's life: wait for a job, run share `tid`, report, until TASK_STOP.
 * Called once by each worker thread on its own instance of the module.
 */
export function poolWorkerLoop(c: usize, tid: i32): void {
  let seen = atomic.load<i32>(c + EPOCH);
  atomic.add<i32>(c + ARRIVED, 1);
  let next = atomic.load<i32>(c + SPIN_WORD);
  for (;;) {
    let e = atomic.load<i32>(c + EPOCH);
    const limit = atomic.load<i32>(c + SPIN_WORD);
    const spin = min(next, limit);
    let spins = 0, blocked = false;
    while (e == seen) {
      if (++spins > spin) { blocked = true; poolWait(c + EPOCH, seen); }
      e = atomic.load<i32>(c + EPOCH);
    }
    next = nextSpin(spin, blocked, limit, atomic.load<i32>(c + FLOOR_WORD));
    seen = e;
    const T = e & EPOCH_T_MASK;
    if (tid >= T) continue; // not among this job's threads: pending does not count it, and TASK may already be the next job's
    const task = load<i32>(c + TASK);
    if (task != TASK_STOP) executeTask(task, c, tid, T);
    if (atomic.sub<i32>(c + PENDING, 1) == 1) atomic.notify(c + PENDING, 1);
    if (task == TASK_STOP) {
      atomic.sub<i32>(c + ARRIVED, 1);
      return;
    }
  }
}
