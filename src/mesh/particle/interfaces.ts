/**
 * Exact geometry of the material interfaces of a Voronoi-grained ball.
 *
 * Materials: grains 0 … N−1 and OUT = N (outside the sphere). A point
 * belongs to OUT if |x| > R, else to its nearest seed. With the indicator
 * f_i(x) = 2 s_i·x − |s_i|² (same ordering as −|x − s_i|²), the difference of
 * two grains' indicators is affine in x, so the interface points of planar
 * facets are exact solutions of small linear systems on a simplex. Interfaces
 * with OUT lie on the sphere |x| = R: quadratics.
 *
 * Every routine returns barycentric coordinates on the simplex given
 * (edge: t, face: λ[3], tet: λ[4]), clamped into the closed simplex (negative
 * coordinates set to 0 and the rest renormalized) and reports whether
 * clamping moved the point.
 */
import { NearestSeed } from "../seeds.js";

export class VoronoiBall {
  readonly nGrains: number;
  readonly OUT: number;
  private readonly finder: NearestSeed;
  private readonly sq: Float64Array;

  constructor(readonly seeds: Float64Array, readonly radius: number) {
    this.nGrains = seeds.length / 3;
    this.OUT = this.nGrains;
    this.finder = new NearestSeed(seeds, radius);
    this.sq = new Float64Array(this.nGrains);
    for (let i = 0; i < this.nGrains; i++) this.sq[i] = seeds[3 * i] ** 2 + seeds[3 * i + 1] ** 2 + seeds[3 * i + 2] ** 2;
  }

  /** Material at (x, y, z). */
  label(x: number, y: number, z: number): number {
    if (x * x + y * y + z * z > this.radius * this.radius) return this.OUT;
    return this.finder.nearest(x, y, z);
  }

  /** f_a(x) − f_b(x) for two grains: positive where a is nearer. */
  phi(a: number, b: number, x: number, y: number, z: number): number {
    const s = this.seeds;
    return 2 * ((s[3 * a] - s[3 * b]) * x + (s[3 * a + 1] - s[3 * b + 1]) * y + (s[3 * a + 2] - s[3 * b + 2]) * z) - this.sq[a] + this.sq[b];
  }

  /**
   * Interface point on segment p0p1 between materials a (at p0) and b (at p1).
   * @returns t ∈ [0, 1] (point = p0 + t (p1 − p0))
   */
  cut(p: Float64Array, i0: number, i1: number, a: number, b: number): number {
    const x0 = p[3 * i0], y0 = p[3 * i0 + 1], z0 = p[3 * i0 + 2];
    const dx = p[3 * i1] - x0, dy = p[3 * i1 + 1] - y0, dz = p[3 * i1 + 2] - z0;
    let t: number;
    if (a !== this.OUT && b !== this.OUT) {
      const f0 = this.phi(a, b, x0, y0, z0), f1 = this.phi(a, b, x0 + dx, y0 + dy, z0 + dz);
      t = f0 === f1 ? 0.5 : f0 / (f0 - f1);
    } else {
      t = this.sphereRoot(x0, y0, z0, dx, dy, dz, 0.5);
    }
    return t < 0 ? 0 : t > 1 ? 1 : t;
  }

  // root s of |x0 + s d|² = R² nearest to sGuess (sGuess if none)
  private sphereRoot(x0: number, y0: number, z0: number, dx: number, dy: number, dz: number, sGuess: number): number {
    const A = dx * dx + dy * dy + dz * dz;
    const B = 2 * (x0 * dx + y0 * dy + z0 * dz);
    const C = x0 * x0 + y0 * y0 + z0 * z0 - this.radius * this.radius;
    const disc = B * B - 4 * A * C;
    if (!(A > 0) || disc < 0) return sGuess;
    const q = -0.5 * (B + (B >= 0 ? 1 : -1) * Math.sqrt(disc));
    const r1 = q / A, r2 = q !== 0 ? C / q : r1;
    return Math.abs(r1 - sGuess) <= Math.abs(r2 - sGuess) ? r1 : r2;
  }

