/**
 * Tetrahedron quality measures (SPEC §2), on the straight tet of each
 * element's four vertices:
 *   radius ratio q = 3 r_in / r_circ (1 for the regular tet, 0 for a flat one)
 *   dihedral angles (6 per tet, degrees)
 *   COMSOL's equiangular skewness 1 − max((θmax − θe)/(180° − θe), (θe − θmin)/θe),
 *   θe = arccos(1/3) = 70.53° (1 for the regular tet).
 */
import type { TetMesh } from "./types.js";
import { nodesPerTet } from "./types.js";

export const REGULAR_DIHEDRAL_DEG = (Math.acos(1 / 3) * 180) / Math.PI;

export interface QualityStats {
  minRadiusRatio: number;
  meanRadiusRatio: number;
  minSkewness: number;
  meanSkewness: number;
  minDihedralDeg: number;
  maxDihedralDeg: number;
}

// Edges (i, j) of a tet and the two vertices (k, l) opposite to them.
const EDGES = [[0, 1, 2, 3], [0, 2, 1, 3], [0, 3, 1, 2], [1, 2, 0, 3], [1, 3, 0, 2], [2, 3, 0, 1]];

/**
 * Quality of one straight tet given its vertex coordinates (12 numbers).
 * @param out [radiusRatio, skewness, minDihedralDeg, maxDihedralDeg]
 */
export function tetQuality(p: ArrayLike<number>, out: Float64Array): void {
  const v = (i: number, c: number) => p[3 * i + c];
  const ax = v(1, 0) - v(0, 0), ay = v(1, 1) - v(0, 1), az = v(1, 2) - v(0, 2);
  const bx = v(2, 0) - v(0, 0), by = v(2, 1) - v(0, 1), bz = v(2, 2) - v(0, 2);
  const cx = v(3, 0) - v(0, 0), cy = v(3, 1) - v(0, 1), cz = v(3, 2) - v(0, 2);
  const vol6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  // face normals (area vectors ×2) of the faces opposite each vertex, outward for positive volume
  const n: number[][] = [];
  const faces = [[1, 2, 3], [0, 3, 2], [0, 1, 3], [0, 2, 1]];
  let area = 0;
  for (const [i, j, k] of faces) {
    const ux = v(j, 0) - v(i, 0), uy = v(j, 1) - v(i, 1), uz = v(j, 2) - v(i, 2);
    const wx = v(k, 0) - v(i, 0), wy = v(k, 1) - v(i, 1), wz = v(k, 2) - v(i, 2);
    const nn = [uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx];
    area += 0.5 * Math.hypot(nn[0], nn[1], nn[2]);
    n.push(nn);
  }
  const vol = Math.abs(vol6) / 6;
  const rIn = (3 * vol) / area;
  const a2 = ax * ax + ay * ay + az * az, b2 = bx * bx + by * by + bz * bz, c2 = cx * cx + cy * cy + cz * cz;
  const sx = a2 * (by * cz - bz * cy) + b2 * (cy * az - cz * ay) + c2 * (ay * bz - az * by);
  const sy = a2 * (bz * cx - bx * cz) + b2 * (cz * ax - cx * az) + c2 * (az * bx - ax * bz);
  const sz = a2 * (bx * cy - by * cx) + b2 * (cx * ay - cy * ax) + c2 * (ax * by - ay * bx);
  const rCirc = Math.hypot(sx, sy, sz) / (2 * Math.abs(vol6));
  const rr = vol6 > 0 ? (3 * rIn) / rCirc : 0;
  let dmin = 180, dmax = 0;
  for (const [, , k, l] of EDGES) {
    const nk = n[k], nl = n[l];
    const cos = (nk[0] * nl[0] + nk[1] * nl[1] + nk[2] * nl[2]) / (Math.hypot(nk[0], nk[1], nk[2]) * Math.hypot(nl[0], nl[1], nl[2]));
    const d = 180 - (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
    dmin = Math.min(dmin, d);
    dmax = Math.max(dmax, d);
  }
  const te = REGULAR_DIHEDRAL_DEG;
  out[0] = Number.isFinite(rr) ? rr : 0;
  out[1] = vol6 > 0 ? 1 - Math.max((dmax - te) / (180 - te), (te - dmin) / te) : 0;
  out[2] = dmin;
  out[3] = dmax;
}

/** Per-tet radius ratio and skewness, and the summary statistics of a mesh. */
export function meshQuality(m: TetMesh): { radiusRatio: Float64Array; skewness: Float64Array; stats: QualityStats } {
  const npe = nodesPerTet(m.order);
  const nT = m.tetGrain.length;
  const rr = new Float64Array(nT), sk = new Float64Array(nT);
  const p = new Float64Array(12), q = new Float64Array(4);
  const s: QualityStats = { minRadiusRatio: Infinity, meanRadiusRatio: 0, minSkewness: Infinity, meanSkewness: 0, minDihedralDeg: 180, maxDihedralDeg: 0 };
  for (let t = 0; t < nT; t++) {
    for (let a = 0; a < 4; a++) for (let c = 0; c < 3; c++) p[3 * a + c] = m.nodes[3 * m.tets[npe * t + a] + c];
    tetQuality(p, q);
    rr[t] = q[0];
    sk[t] = q[1];
    s.minRadiusRatio = Math.min(s.minRadiusRatio, q[0]);
    s.minSkewness = Math.min(s.minSkewness, q[1]);
    s.meanRadiusRatio += q[0] / nT;
    s.meanSkewness += q[1] / nT;
    s.minDihedralDeg = Math.min(s.minDihedralDeg, q[2]);
    s.maxDihedralDeg = Math.max(s.maxDihedralDeg, q[3]);
  }
  return { radiusRatio: rr, skewness: sk, stats: s };
}
