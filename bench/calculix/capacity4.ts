/**
 * The capacity (mass) matrix of P2 tets integrated with the 4-point rule, as
 * ccx integrates its C3D10 heat capacity (e_c3d_th.f: the element's
 * stiffness rule, mint3d = 4): M4_ij = Σ_q W_q N_i(ξ_q) N_j(ξ_q), W_q the
 * rule's weight times det J at the point. grainfem's own mass matrix uses 14
 * points (exact for straight tets). Used only to explain the θ difference
 * between the codes (scripts/calculix-capacity-check.ts).
 */
import type { FeMesh } from "../../src/fem/mesh.js";
import type { SparseMatrix } from "../../src/linalg/sparse.js";

const QA = 0.5854101966249685, QB = 0.1381966011250105;
/** barycentric coordinates (L0…L3) of the core's tet4 points, in its order (assembly/quadrature.ts) */
const POINTS = [[QA, QB, QB, QB], [QB, QA, QB, QB], [QB, QB, QA, QB], [QB, QB, QB, QA]];
/** mid-edge nodes 4…9 (VTK order) */
const EDGES = [[0, 1], [1, 2], [0, 2], [0, 3], [1, 3], [2, 3]];

/** Fill `M` (CSR on fe's pattern, zeroed first) with the 4-point P2 capacity matrix. */
export function capacityMatrix4(fe: FeMesh, M: SparseMatrix): void {
  if (fe.order !== 2) throw new Error("capacityMatrix4: P2 meshes only");
  const N = POINTS.map((l) => [...l.map((a) => a * (2 * a - 1)), ...EDGES.map(([a, b]) => 4 * l[a] * l[b])]);
  const { w } = fe.quadraturePoints("tet4");
  const rp = fe.pattern.rowPtr.view.slice(), ci = fe.pattern.colIdx.view.slice();
  const vals = new Float64Array(ci.length);
  const at = (i: number, j: number) => {
    let lo = rp[i], hi = rp[i + 1] - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (ci[m] === j) return m;
      if (ci[m] < j) lo = m + 1;
      else hi = m - 1;
    }
    throw new Error(`no pattern entry (${i}, ${j})`);
  };
  const tets = fe.mesh.tets;
  for (let t = 0; t < fe.nTets; t++) {
    for (let q = 0; q < 4; q++) {
      const W = w[4 * t + q];
      for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) vals[at(tets[10 * t + a], tets[10 * t + b])] += W * N[q][a] * N[q][b];
    }
  }
  M.vals.view.set(vals);
}
