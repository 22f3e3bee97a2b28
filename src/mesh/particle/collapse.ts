/**
 * Regularization by edge collapse and boundary-sliver peeling: removes the
 * very short edges and flat tets that tiny Voronoi features (edges far
 * shorter than h, facets meeting the sphere at grazing angles) leave after
 * cleaving — the mesh-level equivalent of Neper's regularization.
 *
 * Peeling: a poor tet with all four nodes on the sphere and at least two
 * faces on the surface is removed and its other faces become surface (a 2-2
 * flip of the surface), unless that would pinch the surface.
 *
 * Collapsing v into u deletes the tets around edge uv and moves v's other
 * tets onto u. It is allowed only if
 *  - u ends on every feature of v: either u's materials (grains, and the
 *    outside for surface nodes) include all of v's, or u moves to the exact
 *    feature of the union of both (e.g. the point where a Voronoi edge just
 *    under the surface meets the sphere), if that point is within |uv| of u,
 *    or — for an edge shorter than `shortEdge` — u simply stays (Neper-style
 *    regularization of a feature below the mesh size; u must be on the
 *    surface if v is);
 *  - the link condition holds, with the outside as a vertex at infinity, so
 *    the mesh and its surface stay manifold;
 *  - every tet left around u is valid and the worst quality there improves.
 * Qualities are cached per tet (min(radius ratio, 2 × skewness)).
 */
import { classifyFaces, faceMates, type FaceMates } from "../boundary.js";
import { tetFloorQuality, norm3 } from "../quality.js";
import { Features } from "./features.js";

export interface CollapseResult {
  nodes: Float64Array;
  tets: Int32Array;
  tetGrain: Int32Array;
  collapses: number;
  /** flat boundary tets removed */
  peeled: number;
  /** surface flag per node of the result */
  onSurface: Uint8Array;
  /** the quality of every tet of the result (as tetFloorQuality; −1 for an inverted tet) */
  tetQuality: Float64Array;
}

const TF = [[1, 2, 3], [0, 3, 2], [0, 1, 3], [0, 2, 1]];

/**
 * Node → items lists (items: n × k node ids), each in increasing item
 * order, as growable arrays sized up front (pushing into empty arrays
 * regrows each several times).
 */
function incidence(items: Int32Array, k: number, n: number, nN: number): number[][] {
  const deg = new Int32Array(nN);
  for (let i = 0; i < k * n; i++) deg[items[i]]++;
  const out: number[][] = new Array(nN);
  for (let v = 0; v < nN; v++) out[v] = new Array(deg[v]);
  deg.fill(0);
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) {
    const v = items[k * i + a];
    out[v][deg[v]++] = i;
  }
  return out;
}

/**
 * Collapse and peel the tets below `threshold` (rounds of worst first).
 * @param nodes nN × 3 (µm); tets nT × 4, positively oriented; tetGrain nT
 * @param onSurface surface flag per node
 * @param shortEdge edges shorter than this (µm) may collapse without an exact common feature
 * @param tetQuality the tets' qualities when the caller has them (as tetFloorQuality)
 * @param mates the pairing of the tets' faces when the caller has it (faceMates)
 */
