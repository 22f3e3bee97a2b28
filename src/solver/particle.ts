/**
 * The particle a run works on: the mesh (generated from the geometry keys or
 * read from `geometry.meshFile`), the grain orientations, the centre and
 * radius, and the mesh statistics. Built once and shared by the two cases
 * of `compare`, so both see the same mesh and orientations.
 */
import type { Core } from "../wasm/core.js";
import type { TetMesh } from "../mesh/types.js";
import type { GrainfemConfig } from "../config/types.js";
import { estimateTets, meshParticle } from "../mesh/particle/generate.js";
import { checkMemoryBudget, estimateNodes } from "./memory.js";
import { meshQuality } from "../mesh/quality.js";
import { toQuadratic } from "../mesh/quadratic.js";
import { randomOrientations } from "../mesh/seeds.js";
import { InputError } from "../errors.js";
import type { MeshSummary } from "./summary.js";
import type { FaceTable } from "../mesh/boundary.js";

export interface Particle {
  mesh: TetMesh;
  /** nGrains × 4 quaternions [w, x, y, z] */
  orientations: Float64Array;
  /** centre of the particle (µm): the origin for generated meshes; for files the centre of the sphere through the boundary vertices, else the volume centroid */
  centre: [number, number, number];
  /** radius (µm): the configured one; for files that sphere's radius, else the largest vertex distance from the centre */
  radiusUm: number;
  stats: Omit<MeshSummary, "volumeUm3">;
  /** wall time to build or read the mesh (s) */
  seconds: number;
  /** notes from a mesh import */
  notes: string[];
  /** the mesh's face table when the mesher made it (generated meshes; its faces are the corners', so it serves P1 and P2) */
  faces?: FaceTable;
}

/**
 * Build or read the mesh of a resolved config.
 * @param core the core, or a promise of it: awaited only where the core is
 *   needed (a P2 lift, an imported mesh), so a caller can mesh while its
 *   core starts (its worker threads take ~60 ms to come up at seed scale)
 * @param onStage progress messages of the mesher
 */
export async function prepareParticle(config: GrainfemConfig, core: Core | Promise<Core>, onStage?: (s: string) => void): Promise<Particle> {
  const t0 = performance.now();
  const g = config.geometry;
  const given = config.material.orientations;
  if (g.meshFile === null) {
    // refuse a mesh the solver could not hold before meshing it (the estimate is ±15 %; checked exactly below)
    const tets = estimateTets(g.radiusUm, g.meshSizeUm);
    checkMemoryBudget(estimateNodes(tets, g.order), tets, g.order, config.solver.memoryLimitGiB, "geometry.meshSizeUm");
    const m = await meshParticle({
      radiusUm: g.radiusUm, grains: g.grains, seed: g.seed, sizeUm: g.meshSizeUm, order: g.order, lloyd: g.lloyd,
      orientations: given ? Float64Array.from(given.flat()) : undefined, onStage,
    }, core);
    const mesh: TetMesh = { order: m.order, nodes: m.nodes, tets: m.tets, tetGrain: m.tetGrain, tris: m.tris, triGrain: m.triGrain, nGrains: m.nGrains, nVertices: m.nVertices };
    checkMemoryBudget(m.nodes.length / 3, m.tetGrain.length, g.order, config.solver.memoryLimitGiB, "geometry.meshSizeUm");
    const { volumeUm3: _v, ...stats } = m.stats;
    return { mesh, orientations: m.orientations, centre: [0, 0, 0], radiusUm: g.radiusUm, stats, seconds: (performance.now() - t0) / 1000, notes: [], faces: m.faces };
  }
  onStage?.(`reading ${g.meshFile}`);
  if (typeof process === "undefined" || !process.versions?.node) {
    throw new InputError("geometry.meshFile", "reading a mesh by path needs Node; in a browser pass the file's contents (the meshFile option of simulate/compare)");
  }
  // Node-only module: imported through a variable so browser bundlers leave it out
  const filesModule = "../io/read-mesh-file.js";
  const { readMeshFile } = (await import(/* @vite-ignore */ filesModule)) as typeof import("../io/read-mesh-file.js");
  const { mesh, report } = readMeshFile(g.meshFile);
  return particleFromMesh(mesh, report.notes, g.meshFile, config, await core, onStage, t0);
}

/**
 * The particle of an imported mesh (browser-pure: the browser passes a mesh
 * it parsed from a file the user picked). Centre and radius come from the
 * sphere through the boundary vertices; P1 meshes are lifted to P2 when the
 * config asks for order 2; orientations are the configured ones or seeded.
 * @param source the file name (for messages)
 * @param t0 performance.now() when reading began (for `seconds`)
 */
