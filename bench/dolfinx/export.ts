/**
 * Export what bench/dolfinx/compare.py needs to run grainfem's `compare`
 * workload in dolfinx on exactly the same discrete problem:
 *
 *   DIR/mesh.msh   the particle mesh of CONFIG (gmsh 4.1 ASCII, src/io/msh.ts:
 *                  grain g = physical volume g + 1, its outer-surface
 *                  triangles = physical surface g + 1; 10-node tets for P2)
 *   DIR/data.json  per-grain material in the particle frame and core units,
 *                  the two cases' reactive grains and fluxes, the time
 *                  schedule, the solver tolerance and the 3-2-1 pins
 *
 * The mesh comes from the same code path as a run (prepareParticle: the
 * mesher is deterministic, so it is the mesh `grainfem compare CONFIG` uses),
 * and the reactive grains and j̄ are computed as in solver/simulate.ts.
 *
 * data.json layout (units: µm, s, MPa; tensors row-major, Voigt order
 * xx yy zz yz xz xy with engineering shear strains):
 *   grains.D     nGrains × 9   diffusivity Q diag(D_a, D_b, D_c) Qᵀ (µm²/s)
 *   grains.C0/C1 nGrains × 36  stiffness at θ = 0 / θ = 1 (MPa)
 *   grains.beta  nGrains × 6   chemical strain per unit θ
 *   cases.<name> reactive grain ids, j̄ (µm/s), reactive area (µm²)
 *   pins         3-2-1 pinned displacement components at 3 vertex nodes
 *
 * Usage: tsx bench/dolfinx/export.ts CONFIG.json DIR
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadCore, type Core } from "../../src/wasm/core.js";
import type { GrainfemConfig } from "../../src/config/types.js";
import { loadConfigFile } from "../../src/config/file.js";
import { prepareParticle, type Particle } from "../../src/solver/particle.js";
import { comparisonConfigs } from "../../src/solver/compare.js";
import { schedule } from "../../src/solver/simulate.js";
import { selectReactiveGrains } from "../../src/solver/reactive.js";
import { grainMaterialTables } from "../../src/material/grains.js";
import { rigidBodyPins } from "../../src/linalg/constraints.js";
import { FeMesh } from "../../src/fem/mesh.js";
import { writeMsh } from "../../src/io/msh.js";

export interface ExportInfo {
  mshPath: string;
  dataPath: string;
  tets: number;
  nodes: number;
  seconds: number;
}

/** Mesh CONFIG and write DIR/mesh.msh and DIR/data.json (its cases: the two of `compare`). */
export async function exportForDolfinx(configPath: string, dir: string): Promise<ExportInfo> {
  const t0 = performance.now();
  const config = loadConfigFile(configPath);
  const core = await loadCore("release");
  const particle = await prepareParticle(config, core);
  const info = writeDolfinxInputs(core, config, particle, dir, configPath, comparisonConfigs(config));
  return { ...info, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Write DIR/mesh.msh and DIR/data.json for a particle already meshed from
 * `config` (the mesh a run of it uses).
 * @param cases the cases for compare.py by name: configs that differ from `config` only in cycling.reactiveFraction
 * @param source what the data came from (data.json's `config`)
 */
export function writeDolfinxInputs(core: Core, config: GrainfemConfig, particle: Particle, dir: string, source: string,
  cases: Record<string, GrainfemConfig>): ExportInfo {
  const t0 = performance.now();
  if (config.mechanics.pressureMPa !== 0) throw new Error("compare.py models the free particle only (mechanics.pressureMPa must be 0)");
  const { mesh } = particle;
  const fe = FeMesh.create(core, mesh);
  let V = 0;
  const grainArea = new Float64Array(mesh.nGrains);
  try {
    for (const v of fe.tetVolumes().volume) V += v;
    const triArea = fe.triangleAreas();
    for (let f = 0; f < fe.nTris; f++) grainArea[mesh.triGrain[f]] += triArea[f];
  } finally {
    fe.dispose();
  }
  const tables = grainMaterialTables(config.material, particle.orientations);
  const caseData: Record<string, { reactiveFraction: number; reactiveGrains: number[]; fluxUmS: number; reactiveAreaUm2: number }> = {};
  for (const [name, c] of Object.entries(cases)) {
    const cyc = c.cycling;
    const sel = selectReactiveGrains(grainArea, cyc.reactiveFraction, cyc.reactiveSeed);
    const jbar = (V * cyc.capacityWindow * cyc.cRate) / (sel.reactiveAreaUm2 * 3600);
    caseData[name] = { reactiveFraction: cyc.reactiveFraction, reactiveGrains: sel.grainIds, fluxUmS: jbar, reactiveAreaUm2: sel.reactiveAreaUm2 };
  }
  const pins = rigidBodyPins(mesh.nodes, mesh.nVertices);
  const cyc = config.cycling;
  const data = {
    producer: "grainfem bench/dolfinx/export.ts",
    config: source,
    order: mesh.order,
    nodes: mesh.nodes.length / 3,
    tets: mesh.tetGrain.length,
    surfaceTriangles: mesh.triGrain.length,
    nGrains: mesh.nGrains,
    volumeUm3: V,
    grainSurfaceAreaUm2: Array.from(grainArea),
    orientations: Array.from(particle.orientations),
    grains: { D: Array.from(tables.D), C0: Array.from(tables.C0), C1: Array.from(tables.C1), beta: Array.from(tables.beta) },
    theta0: cyc.initialTheta,
    thetaRef: cyc.initialTheta,
    /** −1: charge (Li leaves through the reactive faces), +1: discharge */
    fluxSign: cyc.direction === "charge" ? -1 : 1,
    capacityWindow: cyc.capacityWindow,
    cRate: cyc.cRate,
    schedule: schedule(config),
    relTolerance: config.solver.relTolerance,
    maxIterations: config.solver.maxIterations,
    cases: caseData,
    pins: {
      // each pinned dof: node coordinates (µm) and component
      dofs: pins.dofs.map((d) => {
        const node = Math.floor(d / 3);
        return { node, component: d % 3, x: [mesh.nodes[3 * node], mesh.nodes[3 * node + 1], mesh.nodes[3 * node + 2]] };
      }),
    },
  };
  mkdirSync(dir, { recursive: true });
  const mshPath = join(dir, "mesh.msh"), dataPath = join(dir, "data.json");
  writeFileSync(mshPath, writeMsh(mesh));
  writeFileSync(dataPath, JSON.stringify(data));
  return { mshPath, dataPath, tets: data.tets, nodes: data.nodes, seconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [configPath, dir] = process.argv.slice(2);
  if (!configPath || !dir) {
    console.error("usage: tsx bench/dolfinx/export.ts CONFIG.json DIR");
    process.exit(2);
  }
  const info = await exportForDolfinx(configPath, dir);
  console.log(JSON.stringify(info));
}
