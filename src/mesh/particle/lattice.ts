/**
 * The body-centred cubic (BCC) background lattice of the particle mesher.
 *
 * Vertices live on doubled integer coordinates X ∈ [0, 2n]³: primal vertices
 * (cube corners) have all-even coordinates, dual vertices (cube centres)
 * all-odd ones; position = origin + (h/2)·X. Every BCC tet joins two
 * face-adjacent cube centres c1, c2 = c1 + 2e_d with one edge of the square
 * they share; it has two "long" edges (length h: c1c2 and the square edge)
 * and four "short" ones (√3h/2), dihedral angles 60° and 90°, radius ratio
 * 0.95. Each vertex is in 24 tets.
 *
 * Edges, faces and tets get ids by arithmetic (no hashing):
 *   edge  = vertexId·11 + code  (codes 0–2: long edge in +x/+y/+z from the
 *           lower vertex; 3–10: short edge from a primal vertex to one of its
 *           8 dual neighbours)
 *   face  = ((vertexId·3 + d)·4 + apex): the long edge (vertex, +2e_d) and
 *           one of the 4 apices around it (every BCC face has one long edge)
 *   tet   = ((dualIndex·3 + d)·4 + k): dual long edge (c1, +2e_d) and edge k
 *           of the square between c1 and c2
 */

export class BccLattice {
  /** cubes per axis */
  readonly n: number;
  /** cube edge length (µm) */
  readonly h: number;
  /** position of doubled coordinate 0 on each axis (µm) */
  readonly origin: number;
  /** number of primal and dual vertices */
  readonly nPrimal: number;
  readonly nDual: number;
  readonly nVertices: number;

  /**
   * A lattice whose dual grid covers the cube [−extent, extent]³.
   */
  constructor(h: number, extent: number) {
    this.h = h;
    this.n = Math.ceil((2 * extent) / h) + 1;
    this.origin = -(this.n * h) / 2;
    this.nPrimal = (this.n + 1) ** 3;
    this.nDual = this.n ** 3;
    this.nVertices = this.nPrimal + this.nDual;
  }

  /** Vertex id of doubled coordinates (all even or all odd, in range). */
  id(X: number, Y: number, Z: number): number {
    const n = this.n;
    if ((X & 1) === 0) return (X >> 1) + (n + 1) * ((Y >> 1) + (n + 1) * (Z >> 1));
    return this.nPrimal + (X >> 1) + n * ((Y >> 1) + n * (Z >> 1));
  }

  /** Doubled coordinates of vertex `v` into out[0..2]. */
  coords(v: number, out: Int32Array | number[]): void {
    const n = this.n;
    if (v < this.nPrimal) {
      const m = n + 1;
      out[0] = 2 * (v % m);
      out[1] = 2 * (Math.floor(v / m) % m);
      out[2] = 2 * Math.floor(v / (m * m));
    } else {
      const w = v - this.nPrimal;
      out[0] = 2 * (w % n) + 1;
      out[1] = 2 * (Math.floor(w / n) % n) + 1;
      out[2] = 2 * Math.floor(w / (n * n)) + 1;
    }
  }

  /** Position (µm) of doubled coordinate X. */
  pos(X: number): number {
    return this.origin + 0.5 * this.h * X;
  }

  /** Edge id of lattice neighbours u, v (doubled coordinates cu, cv). */
  edgeId(u: number, cu: ArrayLike<number>, v: number, cv: ArrayLike<number>): number {
    const dx = cv[0] - cu[0], dy = cv[1] - cu[1], dz = cv[2] - cu[2];
    if (dx * dy * dz !== 0) {
      // short edge: owned by the primal end
      const primalIsU = (cu[0] & 1) === 0;
      const p = primalIsU ? u : v;
      const s = primalIsU ? 1 : -1;
      return p * 11 + 3 + (s * dx > 0 ? 1 : 0) + (s * dy > 0 ? 2 : 0) + (s * dz > 0 ? 4 : 0);
    }
    const d = dx !== 0 ? 0 : dy !== 0 ? 1 : 2;
    const lowerIsU = dx + dy + dz > 0;
    return (lowerIsU ? u : v) * 11 + d;
  }

  /** Number of edge-id slots. */
  get edgeSlots(): number {
    return this.nVertices * 11;
  }

  /** Number of face-id slots. */
  get faceSlots(): number {
    return this.nVertices * 12;
  }

  /** Number of tet-id slots. */
  get tetSlots(): number {
    return this.nDual * 12;
  }

  /**
   * Face id of a lattice triangle (three vertices with doubled coordinates);
   * exactly one of its edges is long.
   */
  faceId(v: number[], c: number[][]): number {
    for (let a = 0; a < 3; a++) {
      const b = (a + 1) % 3, w = (a + 2) % 3;
      const dx = c[b][0] - c[a][0], dy = c[b][1] - c[a][1], dz = c[b][2] - c[a][2];
      const nz = (dx !== 0 ? 1 : 0) + (dy !== 0 ? 1 : 0) + (dz !== 0 ? 1 : 0);
      if (nz !== 1) continue; // not a long edge
      const d = dx !== 0 ? 0 : dy !== 0 ? 1 : 2;
      const lo = dx + dy + dz > 0 ? a : b;
      const d1 = d === 0 ? 1 : 0, d2 = d === 2 ? 1 : 2;
      const apex = (c[w][d1] > c[lo][d1] ? 1 : 0) + (c[w][d2] > c[lo][d2] ? 2 : 0);
      return (v[lo] * 3 + d) * 4 + apex;
    }
    throw new Error("faceId: not a lattice face");
  }
}
