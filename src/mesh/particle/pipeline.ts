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
import { improveParticleMesh, surfaceFlags } from "./improve.js";
import { collapsePoorTets } from "./collapse.js";

export interface ParticleTetsOptions extends CleaveOptions {
  /** quality floor (radius ratio) the collapse and relaxed stages aim for (default 0.2) */
  floor?: number;
  /** maximum distance a node may leave its feature in the last stage, as a fraction of h (default 0.5) */
  relaxFraction?: number;
  /** edges shorter than this fraction of h may be collapsed without an exact common feature (default 0.25) */
  shortEdgeFraction?: number;
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
  let m = { nodes: c.nodes, tets: c.tets, tetGrain: c.tetGrain, onSurface: surfaceFlags(c.tets, c.nodes.length / 3) };
  let moves = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, { onSurface: m.onSurface }).moves;
  let collapses = 0, peeled = 0;
  for (let round = 0; round < 2; round++) {
    const r = collapsePoorTets(m.nodes, m.tets, m.tetGrain, floor + 0.05, seeds, radius, m.onSurface, 3, (opts.shortEdgeFraction ?? 0.25) * h);
    m = { nodes: r.nodes, tets: r.tets, tetGrain: r.tetGrain, onSurface: r.onSurface };
    collapses += r.collapses;
    peeled += r.peeled;
    if (!r.collapses && !r.peeled) break;
    if (round === 0) moves += improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, { onSurface: m.onSurface }).moves;
  }
  const last = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, {
    onSurface: m.onSurface,
    relax: (opts.relaxFraction ?? 0.5) * h, relaxBelow: floor,
  });
  const t2 = performance.now();
  return {
    nodes: m.nodes, tets: m.tets, tetGrain: m.tetGrain,
    stats: {
      cleave: c.stats, collapses, peeled, smoothingMoves: moves + last.moves, relaxedMoves: last.relaxed ?? 0,
      seconds: { cleave: (t1 - t0) / 1000, improve: (t2 - t1) / 1000 },
    },
  };
}
