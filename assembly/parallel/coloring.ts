// Coloring of element chunks for threaded assembly. Elements are taken in
// chunks of consecutive indices (the meshes number elements in space, so a
// chunk is a compact piece of the mesh); two chunks conflict when their
// elements share a node. Chunks of one color share no node, so threads can
// assemble different chunks of a color into the global matrix and load
// vector at once, each chunk in element order (as the serial loop: the same
// cache behaviour). Greedy over chunks in order, 64 colors per sweep (a bit
// mask per node); chunks a sweep cannot color go to the next 64 colors.
//
// Output: chunks (nChunks i32, chunk ids sorted by color, ascending within a
// color), colorPtr (nColors + 1 i32: color c is chunks[colorPtr[c] …
// colorPtr[c + 1])). Chunk k holds elements k·chunkSize … min((k + 1)·chunkSize, nElems) − 1.

import { bucketByKey } from "../sparse/bucket";

/** Number of chunks of nElems elements. */
export function chunkCount(nElems: i32, chunkSize: i32): i32 {
  return (nElems + chunkSize - 1) / chunkSize;
}

/**
 * Color the chunks of the elements (conn: nElems × npe i32). Returns the
 * number of colors, or −1 if more than maxColors would be needed.
 * @param chunks   out: chunkCount(nElems, chunkSize) i32
 * @param colorPtr out: maxColors + 1 i32
 */
export function elementColoring(nElems: i32, npe: i32, conn: usize, nNodes: i32, chunkSize: i32, maxColors: i32, chunks: usize, colorPtr: usize): i32 {
  const nChunks = chunkCount(nElems, chunkSize);
  const masks = heap.alloc(<usize>nNodes << 3);
  const color = heap.alloc(<usize>nChunks << 2);
  memory.fill(color, 0xff, <usize>nChunks << 2);
  let left = nChunks, nColors = 0;
  for (let base = 0; left > 0; base += 64) {
    memory.fill(masks, 0, <usize>nNodes << 3);
    for (let k = 0; k < nChunks; k++) {
      if (load<i32>(color + (<usize>k << 2)) >= 0) continue;
      const c0 = conn + (<usize>(k * chunkSize * npe) << 2);
      const c1 = conn + (<usize>(min(nElems, (k + 1) * chunkSize) * npe) << 2);
      let used: u64 = 0;
      for (let c = c0; c < c1; c += 4) used |= load<u64>(masks + (<usize>load<i32>(c) << 3));
      if (used == 0xffff_ffff_ffff_ffff) continue;
      const j = <i32>ctz(~used);
      const bit = (<u64>1) << <u64>j;
      for (let c = c0; c < c1; c += 4) {
        const m = masks + (<usize>load<i32>(c) << 3);
        store<u64>(m, load<u64>(m) | bit);
      }
      store<i32>(color + (<usize>k << 2), base + j);
      if (base + j + 1 > nColors) nColors = base + j + 1;
      left--;
    }
  }
  heap.free(masks);
  if (nColors > maxColors) {
    heap.free(color);
    return -1;
  }
  bucketByKey(nChunks, color, nColors, colorPtr, chunks);
  heap.free(color);
  return nColors;
}
