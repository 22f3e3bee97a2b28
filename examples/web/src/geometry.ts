/**
 * What the viewer draws, as flat triangle soups (non-indexed: every triangle
 * owns its three vertices, so values may jump across grain boundaries):
 *
 * - the outer surface (the mesh's boundary triangles, corner nodes only);
 * - the section of the particle by a plane x_axis = offset: each tet the plane
 *   cuts contributes a triangle or a quad, with values interpolated linearly
 *   along the cut edges.
 *
 * Values per vertex come from a `FieldSource`: θ (nodal), von Mises (from
 * the recovered stress on the split nodes, so each grain keeps its own value
 * at a shared node), grain id and reactive flag (per grain).
 */
import { vonMises, type SimulationFields } from "grainfem";

/** The quantity colouring the particle. */
export type FieldName = "theta" | "vonMises" | "grain" | "reactive";

/** Triangles: positions (nTri × 3 × 3, µm) and one value per vertex (nTri × 3). */
export interface TriangleSoup {
  positions: Float32Array;
  values: Float32Array;
}

/** Per-(tet, corner) values of one field at one snapshot. */
export interface FieldSource {
  /** value at corner k (0–3) of tet t */
  at(t: number, k: number): number;
}

/** The field at snapshot k as corner values. */
export function fieldSource(fields: SimulationFields, k: number, name: FieldName): FieldSource {
  const { mesh, split } = fields;
  const npe = mesh.order === 1 ? 4 : 10;
  const snap = fields.snapshots[k];
  if (name === "theta") return { at: (t, c) => snap.theta[mesh.tets[npe * t + c]] };
  if (name === "grain") return { at: (t) => mesh.tetGrain[t] };
  if (name === "reactive") return { at: (t) => fields.grainReactive[mesh.tetGrain[t]] };
  const vm = vonMises(snap.stress, new Float64Array(split.count));
  return { at: (t, c) => vm[split.conn[npe * t + c]] };
}

/** For each surface triangle: the tet it bounds and which corners of that tet its vertices are. */
export interface SurfaceMap {
  tet: Int32Array;
  /** nTris × 3 corner indices (0–3) */
  corner: Uint8Array;
}

/** Match each boundary triangle to its tet (once per mesh). */
export function surfaceMap(fields: SimulationFields): SurfaceMap {
  const { mesh } = fields;
  const npe = mesh.order === 1 ? 4 : 10, npt = mesh.order === 1 ? 3 : 6;
  const nTris = mesh.triGrain.length, nTets = mesh.tetGrain.length;
  // key of a face: its sorted vertex ids
  const key = (a: number, b: number, c: number) => {
    const s = [a, b, c].sort((x, y) => x - y);
    return `${s[0]},${s[1]},${s[2]}`;
  };
  const wanted = new Map<string, number>();
  for (let f = 0; f < nTris; f++) wanted.set(key(mesh.tris[npt * f], mesh.tris[npt * f + 1], mesh.tris[npt * f + 2]), f);
  const tet = new Int32Array(nTris).fill(-1), corner = new Uint8Array(3 * nTris);
  const FACES = [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]];
  for (let t = 0; t < nTets; t++) {
    for (const fc of FACES) {
      const v = fc.map((c) => mesh.tets[npe * t + c]);
      const f = wanted.get(key(v[0], v[1], v[2]));
      if (f === undefined) continue;
      tet[f] = t;
      for (let j = 0; j < 3; j++) corner[3 * f + j] = fc[v.indexOf(mesh.tris[npt * f + j])];
    }
  }
  return { tet, corner };
}

/** The outer surface coloured by a field. */
export function surfaceSoup(fields: SimulationFields, map: SurfaceMap, src: FieldSource): TriangleSoup {
  const { mesh } = fields;
  const npt = mesh.order === 1 ? 3 : 6;
  const n = mesh.triGrain.length;
  const positions = new Float32Array(9 * n), values = new Float32Array(3 * n);
  for (let f = 0; f < n; f++) {
    for (let j = 0; j < 3; j++) {
      const v = mesh.tris[npt * f + j];
      positions.set([mesh.nodes[3 * v], mesh.nodes[3 * v + 1], mesh.nodes[3 * v + 2]], 9 * f + 3 * j);
      values[3 * f + j] = map.tet[f] >= 0 ? src.at(map.tet[f], map.corner[3 * f + j]) : NaN;
    }
  }
  return { positions, values };
}

const EDGES: Array<[number, number]> = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];

/**
 * The section x_axis = offset, coloured by a field.
 * @param axis 0, 1, 2 for x, y, z
 * @param offset plane position (µm)
 */
export function sectionSoup(fields: SimulationFields, src: FieldSource, axis: 0 | 1 | 2, offset: number): TriangleSoup {
  const { mesh } = fields;
  const npe = mesh.order === 1 ? 4 : 10;
  const nTets = mesh.tetGrain.length;
  const pos: number[] = [], val: number[] = [];
  const d = new Float64Array(4);
  const px: number[][] = [], pv: number[] = [];
  for (let t = 0; t < nTets; t++) {
    let below = 0;
    for (let c = 0; c < 4; c++) {
      d[c] = mesh.nodes[3 * mesh.tets[npe * t + c] + axis] - offset;
      if (d[c] < 0) below++;
    }
    if (below === 0 || below === 4) continue;
    px.length = 0;
    pv.length = 0;
    for (const [a, b] of EDGES) {
      if (d[a] < 0 === d[b] < 0) continue;
      const s = d[a] / (d[a] - d[b]);
      const na = 3 * mesh.tets[npe * t + a], nb = 3 * mesh.tets[npe * t + b];
      px.push([0, 1, 2].map((j) => mesh.nodes[na + j] + s * (mesh.nodes[nb + j] - mesh.nodes[na + j])));
      pv.push(src.at(t, a) + s * (src.at(t, b) - src.at(t, a)));
    }
    // order the 3–4 points around their centroid (in the plane's two other axes)
    const [u, w] = axis === 0 ? [1, 2] : axis === 1 ? [2, 0] : [0, 1];
    const cu = px.reduce((s, p) => s + p[u], 0) / px.length, cw = px.reduce((s, p) => s + p[w], 0) / px.length;
    const order = px.map((_, i) => i).sort((i, j) => Math.atan2(px[i][w] - cw, px[i][u] - cu) - Math.atan2(px[j][w] - cw, px[j][u] - cu));
    for (let k = 1; k + 1 < order.length; k++) {
      for (const i of [order[0], order[k], order[k + 1]]) {
        pos.push(px[i][0], px[i][1], px[i][2]);
        val.push(pv[i]);
      }
    }
  }
  return { positions: Float32Array.from(pos), values: Float32Array.from(val) };
}

/** Range of the finite values of several soups (for a shared colour scale). */
export function valueRange(...soups: TriangleSoup[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of soups) {
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
