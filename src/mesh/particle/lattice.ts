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

  /**
   * Edge id of lattice neighbours u, v.
   * @param dc doubled coordinates of every vertex, 3 per vertex
   */
  edgeIdOf(u: number, v: number, dc: Int32Array): number {
    const dx = dc[3 * v] - dc[3 * u], dy = dc[3 * v + 1] - dc[3 * u + 1], dz = dc[3 * v + 2] - dc[3 * u + 2];
    if (dx * dy * dz !== 0) {
      // short edge: owned by the primal end
      const primalIsU = (dc[3 * u] & 1) === 0;
      const p = primalIsU ? u : v;
      const s = primalIsU ? 1 : -1;
      return p * 11 + 3 + (s * dx > 0 ? 1 : 0) + (s * dy > 0 ? 2 : 0) + (s * dz > 0 ? 4 : 0);
    }
    const d = dx !== 0 ? 0 : dy !== 0 ? 1 : 2;
    return (dx + dy + dz > 0 ? u : v) * 11 + d;
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
   * Face id of the lattice triangle (a, b, c); exactly one of its edges is long.
   * @param dc doubled coordinates of every vertex, 3 per vertex
   */
  faceIdOf(a: number, b: number, c: number, dc: Int32Array): number {
    for (let k = 0; k < 3; k++) {
      const p = k === 0 ? a : k === 1 ? b : c;
      const q = k === 0 ? b : k === 1 ? c : a;
      const w = k === 0 ? c : k === 1 ? a : b;
      const dx = dc[3 * q] - dc[3 * p], dy = dc[3 * q + 1] - dc[3 * p + 1], dz = dc[3 * q + 2] - dc[3 * p + 2];
      if ((dx !== 0 ? 1 : 0) + (dy !== 0 ? 1 : 0) + (dz !== 0 ? 1 : 0) !== 1) continue; // not the long edge
      const d = dx !== 0 ? 0 : dy !== 0 ? 1 : 2;
      const lo = dx + dy + dz > 0 ? p : q;
      const d1 = d === 0 ? 1 : 0, d2 = d === 2 ? 1 : 2;
      const apex = (dc[3 * w + d1] > dc[3 * lo + d1] ? 1 : 0) + (dc[3 * w + d2] > dc[3 * lo + d2] ? 2 : 0);
      return (lo * 3 + d) * 4 + apex;
    }
    throw new Error("faceIdOf: not a lattice face");
  }
}
