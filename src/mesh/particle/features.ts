/**
 * The exact geometric feature of a set of materials in a Voronoi-grained
 * ball, and the projection onto it. A node's materials are the grains of its
 * tets, plus the outside when it is on the surface:
 *   1 grain            free                (surface: the sphere)
 *   2 grains a, b      bisector plane      (surface: circle plane ∩ sphere)
 *   3 grains           Voronoi edge (line) (surface: where it meets the sphere)
 *   4 grains           Voronoi vertex      (surface: none — over-determined)
 *   5 or more          none
 * Plane of grains a, b: n·x = c with n = s_b − s_a, c = (|s_b|² − |s_a|²)/2.
 */
import { norm3 } from "../quality.js";
import { solve3 } from "./interfaces.js";

export class Features {
  private readonly p1 = new Float64Array(4);
  private readonly p2 = new Float64Array(4);
  private readonly M = new Float64Array(9);
  private readonly sol = new Float64Array(3);

  constructor(readonly seeds: Float64Array, readonly radius: number) {}

  /** Bisector plane of grains a and b into out (n, c). */
  plane(a: number, b: number, out: Float64Array): void {
    const s = this.seeds;
    const ax = s[3 * a], ay = s[3 * a + 1], az = s[3 * a + 2];
    const bx = s[3 * b], by = s[3 * b + 1], bz = s[3 * b + 2];
    out[0] = bx - ax; out[1] = by - ay; out[2] = bz - az;
    out[3] = 0.5 * (bx * bx + by * by + bz * bz - ax * ax - ay * ay - az * az);
  }

  /**
   * Project x in place onto the feature of the grains g (sorted, distinct)
   * and the surface flag. Returns false (x unchanged, or only put on the
   * sphere) when the set has no exact feature.
   */
  project(g: ArrayLike<number>, n: number, surface: boolean, x: Float64Array): boolean {
    const { p1, p2, radius } = this;
    if (n === 1) {
      if (surface) this.toSphere(x);
      return true;
    }
    if (n === 2) {
      this.plane(g[0], g[1], p1);
      projectPlane(x, p1);
      return surface ? this.toCircle(x, p1) : true;
    }
    if (n === 3) {
      this.plane(g[0], g[1], p1);
      this.plane(g[0], g[2], p2);
      if (!projectLine(x, p1, p2)) return false;
      if (!surface) return true;
      // along the line to the sphere, nearest root
      const d0 = p1[1] * p2[2] - p1[2] * p2[1], d1 = p1[2] * p2[0] - p1[0] * p2[2], d2 = p1[0] * p2[1] - p1[1] * p2[0];
      const A = d0 * d0 + d1 * d1 + d2 * d2, B = 2 * (x[0] * d0 + x[1] * d1 + x[2] * d2);
      const C = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] - radius * radius;
      const disc = B * B - 4 * A * C;
      if (!(A > 0) || disc < 0) return false;
      const r1 = (-B + Math.sqrt(disc)) / (2 * A), r2 = (-B - Math.sqrt(disc)) / (2 * A);
      const s = Math.abs(r1) < Math.abs(r2) ? r1 : r2;
      x[0] += s * d0; x[1] += s * d1; x[2] += s * d2;
      return true;
    }
    if (n === 4 && !surface) {
      const { M, sol } = this;
      const r = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        this.plane(g[0], g[k + 1], p1);
        M[3 * k] = p1[0]; M[3 * k + 1] = p1[1]; M[3 * k + 2] = p1[2];
        r[k] = p1[3];
      }
      if (!solve3(M, r[0], r[1], r[2], sol)) return false;
      x[0] = sol[0]; x[1] = sol[1]; x[2] = sol[2];
      return true;
    }
    if (surface) this.toSphere(x);
    return false;
  }

  toSphere(x: Float64Array): void {
    const s = this.radius / norm3(x[0], x[1], x[2]);
    x[0] *= s; x[1] *= s; x[2] *= s;
  }

  /** x (already on plane p) onto the circle p ∩ sphere. */
  private toCircle(x: Float64Array, p: Float64Array): boolean {
    const nn = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
    const dc = p[3] / nn;
    const r2 = this.radius * this.radius - dc * dc;
    if (r2 <= 0) return false;
    const c0 = (p[0] / nn) * dc, c1 = (p[1] / nn) * dc, c2 = (p[2] / nn) * dc;
    const ux = x[0] - c0, uy = x[1] - c1, uz = x[2] - c2;
    const lu = norm3(ux, uy, uz);
    if (!(lu > 0)) return false;
    const s = Math.sqrt(r2) / lu;
    x[0] = c0 + ux * s; x[1] = c1 + uy * s; x[2] = c2 + uz * s;
    return true;
  }
}

/** Orthogonal projection of x onto the plane p (n, c). */
export function projectPlane(x: Float64Array, p: Float64Array): void {
  const d = (p[0] * x[0] + p[1] * x[1] + p[2] * x[2] - p[3]) / (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
  x[0] -= d * p[0]; x[1] -= d * p[1]; x[2] -= d * p[2];
}

/** Nearest point of the line p1 ∩ p2 to x: x + α n1 + β n2. */
export function projectLine(x: Float64Array, p1: Float64Array, p2: Float64Array): boolean {
  const a11 = p1[0] * p1[0] + p1[1] * p1[1] + p1[2] * p1[2], a22 = p2[0] * p2[0] + p2[1] * p2[1] + p2[2] * p2[2];
  const a12 = p1[0] * p2[0] + p1[1] * p2[1] + p1[2] * p2[2];
  const r1 = p1[3] - (p1[0] * x[0] + p1[1] * x[1] + p1[2] * x[2]);
  const r2 = p2[3] - (p2[0] * x[0] + p2[1] * x[1] + p2[2] * x[2]);
  const det = a11 * a22 - a12 * a12;
  if (!(Math.abs(det) > 1e-14 * a11 * a22)) return false;
  const al = (r1 * a22 - r2 * a12) / det, be = (r2 * a11 - r1 * a12) / det;
  for (let c = 0; c < 3; c++) x[c] += al * p1[c] + be * p2[c];
  return true;
}
