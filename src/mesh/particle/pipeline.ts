/**
 * The particle mesher's stages, in order (see docs/meshing.md):
 * cleave the BCC lattice at the Voronoi facets and the sphere, optimise the
 * vertices within their features, collapse the edges of the remaining poor
 * tets (regularizing sub-h Voronoi features) and optimise again, and finally
 * let the nodes of any tet still below the quality floor leave their exact
 * feature by at most `relax`; finally give the fans of grains that touch
 * themselves at a vertex or edge to a neighbouring grain (pinch repair).
 */
import { VoronoiBall } from "./interfaces.js";
import { cleave, type CleaveOptions, type CleaveStats } from "./cleave.js";
import { improveParticleMesh, surfaceFlags } from "./improve.js";
import { collapsePoorTets } from "./collapse.js";
import { repairPinches } from "./pinch.js";
import { classifyFaces, faceMates, type FaceMates, type FaceTable } from "../boundary.js";

export interface ParticleTetsOptions extends CleaveOptions {
  /** quality floor min(radius ratio, 2 × skewness) the collapse and relaxed stages aim for (default 0.21) */
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
  /** tets given to a neighbouring grain to remove grain pinches */
  pinchRelabeled: number;
  /** seconds per stage */
  seconds: { cleave: number; improve: number };
}

export interface ParticleTets {
  nodes: Float64Array;
  tets: Int32Array;
  tetGrain: Int32Array;
  /** the tets' faces (classifyFaces), from the one face pairing the pinch repair also uses */
  faces: FaceTable;
  stats: ParticleTetsStats;
}

export function particleTets(seeds: Float64Array, radius: number, h: number, opts: ParticleTetsOptions = {}): ParticleTets {
  // a little above the targets (radius ratio 0.2, skewness 0.1), so that they hold with margin
  const floor = opts.floor ?? 0.21;
  const t0 = performance.now();
  const c = cleave(new VoronoiBall(seeds, radius), h, opts);
  const t1 = performance.now();
  // the face pairing of the current tets, formed once per set of tets: the
  // cleaved tets' gives their surface flags and serves the first collapse,
  // a collapse's result's the next collapse or the pinch repair
  let mates: FaceMates | undefined = faceMates(c.tets, 4, c.nodes.length / 3);
  let m = { nodes: c.nodes, tets: c.tets, tetGrain: c.tetGrain, onSurface: surfaceFlags(c.tets, c.nodes.length / 3, mates) };
  // each stage hands the tets' qualities to the next (the same numbers it would evaluate again)
  const first = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, { onSurface: m.onSurface });
  let moves = first.moves, quality = first.tetQuality;
  const shortEdge = (opts.shortEdgeFraction ?? 0.25) * h;
  const relax = (opts.relaxFraction ?? 0.5) * h;
  let collapses = 0, peeled = 0, relaxedMoves = 0;
  // rounds of (collapse, improve with the relaxed pass); a second round only
  // when tets below the floor remain
  for (let round = 0; round < 3; round++) {
    mates ??= faceMates(m.tets, 4, m.nodes.length / 3);
    const r = collapsePoorTets(m.nodes, m.tets, m.tetGrain, floor + 0.05, seeds, radius, m.onSurface, round === 0 ? 4 : 2, shortEdge, quality, mates);
    mates = undefined;
    m = { nodes: r.nodes, tets: r.tets, tetGrain: r.tetGrain, onSurface: r.onSurface };
    collapses += r.collapses;
    peeled += r.peeled;
    const st = improveParticleMesh(m.nodes, m.tets, m.tetGrain, seeds, radius, { onSurface: m.onSurface, relax, relaxBelow: floor, tetQuality: r.tetQuality });
    quality = st.tetQuality;
    moves += st.moves;
    relaxedMoves += st.relaxed ?? 0;
    if (st.belowFloor === 0 || (r.collapses === 0 && r.peeled === 0)) break;
  }
  // grains touching themselves at a vertex or edge: relabel the smaller fans
  // (the final tets' face pairing serves the repair, which only relabels grains, and the face table)
  const nN = m.nodes.length / 3;
  mates ??= faceMates(m.tets, 4, nN);
  const pinch = repairPinches(m.tets, m.tetGrain, nN, undefined, mates);
  const faces = classifyFaces(m.tets, 4, nN, mates);
  const t2 = performance.now();
  return {
    nodes: m.nodes, tets: m.tets, tetGrain: m.tetGrain, faces,
    stats: {
      cleave: c.stats, collapses, peeled, smoothingMoves: moves, relaxedMoves, pinchRelabeled: pinch.relabeled,
      seconds: { cleave: (t1 - t0) / 1000, improve: (t2 - t1) / 1000 },
    },
  };
}
