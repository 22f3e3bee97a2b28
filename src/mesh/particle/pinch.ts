/**
 * Grain pinch repair. Where a grain is locally thinner than the lattice can
 * resolve, its tets around a vertex or an edge may fall into several
 * separate fans: the grain touches itself there and its boundary is not a
 * closed surface. The smaller fans are given to the neighbouring grain they
 * share most faces with (geometry unchanged, only grain tags), until every
 * grain's tets around every vertex and edge are face-connected.
 */
import { nodeTets } from "./improve.js";

const TF = [[1, 2, 3], [0, 3, 2], [0, 1, 3], [0, 2, 1]];

export interface PinchStats {
  /** tets whose grain was changed */
  relabeled: number;
  /** repair sweeps run */
  sweeps: number;
}

export function repairPinches(tets: Int32Array, tetGrain: Int32Array, nN: number, maxSweeps = 6): PinchStats {
  const nT = tetGrain.length;
  const { start, list } = nodeTets(tets, nN);
  // tet across each face (−1 on the boundary): faces matched inside the star of their smallest vertex
  const across = new Int32Array(4 * nT).fill(-1);
  const fv = [0, 0, 0], gv = [0, 0, 0];
  for (let t = 0; t < nT; t++) {
    for (let k = 0; k < 4; k++) {
      if (across[4 * t + k] >= 0) continue;
      for (let i = 0; i < 3; i++) fv[i] = tets[4 * t + TF[k][i]];
      const m = Math.min(fv[0], fv[1], fv[2]);
      for (let q = start[m]; q < start[m + 1]; q++) {
        const s = list[q];
        if (s === t) continue;
        for (let l = 0; l < 4; l++) {
          for (let i = 0; i < 3; i++) gv[i] = tets[4 * s + TF[l][i]];
          if (gv.includes(fv[0]) && gv.includes(fv[1]) && gv.includes(fv[2])) {
            across[4 * t + k] = s;
            across[4 * s + l] = t;
          }
        }
      }
    }
  }
  const has = (t: number, x: number) => tets[4 * t] === x || tets[4 * t + 1] === x || tets[4 * t + 2] === x || tets[4 * t + 3] === x;
  const comp = new Int32Array(nT).fill(-1);
  let stamp = 0;
  const stampOf = new Int32Array(nT).fill(-1);
  let relabeled = 0, sweeps = 0;
  const group: number[] = [], stack: number[] = [];
  /**
   * Split the tets of grain g in `group` (all containing the vertices in
   * `pivot`) into components connected through faces that contain the pivot;
   * relabel all but the largest. Returns the number of tets relabeled.
   */
  const splitAndRelabel = (g: number, pivotA: number, pivotB: number): number => {
    stamp++;
    for (const t of group) stampOf[t] = stamp;
    const comps: number[][] = [];
    for (const t0 of group) {
      if (comp[t0] === stamp) continue;
      const c: number[] = [];
      comp[t0] = stamp;
      stack.push(t0);
      while (stack.length) {
        const t = stack.pop()!;
        c.push(t);
        for (let k = 0; k < 4; k++) {
          const s = across[4 * t + k];
          if (s < 0 || stampOf[s] !== stamp || comp[s] === stamp || tetGrain[s] !== g) continue;
          // the shared face must contain the pivot (a vertex, or both ends of an edge)
          const opp = tets[4 * t + k];
          if (opp === pivotA || opp === pivotB) continue;
          comp[s] = stamp;
          stack.push(s);
        }
      }
      comps.push(c);
    }
    if (comps.length < 2) return 0;
    comps.sort((a, b) => b.length - a.length);
    let n = 0;
    for (let i = 1; i < comps.length; i++) {
      // the neighbouring grain sharing most faces with this fan
      const votes = new Map<number, number>();
      for (const t of comps[i]) for (let k = 0; k < 4; k++) {
        const s = across[4 * t + k];
        if (s >= 0 && tetGrain[s] !== g) votes.set(tetGrain[s], (votes.get(tetGrain[s]) ?? 0) + 1);
      }
      let best = -1, bestV = 0;
      for (const [gr, v] of votes) if (v > bestV || (v === bestV && gr < best)) { best = gr; bestV = v; }
      if (best < 0) continue;
      for (const t of comps[i]) { tetGrain[t] = best; n++; }
    }
    return n;
  };
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    sweeps++;
    let changed = 0;
    // vertices
    for (let v = 0; v < nN; v++) {
      const grains = new Set<number>();
      for (let q = start[v]; q < start[v + 1]; q++) grains.add(tetGrain[list[q]]);
      if (grains.size < 2) continue;
      for (const g of grains) {
        group.length = 0;
        for (let q = start[v]; q < start[v + 1]; q++) if (tetGrain[list[q]] === g) group.push(list[q]);
        if (group.length > 1) changed += splitAndRelabel(g, v, -1);
      }
    }
    // edges (v, w), v < w, with at least two grains around them
    for (let v = 0; v < nN; v++) {
      const nbrs = new Set<number>();
      for (let q = start[v]; q < start[v + 1]; q++) for (let a = 0; a < 4; a++) { const w = tets[4 * list[q] + a]; if (w > v) nbrs.add(w); }
      for (const w of nbrs) {
        const grains = new Set<number>();
        for (let q = start[v]; q < start[v + 1]; q++) if (has(list[q], w)) grains.add(tetGrain[list[q]]);
        if (grains.size < 2) continue;
        for (const g of grains) {
          group.length = 0;
          for (let q = start[v]; q < start[v + 1]; q++) if (tetGrain[list[q]] === g && has(list[q], w)) group.push(list[q]);
          if (group.length > 1) changed += splitAndRelabel(g, v, w);
        }
      }
    }
    relabeled += changed;
    if (!changed) break;
  }
  return { relabeled, sweeps };
}