  /**
   * Junction of three materials (a, b, c) on the triangle with vertex ids
   * i[0..2] of positions p. Writes λ (3) and returns true if no clamping was needed.
   */
  triple(p: Float64Array, i: ArrayLike<number>, m: ArrayLike<number>, lam: Float64Array): boolean {
    const OUT = this.OUT;
    // order so that OUT, if present, is last
    let a = m[0], b = m[1], c = m[2];
    if (a === OUT) [a, c] = [c, a];
    else if (b === OUT) [b, c] = [c, b];
    const X = (k: number, d: number) => p[3 * i[k] + d];
    if (c !== OUT) {
      // Σλ = 1, Σλ φ_ab = 0, Σλ φ_ac = 0
      const M = new Float64Array(9);
      for (let k = 0; k < 3; k++) {
        M[k] = 1;
        M[3 + k] = this.phi(a, b, X(k, 0), X(k, 1), X(k, 2));
        M[6 + k] = this.phi(a, c, X(k, 0), X(k, 1), X(k, 2));
      }
      if (!solve3(M, 1, 0, 0, lam)) lam.fill(1 / 3);
    } else {
      // the line {Σλ=1, Σλ φ_ab = 0} in the face, intersected with the sphere
      const f = [0, 1, 2].map((k) => this.phi(a, b, X(k, 0), X(k, 1), X(k, 2)));
      // two points of the line on the (extended) edges with a sign change or the largest |Δφ|
      const pts: number[][] = [];
      for (const [u, v] of [[0, 1], [1, 2], [0, 2]]) {
        if (f[u] === f[v]) continue;
        const s = f[u] / (f[u] - f[v]);
        const l = [0, 0, 0];
        l[u] = 1 - s;
        l[v] = s;
        pts.push(l);
      }
      if (pts.length < 2) {
        lam.fill(1 / 3);
      } else {
        // choose the two most separated line points
        let bi = 0, bj = 1, bd = -1;
        for (let x = 0; x < pts.length; x++) for (let y = x + 1; y < pts.length; y++) {
          const d = Math.abs(pts[x][0] - pts[y][0]) + Math.abs(pts[x][1] - pts[y][1]) + Math.abs(pts[x][2] - pts[y][2]);
          if (d > bd) { bd = d; bi = x; bj = y; }
        }
        const L0 = pts[bi], L1 = pts[bj];
        const pos = (l: number[], d: number) => l[0] * X(0, d) + l[1] * X(1, d) + l[2] * X(2, d);
        const x0 = pos(L0, 0), y0 = pos(L0, 1), z0 = pos(L0, 2);
        const dx = pos(L1, 0) - x0, dy = pos(L1, 1) - y0, dz = pos(L1, 2) - z0;
        // guess: the parameter of the point nearest the face centroid
        const cx = (X(0, 0) + X(1, 0) + X(2, 0)) / 3, cy = (X(0, 1) + X(1, 1) + X(2, 1)) / 3, cz = (X(0, 2) + X(1, 2) + X(2, 2)) / 3;
        const dd = dx * dx + dy * dy + dz * dz;
        const guess = dd > 0 ? ((cx - x0) * dx + (cy - y0) * dy + (cz - z0) * dz) / dd : 0.5;
        const s = this.sphereRoot(x0, y0, z0, dx, dy, dz, guess);
        for (let k = 0; k < 3; k++) lam[k] = L0[k] + s * (L1[k] - L0[k]);
      }
    }
    return clampBary(lam, 3);
  }

