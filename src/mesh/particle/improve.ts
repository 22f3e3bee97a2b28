/**
 * Quality improvement of a cleaved particle mesh by feature-constrained
 * vertex optimisation.
 *
 * A node's materials (the grains of its tets, and the outside when it is on
 * the surface) fix its feature (features.ts): free, a bisector plane, a
 * Voronoi edge, the sphere, a circle on the sphere, or a point (a Voronoi
 * vertex, or where a Voronoi edge meets the sphere). A node moves only within
 * its feature, so grain boundaries stay on their Voronoi facets and the
 * surface on the sphere; each move also pulls it back onto the exact feature
 * where cleaving left it slightly off.
 *
 * Stages: (0) surface nodes onto the sphere; (1) fidelity: constrained nodes
 * onto their features, as far as the tets around them allow; (2) smoothing:
 * nodes of poor tets, worst first, try the feature-projected mean "ideal"
 * apex (of a regular tet on each opposite face) and the neighbour mean with a
 * line search, keeping a move only if the worst quality around the node rises;
 * (3) fidelity again; (4) optionally, a relaxed pass letting nodes of tets
 * still below the floor leave their feature by a bounded distance.
 * Quality is min(radius ratio, 2 × skewness), cached per tet.
 */
import { faceMates, type FaceMates } from "../boundary.js";
import { tetFloorQuality, norm3 } from "../quality.js";
import { Features } from "./features.js";

export interface ImproveOptions {
  /** nodes of tets below this quality are optimised (default 0.35) */
  target?: number;
  /** maximum smoothing passes (default 8) */
  passes?: number;
  /**
   * Regularization: nodes of tets still below `relaxBelow` may leave their
   * exact feature by at most this distance (µm; surface nodes stay on the
   * sphere). 0 (default) keeps every node on its feature.
   */
  relax?: number;
  relaxBelow?: number;
  /** a fidelity projection may not lower a node's worst tet below min(before, this) (default 0.2) */
  fidelityFloor?: number;
  /** surface flag per node when the caller knows it (saves a face classification) */
  onSurface?: Uint8Array;
  /**
   * The quality of every tet at these node positions when the caller has it
   * (as tetFloorQuality; a negative value — an inverted tet — is evaluated
   * anew): saves evaluating them all first
   */
  tetQuality?: Float64Array;
}

export interface ImproveStats {
  /** constrained nodes moved onto their exact feature */
  projected: number;
  /** projections refused (fully or partly) because they would have spoiled a tet */
  projectionsRefused: number;
  moves: number;
  passes: number;
  /** nodes at a point feature or with no exact feature (not smoothed) */
  fixedNodes: number;
  /** moves in the relaxed (regularizing) pass */
  relaxed?: number;
  /** tets left below `relaxBelow` (default 0.2) at the end */
  belowFloor: number;
  /** the quality of every tet at the end (min(radius ratio, 2 × skewness); negative for an inverted tet), nTets */
  tetQuality: Float64Array;
}

/** Node → tets adjacency (CSR). */
export function nodeTets(tets: Int32Array, nN: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(nN + 1);
  for (let i = 0; i < tets.length; i++) start[tets[i] + 1]++;
  for (let i = 0; i < nN; i++) start[i + 1] += start[i];
  const list = new Int32Array(tets.length);
  const cur = start.slice(0, nN);
  for (let i = 0; i < tets.length; i++) list[cur[tets[i]]++] = i >> 2;
  return { start, list };
}

/** Materials of every node: up to 4 sorted grains (count in `nGrains`, capped at 5) and the surface flag. */
export interface NodeMaterials {
  grains: Int32Array;
  nGrains: Uint8Array;
  onSurface: Uint8Array;
}

export function nodeMaterials(tets: Int32Array, tetGrain: Int32Array, nN: number, start: Int32Array, list: Int32Array,
  onSurface: Uint8Array = surfaceFlags(tets, nN)): NodeMaterials {
  const grains = new Int32Array(4 * nN).fill(-1);
  const nGrains = new Uint8Array(nN);
  let gs = new Int32Array(64); // the node's distinct grains, kept sorted (insertion)
  for (let v = 0; v < nN; v++) {
    if (start[v + 1] - start[v] > gs.length) gs = new Int32Array(start[v + 1] - start[v]);
    let n = 0;
    for (let q = start[v]; q < start[v + 1]; q++) {
      const gr = tetGrain[list[q]];
      let k = n;
      while (k > 0 && gs[k - 1] > gr) k--;
      if (k > 0 && gs[k - 1] === gr) continue;
      gs.copyWithin(k + 1, k, n);
      gs[k] = gr;
      n++;
    }
    for (let k = 0; k < Math.min(4, n); k++) grains[4 * v + k] = gs[k];
    nGrains[v] = Math.min(5, n);
  }
  return { grains, nGrains, onSurface };
}

