// Sparsity of FE matrices: the node-adjacency graph of a mesh, stored as CSR
// (rowPtr: nNodes + 1 i32, colIdx: nnz i32, columns sorted, diagonal present).
// The same pattern serves the scalar diffusion matrices (CSR) and the 3 × 3
// block elasticity matrix (BSR3), so it is built once per mesh.

/**
 * Build the node graph of a mesh.
 * @param nNodes    number of nodes
 * @param nElems    number of elements
 * @param npe       nodes per element
 * @param conn      connectivity, nElems × npe i32 (node ids in [0, nNodes))
 * @param rowPtrOut out: nNodes + 1 i32
 * @returns pointer to colIdx (rowPtrOut[nNodes] i32), owned by the caller (free it)
 */
export function buildNodeGraph(nNodes: i32, nElems: i32, npe: i32, conn: usize, rowPtrOut: usize): usize {
  const n = <usize>nNodes;
  const total = <usize>nElems * <usize>npe;
  // node -> elements (CSR by counting)
  const nePtr = heap.alloc((n + 1) << 2);
  memory.fill(nePtr, 0, (n + 1) << 2);
  for (let k: usize = 0; k < total; k++) {
    const v = <usize>load<i32>(conn + (k << 2));
    if (DEBUG) assert(v < n, "buildNodeGraph: node id out of range");
    store<i32>(nePtr + ((v + 1) << 2), load<i32>(nePtr + ((v + 1) << 2)) + 1);
  }
  for (let i: usize = 0; i < n; i++) {
    store<i32>(nePtr + ((i + 1) << 2), load<i32>(nePtr + ((i + 1) << 2)) + load<i32>(nePtr + (i << 2)));
  }
  const ne = heap.alloc(total << 2);
  const cursor = heap.alloc(n << 2);
  memory.copy(cursor, nePtr, n << 2);
  for (let e = 0; e < nElems; e++) {
    for (let a = 0; a < npe; a++) {
      const v = <usize>load<i32>(conn + ((<usize>e * <usize>npe + <usize>a) << 2));
      const c = load<i32>(cursor + (v << 2));
      store<i32>(ne + (<usize>c << 2), e);
      store<i32>(cursor + (v << 2), c + 1);
    }
  }
  // pass 1: count distinct neighbours of each node (marker = last row that saw the node)
  const marker = cursor; // reuse, n i32
  memory.fill(marker, 0xff, n << 2);
  store<i32>(rowPtrOut, 0);
  for (let i = 0; i < nNodes; i++) {
    let cnt = 0;
    const e0 = load<i32>(nePtr + (<usize>i << 2)), e1 = load<i32>(nePtr + (<usize>(i + 1) << 2));
    for (let k = e0; k < e1; k++) {
      const c = conn + (<usize>load<i32>(ne + (<usize>k << 2)) * <usize>npe << 2);
      for (let a = 0; a < npe; a++) {
        const j = <usize>load<i32>(c + (<usize>a << 2));
        if (load<i32>(marker + (j << 2)) != i) {
          store<i32>(marker + (j << 2), i);
          cnt++;
        }
      }
    }
    store<i32>(rowPtrOut + (<usize>(i + 1) << 2), load<i32>(rowPtrOut + (<usize>i << 2)) + cnt);
  }
  const nnz = <usize>load<i32>(rowPtrOut + (n << 2));
  // pass 2: fill rows unsorted
  const unsorted = heap.alloc(nnz << 2);
  memory.fill(marker, 0xff, n << 2);
  for (let i = 0; i < nNodes; i++) {
    let pos = load<i32>(rowPtrOut + (<usize>i << 2));
    const e0 = load<i32>(nePtr + (<usize>i << 2)), e1 = load<i32>(nePtr + (<usize>(i + 1) << 2));
    for (let k = e0; k < e1; k++) {
      const c = conn + (<usize>load<i32>(ne + (<usize>k << 2)) * <usize>npe << 2);
      for (let a = 0; a < npe; a++) {
        const j = load<i32>(c + (<usize>a << 2));
        if (load<i32>(marker + (<usize>j << 2)) != i) {
          store<i32>(marker + (<usize>j << 2), i);
          store<i32>(unsorted + (<usize>pos << 2), j);
          pos++;
        }
      }
    }
  }
  // The graph is symmetric, so its transpose has the same rows; scanning rows
  // in increasing order writes every transposed row already sorted (O(nnz)).
  const colIdx = heap.alloc(nnz << 2);
  memory.copy(cursor, rowPtrOut, n << 2);
  for (let i = 0; i < nNodes; i++) {
    const p0 = load<i32>(rowPtrOut + (<usize>i << 2)), p1 = load<i32>(rowPtrOut + (<usize>(i + 1) << 2));
    for (let p = p0; p < p1; p++) {
      const j = <usize>load<i32>(unsorted + (<usize>p << 2));
      const c = load<i32>(cursor + (j << 2));
      store<i32>(colIdx + (<usize>c << 2), i);
      store<i32>(cursor + (j << 2), c + 1);
    }
  }
  heap.free(unsorted);
  heap.free(cursor);
  heap.free(ne);
  heap.free(nePtr);
  return colIdx;
}

