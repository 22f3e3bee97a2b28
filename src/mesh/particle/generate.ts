/**
 * meshParticle: a seeded polycrystalline sphere, meshed with conforming
 * tetrahedra (SPEC §1.1). The method is described in docs/meshing.md.
 */
import type { Core } from "../../wasm/core.js";
import { loadCore } from "../../wasm/core.js";
import type { TetMesh } from "../types.js";
import { boundaryTriangles, type FaceTable } from "../boundary.js";
import { toQuadratic } from "../quadratic.js";
import { meshQuality, type QualityStats } from "../quality.js";
import { lloydRelax, randomOrientations, seedsInBall } from "../seeds.js";
import { particleTets, type ParticleTetsOptions, type ParticleTetsStats } from "./pipeline.js";
import { InputError } from "../../errors.js";

export interface ParticleMeshOptions {
  /** particle radius (µm), default 5 */
  radiusUm?: number;
  /** number of grains, default 100 (ignored when `seeds` is given) */
  grains?: number;
  /** random seed for grain seeds and orientations, default 1 */
  seed?: number;
  /** target element size h (µm): the BCC lattice spacing */
  sizeUm?: number;
  /** target number of tets instead of a size (lands within ±15 %) */
  targetTets?: number;
  /** element order, default 1 */
  order?: 1 | 2;
  /** Lloyd iterations on the grain seeds (more equal grain sizes), default 0 */
  lloyd?: number;
  /** explicit grain seeds, n × 3 (µm), instead of random ones */
  seeds?: Float64Array;
  /** explicit orientations, n × 4 [w, x, y, z], instead of random ones */
  orientations?: Float64Array;
  /** progress callback: stage name */
  onStage?: (stage: string) => void;
  /** advanced: cleaving / regularization parameters */
  advanced?: ParticleTetsOptions;
}

/** The mesh statistics object of SPEC §3.3 ("mesh"). */
export interface MeshStats {
  nodes: number;
  tets: number;
  order: 1 | 2;
  grains: number;
  surfaceTriangles: number;
  volumeUm3: number;
  quality: QualityStats;
}

export interface GrainStat {
  id: number;
  tets: number;
  volumeUm3: number;
  surfaceAreaUm2: number;
  /** seed position (µm) */
  seed: [number, number, number];
}

export interface ParticleMesh extends TetMesh {
  radiusUm: number;
  /** grain seeds, nGrains × 3 (µm) */
  seeds: Float64Array;
  /** grain orientations, nGrains × 4 [w, x, y, z] */
  orientations: Float64Array;
  stats: MeshStats;
  /** largest / 99th-percentile distance of a grain-boundary face vertex from its Voronoi facet plane (µm) */
  boundaryDeviation: { maxUm: number; p99Um: number };
  grainStats: GrainStat[];
  /** lattice spacing used (µm) */
  hUm: number;
  stages: ParticleTetsStats;
  seconds: number;
  /** the faces of the tets: boundary and interior, by their corner vertices (the same for the P1 and the P2 mesh) */
  faces: FaceTable;
}

/** Check the options and fill defaults; InputError names the offending option. */
export function resolveMeshOptions(o: ParticleMeshOptions): Required<Pick<ParticleMeshOptions, "radiusUm" | "grains" | "seed" | "order" | "lloyd">> & ParticleMeshOptions {
  const radiusUm = o.radiusUm ?? 5;
  const grains = o.seeds ? o.seeds.length / 3 : o.grains ?? 100;
  const seed = o.seed ?? 1;
  const order = o.order ?? 1;
  const lloyd = o.lloyd ?? 0;
  const num = (name: string, v: number, ok: boolean, range: string) => {
    if (!ok) throw new InputError(name, `must be ${range} (got ${v})`);
  };
  num("radiusUm", radiusUm, Number.isFinite(radiusUm) && radiusUm > 0, "a positive number of µm");
  num("grains", grains, Number.isInteger(grains) && grains >= 1 && grains <= 20000, "an integer in [1, 20000]");
  num("seed", seed, Number.isInteger(seed), "an integer");
  num("order", order, order === 1 || order === 2, "1 or 2");
  num("lloyd", lloyd, Number.isInteger(lloyd) && lloyd >= 0 && lloyd <= 100, "an integer in [0, 100]");
  if ((o.sizeUm === undefined) === (o.targetTets === undefined)) {
    if (o.sizeUm === undefined && o.targetTets === undefined) {
      // neither: default size
    } else throw new InputError("sizeUm", "give either a size or a target tet count, not both");
  }
  if (o.sizeUm !== undefined) num("sizeUm", o.sizeUm, Number.isFinite(o.sizeUm) && o.sizeUm > 0 && o.sizeUm <= radiusUm, `a number of µm in (0, ${radiusUm}]`);
  if (o.targetTets !== undefined) num("targetTets", o.targetTets, Number.isInteger(o.targetTets) && o.targetTets >= 500 && o.targetTets <= 20_000_000, "an integer in [500, 20000000]");
  if (o.seeds) {
    if (o.seeds.length % 3 !== 0 || o.seeds.length === 0) throw new InputError("seeds", "needs 3 coordinates per seed");
    for (let i = 0; i < o.seeds.length / 3; i++) {
      const r = Math.hypot(o.seeds[3 * i], o.seeds[3 * i + 1], o.seeds[3 * i + 2]);
      if (!(r < radiusUm)) throw new InputError("seeds", `seed ${i} is not inside the particle (|x| = ${r} µm, radius ${radiusUm} µm)`);
    }
  }
  if (o.orientations && o.orientations.length !== 4 * grains) throw new InputError("orientations", `needs 4 numbers per grain (${4 * grains}), got ${o.orientations.length}`);
  return { ...o, radiusUm, grains, seed, order, lloyd };
}

