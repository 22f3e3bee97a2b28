/**
 * Rasterize a planar cross-section of a tet mesh (browser-pure).
 *
 * Each tet that straddles the plane is cut: a 10-node tet is first split into
 * its 8 linear sub-tets through the mid-edge nodes (so curved boundary tets
 * and the quadratic field are followed piecewise linearly), each linear tet
 * cut by the plane gives a triangle or a quad, and that polygon is
 * scan-converted with the field interpolated linearly. The result is an image
 * of values (NaN outside the particle) and of grain ids (−1 outside), from
 * which colorize() makes RGBA with grain boundaries drawn.
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet } from "../mesh/types.js";

/** Sub-tets of a VTK 10-node tet (local node ids; 4–9 are the mid-edge nodes of 01, 12, 02, 03, 13, 23). */
const SUB_TETS_P2 = [
  [0, 4, 6, 7], [4, 1, 5, 8], [6, 5, 2, 9], [7, 8, 9, 3],
  // the inner octahedron, split along the diagonal 6–8
  [6, 8, 4, 5], [6, 8, 5, 9], [6, 8, 9, 7], [6, 8, 7, 4],
];
const SUB_TETS_P1 = [[0, 1, 2, 3]];
const TET_EDGES = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];

/** Which plane and which window of it to rasterize. */
export interface SectionView {
  /** the plane's normal axis (0 = x, 1 = y, 2 = z) and offset: x_axis = offset (µm) */
  axis: 0 | 1 | 2;
  offset: number;
  /** window in the in-plane coordinates (u, v) of planeAxes(axis), µm */
  uMin: number;
  uMax: number;
  vMin: number;
  vMax: number;
  /** image size (pixels) */
  width: number;
  height: number;
}

export interface SectionImage {
  view: SectionView;
  /** value per pixel, row-major from the top (v = vMax) row; NaN outside the mesh */
  values: Float32Array;
  /** grain id per pixel; −1 outside */
  grain: Int32Array;
}

/** In-plane axes (u, v) for a normal axis: z → (x, y), x → (y, z), y → (x, z). */
export function planeAxes(axis: 0 | 1 | 2): [number, number] {
  return axis === 2 ? [0, 1] : axis === 0 ? [1, 2] : [0, 2];
}

/**
 * Rasterize one scalar field on a plane.
 * @param nodeIndex per tet node (nTets × npe): the index into `values` — mesh.tets for a nodal
 *   field, the split-node connectivity for a field with grain-boundary jumps
 * @param values field values (any units)
 */
export function rasterizeSection(mesh: TetMesh, nodeIndex: Int32Array, values: ArrayLike<number>, view: SectionView): SectionImage {
  const { width: W, height: H } = view;
  const out = new Float32Array(W * H).fill(NaN);
  const grainImg = new Int32Array(W * H).fill(-1);
  const npe = nodesPerTet(mesh.order);
  const subs = npe === 10 ? SUB_TETS_P2 : SUB_TETS_P1;
  const [ua, va] = planeAxes(view.axis);
  const ax = view.axis, d = view.offset;
  const X = mesh.nodes, T = mesh.tets;
  const nT = mesh.tetGrain.length;
  // scratch (no allocation per tet)
  const s = new Float64Array(4), pu = new Float64Array(4), pv = new Float64Array(4), pf = new Float64Array(4);
  const cu = new Float64Array(4), cv = new Float64Array(4), cf = new Float64Array(4);
  const du = (view.uMax - view.uMin) / W, dv = (view.vMax - view.vMin) / H;
  for (let t = 0; t < nT; t++) {
    const base = t * npe;
    let below = false, above = false;
    for (let a = 0; a < npe; a++) {
      const z = X[3 * T[base + a] + ax] - d;
      if (z <= 0) below = true;
      if (z >= 0) above = true;
    }
    if (!below || !above) continue;
    const g = mesh.tetGrain[t];
    for (const sub of subs) {
      for (let k = 0; k < 4; k++) {
        const node = T[base + sub[k]];
        s[k] = X[3 * node + ax] - d;
        pu[k] = X[3 * node + ua];
        pv[k] = X[3 * node + va];
        pf[k] = values[nodeIndex[base + sub[k]]];
      }
      // points where the plane cuts the sub-tet's edges (vertices on the plane count once)
      let n = 0;
      for (let k = 0; k < 4 && n < 4; k++) {
        if (s[k] === 0) { cu[n] = pu[k]; cv[n] = pv[k]; cf[n] = pf[k]; n++; }
      }
      for (const [i, j] of TET_EDGES) {
        if (n >= 4) break;
        if ((s[i] < 0 && s[j] > 0) || (s[i] > 0 && s[j] < 0)) {
          const w = s[i] / (s[i] - s[j]);
          cu[n] = pu[i] + w * (pu[j] - pu[i]);
          cv[n] = pv[i] + w * (pv[j] - pv[i]);
          cf[n] = pf[i] + w * (pf[j] - pf[i]);
          n++;
        }
      }
      if (n < 3) continue;
      if (n === 4) orderConvex(cu, cv, cf);
      fillTriangle(out, grainImg, g, view, du, dv, cu[0], cv[0], cf[0], cu[1], cv[1], cf[1], cu[2], cv[2], cf[2]);
      if (n === 4) fillTriangle(out, grainImg, g, view, du, dv, cu[0], cv[0], cf[0], cu[2], cv[2], cf[2], cu[3], cv[3], cf[3]);
    }
  }
  return { view, values: out, grain: grainImg };
}

