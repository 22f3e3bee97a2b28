/**
 * gmsh MSH files, ASCII. Read: versions 4.1, 4.0 and 2.2. Write: 4.1.
 *
 * Convention (SPEC §1.1): grain g is the physical volume with tag g + 1 and
 * name "grain_g"; its outer-surface triangles are the physical surface with
 * tag g + 1 (name "surface_grain_g"). gmsh's 10-node tet lists its last two
 * mid-edge nodes in the opposite order to VTK (gmsh 8 = edge 2-3, 9 = edge 1-3).
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet, nodesPerTri } from "../mesh/types.js";
import { LineReader } from "./lines.js";
import { InputError } from "../errors.js";
import type { RawMesh } from "../mesh/import.js";

const GMSH_TET10_TO_VTK = [0, 1, 2, 3, 4, 5, 6, 7, 9, 8];
const NODES_OF_TYPE: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 4, 5: 8, 6: 6, 7: 5, 8: 3, 9: 6, 10: 9, 11: 10, 15: 1 };

interface VolumeBlock {
  type: 4 | 11;
  physical: number | null;
  /** element tag followed by its node tags */
  elements: number[][];
}

/** Parse an ASCII .msh file into raw arrays (grain per tet from the physical volume). */
export function parseMsh(text: string, file: string): RawMesh {
  const r = new LineReader(text, file);
  const first = r.require("$MeshFormat");
  if (first !== "$MeshFormat") throw r.error(`not a gmsh .msh file: expected "$MeshFormat", found "${first.slice(0, 40)}"`);
  const fmt = r.require("the format line");
  const [versionStr, fileType] = fmt.split(/\s+/);
  const version = Number(versionStr);
  if (fileType === "1") throw r.error("binary .msh files are not supported; save the mesh as ASCII (gmsh -format msh41 -ascii)");
  if (fileType !== "0") throw r.error(`expected file type 0 (ASCII) in the format line, found "${fileType}"`);
  if (!(version === 2.2 || version === 4 || version === 4.1)) throw r.error(`unsupported MSH version ${versionStr} (supported: 2.2, 4.0, 4.1)`);
  r.expect("$EndMeshFormat");
  const names = new Map<number, string>(); // physical volume tag -> name
  const entityPhysical = new Map<number, number>(); // volume entity tag -> physical tag (v4)
  const nodeIndex = new Map<number, number>();
  const coords: number[] = [];
  const blocks: VolumeBlock[] = [];
  for (let sec = r.next(); sec !== null; sec = r.next()) {
    if (!sec.startsWith("$")) throw r.error(`expected a section header ($Name), found "${sec.slice(0, 40)}"`);
    const name = sec.slice(1);
    if (name === "PhysicalNames") readPhysicalNames(r, names);
    else if (name === "Entities" && version >= 4) readEntities(r, entityPhysical, version);
    else if (name === "Nodes") readNodes(r, version, nodeIndex, coords);
    else if (name === "Elements") readElements(r, version, entityPhysical, blocks);
    else skipSection(r, name);
  }
  if (coords.length === 0) throw new InputError(file, "no $Nodes section (or it is empty)");
  const types = new Set(blocks.map((b) => b.type));
  if (types.size === 0) throw r.error("no tetrahedra (element type 4 or 11) in $Elements");
  if (types.size > 1) throw r.error("mixed 4-node and 10-node tetrahedra are not supported");
  const npe = types.has(4) ? 4 : 10;
  // elements in tag order (the writer stores the original element order in the tags)
  const all: Array<{ el: number[]; grain: number }> = [];
  for (const b of blocks) {
    const grain = b.physical === null ? -1 : grainOfPhysical(b.physical, names);
    for (const el of b.elements) all.push({ el, grain });
  }
  all.sort((x, y) => x.el[0] - y.el[0]);
  const nT = all.length;
  const tets = new Int32Array(npe * nT), tetGrain = new Int32Array(nT);
  let t = 0;
  for (const { el, grain } of all) {
    {
      for (let a = 0; a < npe; a++) {
        const tag = el[1 + (npe === 10 ? GMSH_TET10_TO_VTK[a] : a)];
        const idx = nodeIndex.get(tag);
        if (idx === undefined) throw r.error(`an element references node tag ${tag}, which is not in $Nodes`);
        tets[npe * t + a] = idx;
      }
      tetGrain[t++] = grain;
    }
  }
  return { nodes: Float64Array.from(coords), tets, npe, tetGrain };
}

