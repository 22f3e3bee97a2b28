// Nodal recovery of a quadrature-point field onto split nodes (one node per
// (node, grain) pair, so grain-boundary jumps survive; the method is in
// src/solver/recovery.ts). In each tet the values at the 4 points of the
// 4-point rule (point k at barycentric QA on vertex k, QB on the others)
// define the linear field through them, whose vertex values are
//   f_k = (s_k − QB Σ s) / (QA − QB);
// mid-edge nodes take the mean of their edge's vertices, and every split node
// averages its tets' values weighted by tet volume. The sums run in the
// order the TypeScript loop it replaced did (tet by tet, node by node), so
// the result has its bits (tests/helpers/nodal-recovery.ts keeps that loop
// as the reference).
//
// Layouts: splitConn nTets × npe i32 (split node of each tet node, npe = 4 or
// 10 in the mesh's node order), tetVolume nTets f64 (µm³), values
// nTets × 4 × ncomp f64, out count × ncomp f64, wsum count f64 (scratch).

import { tetNodes, TET_EDGE_A, TET_EDGE_B } from "./shape";

const QA: f64 = 0.5854101966249685;
const QB: f64 = 0.1381966011250105;

/**
 * The recovered field on the count split nodes (overwrites out; a split node
 * without volume gets 0).
 * @param vert scratch, 4 ncomp f64
 */
export function recoverSplitNodal(order: i32, nTets: i32, splitConn: usize, tetVolume: usize, values: usize, ncomp: i32,
  count: i32, out: usize, wsum: usize, vert: usize): void {
  const npe = tetNodes(order);
  memory.fill(out, 0, <usize>(count * ncomp) << 3);
  memory.fill(wsum, 0, <usize>count << 3);
  const inv = 1 / (QA - QB);
  const nc = <usize>ncomp;
  for (let t = 0; t < nTets; t++) {
    const w = load<f64>(tetVolume + (<usize>t << 3));
    const base = values + ((<usize>t * 4 * nc) << 3);
    for (let c: usize = 0; c < nc; c++) {
      const s0 = load<f64>(base + (c << 3)), s1 = load<f64>(base + ((nc + c) << 3));
      const s2 = load<f64>(base + ((2 * nc + c) << 3)), s3 = load<f64>(base + ((3 * nc + c) << 3));
      const bS = QB * (s0 + s1 + s2 + s3);
      store<f64>(vert + (c << 3), (s0 - bS) * inv);
      store<f64>(vert + ((nc + c) << 3), (s1 - bS) * inv);
      store<f64>(vert + ((2 * nc + c) << 3), (s2 - bS) * inv);
      store<f64>(vert + ((3 * nc + c) << 3), (s3 - bS) * inv);
    }
    for (let k = 0; k < npe; k++) {
      const id = <usize>load<i32>(splitConn + (<usize>(t * npe + k) << 2));
      const ws = wsum + (id << 3);
      store<f64>(ws, load<f64>(ws) + w);
      const o = out + ((id * nc) << 3);
      if (k < 4) {
        const v = vert + ((<usize>k * nc) << 3);
        for (let c: usize = 0; c < nc; c++) store<f64>(o + (c << 3), load<f64>(o + (c << 3)) + w * load<f64>(v + (c << 3)));
      } else {
        const e = <usize>(k - 4) << 2; // the mid-edge node's edge (shape.ts tables)
        const a = vert + ((<usize>load<i32>(TET_EDGE_A + e) * nc) << 3), b = vert + ((<usize>load<i32>(TET_EDGE_B + e) * nc) << 3);
        for (let c: usize = 0; c < nc; c++) {
          store<f64>(o + (c << 3), load<f64>(o + (c << 3)) + 0.5 * w * (load<f64>(a + (c << 3)) + load<f64>(b + (c << 3))));
        }
      }
    }
  }
  for (let i = 0; i < count; i++) {
    const W = load<f64>(wsum + (<usize>i << 3));
    const s = W > 0 ? 1 / W : 0.0;
    const o = out + ((<usize>i * nc) << 3);
    for (let c: usize = 0; c < nc; c++) store<f64>(o + (c << 3), load<f64>(o + (c << 3)) * s);
  }
}
