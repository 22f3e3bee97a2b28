/**
 * Faces of a tetrahedral mesh: which are on the boundary (in one tet),
 * which are interior (in two), and which are non-manifold (in more).
 *
 * Method: each tet contributes its 4 outward faces, keyed by their sorted
 * vertex triple in an open-addressing hash table — O(F).
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

// 32-bit mix of a vertex triple (murmur3-style finalizer), for the face table
function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
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
  // open-addressing table on the sorted vertex triple; slot holds face index + 1
  let cap = 1;
  while (cap < 2 * nF) cap <<= 1;
  const mask = cap - 1;
  const slot = new Int32Array(cap);
  const ka = new Int32Array(nF), kb = new Int32Array(nF), kc = new Int32Array(nF);
  const first = new Int32Array(nF).fill(-1); // face -> the face it pairs with, or −1
  const count = new Uint8Array(nF);          // multiplicity, kept on the first occurrence
  let nonManifold = 0;
  let firstNonManifold: [number, number, number] | null = null;
  for (let t = 0; t < nTets; t++) {
    for (let k = 0; k < 4; k++) {
      const f = TET_FACES[k];
      let a = tets[t * stride + f[0]], b = tets[t * stride + f[1]], c = tets[t * stride + f[2]];
      if (a > b) { const x = a; a = b; b = x; }
      if (b > c) { const x = b; b = c; c = x; }
      if (a > b) { const x = a; a = b; b = x; }
      void nNodes;
      const i = 4 * t + k;
      ka[i] = a; kb[i] = b; kc[i] = c;
      let h = mix(a, b, c) & mask;
      for (;;) {
        const s0 = slot[h];
        if (s0 === 0) {
          slot[h] = i + 1;
          count[i] = 1;
          break;
        }
        const j = s0 - 1;
        if (ka[j] === a && kb[j] === b && kc[j] === c) {
          count[j]++;
          if (count[j] === 2) first[i] = j;
          else if (count[j] === 3) {
            nonManifold++;
            if (!firstNonManifold) firstNonManifold = [a, b, c];
          }
          break;
        }
        h = (h + 1) & mask;
      }
    }
  }
  let nB = 0, nI = 0;
  for (let i = 0; i < nF; i++) {
    if (count[i] === 1) nB++;
    else if (first[i] >= 0 && count[first[i]] === 2) nI++;
  }
  const boundary = new Int32Array(3 * nB), boundaryTet = new Int32Array(nB), boundaryFace = new Int32Array(nB);
  const interiorTets = new Int32Array(2 * nI), interior = new Int32Array(3 * nI);
  let b = 0, n = 0;
  for (let i = 0; i < nF; i++) {
    if (count[i] === 1) {
      const t = (i / 4) | 0, k = i % 4;
      const lf = TET_FACES[k];
      boundary[3 * b] = tets[t * stride + lf[0]];
      boundary[3 * b + 1] = tets[t * stride + lf[1]];
      boundary[3 * b + 2] = tets[t * stride + lf[2]];
      boundaryTet[b] = t;
      boundaryFace[b++] = k;
    } else if (first[i] >= 0 && count[first[i]] === 2) {
      interiorTets[2 * n] = (first[i] / 4) | 0;
      interiorTets[2 * n + 1] = (i / 4) | 0;
      interior[3 * n] = ka[i]; interior[3 * n + 1] = kb[i]; interior[3 * n + 2] = kc[i];
      n++;
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