function grainOfPhysical(tag: number, names: Map<number, string>): number {
  const m = /^grain_(\d+)$/.exec(names.get(tag) ?? "");
  return m ? Number(m[1]) : tag - 1;
}

function readPhysicalNames(r: LineReader, names: Map<number, string>): void {
  const [n] = r.integers("the number of physical names", 1);
  for (let i = 0; i < n; i++) {
    const s = r.require("a physical name line");
    const m = /^(\d+)\s+(-?\d+)\s+"(.*)"$/.exec(s);
    if (!m) throw r.error(`expected 'dim tag "name"', found "${s.slice(0, 60)}"`);
    if (Number(m[1]) === 3) names.set(Number(m[2]), m[3]);
  }
  r.expect("$EndPhysicalNames");
}

function readEntities(r: LineReader, entityPhysical: Map<number, number>, version: number): void {
  const [np, nc, ns, nv] = r.integers("the entity counts", 4);
  const skip = np + nc + ns;
  for (let i = 0; i < skip; i++) r.require("an entity line");
  for (let i = 0; i < nv; i++) {
    const v = r.numbers("a volume entity line", 9, 100000);
    // v4.1 and v4.0 both: tag, 6 bounding-box numbers, numPhysicalTags, tags…
    const nPhys = v[7];
    if (nPhys > 0) entityPhysical.set(v[0], v[8]);
  }
  void version;
  r.expect("$EndEntities");
}

function readNodes(r: LineReader, version: number, nodeIndex: Map<number, number>, coords: number[]): void {
  if (version === 2.2) {
    const [n] = r.integers("the number of nodes", 1);
    for (let i = 0; i < n; i++) {
      const v = r.numbers("a node line 'tag x y z'", 4);
      nodeIndex.set(v[0], coords.length / 3);
      coords.push(v[1], v[2], v[3]);
    }
    r.expect("$EndNodes");
    return;
  }
  const head = r.integers("the $Nodes header", version === 4 ? 2 : 4);
  const nBlocks = head[0];
  for (let b = 0; b < nBlocks; b++) {
    const bh = r.integers("a node block header", 4);
    const parametric = bh[2];
    const n = bh[3];
    if (parametric !== 0) throw r.error("parametric node coordinates are not supported");
    if (version === 4) {
      for (let i = 0; i < n; i++) {
        const v = r.numbers("a node line 'tag x y z'", 4);
        nodeIndex.set(v[0], coords.length / 3);
        coords.push(v[1], v[2], v[3]);
      }
    } else {
      const tags: number[] = [];
      for (let i = 0; i < n; i++) tags.push(r.integers("a node tag", 1)[0]);
      for (let i = 0; i < n; i++) {
        const v = r.numbers("node coordinates 'x y z'", 3);
        nodeIndex.set(tags[i], coords.length / 3);
        coords.push(v[0], v[1], v[2]);
      }
    }
  }
  r.expect("$EndNodes");
}

function readElements(r: LineReader, version: number, entityPhysical: Map<number, number>, blocks: VolumeBlock[]): void {
  if (version === 2.2) {
    const [n] = r.integers("the number of elements", 1);
    const byPhys = new Map<string, VolumeBlock>();
    for (let i = 0; i < n; i++) {
      const v = r.integers("an element line 'tag type ntags tags… nodes…'", 3, 1000);
      const type = v[1], ntags = v[2];
      const nn = NODES_OF_TYPE[type];
      if (nn === undefined) throw r.error(`unknown element type ${type}`);
      if (v.length !== 3 + ntags + nn) throw r.error(`element of type ${type} needs ${nn} nodes after ${ntags} tags, found ${v.length - 3 - ntags}`);
      if (type !== 4 && type !== 11) continue;
      const phys = ntags > 0 ? v[3] : null;
      const key = `${type}:${phys}`;
      let blk = byPhys.get(key);
      if (!blk) {
        blk = { type: type as 4 | 11, physical: phys, elements: [] };
        byPhys.set(key, blk);
        blocks.push(blk);
      }
      blk.elements.push([v[0], ...v.slice(3 + ntags)]);
    }
    r.expect("$EndElements");
    return;
  }
  const head = r.integers("the $Elements header", version === 4 ? 2 : 4);
  for (let b = 0; b < head[0]; b++) {
    const bh = r.integers("an element block header", 4);
    // 4.1: dim, entityTag, type, n; 4.0: entityTag, dim, type, n
    const dim = version === 4 ? bh[1] : bh[0];
    const entity = version === 4 ? bh[0] : bh[1];
    const type = bh[2], n = bh[3];
    const nn = NODES_OF_TYPE[type];
    if (nn === undefined) throw r.error(`unknown element type ${type}`);
    const volume = dim === 3 && (type === 4 || type === 11);
    if (dim === 3 && !volume) throw r.error(`volume element type ${type} is not a tetrahedron (only 4- and 10-node tets are supported)`);
    const blk: VolumeBlock | null = volume ? { type: type as 4 | 11, physical: entityPhysical.get(entity) ?? null, elements: [] } : null;
    for (let i = 0; i < n; i++) {
      const v = r.integers(`an element line with ${nn} node tags`, nn + 1);
      if (blk) blk.elements.push(v);
    }
    if (blk) blocks.push(blk);
  }
  r.expect("$EndElements");
}