export function particleFromMesh(read: TetMesh, notes: string[], source: string, config: GrainfemConfig, core: Core,
  onStage?: (s: string) => void, t0 = performance.now()): Particle {
  const g = config.geometry;
  const given = config.material.orientations;
  let mesh = read;
  // a particle mesh's boundary vertices lie on a sphere: use its centre and radius
  const sphere = fitSphere(mesh);
  let centre: [number, number, number], R: number;
  if (sphere) ({ centre, radius: R } = sphere);
  else {
    centre = volumeCentroid(mesh);
    R = 0;
    for (let i = 0; i < mesh.nVertices; i++) {
      R = Math.max(R, Math.hypot(mesh.nodes[3 * i] - centre[0], mesh.nodes[3 * i + 1] - centre[1], mesh.nodes[3 * i + 2] - centre[2]));
    }
  }
  // the lifted mesh's node count: a P1 mesh gains ≈ 6.5 nodes per vertex when lifted to P2
  const nodesAfter = mesh.order === 1 && g.order === 2 ? estimateNodes(mesh.tetGrain.length, 2) : mesh.nodes.length / 3;
  checkMemoryBudget(nodesAfter, mesh.tetGrain.length, g.order === 2 ? 2 : mesh.order, config.solver.memoryLimitGiB, "geometry.meshFile");
  if (mesh.order === 1 && g.order === 2) {
    onStage?.("quadratic elements");
    mesh = toQuadratic(core, mesh, sphere ? { sphere: { center: centre, radius: R } } : {});
  }
  if (given && given.length !== mesh.nGrains) {
    throw new InputError("material.orientations", `has ${given.length} quaternions but the mesh ${source} has ${mesh.nGrains} grains`);
  }
  const orientations = given ? Float64Array.from(given.flat()) : randomOrientations(mesh.nGrains, g.seed);
  const quality = meshQuality(mesh).stats;
  return {
    mesh, orientations, centre, radiusUm: R,
    stats: { nodes: mesh.nodes.length / 3, tets: mesh.tetGrain.length, order: mesh.order, grains: mesh.nGrains, surfaceTriangles: mesh.triGrain.length, quality },
    seconds: (performance.now() - t0) / 1000,
    notes,
  };
}

/** Volume centroid of the straight tets. */
function volumeCentroid(m: TetMesh): [number, number, number] {
  const npe = m.order === 1 ? 4 : 10;
  const x = m.nodes;
  let V = 0;
  const c: [number, number, number] = [0, 0, 0];
  for (let t = 0; t < m.tetGrain.length; t++) {
    const v = [0, 1, 2, 3].map((k) => 3 * m.tets[npe * t + k]);
    const a = [0, 1, 2].map((j) => x[v[1] + j] - x[v[0] + j]);
    const b = [0, 1, 2].map((j) => x[v[2] + j] - x[v[0] + j]);
    const d = [0, 1, 2].map((j) => x[v[3] + j] - x[v[0] + j]);
    const vol = (a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0])) / 6;
    V += vol;
    for (let j = 0; j < 3; j++) c[j] += (vol * (x[v[0] + j] + x[v[1] + j] + x[v[2] + j] + x[v[3] + j])) / 4;
  }
  return [c[0] / V, c[1] / V, c[2] / V];
}

/**
 * The sphere through the boundary vertices (algebraic least squares:
 * |x|² = 2 c·x + k, R² = k + |c|²), or null when some vertex is off it by
 * more than 1e-6 R.
 */
function fitSphere(m: TetMesh): { centre: [number, number, number]; radius: number } | null {
  const x = m.nodes;
  const npt = m.order === 1 ? 3 : 6;
  const seen = new Uint8Array(m.nVertices);
  const A = new Float64Array(16), b = new Float64Array(4);
  const verts: number[] = [];
  for (let f = 0; f < m.triGrain.length; f++) {
    for (let k = 0; k < 3; k++) {
      const v = m.tris[npt * f + k];
      if (seen[v]) continue;
      seen[v] = 1;
      verts.push(v);
      const row = [2 * x[3 * v], 2 * x[3 * v + 1], 2 * x[3 * v + 2], 1];
      const rhs = x[3 * v] ** 2 + x[3 * v + 1] ** 2 + x[3 * v + 2] ** 2;
      for (let i = 0; i < 4; i++) {
        b[i] += row[i] * rhs;
        for (let j = 0; j < 4; j++) A[4 * i + j] += row[i] * row[j];
      }
    }
  }
  if (verts.length < 4) return null;
  // Gaussian elimination with partial pivoting on the 4 × 4 normal equations
  const M = Array.from({ length: 4 }, (_, i) => [...A.subarray(4 * i, 4 * i + 4), b[i]]);
  for (let j = 0; j < 4; j++) {
    let p = j;
    for (let i = j + 1; i < 4; i++) if (Math.abs(M[i][j]) > Math.abs(M[p][j])) p = i;
    if (M[p][j] === 0) return null;
    [M[p], M[j]] = [M[j], M[p]];
    for (let i = j + 1; i < 4; i++) {
      const f = M[i][j] / M[j][j];
      for (let k = j; k < 5; k++) M[i][k] -= f * M[j][k];
    }
  }
  const s = [0, 0, 0, 0];
  for (let i = 3; i >= 0; i--) {
    let v = M[i][4];
    for (let k = i + 1; k < 4; k++) v -= M[i][k] * s[k];
    s[i] = v / M[i][i];
  }
  const centre: [number, number, number] = [s[0], s[1], s[2]];
  const radius = Math.sqrt(s[3] + s[0] ** 2 + s[1] ** 2 + s[2] ** 2);
  for (const v of verts) {
    const r = Math.hypot(x[3 * v] - centre[0], x[3 * v + 1] - centre[1], x[3 * v + 2] - centre[2]);
    if (!(Math.abs(r - radius) <= 1e-6 * radius)) return null;
  }
  return { centre, radius };
}