// tets ≈ c(h) · V / h³ with c = a + b·h/R: 12 per lattice cell plus the cut
// cells near interfaces; fitted on R = 5 µm, 100 grains (c = 13.0 at h = 0.2,
// 13.4 at 0.3, 13.7 at 0.4) and corrected by one measured round if needed.
function tetsPerVolume(h: number, radius: number): number {
  return 12.2 + 19 * (h / radius);
}

function sizeForTarget(target: number, radius: number): number {
  const V = (4 / 3) * Math.PI * radius ** 3;
  let h = Math.cbrt((13.4 * V) / target);
  for (let i = 0; i < 5; i++) h = Math.cbrt((tetsPerVolume(h, radius) * V) / target);
  return h;
}

/** Estimated tets for a size (for resource checks before meshing). */
export function estimateTets(radiusUm: number, sizeUm: number): number {
  return (tetsPerVolume(sizeUm, radiusUm) * (4 / 3) * Math.PI * radiusUm ** 3) / sizeUm ** 3;
}

/**
 * Mesh a polycrystalline particle.
 * @param core wasm core for the P2 lift (loaded when omitted), or a promise of it (awaited there only)
 */
export async function meshParticle(options: ParticleMeshOptions = {}, core?: Core | Promise<Core>): Promise<ParticleMesh> {
  const t0 = performance.now();
  const o = resolveMeshOptions(options);
  const R = o.radiusUm;
  let seeds = o.seeds ? Float64Array.from(o.seeds) : seedsInBall(o.grains, R, o.seed);
  if (o.lloyd > 0) {
    o.onStage?.(`lloyd relaxation (${o.lloyd} iterations)`);
    seeds = lloydRelax(seeds, R, o.lloyd);
  }
  const orientations = o.orientations ? Float64Array.from(o.orientations) : randomOrientations(o.grains, o.seed);
  let h = o.sizeUm ?? (o.targetTets ? sizeForTarget(o.targetTets, R) : 0.35);
  o.onStage?.(`meshing with h = ${h.toFixed(4)} µm`);
  let r = particleTets(seeds, R, h, o.advanced);
  if (o.targetTets) {
    const ratio = r.tetGrain.length / o.targetTets;
    if (Math.abs(ratio - 1) > 0.08) {
      h *= Math.cbrt(ratio);
      o.onStage?.(`${r.tetGrain.length} tets, re-meshing with h = ${h.toFixed(4)} µm for the target ${o.targetTets}`);
      r = particleTets(seeds, R, h, o.advanced);
    }
  }
  o.onStage?.("boundary, statistics");
  const nN = r.nodes.length / 3;
  const faces = r.faces;
  let mesh: TetMesh = {
    order: 1, nodes: r.nodes, tets: r.tets, tetGrain: r.tetGrain,
    ...boundaryTriangles(r.tets, 4, r.tetGrain, nN, faces), nGrains: o.grains, nVertices: nN,
  };
  const quality = meshQuality(mesh).stats;
  const boundaryDeviation = facetDeviation(r.nodes, faces, r.tetGrain, seeds);
  const grainStats = grainStatistics(mesh, seeds);
  if (o.order === 2) {
    o.onStage?.("quadratic elements");
    mesh = toQuadratic(await (core ?? loadCore()), mesh, { sphere: { center: [0, 0, 0], radius: R } });
  }
  const volumeUm3 = grainStats.reduce((s, g) => s + g.volumeUm3, 0);
  return {
    ...mesh,
    radiusUm: R,
    seeds,
    orientations,
    stats: {
      nodes: mesh.nodes.length / 3, tets: mesh.tetGrain.length, order: mesh.order, grains: o.grains,
      surfaceTriangles: mesh.triGrain.length, volumeUm3, quality,
    },
    boundaryDeviation,
    grainStats,
    hUm: h,
    stages: r.stats,
    seconds: (performance.now() - t0) / 1000,
    faces,
  };
}

