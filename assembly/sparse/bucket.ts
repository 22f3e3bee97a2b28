// Indices grouped by key: a stable counting sort into CSR form.

/**
 * Group the indices 0 … n − 1 by their keys (keys: n i32 in [0, nKeys)):
 * key k's indices are list[ptr[k] … ptr[k + 1]), increasing.
 * @param ptr  out: nKeys + 1 i32
 * @param list out: n i32
 */
export function bucketByKey(n: i32, keys: usize, nKeys: i32, ptr: usize, list: usize): void {
  memory.fill(ptr, 0, <usize>(nKeys + 1) << 2);
  for (let i = 0; i < n; i++) {
    const p = ptr + (<usize>(load<i32>(keys + (<usize>i << 2)) + 1) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  for (let k = 0; k < nKeys; k++) {
    const p = ptr + (<usize>(k + 1) << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  for (let i = 0; i < n; i++) { // ptr[k] as the cursor of key k, shifted back below
    const p = ptr + (<usize>load<i32>(keys + (<usize>i << 2)) << 2);
    const at = load<i32>(p);
    store<i32>(list + (<usize>at << 2), i);
    store<i32>(p, at + 1);
  }
  for (let k = nKeys; k > 0; k--) store<i32>(ptr + (<usize>k << 2), load<i32>(ptr + (<usize>(k - 1) << 2)));
  store<i32>(ptr, 0);
}
