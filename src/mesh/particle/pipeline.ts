/**
 * The particle mesher's stages, in order (see docs/meshing.md):
 * cleave the BCC lattice at the Voronoi facets and the sphere, optimise the
 * vertices within their features, collapse the edges of the remaining poor
 * tets (regularizing sub-h Voronoi features) and optimise again, and finally
 * let the nodes of any tet still below the quality floor leave their exact
 * feature by at most `relax`.
 */
import { VoronoiBall } from "./interfaces.js";
import { cleave, type CleaveOptions, type CleaveStats } from "./cleave.js";
import { improveParticleMesh } from "./improve.js";
import { collapsePoorTets } from "./collapse.js";

export interface ParticleTetsOptions extends CleaveOptions {
  /** quality floor (radius ratio) the collapse and relaxed stages aim for (default 0.2) */
  floor?: number;
  /** maximum distance a node may leave its feature in the last stage, as a fraction of h (default 0.15) */
  relaxFraction?: number;
}

export interface ParticleTetsStats {
  cleave: CleaveStats;
  collapses: number;
  /** flat boundary tets removed */
  peeled: number;
  smoothingMoves: number;
  relaxedMoves: number;
  /** seconds per stage */
  seconds: { cleave: number; improve: number };
}

export interface ParticleTets {
  nodes: Float64Array;
  tets: Int32Array;
  tetGrain: Int32Array;
  stats: ParticleTetsStats;
}

export function particleTets(seeds: Float64Array, radius: number, h: number, opts: ParticleTetsOptions = {}): ParticleTets {
  const floor = opts.floor ?? 0.2;
  const t0 = performance.now();
  const c = cleave(new VoronoiBall(seeds, radius), h, opts);
  const t1 = performance.now();
  let m = { nodes: c.nodes, tets: c.tets, tetGrain: c.tetGrain };
  let moves = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius).moves;
  let collapses = 0, peeled = 0;
  for (let round = 0; round < 3; round++) {
    const r = collapsePoorTets(m.nodes, m.tets, m.tetGrain, floor + 0.05, seeds, radius);
    m = r;
    collapses += r.collapses;
    peeled += r.peeled;
    if (!r.collapses && !r.peeled) break;
    moves += improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius).moves;
  }
  const last = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, {
    relax: (opts.relaxFraction ?? 0.15) * h, relaxBelow: floor, passes: 2,
  });
  const t2 = performance.now();
  return {
    ...m,
    stats: {
      cleave: c.stats, collapses, peeled, smoothingMoves: moves + last.moves, relaxedMoves: last.relaxed ?? 0,
      seconds: { cleave: (t1 - t0) / 1000, improve: (t2 - t1) / 1000 },
    },
  };
}
