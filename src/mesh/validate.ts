/**
 * Structural checks of a TetMesh before anything is computed on it: array
 * lengths, index ranges, finite coordinates, grain ids. Geometric checks
 * (inverted elements) need the core and live in fem/mesh.ts.
 */
import { InputError } from "../errors.js";
import type { TetMesh } from "./types.js";
import { nodesPerTet, nodesPerTri } from "./types.js";

/** Throw an InputError naming the first problem found (`what` prefixes the location). */
export function validateMeshArrays(m: TetMesh, what = "mesh"): void {
  if (m.order !== 1 && m.order !== 2) throw new InputError(`${what}.order`, `must be 1 or 2 (got ${m.order})`);
  const npe = nodesPerTet(m.order), npt = nodesPerTri(m.order);
  if (m.nodes.length % 3 !== 0 || m.nodes.length === 0) throw new InputError(`${what}.nodes`, `length ${m.nodes.length} is not a positive multiple of 3`);
  const nNodes = m.nodes.length / 3;
  if (m.tets.length !== npe * m.tetGrain.length || m.tetGrain.length === 0) {
    throw new InputError(`${what}.tets`, `length ${m.tets.length} does not match ${m.tetGrain.length} tets × ${npe} nodes`);
  }
  if (m.tris.length !== npt * m.triGrain.length) {
    throw new InputError(`${what}.tris`, `length ${m.tris.length} does not match ${m.triGrain.length} triangles × ${npt} nodes`);
  }
  if (!(m.nVertices > 0 && m.nVertices <= nNodes)) throw new InputError(`${what}.nVertices`, `${m.nVertices} not in [1, ${nNodes}]`);
  for (let i = 0; i < m.nodes.length; i++) {
    if (!Number.isFinite(m.nodes[i])) throw new InputError(`${what}.nodes`, `node ${Math.floor(i / 3)} has a non-finite coordinate (${m.nodes[i]})`);
  }
  const checkIds = (arr: Int32Array, stride: number, label: string) => {
    for (let i = 0; i < arr.length; i++) {
      if (arr[i] < 0 || arr[i] >= nNodes) {
        throw new InputError(`${what}.${label}`, `${label === "tets" ? "tet" : "triangle"} ${Math.floor(i / stride)} references node ${arr[i]} (nodes: ${nNodes})`);
      }
    }
  };
  checkIds(m.tets, npe, "tets");
  checkIds(m.tris, npt, "tris");
  if (!(Number.isInteger(m.nGrains) && m.nGrains >= 1)) throw new InputError(`${what}.nGrains`, `must be a positive integer (got ${m.nGrains})`);
  for (const [arr, label] of [[m.tetGrain, "tetGrain"], [m.triGrain, "triGrain"]] as const) {
    for (let i = 0; i < arr.length; i++) {
      if (arr[i] < 0 || arr[i] >= m.nGrains) throw new InputError(`${what}.${label}`, `entry ${i} has grain id ${arr[i]} outside [0, ${m.nGrains - 1}]`);
    }
  }
}
