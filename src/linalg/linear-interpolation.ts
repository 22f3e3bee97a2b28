/**
 * The interpolation of linear (P1) vector fields into quadratic (P2) ones on
 * a 10-node tet mesh: the prolongator of the AMG's p-coarsening level
 * (src/linalg/amg.ts, AmgOptions.linearCoarseSpace).
 *
 * A P1 field is a P2 field whose vertex values are its own and whose
 * mid-edge values are the mean of the edge's two vertex values (the P1 shape
 * functions at the reference edge midpoint are ½, ½ — on curved, isoparametric
 * edges too). So P has, per fine dof, one entry (a vertex) or two of ½ (a
 * mid-edge node), each in the same displacement component.
 *
 * Layout: scalar CSR, 3 · nNodes rows (dof 3i + a: node i, component a) by
 * 3 · nVertices columns, the rows of a node in a triple that shares one
 * column list — its parent vertices' three dofs each, the other components'
 * entries stored as zeros — because the AMG's products and its node-CSR
 * storage rely on that node-block structure (assembly/sparse/node-csr.ts).
 */
import { TET10_EDGE_A as EDGE_A, TET10_EDGE_B as EDGE_B } from "../mesh/types.js";

export interface LinearInterpolation {
  /** 3 nNodes + 1 row offsets */
  row: Int32Array;
  /** column per entry: a parent vertex's dof, 3 v + b */
  col: Int32Array;
  /** value per entry: 1 (a vertex's own component), ½ (a mid-edge node's component) or 0 (another component; a constrained dof's row) */
  val: Float64Array;
  /** columns: 3 nVertices */
  nCols: number;
  /** the parent vertices of each node, 2 nNodes: a vertex (v, −1), a mid-edge node its edge's two corners */
  parents: Int32Array;
}

/**
 * The two corners of every mid-edge node of a quadratic tet mesh whose first
 * nVertices nodes are the corners: (nNodes − nVertices) × 2 node ids, node
 * nVertices + m lying between ends[2m] < ends[2m + 1].
 * @throws RangeError when the numbering is not of that form
 */
export function midEdgeEnds(tets: Int32Array, nVertices: number, nNodes: number): Int32Array {
  const nMid = nNodes - nVertices;
  if (!(nMid >= 0) || tets.length % 10 !== 0) throw new RangeError(`midEdgeEnds: ${tets.length / 10} tets, ${nVertices} vertices, ${nNodes} nodes do not make a 10-node mesh`);
  // the two corners of each mid-edge node, from any tet that holds it
  const ends = new Int32Array(2 * nMid).fill(-1);
  for (let t = 0; t < tets.length; t += 10) {
    for (let j = 0; j < 6; j++) {
      const m = tets[t + 4 + j] - nVertices;
      const a = tets[t + EDGE_A[j]], b = tets[t + EDGE_B[j]];
      if (m < 0 || m >= nMid || a >= nVertices || b >= nVertices) throw new RangeError(`midEdgeEnds: tet ${t / 10} has corner and mid-edge nodes out of the numbering (nVertices = ${nVertices})`);
      const lo = Math.min(a, b), hi = Math.max(a, b);
      if (ends[2 * m] < 0) { ends[2 * m] = lo; ends[2 * m + 1] = hi; }
      else if (ends[2 * m] !== lo || ends[2 * m + 1] !== hi) throw new RangeError(`midEdgeEnds: mid-edge node ${m + nVertices} lies on edges (${ends[2 * m]}, ${ends[2 * m + 1]}) and (${lo}, ${hi})`);
    }
  }
  for (let m = 0; m < nMid; m++) if (ends[2 * m] < 0) throw new RangeError(`midEdgeEnds: node ${m + nVertices} is in no tet`);
  return ends;
}

/**
 * The P1 → P2 interpolation of a quadratic tet mesh whose first nVertices
 * nodes are the corners (TetMesh's numbering).
 * @param tets 10 node ids per tet
 * @param nNodes all nodes (corners and mid-edge nodes)
 * @param fixed per fine dof (3 nNodes): 1 if constrained — its row is zero,
 *   so the coarse correction leaves constrained dofs alone
 */
export function linearInterpolation(tets: Int32Array, nVertices: number, nNodes: number, fixed?: Uint8Array): LinearInterpolation {
  const ends = midEdgeEnds(tets, nVertices, nNodes);
  const nMid = nNodes - nVertices;

  const nnz = 9 * nVertices + 18 * nMid;
  const row = new Int32Array(3 * nNodes + 1), col = new Int32Array(nnz), val = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < nNodes; i++) {
    const parents = i < nVertices ? 1 : 2;
    const w = i < nVertices ? 1 : 0.5;
    for (let a = 0; a < 3; a++) {
      const keep = !(fixed && fixed[3 * i + a]);
      for (let p = 0; p < parents; p++) {
        const v = i < nVertices ? i : ends[2 * (i - nVertices) + p];
        for (let b = 0; b < 3; b++) {
          col[k] = 3 * v + b;
          val[k++] = keep && a === b ? w : 0;
        }
      }
      row[3 * i + a + 1] = k;
    }
  }
  const parents = new Int32Array(2 * nNodes);
  for (let i = 0; i < nVertices; i++) { parents[2 * i] = i; parents[2 * i + 1] = -1; }
  parents.set(ends, 2 * nVertices);
  return { row, col, val, nCols: 3 * nVertices, parents };
}
