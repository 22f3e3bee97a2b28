// The nodal recovery in plain TypeScript, as the run computed it before the
// wasm kernel (assembly/recovery.ts) took its place: the reference the
// kernel's bits are checked against (tests/simulation.test.ts). Same method,
// same sums in the same order — tet by tet, node by node.
import { TET10_EDGE_A as EDGE_A, TET10_EDGE_B as EDGE_B } from "../../src/mesh/types.js";
import type { SplitNodes } from "../../src/solver/recovery.js";

// barycentrics of the 4-point rule's point k: QA on vertex k, QB on the others
const QA = 0.5854101966249685;
const QB = 0.1381966011250105;

/**
 * Recovered nodal field on the split nodes.
 * @param values  quadrature-point values, nTets × 4 × ncomp (4-point rule order)
 * @param tetVolume per tet volume (µm³), the averaging weight
 * @returns split-node field, count × ncomp
 */
export function referenceRecoverNodal(split: SplitNodes, order: 1 | 2, values: Float64Array, ncomp: number, tetVolume: Float64Array): Float64Array {
  const npe = order === 1 ? 4 : 10;
  const nTets = tetVolume.length;
  const sum = new Float64Array(split.count * ncomp);
  const wsum = new Float64Array(split.count);
  const vert = new Float64Array(4 * ncomp);
  const inv = 1 / (QA - QB);
  for (let t = 0; t < nTets; t++) {
    const w = tetVolume[t];
    const base = 4 * ncomp * t;
    for (let c = 0; c < ncomp; c++) {
      const s0 = values[base + c], s1 = values[base + ncomp + c], s2 = values[base + 2 * ncomp + c], s3 = values[base + 3 * ncomp + c];
      const bS = QB * (s0 + s1 + s2 + s3);
      vert[c] = (s0 - bS) * inv;
      vert[ncomp + c] = (s1 - bS) * inv;
      vert[2 * ncomp + c] = (s2 - bS) * inv;
      vert[3 * ncomp + c] = (s3 - bS) * inv;
    }
    for (let k = 0; k < npe; k++) {
      const id = split.conn[t * npe + k];
      wsum[id] += w;
      const o = id * ncomp;
      if (k < 4) {
        for (let c = 0; c < ncomp; c++) sum[o + c] += w * vert[k * ncomp + c];
      } else {
        const a = EDGE_A[k - 4] * ncomp, b = EDGE_B[k - 4] * ncomp;
        for (let c = 0; c < ncomp; c++) sum[o + c] += 0.5 * w * (vert[a + c] + vert[b + c]);
      }
    }
  }
  for (let i = 0; i < split.count; i++) {
    const inv = wsum[i] > 0 ? 1 / wsum[i] : 0;
    for (let c = 0; c < ncomp; c++) sum[i * ncomp + c] *= inv;
  }
  return sum;
}