/**
 * 1 for every node on a boundary face.
 * @param mates the pairing of these tets' faces, when the caller has it
 */
export function surfaceFlags(tets: Int32Array, nN: number, mates: FaceMates = faceMates(tets, 4, nN)): Uint8Array {
  const out = new Uint8Array(nN);
  const { mate, ka, kb, kc } = mates;
  for (let i = 0; i < mate.length; i++) {
    if (mate[i] !== -1) continue;
    out[ka[i]] = 1; out[kb[i]] = 1; out[kc[i]] = 1;
  }
  return out;
}

/** True when a node with these materials has a feature it can move along (not a point, not over-determined). */
export function isMovable(n: number, surface: boolean): boolean {
  return surface ? n <= 2 : n <= 3;
}

export function improveParticleMesh(nodes: Float64Array, tets: Int32Array, tetGrain: Int32Array, seeds: Float64Array, radius: number,
  opts: ImproveOptions = {}): ImproveStats {
  const nN = nodes.length / 3, nT = tetGrain.length;
  const target = opts.target ?? 0.35;
  const { start, list } = nodeTets(tets, nN);
  const { grains, nGrains, onSurface } = nodeMaterials(tets, tetGrain, nN, start, list, opts.onSurface);
  const feat = new Features(seeds, radius);
  const gv = new Int32Array(4);
  /** Project x onto node v's feature (in place); false if v has no exact feature. */
  const project = (v: number, x: Float64Array): boolean => {
    for (let k = 0; k < 4; k++) gv[k] = grains[4 * v + k];
    return feat.project(gv, nGrains[v], onSurface[v] === 1, x);
  };
  let fixedNodes = 0;
  for (let v = 0; v < nN; v++) if (!isMovable(nGrains[v], onSurface[v] === 1)) fixedNodes++;

  const P = new Float64Array(12);
  // quality of tet t with node v placed at x (x = null: as is); inverted tets rank below valid ones;
  // with a floor, any value ≤ floor where the quality is ≤ floor (tetFloorQuality)
  const quality = (t: number, v: number, x: Float64Array | null, floor = -Infinity): number => {
    for (let a = 0; a < 4; a++) {
      const n = tets[4 * t + a];
      const src = n === v && x ? x : null;
      P[3 * a] = src ? src[0] : nodes[3 * n];
      P[3 * a + 1] = src ? src[1] : nodes[3 * n + 1];
      P[3 * a + 2] = src ? src[2] : nodes[3 * n + 2];
    }
    const ax = P[3] - P[0], ay = P[4] - P[1], az = P[5] - P[2];
    const bx = P[6] - P[0], by = P[7] - P[1], bz = P[8] - P[2];
    const cx = P[9] - P[0], cy = P[10] - P[1], cz = P[11] - P[2];
    const v6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    if (!(v6 > 0)) return -1 + Math.tanh(v6);
    return tetFloorQuality(P, floor);
  };
  const tq = new Float64Array(nT);
  const given = opts.tetQuality;
  for (let t = 0; t < nT; t++) tq[t] = given && given[t] >= 0 ? given[t] : quality(t, -1, null);
  const worst = (v: number): number => {
    let m = Infinity;
    for (let q = start[v]; q < start[v + 1]; q++) if (tq[list[q]] < m) m = tq[list[q]];
    return m;
  };
  // The tet of node hintNode that last gave up a test (first: its worst):
  // successive candidates for a node mostly fail at the same tet, so it is
  // tried first. The order does not change the result, only how soon a
  // failing candidate is given up (the seed-scale stages ~1.6× faster).
  let hint = -1, hintNode = -1;
  // worst quality around v at x, giving up (−∞) as soon as it is ≤ floor
  const worstAbove = (v: number, x: Float64Array, floor: number): number => {
    if (start[v] === start[v + 1]) return Infinity;
    if (hintNode !== v) {
      hintNode = v;
      hint = list[start[v]];
      for (let q = start[v] + 1; q < start[v + 1]; q++) if (tq[list[q]] < tq[hint]) hint = list[q];
    }
    let m = quality(hint, v, x, floor);
    if (m <= floor) return -Infinity;
    for (let q = start[v]; q < start[v + 1]; q++) {
      const t = list[q];
      if (t === hint) continue;
      const w = quality(t, v, x, floor);
      if (w <= floor) {
        hint = t;
        return -Infinity;
      }
      if (w < m) m = w;
    }
    return m;
  };
  const moveNode = (v: number, y: Float64Array): void => {
    nodes[3 * v] = y[0]; nodes[3 * v + 1] = y[1]; nodes[3 * v + 2] = y[2];
    for (let q = start[v]; q < start[v + 1]; q++) tq[list[q]] = quality(list[q], -1, null);
  };
  const stats: ImproveStats = { projected: 0, projectionsRefused: 0, moves: 0, passes: 0, fixedNodes, belowFloor: 0, tetQuality: tq };
  const x = new Float64Array(3), cand = new Float64Array(3), best = new Float64Array(3), cur = new Float64Array(3);
  const ideal = new Float64Array(3), lap = new Float64Array(3);

  // (0) every surface node onto the sphere: the surface must be the sphere
  for (let v = 0; v < nN; v++) {
    if (!onSurface[v]) continue;
    const r = norm3(nodes[3 * v], nodes[3 * v + 1], nodes[3 * v + 2]);
    if (Math.abs(r - radius) <= 1e-14 * radius) continue;
    x[0] = nodes[3 * v]; x[1] = nodes[3 * v + 1]; x[2] = nodes[3 * v + 2];
    feat.toSphere(x);
    moveNode(v, x);
  }
  // (1) fidelity
  const fidelity = (): void => {
    for (let v = 0; v < nN; v++) {
      if (nGrains[v] === 1 && !onSurface[v]) continue;
      x[0] = nodes[3 * v]; x[1] = nodes[3 * v + 1]; x[2] = nodes[3 * v + 2];
      if (!project(v, x)) continue;
      const dx = x[0] - nodes[3 * v], dy = x[1] - nodes[3 * v + 1], dz = x[2] - nodes[3 * v + 2];
      if (norm3(dx, dy, dz) <= 1e-12 * radius) continue;
      const floor = Math.min(worst(v), opts.fidelityFloor ?? 0.2);
      let s = 1;
      for (; s > 0.2; s -= 0.25) {
        cand[0] = nodes[3 * v] + s * dx; cand[1] = nodes[3 * v + 1] + s * dy; cand[2] = nodes[3 * v + 2] + s * dz;
        if (onSurface[v] && s < 1) feat.toSphere(cand);
        if (worstAbove(v, cand, floor - 1e-12) >= floor) {
          moveNode(v, cand);
          break;
        }
      }
      if (s === 1) stats.projected++;
      else stats.projectionsRefused++;
    }
  };
  fidelity();

  // (2) smoothing
  const FACE = [1, 2, 3, 0, 3, 2, 0, 1, 3, 0, 2, 1];
  // mean apex of regular tets on the faces opposite v (ideal) and mean of the face centroids (lap)
  const idealAndLaplacian = (v: number): void => {
    ideal.fill(0);
    lap.fill(0);
    const deg = start[v + 1] - start[v];
    for (let q = start[v]; q < start[v + 1]; q++) {
      const t = list[q];
      let slot = 0;
      for (let a = 0; a < 4; a++) if (tets[4 * t + a] === v) slot = a;
      const n0 = tets[4 * t + FACE[3 * slot]], n1 = tets[4 * t + FACE[3 * slot + 1]], n2 = tets[4 * t + FACE[3 * slot + 2]];
      const ux = nodes[3 * n1] - nodes[3 * n0], uy = nodes[3 * n1 + 1] - nodes[3 * n0 + 1], uz = nodes[3 * n1 + 2] - nodes[3 * n0 + 2];
      const wx = nodes[3 * n2] - nodes[3 * n0], wy = nodes[3 * n2 + 1] - nodes[3 * n0 + 1], wz = nodes[3 * n2 + 2] - nodes[3 * n0 + 2];
      // the face is oriented outward from v: v lies against its normal
      const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
      const ln = norm3(nx, ny, nz) || 1;
      const L = (norm3(ux, uy, uz) + norm3(wx, wy, wz) + norm3(wx - ux, wy - uy, wz - uz)) / 3;
      const H = 0.816496580927726 * L; // √(2/3) L: height of the regular tet
      for (let c = 0; c < 3; c++) {
        const g = (nodes[3 * n0 + c] + nodes[3 * n1 + c] + nodes[3 * n2 + c]) / 3;
        ideal[c] += (g - ((c === 0 ? nx : c === 1 ? ny : nz) / ln) * H) / deg;
        lap[c] += g / deg;
      }
    }
  };
  const steps = [1, 0.5, 0.25, 0.1];
  // one optimisation step for v; `place` maps a candidate onto the allowed set
  const optimise = (v: number, place: (v: number, y: Float64Array) => void): boolean => {
    cur[0] = nodes[3 * v]; cur[1] = nodes[3 * v + 1]; cur[2] = nodes[3 * v + 2];
    let bestQ = worst(v), found = false;
    idealAndLaplacian(v);
    for (let goal = 0; goal < 2; goal++) {
      const G = goal === 0 ? ideal : lap;
      for (const s of steps) {
        for (let c = 0; c < 3; c++) cand[c] = cur[c] + s * (G[c] - cur[c]);
        place(v, cand);
        const qn = worstAbove(v, cand, bestQ + 1e-9);
        if (qn > bestQ + 1e-9) {
          bestQ = qn;
          best.set(cand);
          found = true;
        }
      }
    }
    if (found) moveNode(v, best);
    return found;
  };
  const placeOnFeature = (v: number, y: Float64Array): void => {
    project(v, y);
  };
  const nodeWorst = new Float64Array(nN);
  const active = new Uint8Array(nN).fill(1);
  const maxPasses = opts.passes ?? 8;
  for (let pass = 0; pass < maxPasses; pass++) {
    // only active nodes can join the work list, so only theirs is needed (after
    // the first pass a small fraction: the nodes of tets around the last moves)
    const work: number[] = [];
    for (let v = 0; v < nN; v++) {
      if (!active[v] || !isMovable(nGrains[v], onSurface[v] === 1)) continue;
      nodeWorst[v] = worst(v);
      if (nodeWorst[v] < target) work.push(v);
    }
    active.fill(0);
    if (!work.length) break;
    work.sort((a, b) => nodeWorst[a] - nodeWorst[b] || a - b);
    let moved = 0;
    for (const v of work) {
      if (!optimise(v, placeOnFeature)) continue;
      moved++;
      // the nodes of v's tets may now improve too
      for (let q = start[v]; q < start[v + 1]; q++) for (let a = 0; a < 4; a++) active[tets[4 * list[q] + a]] = 1;
    }
    stats.moves += moved;
    stats.passes = pass + 1;
    if (!moved) break;
  }
  fidelity();

  // (4) relaxed pass: every node of a tet below the floor (fixed ones too) may
  // leave its exact feature by at most `relax`; surface nodes stay on the sphere
  const relax = opts.relax ?? 0;
  if (relax > 0) {
    const exact = new Float64Array(3);
    const placeRelaxed = (v: number, y: Float64Array): void => {
      exact.set(y);
      project(v, exact);
      const dx = y[0] - exact[0], dy = y[1] - exact[1], dz = y[2] - exact[2];
      const d = norm3(dx, dy, dz);
      const s = d > relax ? relax / d : 1;
      y[0] = exact[0] + s * dx; y[1] = exact[1] + s * dy; y[2] = exact[2] + s * dz;
      if (onSurface[v]) feat.toSphere(y);
    };
    const below = opts.relaxBelow ?? 0.2;
    let relaxed = 0;
    for (let pass = 0; pass < 4; pass++) {
      const mark = new Uint8Array(nN);
      const work: number[] = [];
      for (let t = 0; t < nT; t++) {
        if (tq[t] >= below) continue;
        for (let a = 0; a < 4; a++) {
          const v = tets[4 * t + a];
          if (!mark[v]) { mark[v] = 1; work.push(v); }
        }
      }
      if (!work.length) break;
      let moved = 0;
      for (const v of work) if (optimise(v, placeRelaxed)) moved++;
      relaxed += moved;
      if (!moved) break;
    }
    stats.relaxed = relaxed;
  }
  const floor = opts.relaxBelow ?? 0.2;
  for (let t = 0; t < nT; t++) if (tq[t] < floor) stats.belowFloor++;
  return stats;
}
