/**
 * The radial line profile (SPEC §1.4): n points r_k = k R/(n − 1) along a
 * unit direction d from the particle centre; the last point (and any beyond
 * the faceted surface) is pulled inside the faceted surface by 1e-6 R.
 * Values come from the recovered per-grain nodal fields of the tet that
 * contains each point; stresses are resolved in spherical components about
 * the centre: σ_rr = r̂·σ·r̂ and σ_θθ = (tr σ − σ_rr)/2, the mean of the two
 * tangential normal stresses (r̂ = d at the centre).
 */
import type { TetMesh } from "../mesh/types.js";
import { evaluateAt, locatePoints, rayExit, type Location } from "../fem/point-location.js";
import type { SplitNodes } from "./recovery.js";
import { normalStress } from "./stress-measures.js";
import type { ProfileSummary } from "./summary.js";
import { NumericalError } from "../errors.js";

/** Where the profile samples: located once per mesh, reused for every snapshot. */
export interface ProfileSampling {
  rUm: number[];
  points: Float64Array;
  locations: Location[];
  /** unit direction */
  dir: [number, number, number];
}

/**
 * Place and locate the profile points.
 * @param centre particle centre (µm)
 * @param radius particle radius R (µm)
 */
export function profileSampling(m: TetMesh, centre: readonly number[], radius: number, direction: readonly number[], n: number): ProfileSampling {
  const len = Math.hypot(direction[0], direction[1], direction[2]);
  const dir: [number, number, number] = [direction[0] / len, direction[1] / len, direction[2] / len];
  const exit = rayExit(m, centre, dir);
  const rMax = Math.min(radius, exit) - 1e-6 * radius;
  const rUm: number[] = [];
  const points = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) {
    const r = Math.min((k * radius) / (n - 1), rMax);
    rUm.push(r);
    for (let c = 0; c < 3; c++) points[3 * k + c] = centre[c] + r * dir[c];
  }
  const found = locatePoints(m, points);
  const locations: Location[] = [];
  found.forEach((loc, k) => {
    if (!loc) throw new NumericalError("profile", `point ${k} at r = ${rUm[k]} µm along [${dir.map((d) => d.toFixed(3)).join(", ")}] is in no tet`);
    locations.push(loc);
  });
  return { rUm, points, locations, dir };
}

/**
 * Evaluate the profile.
 * @param theta nodal θ (nNodes)
 * @param stress recovered split-node stress (split.count × 6, MPa)
 */
export function evaluateProfile(m: TetMesh, s: ProfileSampling, centre: readonly number[], split: SplitNodes, theta: Float64Array,
  stress: Float64Array): ProfileSummary {
  const out: ProfileSummary = { rUm: s.rUm.slice(), theta: [], sigmaRrMPa: [], sigmaTtMPa: [], vonMisesMPa: [], grain: [] };
  const th = new Float64Array(1), sg = new Float64Array(6);
  for (let k = 0; k < s.locations.length; k++) {
    const loc = s.locations[k];
    evaluateAt(m.order, m.tets, theta, 1, loc, th);
    evaluateAt(m.order, split.conn, stress, 6, loc, sg);
    let rx = s.points[3 * k] - centre[0], ry = s.points[3 * k + 1] - centre[1], rz = s.points[3 * k + 2] - centre[2];
    const r = Math.hypot(rx, ry, rz);
    if (r > 1e-12) { rx /= r; ry /= r; rz /= r; } else [rx, ry, rz] = s.dir;
    const srr = normalStress(sg, 0, rx, ry, rz);
    const tr = sg[0] + sg[1] + sg[2];
    const vm = Math.sqrt(0.5 * ((sg[0] - sg[1]) ** 2 + (sg[1] - sg[2]) ** 2 + (sg[2] - sg[0]) ** 2) + 3 * (sg[3] ** 2 + sg[4] ** 2 + sg[5] ** 2));
    out.theta.push(th[0]);
    out.sigmaRrMPa.push(srr);
    out.sigmaTtMPa.push((tr - srr) / 2);
    out.vonMisesMPa.push(vm);
    out.grain.push(m.tetGrain[loc.tet]);
  }
  return out;
}