/**
 * Position of entry (row, col) in a sorted CSR pattern, or −1 if absent.
 */
export function csrFind(rowPtr: usize, colIdx: usize, row: i32, col: i32): i32 {
  let lo = load<i32>(rowPtr + (<usize>row << 2));
  let hi = load<i32>(rowPtr + (<usize>(row + 1) << 2)) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = load<i32>(colIdx + (<usize>mid << 2));
    if (c == col) return mid;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Number of distinct mesh edges in a node graph: (nnz − nNodes) / 2. */
export function graphEdgeCount(nNodes: i32, rowPtr: usize): i32 {
  return (load<i32>(rowPtr + (<usize>nNodes << 2)) - nNodes) >> 1;
}

/**
 * Enumerate the edges of a node graph (a < b): edge id order is row-major
 * over the upper triangle. Writes `upperStart` (nNodes i32: id of the first
 * edge of each row) and `outEdges` (nEdges × 2 i32).
 */
export function graphEdges(nNodes: i32, rowPtr: usize, colIdx: usize, upperStart: usize, outEdges: usize): void {
  let id = 0;
  for (let a = 0; a < nNodes; a++) {
    store<i32>(upperStart + (<usize>a << 2), id);
    const p1 = load<i32>(rowPtr + (<usize>(a + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>a << 2)); p < p1; p++) {
      const b = load<i32>(colIdx + (<usize>p << 2));
      if (b <= a) continue;
      store<i32>(outEdges + (<usize>id << 3), a);
      store<i32>(outEdges + (<usize>id << 3) + 4, b);
      id++;
    }
  }
}

// Edge id of (a, b) from the sorted pattern and upperStart.
@inline function edgeId(rowPtr: usize, colIdx: usize, upperStart: usize, a: i32, b: i32): i32 {
  if (a > b) { const t = a; a = b; b = t; }
  const pos = csrFind(rowPtr, colIdx, a, b);
  const diag = csrFind(rowPtr, colIdx, a, a);
  if (DEBUG) assert(pos > diag && diag >= 0, "edgeId: edge not in graph");
  return load<i32>(upperStart + (<usize>a << 2)) + (pos - diag - 1);
}

/**
 * Lift linear elements to quadratic ones: node ids of mid-edge nodes are
 * nNodes + edge id. `nv` vertices and `ne` edges per element; the edge table
 * (ea[k], eb[k]) gives the local vertices of edge k.
 * @param conn    nElems × nv i32 (linear connectivity)
 * @param outConn nElems × (nv + ne) i32 (vertices, then edge nodes)
 */
export function liftToQuadratic(nNodes: i32, nElems: i32, nv: i32, ne: i32, ea: usize, eb: usize, conn: usize,
  rowPtr: usize, colIdx: usize, upperStart: usize, outConn: usize): void {
  const npe = nv + ne;
  for (let e = 0; e < nElems; e++) {
    const src = conn + (<usize>(e * nv) << 2);
    const dst = outConn + (<usize>(e * npe) << 2);
    memory.copy(dst, src, <usize>nv << 2);
    for (let k = 0; k < ne; k++) {
      const a = load<i32>(src + (<usize>load<i32>(ea + (<usize>k << 2)) << 2));
      const b = load<i32>(src + (<usize>load<i32>(eb + (<usize>k << 2)) << 2));
      store<i32>(dst + (<usize>(nv + k) << 2), nNodes + edgeId(rowPtr, colIdx, upperStart, a, b));
    }
  }
}

/**
 * Entries strictly above the diagonal of a node-graph pattern (n rows): the
 * length of the upper-triangle copies of sparse/csr-sym.ts (scalar entries)
 * and sparse/bsr3-sym.ts (3 × 3 blocks), which share the pattern.
 */
export function patternUpperCount(n: i32, rowPtr: usize, colIdx: usize): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) if (load<i32>(colIdx + (<usize>p << 2)) > i) c++;
  }
  return c;
}

