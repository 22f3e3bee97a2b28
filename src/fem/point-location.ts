/**
 * Locating points in a tet mesh and evaluating nodal fields there.
 *
 * A point is first tested against the straight (vertex) tets near it; for
 * order-2 meshes the reference coordinates are then refined by Newton's
 * method on the isoparametric map, so a point in a curved boundary tet is
 * evaluated where it really is. Candidates are the tets whose bounding
 * sphere (centroid, largest vertex distance) contains the point.
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet, TET10_EDGE_A as EDGE_A, TET10_EDGE_B as EDGE_B } from "../mesh/types.js";

/** A located point: its tet and reference coordinates (ξ, η, ζ) = barycentrics (L1, L2, L3). */
export interface Location {
  tet: number;
  xi: [number, number, number];
}

/** Shape function values at reference coordinates (VTK node order), into `out` (4 or 10). */
export function shapeValues(order: 1 | 2, xi: readonly number[], out: Float64Array): void {
  const L = [1 - xi[0] - xi[1] - xi[2], xi[0], xi[1], xi[2]];
  if (order === 1) {
    for (let i = 0; i < 4; i++) out[i] = L[i];
    return;
  }
  for (let i = 0; i < 4; i++) out[i] = L[i] * (2 * L[i] - 1);
  for (let e = 0; e < 6; e++) out[4 + e] = 4 * L[EDGE_A[e]] * L[EDGE_B[e]];
}

/** Reference gradients dN_i/dξ_j (npe × 3, row-major) at ξ, into `out`. */
function shapeRefGradients(order: 1 | 2, xi: readonly number[], out: Float64Array): void {
  // dL/dξ: L0 → (−1, −1, −1), L1 → (1,0,0), L2 → (0,1,0), L3 → (0,0,1)
  const dL = [[-1, -1, -1], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const L = [1 - xi[0] - xi[1] - xi[2], xi[0], xi[1], xi[2]];
  if (order === 1) {
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) out[3 * i + j] = dL[i][j];
    return;
  }
  for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) out[3 * i + j] = (4 * L[i] - 1) * dL[i][j];
  for (let e = 0; e < 6; e++) {
    const a = EDGE_A[e], b = EDGE_B[e];
    for (let j = 0; j < 3; j++) out[3 * (4 + e) + j] = 4 * (dL[a][j] * L[b] + L[a] * dL[b][j]);
  }
}

/** Barycentrics of p in the straight tet with vertices x0..x3 (returns L1, L2, L3; L0 = 1 − Σ). */
function linearXi(m: TetMesh, t: number, p: readonly number[], out: number[]): boolean {
  const npe = nodesPerTet(m.order);
  const x = m.nodes, v = m.tets;
  const o = 3 * v[t * npe];
  const J = new Array<number>(9);
  for (let k = 0; k < 3; k++) {
    const ok = 3 * v[t * npe + 1 + k];
    for (let c = 0; c < 3; c++) J[3 * c + k] = x[ok + c] - x[o + c];
  }
  const r = [p[0] - x[o], p[1] - x[o + 1], p[2] - x[o + 2]];
  return solve3(J, r, out);
}

/** Solve the 3 × 3 system J s = r (Cramer); false if singular. */
function solve3(J: number[], r: number[], s: number[]): boolean {
  const [a, b, c, d, e, f, g, h, i] = J;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (!(Math.abs(det) > 0)) return false;
  s[0] = (r[0] * (e * i - f * h) - b * (r[1] * i - f * r[2]) + c * (r[1] * h - e * r[2])) / det;
  s[1] = (a * (r[1] * i - f * r[2]) - r[0] * (d * i - f * g) + c * (d * r[2] - r[1] * g)) / det;
  s[2] = (a * (e * r[2] - r[1] * h) - b * (d * r[2] - r[1] * g) + r[0] * (d * h - e * g)) / det;
  return true;
}

function minBary(xi: readonly number[]): number {
  return Math.min(1 - xi[0] - xi[1] - xi[2], xi[0], xi[1], xi[2]);
}

