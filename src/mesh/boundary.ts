/**
 * Faces of a tetrahedral mesh: which are on the boundary (in one tet),
 * which are interior (in two), and which are non-manifold (in more).
 *
 * Method: each tet contributes its 4 outward faces; faces are keyed by their
 * sorted vertex triple, bucketed by the smallest vertex (counting sort) and
 * sorted inside the small buckets — O(F log b) with b ≈ 60, no hashing.
 */

/** Outward faces of a positively oriented tet (v0, v1, v2, v3). */
export const TET_FACES: ReadonlyArray<readonly [number, number, number]> = [
  [1, 2, 3],
  [0, 3, 2],
  [0, 1, 3],
  [0, 2, 1],
];

export interface FaceTable {
  /** boundary triangles, nB × 3 vertex ids, outward oriented */
  boundary: Int32Array;
  /** tet owning each boundary triangle */
  boundaryTet: Int32Array;
  /** local face index (0..3, TET_FACES) of each boundary triangle */
  boundaryFace: Int32Array;
  /** interior faces: pairs of tets sharing a face, nI × 2 */
  interiorTets: Int32Array;
  /** interior face vertex triples, nI × 3 (sorted ascending) */
  interior: Int32Array;
  /** number of faces shared by more than two tets */
  nonManifold: number;
  /** first non-manifold face (sorted triple) or null */
  firstNonManifold: [number, number, number] | null;
}

/**
 * Classify the faces of a tet mesh.
 * @param tets nTets × stride connectivity; the first 4 entries of each tet are its vertices
 * @param stride 4 or 10
 * @param nNodes number of nodes (ids in [0, nNodes))
 */
export function classifyFaces(tets: Int32Array, stride: number, nNodes: number): FaceTable {
  const nTets = tets.length / stride;
  const nF = 4 * nTets;
  // sorted triple per face
  const fa = new Int32Array(nF), fb = new Int32Array(nF), fc = new Int32Array(nF);
  const count = new Int32Array(nNodes + 1);
  for (let t = 0; t < nTets; t++) {
    for (let k = 0; k < 4; k++) {
      const f = TET_FACES[k];
      let a = tets[t * stride + f[0]], b = tets[t * stride + f[1]], c = tets[t * stride + f[2]];
      if (a > b) [a, b] = [b, a];
      if (b > c) [b, c] = [c, b];
      if (a > b) [a, b] = [b, a];
      const i = 4 * t + k;
      fa[i] = a; fb[i] = b; fc[i] = c;
      count[a + 1]++;
    }
  }
  for (let i = 0; i < nNodes; i++) count[i + 1] += count[i];
  const order = new Int32Array(nF);
  const cursor = count.slice(0, nNodes);
  for (let i = 0; i < nF; i++) order[cursor[fa[i]]++] = i;
  // sort each bucket by (b, c) — insertion sort, buckets are small
  for (let v = 0; v < nNodes; v++) {
    const lo = count[v], hi = count[v + 1];
    for (let i = lo + 1; i < hi; i++) {
      const f = order[i];
      const kb = fb[f], kc = fc[f];
      let j = i - 1;
      while (j >= lo && (fb[order[j]] > kb || (fb[order[j]] === kb && fc[order[j]] > kc))) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = f;
    }
  }
  const bnd: number[] = [], bTet: number[] = [], bFace: number[] = [];
  const iTets: number[] = [], iTri: number[] = [];
  let nonManifold = 0;
  let firstNonManifold: [number, number, number] | null = null;
  let i = 0;
  while (i < nF) {
    const f = order[i];
    let j = i + 1;
    while (j < nF && fa[order[j]] === fa[f] && fb[order[j]] === fb[f] && fc[order[j]] === fc[f]) j++;
    const mult = j - i;
    if (mult === 1) {
      const t = (f / 4) | 0, k = f % 4;
      const lf = TET_FACES[k];
      bnd.push(tets[t * stride + lf[0]], tets[t * stride + lf[1]], tets[t * stride + lf[2]]);
      bTet.push(t);
      bFace.push(k);
    } else if (mult === 2) {
      iTets.push((f / 4) | 0, (order[i + 1] / 4) | 0);
      iTri.push(fa[f], fb[f], fc[f]);
    } else {
      nonManifold++;
      if (!firstNonManifold) firstNonManifold = [fa[f], fb[f], fc[f]];
    }
    i = j;
  }
  return {
    boundary: Int32Array.from(bnd),
    boundaryTet: Int32Array.from(bTet),
    boundaryFace: Int32Array.from(bFace),
    interiorTets: Int32Array.from(iTets),
    interior: Int32Array.from(iTri),
    nonManifold,
    firstNonManifold,
  };
}

/** Local node index of the mid-edge node between local vertices i and j of a 10-node tet (VTK order). */
export function tetEdgeNode(i: number, j: number): number {
  const a = Math.min(i, j), b = Math.max(i, j);
  // edges 01 12 02 03 13 23 -> nodes 4 5 6 7 8 9
  if (a === 0) return b === 1 ? 4 : b === 2 ? 6 : 7;
  if (a === 1) return b === 2 ? 5 : 8;
  return 9;
}

/**
 * Outer-surface triangles of a tet mesh, outward oriented, with 3 (P1) or 6
 * (P2: mid-edge nodes of edges 01, 12, 20 taken from the owning tet) nodes,
 * and the grain of the tet each bounds.
 */
export function boundaryTriangles(tets: Int32Array, npe: 4 | 10, tetGrain: Int32Array, nNodes: number, faces = classifyFaces(tets, npe, nNodes)):
  { tris: Int32Array; triGrain: Int32Array } {
  const nB = faces.boundaryTet.length;
  const stride = npe === 4 ? 3 : 6;
  const tris = new Int32Array(stride * nB), triGrain = new Int32Array(nB);
  for (let f = 0; f < nB; f++) {
    const t = faces.boundaryTet[f];
    const lf = TET_FACES[faces.boundaryFace[f]];
    for (let k = 0; k < 3; k++) tris[stride * f + k] = tets[npe * t + lf[k]];
    if (npe === 10) {
      for (let k = 0; k < 3; k++) tris[stride * f + 3 + k] = tets[npe * t + tetEdgeNode(lf[k], lf[(k + 1) % 3])];
    }
    triGrain[f] = tetGrain[t];
  }
  return { tris, triGrain };
}
