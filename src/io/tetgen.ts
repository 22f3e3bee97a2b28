/**
 * TetGen .node/.ele files (ASCII, '#' comments, 0- or 1-based numbering as
 * the first point says). The region attribute of a tet (first attribute in
 * .ele) is its grain: non-negative integer attributes are used as grain ids;
 * any other set of values is mapped, sorted, onto 0, 1, 2, …
 *
 * 10-node .ele files: the six extra nodes are matched to edges by nearest
 * edge midpoint, so any mid-edge ordering convention reads correctly.
 */
import { LineReader } from "./lines.js";
import { InputError } from "../errors.js";
import type { RawMesh } from "../mesh/import.js";

const VTK_EDGES = [[0, 1], [1, 2], [0, 2], [0, 3], [1, 3], [2, 3]];

export function parseTetgen(nodeText: string, eleText: string, nodeFile: string, eleFile: string): RawMesh {
  const rn = new LineReader(nodeText, nodeFile, "#");
  const [nPts, dim, nAttr, nMark] = rn.integers("the .node header '<points> <dimension> <attributes> <boundary markers>'", 4);
  if (dim !== 3) throw rn.error(`dimension must be 3, found ${dim}`);
  if (nPts < 4) throw rn.error(`a tet mesh needs at least 4 points, the header says ${nPts}`);
  const nodes = new Float64Array(3 * nPts);
  let base = 0;
  for (let i = 0; i < nPts; i++) {
    const v = rn.numbers(`point ${i} '<index> <x> <y> <z>'`, 4 + nAttr + (nMark ? 1 : 0));
    if (i === 0) {
      base = v[0];
      if (base !== 0 && base !== 1) throw rn.error(`the first point must be numbered 0 or 1, found ${v[0]}`);
    }
    if (v[0] !== i + base) throw rn.error(`points must be numbered consecutively: expected ${i + base}, found ${v[0]}`);
    nodes[3 * i] = v[1];
    nodes[3 * i + 1] = v[2];
    nodes[3 * i + 2] = v[3];
  }
  const re = new LineReader(eleText, eleFile, "#");
  const [nT, npe, nRegion] = re.integers("the .ele header '<tetrahedra> <nodes per tet> <region attribute>'", 3);
  if (npe !== 4 && npe !== 10) throw re.error(`nodes per tet must be 4 or 10, found ${npe}`);
  if (nRegion < 1) throw re.error("the .ele file has no region attribute: grains are unknown (mesh with tetgen -A to keep region attributes)");
  const tets = new Int32Array(npe * nT);
  const attr = new Float64Array(nT);
  for (let t = 0; t < nT; t++) {
    const v = re.numbers(`tet ${t} '<index> <${npe} nodes> <region>'`, 1 + npe + nRegion);
    for (let a = 0; a < npe; a++) {
      const id = v[1 + a] - base;
      if (!Number.isInteger(id) || id < 0 || id >= nPts) throw re.error(`tet ${t} references point ${v[1 + a]}, outside 0…${nPts - 1 + base}`);
      tets[npe * t + a] = id;
    }
    attr[t] = v[1 + npe];
  }
  if (npe === 10) reorderMidEdgeNodes(nodes, tets, eleFile);
  return { nodes, tets, npe, tetGrain: grainsFromAttributes(attr) };
}

function grainsFromAttributes(attr: Float64Array): Int32Array {
  const ids = new Int32Array(attr.length);
  if (attr.every((a) => Number.isInteger(a) && a >= 0 && a < 2 ** 31)) {
    attr.forEach((a, i) => (ids[i] = a));
    return ids;
  }
  const values = [...new Set(attr)].sort((a, b) => a - b);
  const map = new Map(values.map((v, i) => [v, i]));
  attr.forEach((a, i) => (ids[i] = map.get(a)!));
  return ids;
}

function reorderMidEdgeNodes(nodes: Float64Array, tets: Int32Array, file: string): void {
  const nT = tets.length / 10;
  const tmp = new Int32Array(10);
  for (let t = 0; t < nT; t++) {
    const o = 10 * t;
    const used = new Array<boolean>(6).fill(false);
    for (let k = 0; k < 4; k++) tmp[k] = tets[o + k];
    for (let m = 4; m < 10; m++) {
      const p = tets[o + m];
      let best = -1, bestD = Infinity;
      for (let e = 0; e < 6; e++) {
        const [a, b] = VTK_EDGES[e];
        let d = 0;
        for (let c = 0; c < 3; c++) d += (nodes[3 * p + c] - 0.5 * (nodes[3 * tets[o + a] + c] + nodes[3 * tets[o + b] + c])) ** 2;
        if (d < bestD) { bestD = d; best = e; }
      }
      if (used[best]) throw new InputError(file, `tet ${t}: two of its mid-edge nodes are nearest to the same edge; the 10-node element is malformed`);
      used[best] = true;
      tmp[4 + best] = p;
    }
    tets.set(tmp, o);
  }
}