export function collapsePoorTets(nodes: Float64Array, tets: Int32Array, tetGrain: Int32Array, threshold: number, seeds: Float64Array,
  radius: number, onSurface: Uint8Array, rounds = 3, shortEdge = 0, tetQuality?: Float64Array, mates?: FaceMates): CollapseResult {
  const feat = new Features(seeds, radius);
  const nN = nodes.length / 3;
  const nT = tetGrain.length;
  const T = tets.slice();
  const alive = new Uint8Array(nT).fill(1);
  const adj = incidence(T, 4, nT, nN);
  // surface faces: F (3 per face) with per-node lists
  const surface = onSurface.slice();
  const faces = classifyFaces(tets, 4, nN, mates ?? faceMates(tets, 4, nN));
  const F: number[] = Array.from(faces.boundary);
  const fAlive: number[] = new Array(F.length / 3).fill(1);
  const nodeFaces = incidence(faces.boundary, 3, F.length / 3, nN);
  const findFace = (a: number, b: number, c: number): number => {
    for (const f of nodeFaces[a]) {
      if (!fAlive[f]) continue;
      const x = F[3 * f], y = F[3 * f + 1], z = F[3 * f + 2];
      if ((x === b || y === b || z === b) && (x === c || y === c || z === c)) return f;
    }
    return -1;
  };
  const addFace = (a: number, b: number, c: number): void => {
    const f = F.length / 3;
    F.push(a, b, c);
    fAlive.push(1);
    nodeFaces[a].push(f); nodeFaces[b].push(f); nodeFaces[c].push(f);
  };
  // number of live surface faces through edge (a, b)
  const surfEdgeCount = (a: number, b: number): number => {
    let n = 0;
    for (const f of nodeFaces[a]) if (fAlive[f] && (F[3 * f] === b || F[3 * f + 1] === b || F[3 * f + 2] === b)) n++;
    return n;
  };
  const P = new Float64Array(12);
  // quality of tet t with node `from` replaced by `to`, and `to` placed at `at` (if given)
  const quality = (t: number, from: number, to: number, at: Float64Array | null = null): number => {
    for (let a = 0; a < 4; a++) {
      let n = T[4 * t + a];
      if (n === from) n = to;
      if (at && n === to) {
        P[3 * a] = at[0]; P[3 * a + 1] = at[1]; P[3 * a + 2] = at[2];
      } else {
        P[3 * a] = nodes[3 * n]; P[3 * a + 1] = nodes[3 * n + 1]; P[3 * a + 2] = nodes[3 * n + 2];
      }
    }
    const ax = P[3] - P[0], ay = P[4] - P[1], az = P[5] - P[2];
    const bx = P[6] - P[0], by = P[7] - P[1], bz = P[8] - P[2];
    const cx = P[9] - P[0], cy = P[10] - P[1], cz = P[11] - P[2];
    const v6 = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    return v6 > 0 ? tetFloorQuality(P) : -1;
  };
  const tq = new Float64Array(nT);
  // (a caller's value ≥ 0 is the same number: the same formula on the same corners)
  for (let t = 0; t < nT; t++) tq[t] = tetQuality && tetQuality[t] >= 0 ? tetQuality[t] : quality(t, -1, -1);
  const has = (t: number, x: number) => T[4 * t] === x || T[4 * t + 1] === x || T[4 * t + 2] === x || T[4 * t + 3] === x;
  // would tet t have all four nodes on the surface with node `from` replaced by `to` (a surface node)?
  const allSurface = (t: number, from: number, to: number): boolean => {
    for (let a = 0; a < 4; a++) {
      const n = T[4 * t + a];
      if (!(n === from || n === to || surface[n])) return false;
    }
    return true;
  };

  // ---- peel flat boundary tets
  const v4 = [0, 0, 0, 0];
  const fid = [0, 0, 0, 0];
  /** Remove tet t if it is a flat surface tet whose removal keeps the surface manifold. */
  const tryPeel = (t: number): boolean => {
    for (let a = 0; a < 4; a++) v4[a] = T[4 * t + a];
    if (!surface[v4[0]] || !surface[v4[1]] || !surface[v4[2]] || !surface[v4[3]]) return false;
    let nOn = 0;
    for (let i = 0; i < 4; i++) {
      fid[i] = findFace(v4[TF[i][0]], v4[TF[i][1]], v4[TF[i][2]]);
      if (fid[i] >= 0) nOn++;
    }
    if (nOn < 2) return false;
    // every edge of the tet must end with 0 or 2 surface faces after the swap
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) {
      let d = 0;
      for (let i = 0; i < 4; i++) if (TF[i].includes(a) && TF[i].includes(b)) d += fid[i] >= 0 ? -1 : 1;
      const after = surfEdgeCount(v4[a], v4[b]) + d;
      if (after !== 0 && after !== 2) return false;
    }
    alive[t] = 0;
    for (let i = 0; i < 4; i++) {
      if (fid[i] >= 0) fAlive[fid[i]] = 0;
      else addFace(v4[TF[i][0]], v4[TF[i][2]], v4[TF[i][1]]); // the tet's inner face, now outward
    }
    return true;
  };
  let peeled = 0;
  for (let t = 0; t < nT; t++) if (alive[t] && tq[t] < threshold && tryPeel(t)) peeled++;

  // ---- link condition for collapsing v into u (stamp arrays, no allocation per node)
  const stampA = new Int32Array(nN), stampB = new Int32Array(nN);
  let stamp = 0;
  const linkEdges = new Set<number>();
  const linkOk = (u: number, v: number): boolean => {
    stamp++;
    linkEdges.clear();
    let shared = 0;
    for (const t of adj[u]) {
      if (!alive[t] || !has(t, v)) continue;
      shared++;
      let w1 = -1, w2 = -1;
      for (let a = 0; a < 4; a++) {
        const x = T[4 * t + a];
        if (x === u || x === v) continue;
        stampA[x] = stamp;
        if (w1 < 0) w1 = x; else w2 = x;
      }
      linkEdges.add(Math.min(w1, w2) * nN + Math.max(w1, w2));
    }
    if (!shared) return false;
    // vertices: neighbours of both u and v must be in the link of uv
    for (const t of adj[v]) if (alive[t]) for (let a = 0; a < 4; a++) stampB[T[4 * t + a]] = stamp;
    for (const t of adj[u]) {
      if (!alive[t]) continue;
      for (let a = 0; a < 4; a++) {
        const w = T[4 * t + a];
        if (w !== u && w !== v && stampB[w] === stamp && stampA[w] !== stamp) return false;
      }
    }
    // edges: (w1, w2) with triangles (u, w1, w2) and (v, w1, w2) must bound a tet (u, v, w1, w2)
    const uEdges = new Set<number>();
    for (const t of adj[u]) {
      if (!alive[t] || has(t, v)) continue;
      for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) {
        const x = T[4 * t + a], y = T[4 * t + b];
        if (x === u || y === u) continue;
        uEdges.add(Math.min(x, y) * nN + Math.max(x, y));
      }
    }
    for (const t of adj[v]) {
      if (!alive[t] || has(t, u)) continue;
      for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) {
        const x = T[4 * t + a], y = T[4 * t + b];
        if (x === v || y === v) continue;
        const k = Math.min(x, y) * nN + Math.max(x, y);
        if (uEdges.has(k) && !linkEdges.has(k)) return false;
      }
    }
    // the outside as a vertex at infinity: uv must be a surface edge, and any
    // w with surface edges uw and vw must make a surface triangle uvw
    if (surface[u] && surface[v]) {
      if (surfEdgeCount(u, v) === 0) return false;
      for (const f of nodeFaces[u]) {
        if (!fAlive[f]) continue;
        for (let k = 0; k < 3; k++) {
          const w = F[3 * f + k];
          if (w === u || w === v || stampB[w] !== stamp) continue;
          if (surfEdgeCount(v, w) > 0 && findFace(u, v, w) < 0) return false;
        }
      }
    }
    return true;
  };

  // materials of a node: grains and −1 for the outside, as a small sorted array
  const mats = (v: number, out: number[]): number[] => {
    out.length = 0;
    for (const t of adj[v]) if (alive[t] && !out.includes(tetGrain[t])) out.push(tetGrain[t]);
    if (surface[v]) out.push(-1);
    return out;
  };
  const mu: number[] = [], mv: number[] = [], mg: number[] = [];
  const at = new Float64Array(3), bestAt = new Float64Array(3);
  let collapses = 0;
  for (let round = 0; round < rounds; round++) {
    const bad: number[] = [];
    for (let t = 0; t < nT; t++) if (alive[t] && tq[t] < threshold) bad.push(t);
    if (!bad.length) break;
    bad.sort((a, b) => tq[a] - tq[b] || a - b);
    let done = 0;
    for (const t of bad) {
      if (!alive[t] || tq[t] >= threshold) continue;
      let bestGain = 0, bestU = -1, bestV = -1, bestMoves = false;
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
        if (a === b) continue;
        const u = T[4 * t + a], v = T[4 * t + b];
        mats(u, mu);
        mats(v, mv);
        // where u ends: its place if it already carries v's materials, else the union's feature
        let moves = false;
        if (!mv.every((m) => mu.includes(m))) {
          mg.length = 0;
          for (const m of mu) if (m >= 0) mg.push(m);
          for (const m of mv) if (m >= 0 && !mg.includes(m)) mg.push(m);
          mg.sort((x, y) => x - y);
          const surf = mu.includes(-1) || mv.includes(-1);
          at[0] = nodes[3 * u]; at[1] = nodes[3 * u + 1]; at[2] = nodes[3 * u + 2];
          const uv = norm3(nodes[3 * u] - nodes[3 * v], nodes[3 * u + 1] - nodes[3 * v + 1], nodes[3 * u + 2] - nodes[3 * v + 2]);
          const exact = mg.length <= 4 && feat.project(mg, mg.length, surf, at) &&
            norm3(at[0] - nodes[3 * u], at[1] - nodes[3 * u + 1], at[2] - nodes[3 * u + 2]) <= uv;
          if (exact) moves = true;
          // no exact common feature nearby: a short edge is merged anyway, u
          // staying where it is (regularization; the surface stays on the sphere)
          else if (!(uv <= shortEdge && (surface[u] || !surface[v]))) continue;
        }
        // the gain is judged on the tets that will not be flat surface tets
        // (those are peeled right after, if still poor); all must stay valid
        const uSurf = surface[u] || surface[v];
        let before = Infinity, after = Infinity, valid = true;
        for (const x of adj[u]) {
          if (!alive[x]) continue;
          before = Math.min(before, tq[x]);
          if (has(x, v)) continue;
          const q = moves ? quality(x, -1, u, at) : tq[x];
          if (!(q > 0)) valid = false;
          else if (!(uSurf && allSurface(x, v, u))) after = Math.min(after, q);
        }
        for (const x of adj[v]) {
          if (!alive[x]) continue;
          before = Math.min(before, tq[x]);
          if (has(x, u)) continue;
          const q = quality(x, v, u, moves ? at : null);
          if (!(q > 0)) valid = false;
          else if (!(uSurf && allSurface(x, v, u))) after = Math.min(after, q);
        }
        if (!valid || after - before <= bestGain) continue;
        if (!linkOk(u, v)) continue;
        bestGain = after - before;
        bestU = u;
        bestV = v;
        bestMoves = moves;
        if (moves) bestAt.set(at);
      }
      if (bestU < 0) continue;
      const u = bestU, v = bestV;
      if (bestMoves) {
        nodes[3 * u] = bestAt[0]; nodes[3 * u + 1] = bestAt[1]; nodes[3 * u + 2] = bestAt[2];
      }
      for (const x of adj[v]) {
        if (!alive[x]) continue;
        if (has(x, u)) {
          alive[x] = 0;
          continue;
        }
        for (let a = 0; a < 4; a++) if (T[4 * x + a] === v) T[4 * x + a] = u;
        adj[u].push(x);
      }
      for (const x of adj[u]) if (alive[x]) tq[x] = quality(x, -1, -1);
      adj[v] = [];
      // surface faces through v now go through u; faces that collapse disappear
      for (const f of nodeFaces[v]) {
        if (!fAlive[f]) continue;
        const a = F[3 * f] === v ? u : F[3 * f], b = F[3 * f + 1] === v ? u : F[3 * f + 1], c = F[3 * f + 2] === v ? u : F[3 * f + 2];
        fAlive[f] = 0;
        if (a !== b && b !== c && a !== c) addFace(a, b, c);
      }
      nodeFaces[v] = [];
      if (surface[v]) surface[u] = 1;
      for (const x of adj[u]) if (alive[x] && tq[x] < threshold && tryPeel(x)) peeled++;
      collapses++;
      done++;
    }
    if (!done) break;
  }
  // compact (nodes no tet references any more are dropped)
  const map = new Int32Array(nN).fill(-1);
  let nNew = 0, tNew = 0;
  for (let t = 0; t < nT; t++) if (alive[t]) { tNew++; for (let a = 0; a < 4; a++) map[T[4 * t + a]] = 0; }
  for (let i = 0; i < nN; i++) if (map[i] === 0) map[i] = nNew++;
  const outNodes = new Float64Array(3 * nNew);
  const outSurface = new Uint8Array(nNew);
  for (let i = 0; i < nN; i++) if (map[i] >= 0) {
    const o = 3 * map[i];
    outNodes[o] = nodes[3 * i]; outNodes[o + 1] = nodes[3 * i + 1]; outNodes[o + 2] = nodes[3 * i + 2];
    outSurface[map[i]] = surface[i];
  }
  const outTets = new Int32Array(4 * tNew), outGrain = new Int32Array(tNew), outQuality = new Float64Array(tNew);
  let k = 0;
  for (let t = 0; t < nT; t++) {
    if (!alive[t]) continue;
    for (let a = 0; a < 4; a++) outTets[4 * k + a] = map[T[4 * t + a]];
    outQuality[k] = tq[t]; // current: every change of a tet's corners re-evaluates it
    outGrain[k++] = tetGrain[t];
  }
  return { nodes: outNodes, tets: outTets, tetGrain: outGrain, collapses, peeled, onSurface: outSurface, tetQuality: outQuality };
}
