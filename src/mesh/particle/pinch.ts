/**
 * Grain pinch repair. Where a grain is locally thinner than the lattice can
 * resolve, its tets around a vertex or an edge may fall into several
 * separate fans: the grain touches itself there and its boundary is not a
 * closed surface. The smaller fans are given to the neighbouring grain they
 * share most faces with (geometry unchanged, only grain tags), until every
 * grain's tets around every vertex and edge are face-connected.
 */
import { nodeTets } from "./improve.js";
import { faceMates, type FaceMates } from "../boundary.js";

export interface PinchStats {
  /** tets whose grain was changed */
  relabeled: number;
  /** repair sweeps run */
  sweeps: number;
}

/**
 * @param mates the pairing of the tets' faces when the caller has it (relabelling grains leaves it valid)
 */
export function repairPinches(tets: Int32Array, tetGrain: Int32Array, nN: number, maxSweeps = 6, mates: FaceMates = faceMates(tets, 4, nN)): PinchStats {
  const nT = tetGrain.length;
  const { start, list } = nodeTets(tets, nN);
  // tet across each face (−1 on the boundary)
  const { mate } = mates;
  const across = new Int32Array(4 * nT);
  for (let i = 0; i < 4 * nT; i++) across[i] = mate[i] >= 0 ? mate[i] >> 2 : -1;
  // component ids grow as stamp·64 + k across calls: f64 keeps them exact
  const comp = new Float64Array(nT).fill(-1);
  const inGroup = new Int32Array(nT).fill(-1);
  let stamp = 0;
  let relabeled = 0, sweeps = 0;
  const group: number[] = [], stack: number[] = [], sizes: number[] = [], grains: number[] = [];
  const votes = new Map<number, number>();
  // vertices to look at in the next sweep: all at first, then only those with a tet relabeled since
  // their last look (a vertex whose tets kept their grains would find again what it found: nothing)
  const dirty = new Uint8Array(nN).fill(1);
  /**
   * Split the tets in `group` (one grain g, all containing the pivot: a
   * vertex, or both ends of an edge) into components connected through
   * faces that contain the pivot; relabel all but the largest.
   */
  const splitAndRelabel = (g: number, pivotA: number, pivotB: number): number => {
    stamp++;
    for (const t of group) inGroup[t] = stamp;
    sizes.length = 0;
    let nComp = 0;
    for (const t0 of group) {
      if (comp[t0] >= 0 && inGroup[t0] === stamp && comp[t0] >= stamp * 64) continue;
      // component id = stamp * 64 + k (k < 64 components around one pivot)
      const id = stamp * 64 + nComp++;
      let size = 0;
      comp[t0] = id;
      stack.push(t0);
      while (stack.length) {
        const t = stack.pop()!;
        size++;
        for (let k = 0; k < 4; k++) {
          const s = across[4 * t + k];
          if (s < 0 || inGroup[s] !== stamp || comp[s] >= stamp * 64) continue;
          // the shared face must contain the pivot: the vertex opposite it is not the pivot
          const opp = tets[4 * t + k];
          if (opp === pivotA || opp === pivotB) continue;
          comp[s] = id;
          stack.push(s);
        }
      }
      sizes.push(size);
    }
    if (nComp < 2) return 0;
    let keep = 0;
    for (let k = 1; k < nComp; k++) if (sizes[k] > sizes[keep]) keep = k;
    let n = 0;
    for (let k = 0; k < nComp; k++) {
      if (k === keep) continue;
      const id = stamp * 64 + k;
      votes.clear();
      for (const t of group) {
        if (comp[t] !== id) continue;
        for (let f = 0; f < 4; f++) {
          const s = across[4 * t + f];
          if (s >= 0 && tetGrain[s] !== g) votes.set(tetGrain[s], (votes.get(tetGrain[s]) ?? 0) + 1);
        }
      }
      let best = -1, bestV = 0;
      for (const [gr, v] of votes) if (v > bestV || (v === bestV && gr < best)) { best = gr; bestV = v; }
      if (best < 0) continue;
      for (const t of group) {
        if (comp[t] !== id) continue;
        tetGrain[t] = best;
        n++;
        for (let a = 0; a < 4; a++) dirty[tets[4 * t + a]] = 1;
      }
    }
    return n;
  };
  const seenW = new Int32Array(nN).fill(-1);
  // the edges (v, w) around the vertex being swept: their far ends, the slot of each end, their tets
  const slotOf = new Int32Array(nN);
  const edgeEnd: number[] = [];
  const edgeTets: number[][] = [];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    sweeps++;
    let changed = 0;
    for (let v = 0; v < nN; v++) {
      if (!dirty[v]) continue;
      dirty[v] = 0;
      // grains around v (skip the common single-grain case quickly)
      const g0 = tetGrain[list[start[v]]];
      let multi = false;
      for (let q = start[v] + 1; q < start[v + 1] && !multi; q++) if (tetGrain[list[q]] !== g0) multi = true;
      if (!multi) continue;
      grains.length = 0;
      for (let q = start[v]; q < start[v + 1]; q++) if (!grains.includes(tetGrain[list[q]])) grains.push(tetGrain[list[q]]);
      // vertex pinches
      for (const g of grains) {
        group.length = 0;
        for (let q = start[v]; q < start[v + 1]; q++) if (tetGrain[list[q]] === g) group.push(list[q]);
        if (group.length > 1) changed += splitAndRelabel(g, v, -1);
      }
      // edge pinches on the edges (v, w), w > v, in the order the ws first appear
      // around v; each edge's tets (around v, in list order) gathered in one pass
      edgeEnd.length = 0;
      edgeTets.length = 0;
      for (let q = start[v]; q < start[v + 1]; q++) {
        for (let a = 0; a < 4; a++) {
          const w = tets[4 * list[q] + a];
          if (w <= v) continue;
          if (seenW[w] !== v) {
            seenW[w] = v;
            slotOf[w] = edgeEnd.length;
            edgeEnd.push(w);
            edgeTets.push([]);
          }
          edgeTets[slotOf[w]].push(list[q]);
        }
      }
      for (let k = 0; k < edgeEnd.length; k++) {
        const around = edgeTets[k];
        grains.length = 0;
        for (const t of around) if (!grains.includes(tetGrain[t])) grains.push(tetGrain[t]);
        if (grains.length < 2) continue;
        for (const g of grains.slice()) {
          group.length = 0;
          for (const t of around) if (tetGrain[t] === g) group.push(t);
          if (group.length > 1) changed += splitAndRelabel(g, v, edgeEnd[k]);
        }
      }
    }
    seenW.fill(-1);
    relabeled += changed;
    if (!changed) break;
  }
  return { relabeled, sweeps };
}