/** Newton on x(ξ) = p for a 10-node tet, from the linear guess in `xi`. */
function newtonXi(m: TetMesh, t: number, p: readonly number[], xi: number[]): void {
  const N = new Float64Array(10), G = new Float64Array(30);
  const x = m.nodes, v = m.tets;
  const J = new Array<number>(9), r = [0, 0, 0], d = [0, 0, 0];
  for (let it = 0; it < 20; it++) {
    shapeValues(2, xi, N);
    shapeRefGradients(2, xi, G);
    r[0] = p[0]; r[1] = p[1]; r[2] = p[2];
    J.fill(0);
    for (let a = 0; a < 10; a++) {
      const o = 3 * v[t * 10 + a];
      for (let c = 0; c < 3; c++) {
        r[c] -= N[a] * x[o + c];
        for (let j = 0; j < 3; j++) J[3 * c + j] += x[o + c] * G[3 * a + j];
      }
    }
    if (!solve3(J, r, d)) return;
    xi[0] += d[0]; xi[1] += d[1]; xi[2] += d[2];
    if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) < 1e-14) return;
  }
}

/**
 * Locate points (n × 3, µm). Each point gets the tet whose reference
 * coordinates are most inside (largest smallest barycentric).
 * @returns one Location per point, or null where no tet contains it (tolerance 1e-9)
 */
export function locatePoints(m: TetMesh, points: Float64Array): Array<Location | null> {
  const npe = nodesPerTet(m.order);
  const nTets = m.tetGrain.length;
  const nP = points.length / 3;
  // bounding spheres of the tets (vertices, padded for curved P2 edges)
  const cx = new Float64Array(nTets), cy = new Float64Array(nTets), cz = new Float64Array(nTets), rad = new Float64Array(nTets);
  const x = m.nodes;
  for (let t = 0; t < nTets; t++) {
    let sx = 0, sy = 0, sz = 0;
    for (let k = 0; k < 4; k++) {
      const o = 3 * m.tets[t * npe + k];
      sx += x[o]; sy += x[o + 1]; sz += x[o + 2];
    }
    sx /= 4; sy /= 4; sz /= 4;
    let r2 = 0;
    for (let k = 0; k < npe; k++) {
      const o = 3 * m.tets[t * npe + k];
      r2 = Math.max(r2, (x[o] - sx) ** 2 + (x[o + 1] - sy) ** 2 + (x[o + 2] - sz) ** 2);
    }
    cx[t] = sx; cy[t] = sy; cz[t] = sz;
    rad[t] = 1.25 * Math.sqrt(r2);
  }
  // The points go into the cells of a uniform grid 2 × the largest bounding
  // radius wide (a hash of the occupied cells), so each tet visits the ≤ 8
  // cells its sphere's box overlaps instead of every point meeting every tet
  // (a 100-point profile on 288k tets: ~20 ms against ~330). Each point still
  // meets its candidate tets in increasing order, so ties resolve as before.
  let rMax = 0;
  for (let t = 0; t < nTets; t++) if (rad[t] > rMax) rMax = rad[t];
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < nP; i++) for (let c = 0; c < 3; c++) {
    lo[c] = Math.min(lo[c], points[3 * i + c]);
    hi[c] = Math.max(hi[c], points[3 * i + c]);
  }
  // (at most 1e5 cells a side, so that cell keys stay exact integers)
  const cell = Math.max(2 * rMax, (hi[0] - lo[0]) / 1e5, (hi[1] - lo[1]) / 1e5, (hi[2] - lo[2]) / 1e5, 1e-300);
  const side = 1e5 + 2;
  const key = (i: number, j: number, k: number) => i + side * (j + side * k);
  const cells = new Map<number, number[]>();
  for (let i = 0; i < nP; i++) {
    const id = key(Math.floor((points[3 * i] - lo[0]) / cell), Math.floor((points[3 * i + 1] - lo[1]) / cell), Math.floor((points[3 * i + 2] - lo[2]) / cell));
    const list = cells.get(id);
    if (list) list.push(i);
    else cells.set(id, [i]);
  }
  const best: Array<Location | null> = new Array<Location | null>(nP).fill(null);
  const bestMin = new Float64Array(nP).fill(-Infinity);
  const xi = [0, 0, 0], p = [0, 0, 0];
  for (let t = 0; t < nTets; t++) {
    const r = rad[t];
    const i0 = Math.max(0, Math.floor((cx[t] - r - lo[0]) / cell)), i1 = Math.floor((cx[t] + r - lo[0]) / cell);
    const j0 = Math.max(0, Math.floor((cy[t] - r - lo[1]) / cell)), j1 = Math.floor((cy[t] + r - lo[1]) / cell);
    const k0 = Math.max(0, Math.floor((cz[t] - r - lo[2]) / cell)), k1 = Math.floor((cz[t] + r - lo[2]) / cell);
    if (i1 < 0 || j1 < 0 || k1 < 0) continue; // (the box spans ≤ 2 cells a side: 2r ≤ cell)
    for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let ii = i0; ii <= i1; ii++) {
      const list = cells.get(key(ii, j, k));
      if (!list) continue;
      for (const i of list) {
        p[0] = points[3 * i]; p[1] = points[3 * i + 1]; p[2] = points[3 * i + 2];
        const mb = candidateMinBary(m, t, p, cx, cy, cz, rad, xi);
        if (mb > bestMin[i]) {
          bestMin[i] = mb;
          best[i] = { tet: t, xi: [xi[0], xi[1], xi[2]] };
        }
      }
    }
  }
  return best.map((b, i) => (b && bestMin[i] >= -1e-9 ? b : null));
}

