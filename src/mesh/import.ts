/**
 * From raw arrays read out of a file to a checked TetMesh. Every importer
 * ends here, so every imported mesh gets the same checks, each reported with
 * a count and the first offender:
 *   missing grain tags (error), inverted or degenerate tets (error; a mesh
 *   whose tets are *all* inverted is a convention mismatch and is flipped),
 *   faces shared by more than two tets and non-manifold surface edges (error),
 *   unreferenced nodes (dropped, reported).
 * Nodes are renumbered vertices first (the TetMesh convention).
 */
import { InputError } from "../errors.js";
import type { TetMesh } from "./types.js";
import { boundaryTriangles, classifyFaces } from "./boundary.js";

export interface RawMesh {
  /** nNodes × 3 (µm) */
  nodes: Float64Array;
  /** nTets × npe, 0-based, VTK node order */
  tets: Int32Array;
  npe: 4 | 10;
  /** grain id per tet, −1 where the file has none */
  tetGrain: Int32Array;
}

export interface ImportReport {
  /** nodes no tet references (dropped) */
  unreferencedNodes: number;
  /** tets flipped because the whole file used the opposite orientation */
  flippedTets: number;
  /** grain ids in [0, max] with no tets */
  emptyGrains: number[];
  notes: string[];
}

// Swap vertices 1 and 2 (and the edge nodes that follow them) to flip a tet.
const FLIP10 = [0, 2, 1, 3, 6, 5, 4, 7, 9, 8];

/** Grain ids an imported mesh may use (per-grain tables are sized by the largest id). */
export const MAX_GRAINS = 1_000_000;

