// Nodal recovery of a quadrature-point field onto split nodes (one node per
// (node, grain) pair, so grain-boundary jumps survive; the method is in
// src/solver/recovery.ts). In each tet the values at the 4 points of the
// 4-point rule (point k at barycentric QA on vertex k, QB on the others)
// define the linear field through them, whose vertex values are
//   f_k = (s_k − QB Σ s) / (QA − QB);
// mid-edge nodes take the mean of their edge's vertices, and every split
// node averages its tets' values weighted by tet volume.
//
// Each split node gathers from its own tets (recoveryIncidence lists them in
// increasing tet order), so split nodes are independent — the pool's
// threads take ranges of them — and every node's sums run in the order of
// the tet-by-tet loop of the TypeScript code this replaced: the result has
// its bits on any number of threads (tests/helpers/nodal-recovery.ts keeps
// that loop as the reference). A tet's vertex values are formed again for
// each of its nodes (4 or 10 times): a few flops against the memory traffic.
//
// Layouts: splitConn nTets × npe i32 (split node of each tet node, npe = 4 or
// 10 in the mesh's node order), tetVolume nTets f64 (µm³), values
// nTets × 4 × ncomp f64, out count × ncomp f64; the incidence of the split
// nodes incPtr count + 1 i32, inc nTets × npe i32 (entry t·npe + k: node k of
// tet t), node i's entries inc[incPtr[i] … incPtr[i + 1]) in increasing order.

import { tetNodes, TET_EDGE_A, TET_EDGE_B } from "./shape";
import { bucketByKey } from "./sparse/bucket";

const QA: f64 = 0.5854101966249685;
const QB: f64 = 0.1381966011250105;

/**
 * The incidence of the count split nodes (layout above), by a counting sort
 * of splitConn; `incPtr` must hold count + 1 i32, `inc` nTets × npe.
 */
export function recoveryIncidence(order: i32, nTets: i32, splitConn: usize, count: i32, incPtr: usize, inc: usize): void {
  bucketByKey(nTets * tetNodes(order), splitConn, count, incPtr, inc);
}

/** Vertex value k (0–3) of component c of tet t's linear field through its point values (base: the tet's 4 × ncomp values). */
// @ts-ignore: decorator
@inline function vertexValue(base: usize, nc: usize, k: usize, c: usize, inv: f64): f64 {
  const s0 = load<f64>(base + (c << 3)), s1 = load<f64>(base + ((nc + c) << 3));
  const s2 = load<f64>(base + ((2 * nc + c) << 3)), s3 = load<f64>(base + ((3 * nc + c) << 3));
  const bS = QB * (s0 + s1 + s2 + s3);
  return (load<f64>(base + ((k * nc + c) << 3)) - bS) * inv;
}

/**
 * The recovered field on split nodes i0 … i1 − 1 (their rows of out,
 * overwritten; a split node without volume gets 0).
 */
export function recoverSplitNodalRows(order: i32, i0: i32, i1: i32, incPtr: usize, inc: usize, tetVolume: usize, values: usize, ncomp: i32, out: usize): void {
  const npe = tetNodes(order);
  const inv = 1 / (QA - QB);
  const nc = <usize>ncomp;
  for (let i = i0; i < i1; i++) {
    const o = out + ((<usize>i * nc) << 3);
    memory.fill(o, 0, nc << 3);
    let W = 0.0;
    const q1 = load<i32>(incPtr + (<usize>(i + 1) << 2));
    for (let q = load<i32>(incPtr + (<usize>i << 2)); q < q1; q++) {
      const e = load<i32>(inc + (<usize>q << 2));
      const t = e / npe, k = e - t * npe;
      const w = load<f64>(tetVolume + (<usize>t << 3));
      W += w;
      const base = values + ((<usize>t * 4 * nc) << 3);
      if (k < 4) {
        for (let c: usize = 0; c < nc; c++) store<f64>(o + (c << 3), load<f64>(o + (c << 3)) + w * vertexValue(base, nc, <usize>k, c, inv));
      } else {
        const ed = <usize>(k - 4) << 2; // the mid-edge node's edge (shape.ts tables)
        const a = <usize>load<i32>(TET_EDGE_A + ed), b = <usize>load<i32>(TET_EDGE_B + ed);
        for (let c: usize = 0; c < nc; c++) {
          store<f64>(o + (c << 3), load<f64>(o + (c << 3)) + 0.5 * w * (vertexValue(base, nc, a, c, inv) + vertexValue(base, nc, b, c, inv)));
        }
      }
    }
    const s = W > 0 ? 1 / W : 0.0;
    for (let c: usize = 0; c < nc; c++) store<f64>(o + (c << 3), load<f64>(o + (c << 3)) * s);
  }
}