/**
 * Smallest barycentric of p in tet t (reference coordinates into xi), or
 * −∞ when p is outside the tet's bounding sphere or far outside the tet.
 */
function candidateMinBary(m: TetMesh, t: number, p: number[], cx: Float64Array, cy: Float64Array, cz: Float64Array, rad: Float64Array, xi: number[]): number {
  const dx = p[0] - cx[t], dy = p[1] - cy[t], dz = p[2] - cz[t];
  if (dx * dx + dy * dy + dz * dz > rad[t] * rad[t]) return -Infinity;
  if (!linearXi(m, t, p, xi)) return -Infinity;
  if (minBary(xi) < -0.5) return -Infinity;
  if (m.order === 2) newtonXi(m, t, p, xi);
  return minBary(xi);
}

/**
 * Evaluate a field given per tet node (through `conn`, nTets × npe ids into
 * `field`, nIds × ncomp) at a location.
 */
export function evaluateAt(order: 1 | 2, conn: Int32Array, field: Float64Array, ncomp: number, loc: Location, out: Float64Array): void {
  const npe = nodesPerTet(order);
  const N = new Float64Array(npe);
  shapeValues(order, loc.xi, N);
  out.fill(0, 0, ncomp);
  for (let a = 0; a < npe; a++) {
    const id = conn[loc.tet * npe + a];
    for (let c = 0; c < ncomp; c++) out[c] += N[a] * field[id * ncomp + c];
  }
}

/**
 * Distance along the ray from `origin` in unit direction `dir` to the first
 * boundary triangle (straight, vertices only) it crosses, or Infinity.
 */
export function rayExit(m: TetMesh, origin: readonly number[], dir: readonly number[]): number {
  const npt = m.order === 1 ? 3 : 6;
  const x = m.nodes;
  let best = Infinity;
  const d0 = dir[0], d1 = dir[1], d2 = dir[2];
  // (scalars, not small arrays: this runs over every surface triangle)
  for (let f = 0; f < m.triGrain.length; f++) {
    const a = 3 * m.tris[npt * f], b = 3 * m.tris[npt * f + 1], c = 3 * m.tris[npt * f + 2];
    const e10 = x[b] - x[a], e11 = x[b + 1] - x[a + 1], e12 = x[b + 2] - x[a + 2];
    const e20 = x[c] - x[a], e21 = x[c + 1] - x[a + 1], e22 = x[c + 2] - x[a + 2];
    const p0 = d1 * e22 - d2 * e21, p1 = d2 * e20 - d0 * e22, p2 = d0 * e21 - d1 * e20;
    const det = e10 * p0 + e11 * p1 + e12 * p2;
    if (Math.abs(det) < 1e-300) continue;
    const t0 = origin[0] - x[a], t1 = origin[1] - x[a + 1], t2 = origin[2] - x[a + 2];
    const u = (t0 * p0 + t1 * p1 + t2 * p2) / det;
    if (u < -1e-12 || u > 1 + 1e-12) continue;
    const q0 = t1 * e12 - t2 * e11, q1 = t2 * e10 - t0 * e12, q2 = t0 * e11 - t1 * e10;
    const v = (d0 * q0 + d1 * q1 + d2 * q2) / det;
    if (v < -1e-12 || u + v > 1 + 1e-12) continue;
    const s = (e20 * q0 + e21 * q1 + e22 * q2) / det;
    if (s > 0 && s < best) best = s;
  }
  return best;
}
