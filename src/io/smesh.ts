/**
 * TetGen .smesh (piecewise-linear complex) of a grained mesh: its outer
 * surface and every grain-boundary triangle as facets, plus one region point
 * inside each grain carrying attribute grain + 1. TetGen can remesh this
 * independently (tetgen -pA), which is how the mesher is cross-checked.
 */
import type { TetMesh } from "../mesh/types.js";
import { classifyFaces } from "../mesh/boundary.js";

export function writeSmesh(m: TetMesh): string {
  const npe = m.order === 1 ? 4 : 10;
  const f = classifyFaces(m.tets, npe, m.nodes.length / 3);
  const facets: number[] = Array.from(f.boundary);
  for (let i = 0; i < f.interiorTets.length / 2; i++) {
    if (m.tetGrain[f.interiorTets[2 * i]] !== m.tetGrain[f.interiorTets[2 * i + 1]]) facets.push(...f.interior.subarray(3 * i, 3 * i + 3));
  }
  const used = new Map<number, number>();
  for (const v of facets) if (!used.has(v)) used.set(v, used.size);
  const out: string[] = ["# grainfem PLC: outer surface and grain boundaries", `${used.size} 3 0 0`];
  for (const [v, i] of used) out.push(`${i} ${m.nodes[3 * v]} ${m.nodes[3 * v + 1]} ${m.nodes[3 * v + 2]}`);
  out.push(`${facets.length / 3} 0`);
  for (let k = 0; k < facets.length / 3; k++) out.push(`3 ${used.get(facets[3 * k])} ${used.get(facets[3 * k + 1])} ${used.get(facets[3 * k + 2])}`);
  out.push("0");
  // a point inside each grain: the centroid of one of its tets
  const seen = new Set<number>();
  const regions: string[] = [];
  for (let t = 0; t < m.tetGrain.length; t++) {
    const g = m.tetGrain[t];
    if (seen.has(g)) continue;
    seen.add(g);
    const c = [0, 0, 0];
    for (let a = 0; a < 4; a++) for (let k = 0; k < 3; k++) c[k] += m.nodes[3 * m.tets[npe * t + a] + k] / 4;
    regions.push(`${regions.length} ${c[0]} ${c[1]} ${c[2]} ${g + 1} -1`);
  }
  out.push(String(regions.length), ...regions, "");
  return out.join("\n");
}
