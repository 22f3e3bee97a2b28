/**
 * Grain-boundary faces and the normal traction across them.
 *
 * The traction on a boundary face is t = σ n; its normal part t_n = n·σ·n
 * (positive opens the boundary: the driver of intergranular cracking). σ is
 * the recovered per-grain nodal stress at the face's vertices, averaged over
 * the two sides (equilibrium makes t continuous; the sides differ only by
 * discretization error).
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet } from "../mesh/types.js";
import { classifyFaces, type FaceTable } from "../mesh/boundary.js";
import type { SplitNodes } from "./recovery.js";
import { normalStress } from "./stress-measures.js";

export interface GrainBoundaryFaces {
  count: number;
  /** unit normals, count × 3 (from the lower grain id towards the higher) */
  normal: Float64Array;
  /** face areas (straight facets, µm²) */
  area: Float64Array;
  /** per face and side (0: lower grain, 1: higher) the local vertex indices in the side's tet: count × 2 × 3 */
  local: Int32Array;
  /** the two tets, count × 2 (lower grain first) */
  tets: Int32Array;
}

/**
 * Interior faces between different grains.
 * @param faces the mesh's face table when it is at hand (the mesher's: meshParticle's `faces`)
 */
export function grainBoundaryFaces(m: TetMesh, faces: FaceTable = classifyFaces(m.tets, nodesPerTet(m.order), m.nodes.length / 3)): GrainBoundaryFaces {
  const npe = nodesPerTet(m.order);
  const nI = faces.interiorTets.length / 2;
  const sel: number[] = [];
  for (let i = 0; i < nI; i++) {
    if (m.tetGrain[faces.interiorTets[2 * i]] !== m.tetGrain[faces.interiorTets[2 * i + 1]]) sel.push(i);
  }
  const n = sel.length;
  const normal = new Float64Array(3 * n), area = new Float64Array(n), local = new Int32Array(6 * n), tets = new Int32Array(2 * n);
  const x = m.nodes;
  sel.forEach((i, f) => {
    let ta = faces.interiorTets[2 * i], tb = faces.interiorTets[2 * i + 1];
    if (m.tetGrain[ta] > m.tetGrain[tb]) [ta, tb] = [tb, ta];
    tets[2 * f] = ta;
    tets[2 * f + 1] = tb;
    const v = [faces.interior[3 * i], faces.interior[3 * i + 1], faces.interior[3 * i + 2]];
    const e1 = [0, 1, 2].map((c) => x[3 * v[1] + c] - x[3 * v[0] + c]);
    const e2 = [0, 1, 2].map((c) => x[3 * v[2] + c] - x[3 * v[0] + c]);
    let nx = e1[1] * e2[2] - e1[2] * e2[1], ny = e1[2] * e2[0] - e1[0] * e2[2], nz = e1[0] * e2[1] - e1[1] * e2[0];
    const len = Math.hypot(nx, ny, nz);
    area[f] = 0.5 * len;
    nx /= len; ny /= len; nz /= len;
    // orient from tet a (lower grain) to tet b: towards b's fourth vertex
    let opp = -1;
    for (let k = 0; k < 4; k++) {
      const w = m.tets[tb * npe + k];
      if (w !== v[0] && w !== v[1] && w !== v[2]) opp = w;
    }
    const s = (x[3 * opp] - x[3 * v[0]]) * nx + (x[3 * opp + 1] - x[3 * v[0] + 1]) * ny + (x[3 * opp + 2] - x[3 * v[0] + 2]) * nz;
    if (s < 0) { nx = -nx; ny = -ny; nz = -nz; }
    normal[3 * f] = nx; normal[3 * f + 1] = ny; normal[3 * f + 2] = nz;
    for (let side = 0; side < 2; side++) {
      const t = side === 0 ? ta : tb;
      for (let j = 0; j < 3; j++) {
        let k = 0;
        while (m.tets[t * npe + k] !== v[j]) k++;
        local[6 * f + 3 * side + j] = k;
      }
    }
  });
  return { count: n, normal, area, local, tets };
}

export interface TractionStats {
  /** largest (most tensile) normal traction (MPa) */
  max: number;
  /** smallest (most compressive) */
  min: number;
  /** area-weighted mean and standard deviation */
  mean: number;
  std: number;
  /** total grain-boundary area (µm²) */
  areaUm2: number;
}

/**
 * Normal traction on every grain-boundary face (count values) from the
 * recovered split-node stress (split.count × 6).
 */
export function normalTractions(gb: GrainBoundaryFaces, split: SplitNodes, npe: number, stress: Float64Array): Float64Array {
  const out = new Float64Array(gb.count);
  const avg = new Float64Array(6);
  for (let f = 0; f < gb.count; f++) {
    avg.fill(0);
    for (let side = 0; side < 2; side++) {
      const t = gb.tets[2 * f + side];
      for (let j = 0; j < 3; j++) {
        const id = split.conn[t * npe + gb.local[6 * f + 3 * side + j]];
        for (let c = 0; c < 6; c++) avg[c] += stress[6 * id + c] / 6;
      }
    }
    out[f] = normalStress(avg, 0, gb.normal[3 * f], gb.normal[3 * f + 1], gb.normal[3 * f + 2]);
  }
  return out;
}

/** Area-weighted statistics of face values. */
export function tractionStats(values: Float64Array, area: Float64Array): TractionStats {
  let A = 0, S = 0, max = -Infinity, min = Infinity;
  for (let f = 0; f < values.length; f++) {
    A += area[f];
    S += area[f] * values[f];
    max = Math.max(max, values[f]);
    min = Math.min(min, values[f]);
  }
  const mean = A > 0 ? S / A : 0;
  let V = 0;
  for (let f = 0; f < values.length; f++) V += area[f] * (values[f] - mean) ** 2;
  return values.length ? { max, min, mean, std: Math.sqrt(V / A), areaUm2: A } : { max: 0, min: 0, mean: 0, std: 0, areaUm2: 0 };
}
