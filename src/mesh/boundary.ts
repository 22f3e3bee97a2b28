/**
 * Faces of a tetrahedral mesh: which are on the boundary (in one tet),
 * which are interior (in two), and which are non-manifold (in more).
 *
 * Method: each tet contributes its 4 outward faces; two stable counting
 * sorts (by the middle vertex of each sorted triple, then by the smallest)
 * make the faces of equal (smallest, middle) vertices adjacent, in face
 * order, and the largest vertex pairs them inside those short runs — O(F).
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
  /** the non-manifold face of smallest (smallest, middle) vertex (sorted triple), or null */
  firstNonManifold: [number, number, number] | null;
}

/** faceMates' result: the face pairing of a tet mesh. */
export interface FaceMates {
  /** per face i = 4·tet + local face: the face glued to it, −1 on the boundary, −2 for a third occurrence (non-manifold) */
  mate: Int32Array;
  /** sorted vertex triple of each face (ka < kb < kc) */
  ka: Int32Array;
  kb: Int32Array;
  kc: Int32Array;
  nonManifold: number;
  firstNonManifold: [number, number, number] | null;
}

/**
 * Face pairing of a tet mesh: for face i = 4·tet + local face, mate[i] is the
 * face it is glued to (−1 on the boundary, −2 for a third occurrence of a
 * face: non-manifold); ka/kb/kc are its sorted vertex triple. The first two
 * occurrences of a triple (in face order) are paired.
 */
export function faceMates(tets: Int32Array, stride: number, nNodes: number): FaceMates {
  const nTets = tets.length / stride;
  const nF = 4 * nTets;
  const ka = new Int32Array(nF), kb = new Int32Array(nF), kc = new Int32Array(nF);
  // counts of the smallest (countA) and middle (countB) vertices, offset by one for the prefix sums
  const countA = new Int32Array(nNodes + 1), countB = new Int32Array(nNodes + 1);
  for (let t = 0; t < nTets; t++) {
    const o = t * stride;
    const v0 = tets[o], v1 = tets[o + 1], v2 = tets[o + 2], v3 = tets[o + 3];
    for (let k = 0; k < 4; k++) {
      // TET_FACES[k], unrolled: (1 2 3), (0 3 2), (0 1 3), (0 2 1)
      let a = k === 0 ? v1 : v0, b = k === 0 ? v2 : k === 1 ? v3 : k === 2 ? v1 : v2, c = k === 0 ? v3 : k === 1 ? v2 : k === 2 ? v3 : v1;
      if (a > b) { const x = a; a = b; b = x; }
      if (b > c) { const x = b; b = c; c = x; }
      if (a > b) { const x = a; a = b; b = x; }
      const i = 4 * t + k;
      ka[i] = a; kb[i] = b; kc[i] = c;
      countA[a + 1]++;
      countB[b + 1]++;
    }
  }
  for (let v = 0; v < nNodes; v++) {
    countA[v + 1] += countA[v];
    countB[v + 1] += countB[v];
  }
  // stable by the middle vertex, then stable by the smallest: sorted by (a, b), face order within
  const byB = new Int32Array(nF), sorted = new Int32Array(nF);
  for (let i = 0; i < nF; i++) byB[countB[kb[i]]++] = i;
  for (let p = 0; p < nF; p++) {
    const i = byB[p];
    sorted[countA[ka[i]]++] = i;
  }
  const mate = new Int32Array(nF).fill(-1);
  let nonManifold = 0;
  let firstNonManifold: [number, number, number] | null = null;
  for (let lo = 0; lo < nF;) {
    const a = ka[sorted[lo]], b = kb[sorted[lo]];
    let hi = lo + 1;
    while (hi < nF && ka[sorted[hi]] === a && kb[sorted[hi]] === b) hi++;
    for (let p = lo; p < hi; p++) {
      const i = sorted[p];
      if (mate[i] !== -1) continue;
      for (let q = p + 1; q < hi; q++) {
        const j = sorted[q];
        if (kc[j] !== kc[i]) continue;
        if (mate[i] === -1 && mate[j] === -1) {
          mate[i] = j;
          mate[j] = i;
        } else if (mate[j] === -1) {
          mate[j] = -2;
          nonManifold++;
          if (!firstNonManifold) firstNonManifold = [ka[i], kb[i], kc[i]];
        }
      }
    }
    lo = hi;
  }
  return { mate, ka, kb, kc, nonManifold, firstNonManifold };
}

/**
 * Classify the faces of a tet mesh.
 * @param tets nTets × stride connectivity; the first 4 entries of each tet are its vertices
 * @param stride 4 or 10
 * @param nNodes number of nodes (ids in [0, nNodes))
 * @param mates the pairing of these tets' faces, when the caller has it (it depends on the vertices only: a 10-node mesh's is its corners')
 */
export function classifyFaces(tets: Int32Array, stride: number, nNodes: number, mates: FaceMates = faceMates(tets, stride, nNodes)): FaceTable {
  const { mate, ka, kb, kc, nonManifold, firstNonManifold } = mates;
  const nF = mate.length;
  let nB = 0, nI = 0;
  for (let i = 0; i < nF; i++) {
    if (mate[i] === -1) nB++;
    else if (mate[i] > i) nI++;
  }
  const boundary = new Int32Array(3 * nB), boundaryTet = new Int32Array(nB), boundaryFace = new Int32Array(nB);
  const interiorTets = new Int32Array(2 * nI), interior = new Int32Array(3 * nI);
  let nb = 0, ni = 0;
  for (let i = 0; i < nF; i++) {
    if (mate[i] === -1) {
      const t = i >> 2, k = i & 3;
      const lf = TET_FACES[k];
      boundary[3 * nb] = tets[t * stride + lf[0]];
      boundary[3 * nb + 1] = tets[t * stride + lf[1]];
      boundary[3 * nb + 2] = tets[t * stride + lf[2]];
      boundaryTet[nb] = t;
      boundaryFace[nb++] = k;
    } else if (mate[i] > i) {
      interiorTets[2 * ni] = i >> 2;
      interiorTets[2 * ni + 1] = mate[i] >> 2;
      interior[3 * ni] = ka[i]; interior[3 * ni + 1] = kb[i]; interior[3 * ni + 2] = kc[i];
      ni++;
    }
  }
  return { boundary, boundaryTet, boundaryFace, interiorTets, interior, nonManifold, firstNonManifold };
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