/** Sort 4 coplanar points of a convex quad into boundary order (by angle about their centroid). */
function orderConvex(u: Float64Array, v: Float64Array, f: Float64Array): void {
  const mu = (u[0] + u[1] + u[2] + u[3]) / 4, mv = (v[0] + v[1] + v[2] + v[3]) / 4;
  const ang = [0, 1, 2, 3].map((k) => Math.atan2(v[k] - mv, u[k] - mu));
  const idx = [0, 1, 2, 3].sort((a, b) => ang[a] - ang[b]);
  const U = idx.map((k) => u[k]), V = idx.map((k) => v[k]), F = idx.map((k) => f[k]);
  for (let k = 0; k < 4; k++) { u[k] = U[k]; v[k] = V[k]; f[k] = F[k]; }
}

/** Scan-convert one triangle (pixel centres inside, with a small tolerance so shared edges leave no gaps). */
function fillTriangle(out: Float32Array, grainImg: Int32Array, g: number, view: SectionView, du: number, dv: number,
  u0: number, v0: number, f0: number, u1: number, v1: number, f1: number, u2: number, v2: number, f2: number): void {
  const det = (u1 - u0) * (v2 - v0) - (u2 - u0) * (v1 - v0);
  if (Math.abs(det) < 1e-300) return;
  const W = view.width, H = view.height;
  const iMin = Math.max(0, Math.floor((Math.min(u0, u1, u2) - view.uMin) / du - 0.5));
  const iMax = Math.min(W - 1, Math.ceil((Math.max(u0, u1, u2) - view.uMin) / du - 0.5));
  const jMin = Math.max(0, Math.floor((view.vMax - Math.max(v0, v1, v2)) / dv - 0.5));
  const jMax = Math.min(H - 1, Math.ceil((view.vMax - Math.min(v0, v1, v2)) / dv - 0.5));
  const eps = -1e-9;
  for (let j = jMin; j <= jMax; j++) {
    const pv = view.vMax - (j + 0.5) * dv;
    for (let i = iMin; i <= iMax; i++) {
      const pu = view.uMin + (i + 0.5) * du;
      const l1 = ((pu - u0) * (v2 - v0) - (u2 - u0) * (pv - v0)) / det;
      const l2 = ((u1 - u0) * (pv - v0) - (pu - u0) * (v1 - v0)) / det;
      const l0 = 1 - l1 - l2;
      if (l0 < eps || l1 < eps || l2 < eps) continue;
      const p = j * W + i;
      out[p] = l0 * f0 + l1 * f1 + l2 * f2;
      grainImg[p] = g;
    }
  }
}

/** A colormap as a 256 × RGB lookup table (0–255). */
export type ColorTable = Uint8Array;

/**
 * RGBA pixels (row-major, from the top) of a section: values mapped linearly
 * from [lo, hi] into the table (clamped), transparent outside the particle,
 * and grain boundaries — pixels whose right or lower neighbour lies in
 * another grain — drawn in `boundaryRgba`.
 */
export function colorizeSection(img: SectionImage, table: ColorTable, lo: number, hi: number,
  boundaryRgba: [number, number, number, number] = [255, 255, 255, 200]): Uint8Array {
  const { width: W, height: H } = img.view;
  const rgba = new Uint8Array(4 * W * H);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let p = 0; p < W * H; p++) {
    const v = img.values[p];
    if (img.grain[p] < 0 || Number.isNaN(v)) continue;
    const k = Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
    rgba[4 * p] = table[3 * k];
    rgba[4 * p + 1] = table[3 * k + 1];
    rgba[4 * p + 2] = table[3 * k + 2];
    rgba[4 * p + 3] = 255;
  }
  const [br, bg, bb, ba] = boundaryRgba;
  const blend = (p: number) => {
    const a = ba / 255;
    rgba[4 * p] = Math.round(a * br + (1 - a) * rgba[4 * p]);
    rgba[4 * p + 1] = Math.round(a * bg + (1 - a) * rgba[4 * p + 1]);
    rgba[4 * p + 2] = Math.round(a * bb + (1 - a) * rgba[4 * p + 2]);
  };
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const p = j * W + i, g = img.grain[p];
      if (g < 0) continue;
      const right = i + 1 < W ? img.grain[p + 1] : -1, down = j + 1 < H ? img.grain[p + W] : -1;
      if ((right >= 0 && right !== g) || (down >= 0 && down !== g)) blend(p);
    }
  }
  return rgba;
}