/** Build a TetMesh from raw arrays. @param source file name for messages */
export function meshFromRaw(raw: RawMesh, source: string): { mesh: TetMesh; report: ImportReport } {
  const { npe } = raw;
  const nNodesIn = raw.nodes.length / 3;
  const nT = raw.tets.length / npe;
  const notes: string[] = [];
  if (nT === 0) throw new InputError(source, "the file contains no tetrahedra");
  for (let i = 0; i < raw.tets.length; i++) {
    const v = raw.tets[i];
    if (!(v >= 0 && v < nNodesIn)) throw new InputError(source, `tet ${Math.floor(i / npe)} references node ${v}, but the file has ${nNodesIn} nodes`);
  }
  for (let i = 0; i < raw.nodes.length; i++) {
    if (!Number.isFinite(raw.nodes[i])) throw new InputError(source, `node ${Math.floor(i / 3)} has a non-finite coordinate`);
  }
  let missing = 0, firstMissing = -1, maxGrain = -1;
  for (let t = 0; t < nT; t++) {
    const g = raw.tetGrain[t];
    if (g < 0) {
      if (missing++ === 0) firstMissing = t;
    } else maxGrain = Math.max(maxGrain, g);
  }
  if (missing > 0) throw new InputError(source, `${missing} of ${nT} tets have no grain tag (first: tet ${firstMissing}); tag every volume element with its grain`);
  // grain ids index per-grain tables (orientations, statistics): bound them before anything is sized by them
  if (!Number.isInteger(maxGrain) || maxGrain >= MAX_GRAINS) {
    throw new InputError(source, `grain ids must be integers below ${MAX_GRAINS} (largest: ${maxGrain}); renumber the grain tags`);
  }
  // orientation
  const vol = new Float64Array(nT);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < nNodesIn; i++) {
    lo = Math.min(lo, raw.nodes[3 * i], raw.nodes[3 * i + 1], raw.nodes[3 * i + 2]);
    hi = Math.max(hi, raw.nodes[3 * i], raw.nodes[3 * i + 1], raw.nodes[3 * i + 2]);
  }
  const tiny = 1e-14 * (hi - lo) ** 3;
  let negative = 0, firstNeg = -1, degenerate = 0, firstDeg = -1;
  for (let t = 0; t < nT; t++) {
    vol[t] = signedVolumeOf(raw.nodes, raw.tets, npe, t);
    if (Math.abs(vol[t]) <= tiny) {
      if (degenerate++ === 0) firstDeg = t;
    } else if (vol[t] < 0 && negative++ === 0) firstNeg = t;
  }
  if (degenerate > 0) throw new InputError(source, `${degenerate} degenerate (zero-volume) tets, first: tet ${firstDeg} (volume ${vol[firstDeg].toExponential(2)})`);
  const tets = raw.tets.slice();
  let flipped = 0;
  if (negative === nT) {
    const perm = npe === 4 ? [0, 2, 1, 3] : FLIP10;
    const tmp = new Int32Array(npe);
    for (let t = 0; t < nT; t++) {
      for (let a = 0; a < npe; a++) tmp[a] = tets[npe * t + perm[a]];
      tets.set(tmp, npe * t);
    }
    flipped = nT;
    notes.push(`all ${nT} tets had negative orientation; flipped to the right-hand convention`);
  } else if (negative > 0) {
    throw new InputError(source, `${negative} inverted tets (negative volume), first: tet ${firstNeg} (volume ${vol[firstNeg].toExponential(3)})`);
  }
  // renumber: vertices first, then mid-edge nodes; drop unreferenced nodes
  const role = new Uint8Array(nNodesIn); // 1 vertex, 2 mid-edge
  for (let t = 0; t < nT; t++) {
    for (let a = 0; a < npe; a++) {
      const v = tets[npe * t + a];
      const r = a < 4 ? 1 : 2;
      if (role[v] !== 0 && role[v] !== r) throw new InputError(source, `node ${v} is a corner of one tet and a mid-edge node of another (tet ${t})`);
      role[v] = r;
    }
  }
  const newId = new Int32Array(nNodesIn).fill(-1);
  let next = 0, unref = 0, firstUnref = -1;
  for (let i = 0; i < nNodesIn; i++) if (role[i] === 1) newId[i] = next++;
  const nVertices = next;
  for (let i = 0; i < nNodesIn; i++) if (role[i] === 2) newId[i] = next++;
  for (let i = 0; i < nNodesIn; i++) if (role[i] === 0 && unref++ === 0) firstUnref = i;
  if (unref > 0) notes.push(`${unref} unreferenced nodes dropped (first: node ${firstUnref})`);
  const nodes = new Float64Array(3 * next);
  for (let i = 0; i < nNodesIn; i++) if (newId[i] >= 0) nodes.set(raw.nodes.subarray(3 * i, 3 * i + 3), 3 * newId[i]);
  for (let i = 0; i < tets.length; i++) tets[i] = newId[tets[i]];
  // topology
  const faces = classifyFaces(tets, npe, next);
  if (faces.nonManifold > 0) {
    throw new InputError(source, `${faces.nonManifold} faces are shared by more than two tets (first: nodes ${faces.firstNonManifold!.join(", ")})`);
  }
  const bad = nonManifoldSurfaceEdges(faces.boundary);
  if (bad.count > 0) {
    throw new InputError(source, `non-manifold surface: ${bad.count} boundary edges are not shared by exactly two boundary triangles (first: nodes ${bad.first!.join(", ")})`);
  }
  const tetGrain = raw.tetGrain.slice();
  const counts = new Int32Array(maxGrain + 1);
  for (let t = 0; t < nT; t++) counts[tetGrain[t]]++;
  const emptyGrains: number[] = [];
  counts.forEach((c, g) => c === 0 && emptyGrains.push(g));
  if (emptyGrains.length) notes.push(`${emptyGrains.length} grain ids have no tets (first: ${emptyGrains[0]})`);
  const { tris, triGrain } = boundaryTriangles(tets, npe, tetGrain, next, faces);
  const mesh: TetMesh = { order: npe === 4 ? 1 : 2, nodes, tets, tetGrain, tris, triGrain, nGrains: maxGrain + 1, nVertices };
  return { mesh, report: { unreferencedNodes: unref, flippedTets: flipped, emptyGrains, notes } };
}

function signedVolumeOf(nodes: Float64Array, tets: Int32Array, npe: number, t: number): number {
  const p = (a: number, c: number) => nodes[3 * tets[npe * t + a] + c] - nodes[3 * tets[npe * t] + c];
  return (p(1, 0) * (p(2, 1) * p(3, 2) - p(2, 2) * p(3, 1)) - p(1, 1) * (p(2, 0) * p(3, 2) - p(2, 2) * p(3, 0)) +
    p(1, 2) * (p(2, 0) * p(3, 1) - p(2, 1) * p(3, 0))) / 6;
}

/** Boundary edges not shared by exactly two boundary triangles. */
export function nonManifoldSurfaceEdges(tris3: Int32Array): { count: number; first: [number, number] | null } {
  const nE = tris3.length;
  const a = new Float64Array(nE);
  for (let f = 0; f < nE / 3; f++) {
    for (let k = 0; k < 3; k++) {
      const u = tris3[3 * f + k], v = tris3[3 * f + ((k + 1) % 3)];
      a[3 * f + k] = Math.min(u, v) * 4294967296 + Math.max(u, v);
    }
  }
  a.sort();
  let count = 0;
  let first: [number, number] | null = null;
  for (let i = 0; i < nE; ) {
    let j = i + 1;
    while (j < nE && a[j] === a[i]) j++;
    if (j - i !== 2) {
      if (count++ === 0) first = [Math.floor(a[i] / 4294967296), a[i] % 4294967296];
    }
    i = j;
  }
  return { count, first };
}
