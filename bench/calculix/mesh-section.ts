/**
 * The part of a CalculiX deck that both analyses share: nodes, 10-node tets,
 * one element set per grain, one *ORIENTATION per grain and the
 * *SOLID SECTION tying them together.
 *
 * Numbering: node i of the mesh is ccx node i + 1, tet t is element t + 1.
 * Node order: grainfem's 10-node tets are in VTK order — vertices, then the
 * mid-edge nodes of edges 01 12 02 03 13 23 — and ccx's C3D10 is vertices,
 * then edges 1-2, 2-3, 3-1, 1-4, 2-4, 3-4 (CalculiX User's Manual, "Three-
 * dimensional solid elements", C3D10): the same order, so connectivity is
 * written as is (edge 02 is ccx's 3-1). Both want positively oriented tets
 * (vertex 4 on the side the right-hand normal of 1-2-3 points to).
 *
 * Orientation: grainfem's quaternion gives Q with v_particle = Q v_crystal,
 * so the crystal axes in particle coordinates are the columns of Q. ccx's
 * *ORIENTATION, SYSTEM=RECTANGULAR takes a point a on the local x-axis and a
 * point b in the local x-y plane: we pass a = column 1 and b = column 2 of Q,
 * which fixes the local z-axis to column 3 (the c-axis). Material constants
 * are then given in the crystal frame, as in our config.
 */
import type { TetMesh } from "../../src/mesh/types.js";
import { rotationFromQuaternion } from "../../src/material/rotation.js";

/**
 * Number formatting for decks. ccx reads every field of a line into 20
 * characters (calinput's textpart), so numbers get as many significant digits
 * as fit: 14 for the usual exponents (relative rounding ≤ 5e-15).
 */
export function num(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.`;
  for (let d = 15; d > 0; d--) {
    const s = x.toExponential(d);
    if (s.length <= 20) return s;
  }
  throw new RangeError(`cannot write ${x} in 20 characters`);
}

/** A shorter number (10 significant digits, ≤ 15 characters) for lines that carry 8 fields. */
export function num10(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e10 ? `${x}.` : x.toExponential(9);
}

/** Lines of a comma-separated list (ccx reads at most 132 characters a line), at most `perLine` entries a line (Abaqus allows 16; 10 keeps 7-digit ids within 132 characters). */
export function listLines(values: ArrayLike<number>, perLine = 10): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    const row: string[] = [];
    for (let k = i; k < Math.min(values.length, i + perLine); k++) row.push(String(values[k]));
    out.push(row.join(", ") + (i + perLine < values.length ? "," : ""));
  }
  return out;
}

/**
 * Write *NODE, *ELEMENT, the per-grain *ELSET, *ORIENTATION and *SOLID SECTION.
 * @param mesh an order-2 grainfem mesh
 * @param orientations nGrains × 4 quaternions [w, x, y, z] (crystal → particle)
 * @param material name of the *MATERIAL the sections use
 * @param materialLines the *MATERIAL block (ccx wants it before the sections that name it)
 * @param elementType C3D10, or DC3D10 for heat transfer (the same node order)
 */
export function meshSection(mesh: TetMesh, orientations: ArrayLike<number>, material: string, materialLines: string[], elementType = "C3D10"): string[] {
  if (mesh.order !== 2) throw new Error("the CalculiX comparison needs a P2 mesh (C3D10)");
  const out: string[] = [];
  const nNodes = mesh.nodes.length / 3, nTets = mesh.tetGrain.length, x = mesh.nodes;
  out.push("*NODE, NSET=NALL");
  for (let i = 0; i < nNodes; i++) out.push(`${i + 1}, ${num(x[3 * i])}, ${num(x[3 * i + 1])}, ${num(x[3 * i + 2])}`);
  out.push(`*ELEMENT, TYPE=${elementType}, ELSET=EALL`);
  const c = mesh.tets;
  for (let t = 0; t < nTets; t++) {
    const b = 10 * t;
    out.push(`${t + 1}, ${c[b] + 1}, ${c[b + 1] + 1}, ${c[b + 2] + 1}, ${c[b + 3] + 1}, ${c[b + 4] + 1}, ${c[b + 5] + 1}, ${c[b + 6] + 1}, ${c[b + 7] + 1}, ${c[b + 8] + 1}, ${c[b + 9] + 1}`);
  }
  // element sets per grain (counting sort by grain keeps them ascending)
  const count = new Int32Array(mesh.nGrains + 1);
  for (let t = 0; t < nTets; t++) count[mesh.tetGrain[t] + 1]++;
  for (let g = 0; g < mesh.nGrains; g++) count[g + 1] += count[g];
  const byGrain = new Int32Array(nTets), fill = count.slice(0, mesh.nGrains);
  for (let t = 0; t < nTets; t++) byGrain[fill[mesh.tetGrain[t]]++] = t + 1;
  for (let g = 0; g < mesh.nGrains; g++) {
    if (count[g + 1] === count[g]) continue;
    out.push(`*ELSET, ELSET=G${g}`);
    out.push(...listLines(byGrain.subarray(count[g], count[g + 1])));
  }
  out.push(...materialLines);
  for (let g = 0; g < mesh.nGrains; g++) {
    if (count[g + 1] === count[g]) continue;
    const Q = rotationFromQuaternion([orientations[4 * g], orientations[4 * g + 1], orientations[4 * g + 2], orientations[4 * g + 3]]);
    out.push(`*ORIENTATION, NAME=O${g}, SYSTEM=RECTANGULAR`);
    // columns 1 and 2 of the row-major Q: crystal axes a and b in particle coordinates
    out.push([Q[0], Q[3], Q[6], Q[1], Q[4], Q[7]].map(num).join(","));
    out.push(`*SOLID SECTION, ELSET=G${g}, MATERIAL=${material}, ORIENTATION=O${g}`);
  }
  return out;
}
