// One grow-only block of scratch memory for the pool jobs that need room per
// thread only while they run: the symmetric and transposed products'
// private accumulation buffers (tasks.ts), the AMG setup's markers and
// row-pointer segments (spgemm-tasks.ts) and the point statistics'
// histograms and group sums (statistics-tasks.ts). None of them holds it
// across a call of another, so one block serves all; it is kept (not freed)
// for the next call. Main thread only.

let block: usize = 0;
let blockBytes: usize = 0;

/** At least `bytes` of scratch (contents undefined; valid until the next call). */
export function poolScratch(bytes: usize): usize {
  if (bytes > blockBytes) {
    if (block != 0) heap.free(block);
    block = heap.alloc(bytes);
    blockBytes = bytes;
  }
  return block;
}