/** Distances of grain-boundary face vertices from their bisector planes. */
function facetDeviation(nodes: Float64Array, faces: FaceTable, tetGrain: Int32Array, seeds: Float64Array): { maxUm: number; p99Um: number } {
  const nI = faces.interiorTets.length / 2;
  const d = new Float64Array(nI);
  let n = 0;
  for (let i = 0; i < nI; i++) {
    const a = tetGrain[faces.interiorTets[2 * i]], b = tetGrain[faces.interiorTets[2 * i + 1]];
    if (a === b) continue;
    const nx = seeds[3 * b] - seeds[3 * a], ny = seeds[3 * b + 1] - seeds[3 * a + 1], nz = seeds[3 * b + 2] - seeds[3 * a + 2];
    const nn = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const c = 0.5 * (seeds[3 * b] ** 2 + seeds[3 * b + 1] ** 2 + seeds[3 * b + 2] ** 2 - seeds[3 * a] ** 2 - seeds[3 * a + 1] ** 2 - seeds[3 * a + 2] ** 2);
    let m = 0;
    for (let k = 0; k < 3; k++) {
      const v = faces.interior[3 * i + k];
      m = Math.max(m, Math.abs(nx * nodes[3 * v] + ny * nodes[3 * v + 1] + nz * nodes[3 * v + 2] - c) / nn);
    }
    d[n++] = m;
  }
  if (!n) return { maxUm: 0, p99Um: 0 };
  const sorted = d.subarray(0, n).sort(); // (a typed array sorts by value, without a comparator)
  return { maxUm: sorted[n - 1], p99Um: sorted[Math.floor(0.99 * (n - 1))] };
}

function grainStatistics(m: TetMesh, seeds: Float64Array): GrainStat[] {
  const out: GrainStat[] = Array.from({ length: m.nGrains }, (_, id) => ({
    id, tets: 0, volumeUm3: 0, surfaceAreaUm2: 0, seed: [seeds[3 * id], seeds[3 * id + 1], seeds[3 * id + 2]] as [number, number, number],
  }));
  const x = m.nodes;
  // (corner indices read in place: a subarray per tet would be an allocation per tet)
  const T = m.tets, F = m.tris;
  for (let t = 0; t < m.tetGrain.length; t++) {
    const v0 = 3 * T[4 * t], v1 = 3 * T[4 * t + 1], v2 = 3 * T[4 * t + 2], v3 = 3 * T[4 * t + 3];
    const ax = x[v1] - x[v0], ay = x[v1 + 1] - x[v0 + 1], az = x[v1 + 2] - x[v0 + 2];
    const bx = x[v2] - x[v0], by = x[v2 + 1] - x[v0 + 1], bz = x[v2 + 2] - x[v0 + 2];
    const cx = x[v3] - x[v0], cy = x[v3 + 1] - x[v0 + 1], cz = x[v3 + 2] - x[v0 + 2];
    const g = out[m.tetGrain[t]];
    g.tets++;
    g.volumeUm3 += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
  }
  for (let f = 0; f < m.triGrain.length; f++) {
    const v0 = 3 * F[3 * f], v1 = 3 * F[3 * f + 1], v2 = 3 * F[3 * f + 2];
    const ax = x[v1] - x[v0], ay = x[v1 + 1] - x[v0 + 1], az = x[v1 + 2] - x[v0 + 2];
    const bx = x[v2] - x[v0], by = x[v2 + 1] - x[v0 + 1], bz = x[v2 + 2] - x[v0 + 2];
    out[m.triGrain[f]].surfaceAreaUm2 += 0.5 * Math.hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
  }
  return out;
}