function skipSection(r: LineReader, name: string): void {
  const end = `$End${name}`;
  for (;;) {
    const s = r.require(end);
    if (s === end) return;
  }
}

/** Write a mesh as gmsh MSH 4.1 ASCII (one volume and one surface entity per grain). */
export function writeMsh(m: TetMesh): string {
  const npe = nodesPerTet(m.order), npt = nodesPerTri(m.order);
  const nNodes = m.nodes.length / 3, nT = m.tetGrain.length, nF = m.triGrain.length;
  const tetsOf: number[][] = Array.from({ length: m.nGrains }, () => []);
  const trisOf: number[][] = Array.from({ length: m.nGrains }, () => []);
  for (let t = 0; t < nT; t++) tetsOf[m.tetGrain[t]].push(t);
  for (let f = 0; f < nF; f++) trisOf[m.triGrain[f]].push(f);
  const grains = tetsOf.map((l, g) => (l.length ? g : -1)).filter((g) => g >= 0);
  const surfGrains = trisOf.map((l, g) => (l.length ? g : -1)).filter((g) => g >= 0);
  const out: string[] = ["$MeshFormat", "4.1 0 8", "$EndMeshFormat", "$PhysicalNames", String(grains.length + surfGrains.length)];
  for (const g of surfGrains) out.push(`2 ${g + 1} "surface_grain_${g}"`);
  for (const g of grains) out.push(`3 ${g + 1} "grain_${g}"`);
  out.push("$EndPhysicalNames", "$Entities", `0 0 ${surfGrains.length} ${grains.length}`);
  const box = bbox(m.nodes).join(" ");
  for (const g of surfGrains) out.push(`${g + 1} ${box} 1 ${g + 1} 0`);
  for (const g of grains) out.push(`${g + 1} ${box} 1 ${g + 1} 0`);
  out.push("$EndEntities", "$Nodes", `1 ${nNodes} 1 ${nNodes}`, `3 ${grains[0] + 1} 0 ${nNodes}`);
  for (let i = 0; i < nNodes; i++) out.push(String(i + 1));
  for (let i = 0; i < nNodes; i++) out.push(`${m.nodes[3 * i]} ${m.nodes[3 * i + 1]} ${m.nodes[3 * i + 2]}`);
  out.push("$EndNodes", "$Elements", `${surfGrains.length + grains.length} ${nT + nF} 1 ${nT + nF}`);
  const triType = m.order === 1 ? 2 : 9, tetType = m.order === 1 ? 4 : 11;
  for (const g of surfGrains) {
    out.push(`2 ${g + 1} ${triType} ${trisOf[g].length}`);
    for (const f of trisOf[g]) {
      const row = [nT + f + 1];
      for (let a = 0; a < npt; a++) row.push(m.tris[npt * f + a] + 1);
      out.push(row.join(" "));
    }
  }
  for (const g of grains) {
    out.push(`3 ${g + 1} ${tetType} ${tetsOf[g].length}`);
    for (const t of tetsOf[g]) {
      const row = [t + 1];
      for (let a = 0; a < npe; a++) row.push(m.tets[npe * t + (npe === 10 ? GMSH_TET10_TO_VTK[a] : a)] + 1);
      out.push(row.join(" "));
    }
  }
  out.push("$EndElements", "");
  return out.join("\n");
}

function bbox(nodes: Float64Array): number[] {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < nodes.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], nodes[i]);
    hi[i % 3] = Math.max(hi[i % 3], nodes[i]);
  }
  return [...lo, ...hi];
}
