/**
 * The tetrahedral mesh every part of grainfem exchanges.
 *
 * Node order per tet follows VTK: 4 vertices, then (order 2) the mid-edge
 * nodes of edges (0,1) (1,2) (0,2) (0,3) (1,3) (2,3). Boundary triangles have
 * 3 vertices, then (order 2) the mid-edge nodes of (0,1) (1,2) (2,0), ordered
 * so that the right-hand normal points out of the body. Vertex nodes come
 * first: ids < nVertices are tet corners, the rest are mid-edge nodes.
 */
export interface TetMesh {
  /** element order: 1 = 4-node tets, 2 = 10-node tets */
  order: 1 | 2;
  /** node coordinates, nNodes × 3 (µm) */
  nodes: Float64Array;
  /** connectivity, nTets × (4 | 10) */
  tets: Int32Array;
  /** grain id (0-based) per tet */
  tetGrain: Int32Array;
  /** outer-surface triangles, nTris × (3 | 6), outward oriented */
  tris: Int32Array;
  /** grain id per surface triangle (the grain of the tet it bounds) */
  triGrain: Int32Array;
  /** number of grains (ids 0 … nGrains − 1) */
  nGrains: number;
  /** number of vertex (corner) nodes */
  nVertices: number;
}

/**
 * The tet-10 edges in the node order above: mid-edge node 4 + e lies between
 * corners TET10_EDGE_A[e] and TET10_EDGE_B[e].
 */
export const TET10_EDGE_A: readonly number[] = [0, 1, 0, 0, 1, 2];
export const TET10_EDGE_B: readonly number[] = [1, 2, 2, 3, 3, 3];

/** Nodes per tet for an element order. */
export function nodesPerTet(order: 1 | 2): 4 | 10 {
  return order === 1 ? 4 : 10;
}

/** Nodes per boundary triangle for an element order. */
export function nodesPerTri(order: 1 | 2): 3 | 6 {
  return order === 1 ? 3 : 6;
}

export function nodeCount(m: TetMesh): number {
  return m.nodes.length / 3;
}

export function tetCount(m: TetMesh): number {
  return m.tetGrain.length;
}

export function triCount(m: TetMesh): number {
  return m.triGrain.length;
}