  /**
   * Junction of four materials on the tet with vertex ids i[0..3]: a Voronoi
   * vertex, or where a Voronoi edge meets the sphere. Writes λ (4).
   */
  quad(p: Float64Array, i: ArrayLike<number>, m: ArrayLike<number>, lam: Float64Array): boolean {
    const OUT = this.OUT;
    const mm = [m[0], m[1], m[2], m[3]];
    const outAt = mm.indexOf(OUT);
    if (outAt >= 0) [mm[outAt], mm[3]] = [mm[3], mm[outAt]];
    const [a, b, c, d] = mm;
    const X = (k: number, e: number) => p[3 * i[k] + e];
    const phiAt = (u: number, v: number, k: number) => this.phi(u, v, X(k, 0), X(k, 1), X(k, 2));
    if (d !== OUT) {
      const M = new Float64Array(16);
      for (let k = 0; k < 4; k++) {
        M[k] = 1;
        M[4 + k] = phiAt(a, b, k);
        M[8 + k] = phiAt(a, c, k);
        M[12 + k] = phiAt(a, d, k);
      }
      if (!solveN(M, [1, 0, 0, 0], lam, 4)) lam.fill(0.25);
      return clampBary(lam, 4);
    }
    // Voronoi edge (a, b, c) ∩ sphere: λ on the line {Σλ=1, Σλφ_ab=0, Σλφ_ac=0}
    const rows = [[1, 1, 1, 1], [0, 1, 2, 3].map((k) => phiAt(a, b, k)), [0, 1, 2, 3].map((k) => phiAt(a, c, k))];
    // particular solution with λ3 = 0 and λ3 = 1, giving two points of the line
    const lineAt = (l3: number, out: number[]): boolean => {
      const M = new Float64Array(9);
      for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) M[3 * r + k] = rows[r][k];
      const rhs = [1 - l3, -rows[1][3] * l3, -rows[2][3] * l3];
      const sol = new Float64Array(3);
      if (!solve3(M, rhs[0], rhs[1], rhs[2], sol)) return false;
      out[0] = sol[0]; out[1] = sol[1]; out[2] = sol[2]; out[3] = l3;
      return true;
    };
    const L0 = [0, 0, 0, 0], L1 = [0, 0, 0, 0];
    if (!lineAt(0, L0) || !lineAt(1, L1)) {
      lam.fill(0.25);
      return clampBary(lam, 4);
    }
    const pos = (l: number[], e: number) => l[0] * X(0, e) + l[1] * X(1, e) + l[2] * X(2, e) + l[3] * X(3, e);
    const x0 = pos(L0, 0), y0 = pos(L0, 1), z0 = pos(L0, 2);
    const dx = pos(L1, 0) - x0, dy = pos(L1, 1) - y0, dz = pos(L1, 2) - z0;
    const cx = (X(0, 0) + X(1, 0) + X(2, 0) + X(3, 0)) / 4, cy = (X(0, 1) + X(1, 1) + X(2, 1) + X(3, 1)) / 4, cz = (X(0, 2) + X(1, 2) + X(2, 2) + X(3, 2)) / 4;
    const dd = dx * dx + dy * dy + dz * dz;
    const guess = dd > 0 ? ((cx - x0) * dx + (cy - y0) * dy + (cz - z0) * dz) / dd : 0.5;
    const s = this.sphereRoot(x0, y0, z0, dx, dy, dz, guess);
    for (let k = 0; k < 4; k++) lam[k] = L0[k] + s * (L1[k] - L0[k]);
    return clampBary(lam, 4);
  }
}

/** Clamp barycentric coordinates into the closed simplex; true if already inside. */
export function clampBary(lam: Float64Array, n: number): boolean {
  let inside = true, sum = 0;
  for (let k = 0; k < n; k++) {
    if (!(lam[k] >= 0)) {
      lam[k] = 0;
      inside = false;
    }
    sum += lam[k];
  }
  if (!(sum > 0)) {
    lam.fill(1 / n, 0, n);
    return false;
  }
  for (let k = 0; k < n; k++) lam[k] /= sum;
  return inside;
}

/** Solve the 3 × 3 system M x = (r0, r1, r2) by Cramer's rule; false if singular. */
export function solve3(M: Float64Array, r0: number, r1: number, r2: number, x: Float64Array): boolean {
  const [a, b, c, d, e, f, g, h, i] = M;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const scale = Math.abs(a) + Math.abs(b) + Math.abs(c) + Math.abs(d) + Math.abs(e) + Math.abs(f) + Math.abs(g) + Math.abs(h) + Math.abs(i);
  if (!(Math.abs(det) > 1e-14 * scale ** 3)) return false;
  x[0] = (r0 * (e * i - f * h) - b * (r1 * i - f * r2) + c * (r1 * h - e * r2)) / det;
  x[1] = (a * (r1 * i - f * r2) - r0 * (d * i - f * g) + c * (d * r2 - r1 * g)) / det;
  x[2] = (a * (e * r2 - r1 * h) - b * (d * r2 - r1 * g) + r0 * (d * h - e * g)) / det;
  return true;
}

/** Gaussian elimination with partial pivoting on an n × n system; false if singular. */
export function solveN(M: Float64Array, rhs: number[], x: Float64Array, n: number): boolean {
  const A = Float64Array.from(M), b = Float64Array.from(rhs);
  let scale = 0;
  for (const v of A) scale = Math.max(scale, Math.abs(v));
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let r = j + 1; r < n; r++) if (Math.abs(A[r * n + j]) > Math.abs(A[p * n + j])) p = r;
    if (!(Math.abs(A[p * n + j]) > 1e-14 * scale)) return false;
    if (p !== j) {
      for (let k = 0; k < n; k++) [A[j * n + k], A[p * n + k]] = [A[p * n + k], A[j * n + k]];
      [b[j], b[p]] = [b[p], b[j]];
    }
    for (let r = j + 1; r < n; r++) {
      const f = A[r * n + j] / A[j * n + j];
      for (let k = j; k < n; k++) A[r * n + k] -= f * A[j * n + k];
      b[r] -= f * b[j];
    }
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = b[j];
    for (let k = j + 1; k < n; k++) s -= A[j * n + k] * x[k];
    x[j] = s / A[j * n + j];
  }
  return true;
}