/**
 * The strict upper triangle of a node-graph pattern (n rows): uRow (n + 1
 * i32) and uCol (patternUpperCount i32), columns in the pattern's order.
 * Matrices assembled straight into it (sparse/bsr3-sym.ts) never hold the
 * full pattern's values.
 */
export function patternUpper(n: i32, rowPtr: usize, colIdx: usize, uRow: usize, uCol: usize): void {
  let q = 0;
  store<i32>(uRow, 0);
  for (let i = 0; i < n; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      if (j > i) store<i32>(uCol + (<usize>(q++) << 2), j);
    }
    store<i32>(uRow + (<usize>(i + 1) << 2), q);
  }
}

/**
 * Index of an upper-triangle pattern's transpose — the strict lower
 * triangle, row by row: row j lists the rows i < j whose upper row holds j,
 * in increasing i (lCol), with the position of that entry in the upper
 * arrays (lPos). Lets a symmetric matrix stored by its upper triangle be
 * read by whole rows (lower part, diagonal, upper part: the full pattern's
 * sorted column order) without storing the lower values.
 * @param lRow n + 1 i32; lCol, lPos: nnzU i32 each
 */
export function patternLowerIndex(n: i32, uRow: usize, uCol: usize, lRow: usize, lCol: usize, lPos: usize): void {
  const nnz = load<i32>(uRow + (<usize>n << 2));
  memory.fill(lRow, 0, <usize>(n + 1) << 2);
  for (let p = 0; p < nnz; p++) {
    const o = lRow + (<usize>(load<i32>(uCol + (<usize>p << 2)) + 1) << 2);
    store<i32>(o, load<i32>(o) + 1);
  }
  for (let j = 0; j < n; j++) store<i32>(lRow + (<usize>(j + 1) << 2), load<i32>(lRow + (<usize>(j + 1) << 2)) + load<i32>(lRow + (<usize>j << 2)));
  // fill with lRow[j] as row j's cursor, then shift the pointers back
  for (let i = 0; i < n; i++) {
    const p1 = load<i32>(uRow + (<usize>(i + 1) << 2));
    for (let p = load<i32>(uRow + (<usize>i << 2)); p < p1; p++) {
      const cur = lRow + (<usize>load<i32>(uCol + (<usize>p << 2)) << 2);
      const slot = load<i32>(cur);
      store<i32>(lCol + (<usize>slot << 2), i);
      store<i32>(lPos + (<usize>slot << 2), p);
      store<i32>(cur, slot + 1);
    }
  }
  for (let j = n; j > 0; j--) store<i32>(lRow + (<usize>j << 2), load<i32>(lRow + (<usize>(j - 1) << 2)));
  store<i32>(lRow, 0);
}
