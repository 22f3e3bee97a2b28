/**
 * Structured tetrahedral meshes of a box, for verification problems.
 * Each hexahedral cell is cut into 6 tets around its main diagonal (Kuhn /
 * Freudenthal subdivision), which is conforming across cells.
 */
import type { TetMesh } from "./types.js";
import { boundaryTriangles } from "./boundary.js";

export interface BoxOptions {
  /** cells along x, y, z */
  n: readonly [number, number, number];
  /** box edge lengths (µm); default unit cube */
  size?: readonly [number, number, number];
  /** lower corner (µm); default origin */
  origin?: readonly [number, number, number];
  /**
   * Random displacement of interior nodes as a fraction of the cell size
   * (≤ 0.25 keeps every tet positive); uses a fixed LCG seeded by `seed`.
   */
  jitter?: number;
  seed?: number;
}

// The 6 Kuhn tets of the unit cube, as cube-corner indices (bit 0 = x, 1 = y, 2 = z).
const KUHN: ReadonlyArray<readonly number[]> = [
  [0, 1, 3, 7], [0, 3, 2, 7], [0, 2, 6, 7], [0, 6, 4, 7], [0, 4, 5, 7], [0, 5, 1, 7],
];

/** P1 tet mesh of a box, one grain (id 0). */
export function boxMesh(opts: BoxOptions): TetMesh {
  const [nx, ny, nz] = opts.n;
  const [lx, ly, lz] = opts.size ?? [1, 1, 1];
  const [ox, oy, oz] = opts.origin ?? [0, 0, 0];
  const id = (i: number, j: number, k: number) => i + (nx + 1) * (j + (ny + 1) * k);
  const nNodes = (nx + 1) * (ny + 1) * (nz + 1);
  const nodes = new Float64Array(3 * nNodes);
  let s = (opts.seed ?? 1) >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const jit = opts.jitter ?? 0;
  for (let k = 0; k <= nz; k++) {
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        const interior = i > 0 && i < nx && j > 0 && j < ny && k > 0 && k < nz;
        const p = 3 * id(i, j, k);
        nodes[p] = ox + (lx * (i + (interior ? jit * rand() : 0))) / nx;
        nodes[p + 1] = oy + (ly * (j + (interior ? jit * rand() : 0))) / ny;
        nodes[p + 2] = oz + (lz * (k + (interior ? jit * rand() : 0))) / nz;
      }
    }
  }
  const tets = new Int32Array(24 * nx * ny * nz);
  let t = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const corner = (c: number) => id(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1));
        for (const kt of KUHN) {
          const v = kt.map(corner);
          if (signedVolume(nodes, v) < 0) [v[2], v[3]] = [v[3], v[2]];
          tets.set(v, 4 * t++);
        }
      }
    }
  }
  const tetGrain = new Int32Array(t);
  return { order: 1, nodes, tets, tetGrain, ...boundaryTriangles(tets, 4, tetGrain, nNodes), nGrains: 1, nVertices: nNodes };
}

/** Signed volume of the straight tet with vertex ids v (µm³). */
export function signedVolume(nodes: Float64Array, v: ArrayLike<number>): number {
  const p = (a: number, c: number) => nodes[3 * v[a] + c] - nodes[3 * v[0] + c];
  const ax = p(1, 0), ay = p(1, 1), az = p(1, 2);
  const bx = p(2, 0), by = p(2, 1), bz = p(2, 2);
  const cx = p(3, 0), cy = p(3, 1), cz = p(3, 2);
  return (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
}
