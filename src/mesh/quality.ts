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


/**
 * Quality of one straight tet given its vertex coordinates (12 numbers),
 * allocation free.
 * @param out [radiusRatio, skewness, minDihedralDeg, maxDihedralDeg]
 */
export function tetQuality(p: ArrayLike<number>, out: Float64Array): void {
  const ax = p[3] - p[0], ay = p[4] - p[1], az = p[5] - p[2];
  const bx = p[6] - p[0], by = p[7] - p[1], bz = p[8] - p[2];
  const cx = p[9] - p[0], cy = p[10] - p[1], cz = p[11] - p[2];
  const vol6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  // outward area vectors (×2) of the faces opposite vertices 0..3 (for positive volume)
  const dx = bx - ax, dy = by - ay, dz = bz - az, ex = cx - ax, ey = cy - ay, ez = cz - az;
  const n0x = dy * ez - dz * ey, n0y = dz * ex - dx * ez, n0z = dx * ey - dy * ex;
  const n1x = cy * bz - cz * by, n1y = cz * bx - cx * bz, n1z = cx * by - cy * bx;
  const n2x = ay * cz - az * cy, n2y = az * cx - ax * cz, n2z = ax * cy - ay * cx;
  const n3x = by * az - bz * ay, n3y = bz * ax - bx * az, n3z = bx * ay - by * ax;
  const l0 = Math.sqrt(n0x * n0x + n0y * n0y + n0z * n0z), l1 = Math.sqrt(n1x * n1x + n1y * n1y + n1z * n1z);
  const l2 = Math.sqrt(n2x * n2x + n2y * n2y + n2z * n2z), l3 = Math.sqrt(n3x * n3x + n3y * n3y + n3z * n3z);
  // dihedral angle at the edge of faces i, j: π − angle between outward normals
  const c01 = -(n0x * n1x + n0y * n1y + n0z * n1z) / (l0 * l1), c02 = -(n0x * n2x + n0y * n2y + n0z * n2z) / (l0 * l2);
  const c03 = -(n0x * n3x + n0y * n3y + n0z * n3z) / (l0 * l3), c12 = -(n1x * n2x + n1y * n2y + n1z * n2z) / (l1 * l2);
  const c13 = -(n1x * n3x + n1y * n3y + n1z * n3z) / (l1 * l3), c23 = -(n2x * n3x + n2y * n3y + n2z * n3z) / (l2 * l3);
  const cmin = Math.min(c01, c02, c03, c12, c13, c23), cmax = Math.max(c01, c02, c03, c12, c13, c23);
  const dmax = (Math.acos(Math.max(-1, Math.min(1, cmin))) * 180) / Math.PI;
  const dmin = (Math.acos(Math.max(-1, Math.min(1, cmax))) * 180) / Math.PI;
  const te = REGULAR_DIHEDRAL_DEG;
  if (vol6 > 0) {
    const a2 = ax * ax + ay * ay + az * az, b2 = bx * bx + by * by + bz * bz, c2 = cx * cx + cy * cy + cz * cz;
    const sx = a2 * (by * cz - bz * cy) + b2 * (cy * az - cz * ay) + c2 * (ay * bz - az * by);
    const sy = a2 * (bz * cx - bx * cz) + b2 * (cz * ax - cx * az) + c2 * (az * bx - ax * bz);
    const sz = a2 * (bx * cy - by * cx) + b2 * (cx * ay - cy * ax) + c2 * (ax * by - ay * bx);
    const rIn = vol6 / (l0 + l1 + l2 + l3);
    out[0] = (6 * rIn * vol6) / Math.sqrt(sx * sx + sy * sy + sz * sz);
    out[1] = 1 - Math.max((dmax - te) / (180 - te), (te - dmin) / te);
  } else {
    out[0] = 0;
    out[1] = 0;
  }
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

const SKEW_OUT = new Float64Array(4);

/**
 * COMSOL's equiangular skewness of the tet with vertex coordinates p (12
 * numbers): 1 − max((θmax − θe)/(180° − θe), (θe − θmin)/θe) over the six
 * dihedral angles; 0 for a flat or inverted tet.
 */
export function tetSkewness(p: ArrayLike<number>): number {
  tetQuality(p, SKEW_OUT);
  return SKEW_OUT[1];
}

/**
 * The quality the mesher optimises at its floor: min(radius ratio, 2 ×
 * skewness), so that the targets radius ratio ≥ 0.2 and skewness ≥ 0.1 are
 * the same number. 0 for a flat or inverted tet. One set of face normals
 * serves both measures. With a `floor`, a radius ratio ≤ floor is returned
 * as it is: the quality is at most that, and a caller that only asks
 * whether it is above the floor is spared the dihedral angles.
 */
export function tetFloorQuality(p: ArrayLike<number>, floor = -Infinity): number {
  const ax = p[3] - p[0], ay = p[4] - p[1], az = p[5] - p[2];
  const bx = p[6] - p[0], by = p[7] - p[1], bz = p[8] - p[2];
  const cx = p[9] - p[0], cy = p[10] - p[1], cz = p[11] - p[2];
  const vol6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  if (!(vol6 > 0)) return 0;
  // outward area vectors (×2) of the faces opposite vertices 0..3
  const dx = bx - ax, dy = by - ay, dz = bz - az, ex = cx - ax, ey = cy - ay, ez = cz - az;
  const n0x = dy * ez - dz * ey, n0y = dz * ex - dx * ez, n0z = dx * ey - dy * ex;
  const n1x = cy * bz - cz * by, n1y = cz * bx - cx * bz, n1z = cx * by - cy * bx;
  const n2x = ay * cz - az * cy, n2y = az * cx - ax * cz, n2z = ax * cy - ay * cx;
  const n3x = by * az - bz * ay, n3y = bz * ax - bx * az, n3z = bx * ay - by * ax;
  const l0 = Math.sqrt(n0x * n0x + n0y * n0y + n0z * n0z), l1 = Math.sqrt(n1x * n1x + n1y * n1y + n1z * n1z);
  const l2 = Math.sqrt(n2x * n2x + n2y * n2y + n2z * n2z), l3 = Math.sqrt(n3x * n3x + n3y * n3y + n3z * n3z);
  const rIn = vol6 / (l0 + l1 + l2 + l3);
  const a2 = ax * ax + ay * ay + az * az, b2 = bx * bx + by * by + bz * bz, c2 = cx * cx + cy * cy + cz * cz;
  const sx = a2 * (by * cz - bz * cy) + b2 * (cy * az - cz * ay) + c2 * (ay * bz - az * by);
  const sy = a2 * (bz * cx - bx * cz) + b2 * (cz * ax - cx * az) + c2 * (az * bx - ax * bz);
  const sz = a2 * (bx * cy - by * cx) + b2 * (cx * ay - cy * ax) + c2 * (ax * by - ay * bx);
  const rr = (6 * rIn * vol6) / Math.sqrt(sx * sx + sy * sy + sz * sz);
  if (rr <= floor) return rr;
  const c01 = -(n0x * n1x + n0y * n1y + n0z * n1z) / (l0 * l1), c02 = -(n0x * n2x + n0y * n2y + n0z * n2z) / (l0 * l2);
  const c03 = -(n0x * n3x + n0y * n3y + n0z * n3z) / (l0 * l3), c12 = -(n1x * n2x + n1y * n2y + n1z * n2z) / (l1 * l2);
  const c13 = -(n1x * n3x + n1y * n3y + n1z * n3z) / (l1 * l3), c23 = -(n2x * n3x + n2y * n3y + n2z * n3z) / (l2 * l3);
  const cmin = Math.min(c01, c02, c03, c12, c13, c23), cmax = Math.max(c01, c02, c03, c12, c13, c23);
  // cos θ is decreasing: θmax from cmin, θmin from cmax; skew is limited by whichever bound is closer
  const te = REGULAR_DIHEDRAL_DEG;
  const tmax = (Math.acos(cmin < -1 ? -1 : cmin) * 180) / Math.PI;
  const tmin = (Math.acos(cmax > 1 ? 1 : cmax) * 180) / Math.PI;
  const skew = 1 - Math.max((tmax - te) / (180 - te), (te - tmin) / te);
  return Math.min(rr, 2 * skew);
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
