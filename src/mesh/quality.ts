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

/** √(x² + y² + z²) (Math.hypot guards against overflow and is many times slower). */
export function norm3(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}

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
    area += 0.5 * norm3(nn[0], nn[1], nn[2]);
    n.push(nn);
  }
  const vol = Math.abs(vol6) / 6;
  const rIn = (3 * vol) / area;
  const a2 = ax * ax + ay * ay + az * az, b2 = bx * bx + by * by + bz * bz, c2 = cx * cx + cy * cy + cz * cz;
  const sx = a2 * (by * cz - bz * cy) + b2 * (cy * az - cz * ay) + c2 * (ay * bz - az * by);
  const sy = a2 * (bz * cx - bx * cz) + b2 * (cz * ax - cx * az) + c2 * (az * bx - ax * bz);
  const sz = a2 * (bx * cy - by * cx) + b2 * (cx * ay - cy * ax) + c2 * (ax * by - ay * bx);
  const rCirc = norm3(sx, sy, sz) / (2 * Math.abs(vol6));
  const rr = vol6 > 0 ? (3 * rIn) / rCirc : 0;
  let dmin = 180, dmax = 0;
  for (const [, , k, l] of EDGES) {
    const nk = n[k], nl = n[l];
    const cos = (nk[0] * nl[0] + nk[1] * nl[1] + nk[2] * nl[2]) / (norm3(nk[0], nk[1], nk[2]) * norm3(nl[0], nl[1], nl[2]));
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

/**
 * Radius ratio 3 r_in / r_circ of the tet with vertex coordinates p (12
 * numbers); 0 for a flat or inverted tet. Allocation free.
 */
export function tetRadiusRatio(p: ArrayLike<number>): number {
  const ax = p[3] - p[0], ay = p[4] - p[1], az = p[5] - p[2];
  const bx = p[6] - p[0], by = p[7] - p[1], bz = p[8] - p[2];
  const cx = p[9] - p[0], cy = p[10] - p[1], cz = p[11] - p[2];
  const vol6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  if (!(vol6 > 0)) return 0;
  // face areas ×2: faces (0,1,2), (0,1,3), (0,2,3), (1,2,3)
  const f1 = norm3(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
  const f2 = norm3(ay * cz - az * cy, az * cx - ax * cz, ax * cy - ay * cx);
  const f3 = norm3(by * cz - bz * cy, bz * cx - bx * cz, bx * cy - by * cx);
  const dx = bx - ax, dy = by - ay, dz = bz - az, ex = cx - ax, ey = cy - ay, ez = cz - az;
  const f4 = norm3(dy * ez - dz * ey, dz * ex - dx * ez, dx * ey - dy * ex);
  const rIn = vol6 / (f1 + f2 + f3 + f4); // (3V)/(A) with V = vol6/6 and A = Σf/2
  const a2 = ax * ax + ay * ay + az * az, b2 = bx * bx + by * by + bz * bz, c2 = cx * cx + cy * cy + cz * cz;
  const sx = a2 * (by * cz - bz * cy) + b2 * (cy * az - cz * ay) + c2 * (ay * bz - az * by);
  const sy = a2 * (bz * cx - bx * cz) + b2 * (cz * ax - cx * az) + c2 * (az * bx - ax * bz);
  const sz = a2 * (bx * cy - by * cx) + b2 * (cx * ay - cy * ax) + c2 * (ax * by - ay * bx);
  const rCirc = Math.sqrt(sx * sx + sy * sy + sz * sz) / (2 * vol6);
  return (3 * rIn) / rCirc;
}

/**
 * COMSOL's equiangular skewness of the tet with vertex coordinates p (12
 * numbers): 1 − max((θmax − θe)/(180° − θe), (θe − θmin)/θe) over the six
 * dihedral angles; 0 for a flat or inverted tet. Allocation free.
 */
export function tetSkewness(p: ArrayLike<number>): number {
  const ax = p[3] - p[0], ay = p[4] - p[1], az = p[5] - p[2];
  const bx = p[6] - p[0], by = p[7] - p[1], bz = p[8] - p[2];
  const cx = p[9] - p[0], cy = p[10] - p[1], cz = p[11] - p[2];
  const vol6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  if (!(vol6 > 0)) return 0;
  // outward normals of the faces opposite vertices 0..3
  const dx = bx - ax, dy = by - ay, dz = bz - az, ex = cx - ax, ey = cy - ay, ez = cz - az;
  const n0x = dy * ez - dz * ey, n0y = dz * ex - dx * ez, n0z = dx * ey - dy * ex; // (1,2,3)
  // faces (0,3,2), (0,1,3), (0,2,1): normals c × b, a × c, b × a
  const m1x = cy * bz - cz * by, m1y = cz * bx - cx * bz, m1z = cx * by - cy * bx;
  const m2x = ay * cz - az * cy, m2y = az * cx - ax * cz, m2z = ax * cy - ay * cx;
  const m3x = by * az - bz * ay, m3y = bz * ax - bx * az, m3z = bx * ay - by * ax;
  const l0 = norm3(n0x, n0y, n0z), l1 = norm3(m1x, m1y, m1z), l2 = norm3(m2x, m2y, m2z), l3 = norm3(m3x, m3y, m3z);
  // dihedral angle at the edge shared by faces i and j: π − angle between their
  // outward normals, so cos θ = −n̂i·n̂j; track the extreme cosines
  const c01 = -(n0x * m1x + n0y * m1y + n0z * m1z) / (l0 * l1);
  const c02 = -(n0x * m2x + n0y * m2y + n0z * m2z) / (l0 * l2);
  const c03 = -(n0x * m3x + n0y * m3y + n0z * m3z) / (l0 * l3);
  const c12 = -(m1x * m2x + m1y * m2y + m1z * m2z) / (l1 * l2);
  const c13 = -(m1x * m3x + m1y * m3y + m1z * m3z) / (l1 * l3);
  const c23 = -(m2x * m3x + m2y * m3y + m2z * m3z) / (l2 * l3);
  const cmin = Math.min(c01, c02, c03, c12, c13, c23), cmax = Math.max(c01, c02, c03, c12, c13, c23);
  const tmax = (Math.acos(Math.max(-1, Math.min(1, cmin))) * 180) / Math.PI; // largest angle has the smallest cosine
  const tmin = (Math.acos(Math.max(-1, Math.min(1, cmax))) * 180) / Math.PI;
  const te = REGULAR_DIHEDRAL_DEG;
  return 1 - Math.max((tmax - te) / (180 - te), (te - tmin) / te);
}

/**
 * The quality the mesher optimises at its floor: min(radius ratio, 2 ×
 * skewness), so that the targets radius ratio ≥ 0.2 and skewness ≥ 0.1 are
 * the same number. 0 for a flat or inverted tet.
 */
export function tetFloorQuality(p: ArrayLike<number>): number {
  return Math.min(tetRadiusRatio(p), 2 * tetSkewness(p));
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
