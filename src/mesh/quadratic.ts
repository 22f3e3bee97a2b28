/**
 * Lift a linear (4-node) tet mesh to quadratic (10-node) tets: one new node
 * at the midpoint of every mesh edge, numbered after the vertices in the
 * core's edge order. Mid-edge nodes of boundary edges can be projected onto a
 * sphere so that the P2 surface follows the particle.
 */
import type { Core } from "../wasm/core.js";
import type { TetMesh } from "./types.js";
import { nodeCount } from "./types.js";

export interface QuadraticOptions {
  /** project mid-edge nodes of boundary triangles radially onto this sphere */
  sphere?: { center: readonly [number, number, number]; radius: number };
}

/** Return the order-2 version of an order-1 mesh (input unchanged). */
export function toQuadratic(core: Core, mesh: TetMesh, opts: QuadraticOptions = {}): TetMesh {
  if (mesh.order !== 1) throw new Error("toQuadratic: mesh is already quadratic");
  const ex = core.exports;
  const nNodes = nodeCount(mesh);
  const nTets = mesh.tetGrain.length;
  const nTris = mesh.triGrain.length;
  const conn = core.fromI32(mesh.tets);
  const tris = core.fromI32(mesh.tris);
  const rowPtr = core.i32(nNodes + 1);
  const colIdx = core.wrapI32(ex.buildNodeGraph(nNodes, nTets, 4, conn.ptr, rowPtr.ptr), 0);
  const nEdges = ex.graphEdgeCount(nNodes, rowPtr.ptr);
  const upper = core.i32(nNodes);
  const edges = core.i32(2 * nEdges);
  ex.graphEdges(nNodes, rowPtr.ptr, colIdx.ptr, upper.ptr, edges.ptr);
  const tets10 = core.i32(10 * nTets);
  ex.liftToQuadratic(nNodes, nTets, 4, 6, ex.TET_EDGE_A.value, ex.TET_EDGE_B.value, conn.ptr,
    rowPtr.ptr, colIdx.ptr, upper.ptr, tets10.ptr);
  const tris6 = core.i32(6 * nTris);
  ex.liftToQuadratic(nNodes, nTris, 3, 3, ex.TRI_EDGE_A.value, ex.TRI_EDGE_B.value, tris.ptr,
    rowPtr.ptr, colIdx.ptr, upper.ptr, tris6.ptr);
  const e = edges.copy();
  const out: TetMesh = {
    order: 2,
    nodes: new Float64Array(3 * (nNodes + nEdges)),
    tets: tets10.copy(),
    tetGrain: mesh.tetGrain.slice(),
    tris: tris6.copy(),
    triGrain: mesh.triGrain.slice(),
    nGrains: mesh.nGrains,
    nVertices: nNodes,
  };
  for (const a of [conn, tris, rowPtr, colIdx, upper, edges, tets10, tris6]) a.free();
  const x = out.nodes;
  x.set(mesh.nodes);
  for (let k = 0; k < nEdges; k++) {
    const a = e[2 * k], b = e[2 * k + 1], m = nNodes + k;
    for (let c = 0; c < 3; c++) x[3 * m + c] = 0.5 * (mesh.nodes[3 * a + c] + mesh.nodes[3 * b + c]);
  }
  if (opts.sphere) {
    const { center, radius } = opts.sphere;
    for (let t = 0; t < nTris; t++) {
      for (let j = 3; j < 6; j++) {
        const m = out.tris[6 * t + j];
        const dx = x[3 * m] - center[0], dy = x[3 * m + 1] - center[1], dz = x[3 * m + 2] - center[2];
        const s = radius / Math.hypot(dx, dy, dz);
        x[3 * m] = center[0] + dx * s;
        x[3 * m + 1] = center[1] + dy * s;
        x[3 * m + 2] = center[2] + dz * s;
      }
    }
  }
  return out;
}

/**
 * The linear (4-node) mesh of a quadratic mesh's corners: the same tets,
 * grains and surface triangles by their corner nodes, which come first in a
 * quadratic mesh's numbering (nodes 0 … nVertices − 1 keep their ids). Its
 * edges are straight where the quadratic mesh's surface edges are curved.
 */
export function toLinear(mesh: TetMesh): TetMesh {
  if (mesh.order !== 2) throw new Error("toLinear: mesh is already linear");
  const nTets = mesh.tetGrain.length, nTris = mesh.triGrain.length;
  const tets = new Int32Array(4 * nTets), tris = new Int32Array(3 * nTris);
  for (let t = 0; t < nTets; t++) for (let a = 0; a < 4; a++) tets[4 * t + a] = mesh.tets[10 * t + a];
  for (let t = 0; t < nTris; t++) for (let a = 0; a < 3; a++) tris[3 * t + a] = mesh.tris[6 * t + a];
  return {
    order: 1, nodes: mesh.nodes.slice(0, 3 * mesh.nVertices), tets, tetGrain: mesh.tetGrain.slice(), tris, triGrain: mesh.triGrain.slice(),
    nGrains: mesh.nGrains, nVertices: mesh.nVertices,
  };
}
