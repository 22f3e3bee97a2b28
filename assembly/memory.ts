// Raw heap for buffers shared with the TypeScript side.
//
// The core never creates managed (GC) objects in its hot paths: every array is
// a plain block from the runtime's TLSF allocator, addressed by pointer and
// passed across the boundary as (pointer, length). TypeScript wraps the block
// in a typed-array view and must rebuild the view after memory growth.

/** Allocate `bytes` bytes (16-byte aligned, contents undefined). Returns the pointer. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Release a block from `alloc` or one returned by a core routine. */
export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/** Current linear-memory size in bytes (grows, never shrinks). */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
