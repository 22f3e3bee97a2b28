/**
 * A TetMesh as a VTU grid and back: tets as VTK_TETRA (10) or
 * VTK_QUADRATIC_TETRA (24), cell array "grain" (Int32). On reading, the grain
 * array may also be called "gmsh:physical" (meshio's name for gmsh physical
 * tags: grain = tag − 1) or "CellEntityIds" (same convention).
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet } from "../mesh/types.js";
import type { RawMesh } from "../mesh/import.js";
import { InputError } from "../errors.js";
import type { VtuDataArray, VtuGrid } from "./vtu.js";

export const VTK_TETRA = 10;
export const VTK_QUADRATIC_TETRA = 24;

/** Grid of the tets of a mesh with the "grain" cell array (plus any extra arrays). */
export function meshToVtu(m: TetMesh, pointData: VtuDataArray[] = [], cellData: VtuDataArray[] = []): VtuGrid {
  const npe = nodesPerTet(m.order);
  const nT = m.tetGrain.length;
  const offsets = new Int32Array(nT);
  for (let t = 0; t < nT; t++) offsets[t] = npe * (t + 1);
  return {
    points: m.nodes,
    connectivity: m.tets,
    offsets,
    types: new Uint8Array(nT).fill(npe === 4 ? VTK_TETRA : VTK_QUADRATIC_TETRA),
    pointData,
    cellData: [{ name: "grain", components: 1, data: m.tetGrain }, ...cellData],
  };
}

/** Raw tet arrays of a VTU grid (non-tet cells ignored). */
export function rawMeshFromVtu(g: VtuGrid, file: string): RawMesh {
  const nCells = g.types.length;
  const isTet = (t: number) => t === VTK_TETRA || t === VTK_QUADRATIC_TETRA;
  let n4 = 0, n10 = 0;
  for (let c = 0; c < nCells; c++) {
    if (g.types[c] === VTK_TETRA) n4++;
    else if (g.types[c] === VTK_QUADRATIC_TETRA) n10++;
  }
  if (n4 + n10 === 0) throw new InputError(file, "no tetrahedral cells (VTK types 10 or 24)");
  if (n4 && n10) throw new InputError(file, "mixed linear and quadratic tetrahedra are not supported");
  const npe = n4 ? 4 : 10;
  const grainArr = g.cellData.find((a) => a.name === "grain") ?? g.cellData.find((a) => a.name === "gmsh:physical" || a.name === "CellEntityIds");
  if (!grainArr) throw new InputError(file, `no grain cell array: add a cell array "grain" (0-based grain id per tet); found: ${g.cellData.map((a) => `"${a.name}"`).join(", ") || "none"}`);
  const shift = grainArr.name === "grain" ? 0 : 1;
  const tets = new Int32Array(npe * (n4 + n10)), tetGrain = new Int32Array(n4 + n10);
  let t = 0;
  for (let c = 0; c < nCells; c++) {
    if (!isTet(g.types[c])) continue;
    const start = c === 0 ? 0 : g.offsets[c - 1];
    if (g.offsets[c] - start !== npe) throw new InputError(file, `cell ${c} has ${g.offsets[c] - start} nodes, expected ${npe}`);
    for (let a = 0; a < npe; a++) tets[npe * t + a] = g.connectivity[start + a];
    const v = Number(grainArr.data[c]) - shift;
    tetGrain[t++] = Number.isInteger(v) && v >= 0 ? v : -1;
  }
  return { nodes: g.points, tets, npe, tetGrain };
}
