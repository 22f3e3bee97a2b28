/**
 * One grainfem-vs-CalculiX comparison: mesh a particle with grainfem's own
 * mesher (same config as a grainfem run), run grainfem, write the two ccx
 * decks from the same mesh and material, run ccx, and compare θ and stress
 * at every output SOC.
 *
 * The static deck takes grainfem's θ at each output SOC, so the stress
 * comparison is isolated from the diffusion one; with `ccxTheta` a second
 * static job also runs on ccx's own θ (the whole chain in ccx).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCore, type Core } from "../../src/wasm/core.js";
import { resolveConfig } from "../../src/config/resolve.js";
import type { ConfigInput, GrainfemConfig } from "../../src/config/types.js";
import { prepareParticle, type Particle } from "../../src/solver/particle.js";
import { runSimulation, schedule, type SimulationResult } from "../../src/solver/simulate.js";
import { rigidBodyPins } from "../../src/linalg/constraints.js";
import { isotropicStiffness, orthotropicStiffness } from "../../src/material/voigt.js";
import { GPA_TO_MPA, M2_PER_S_TO_UM2_PER_S } from "../../src/material/grains.js";
import { outerFaces } from "./faces.js";
import { heatDeck } from "./heat-deck.js";
import { staticDeck } from "./static-deck.js";
import { runCcx, type CcxRun } from "./ccx.js";
import { datStresses, datTemperatures, parseDat } from "./dat.js";
import { gaussMeanStress, stressAgreement, thetaAgreement } from "./compare.js";
import { stressToParticleAxes } from "./local-frame.js";

export interface CalculixCaseOptions {
  /** grainfem config (geometry.order is forced to 2; VTU and figures off) */
  config: ConfigInput;
  /** folder for the decks and ccx's files */
  dir: string;
  /** ccx threads (default 1) */
  threads?: number;
  /** also run the static deck on ccx's own θ */
  ccxTheta?: boolean;
  /**
   * write the transposed rotation Qᵀ (the conjugate quaternion) into the decks
   * instead of Q: a control that must disagree, showing the comparison sees
   * the orientation convention
   */
  transposeOrientations?: boolean;
  core?: Core;
}

export interface SnapshotAgreement {
  soc: number;
  timeS: number;
  theta: ReturnType<typeof thetaAgreement>;
  /** ccx static on grainfem's θ */
  stress: ReturnType<typeof stressAgreement>;
  /** ccx static on ccx's θ (with ccxTheta) */
  stressChain?: ReturnType<typeof stressAgreement>;
}

export interface CalculixCaseResult {
  config: GrainfemConfig;
  /** the mesh both codes ran on, as grainfem prepared it */
  particle: Particle;
  mesh: { tets: number; nodes: number; grains: number; reactiveFaces: number };
  grainfem: { wallS: number; diffusionS: number; elasticityS: number; assembleS: number; meshS: number; result: SimulationResult };
  heat: CcxRun;
  static: CcxRun;
  staticChain?: CcxRun;
  /** ccx's nodal θ at each output SOC */
  ccxTheta: Float64Array[];
  snapshots: SnapshotAgreement[];
}

/** The output times and step counts of grainfem's schedule (runCalculixCase checks them against the times ccx prints). */
export const outputSchedule = schedule;

/** Crystal-frame stiffness sets (MPa) at θ = 0 and θ = 1. */
function crystalStiffness(m: GrainfemConfig["material"]): { C0: Float64Array; C1: Float64Array } {
  if (m.isotropic) {
    const C = isotropicStiffness(m.isotropic.EGPa * GPA_TO_MPA, m.isotropic.nu);
    return { C0: C, C1: C };
  }
  return {
    C0: orthotropicStiffness(m.stiffnessGPa.delithiated).map((v) => v * GPA_TO_MPA),
    C1: orthotropicStiffness(m.stiffnessGPa.lithiated).map((v) => v * GPA_TO_MPA),
  };
}

/** Run the comparison. */
export async function runCalculixCase(opts: CalculixCaseOptions): Promise<CalculixCaseResult> {
  const input = opts.config;
  const config = resolveConfig({ ...input, geometry: { ...input.geometry, order: 2 }, outputs: { ...input.outputs, vtu: false, figures: false } });
  const core = opts.core ?? (await loadCore());
  const particle = await prepareParticle(config, core);
  const { mesh, orientations } = particle;
  const nNodes = mesh.nodes.length / 3, nTets = mesh.tetGrain.length;

  // grainfem, end to end on the prepared mesh
  const t0 = performance.now();
  const result = await runSimulation(config, { core, particle, keepQuadrature: true });
  const wallS = (performance.now() - t0) / 1000;
  const ts = result.summary.timingS;

  // decks
  mkdirSync(opts.dir, { recursive: true });
  const deckOrientations = Float64Array.from(orientations);
  if (opts.transposeOrientations) for (let i = 0; i < deckOrientations.length; i++) if (i % 4 !== 0) deckOrientations[i] = -deckOrientations[i];
  const faces = outerFaces(mesh);
  const reactive = result.fields.grainReactive;
  const sign = config.cycling.direction === "charge" ? -1 : 1;
  const flux = sign * result.summary.reactive.fluxMs / 1e-6;
  const D = config.material.diffusivityM2s.map((d) => d * M2_PER_S_TO_UM2_PER_S) as [number, number, number];
  const plan = outputSchedule(config);
  writeFileSync(join(opts.dir, "heat.inp"), heatDeck({ mesh, orientations: deckOrientations, diffusivity: D, faces, reactive, flux, theta0: config.cycling.initialTheta, steps: plan }));
  const { C0, C1 } = crystalStiffness(config.material);
  const pins = rigidBodyPins(mesh.nodes, mesh.nVertices).dofs;
  const staticInput = { mesh, orientations: deckOrientations, C0, C1, beta: config.material.chemicalStrain, thetaRef: config.cycling.initialTheta, pins };
  writeFileSync(join(opts.dir, "static.inp"), staticDeck({ ...staticInput, thetas: result.fields.snapshots.map((s) => s.theta) }));

  // ccx
  const threads = opts.threads ?? 1;
  const heat = runCcx(opts.dir, "heat", threads);
  const stat = runCcx(opts.dir, "static", threads);
  const ccxTheta = datTemperatures(parseDat(heat.dat), nNodes);
  const ccxSigma = datStresses(parseDat(stat.dat), nTets);
  for (const b of ccxSigma) stressToParticleAxes(b.sigma, 4, mesh.tetGrain, deckOrientations);
  if (ccxTheta.length !== plan.length) throw new Error(`ccx printed ${ccxTheta.length} temperature blocks, expected ${plan.length}`);
  if (ccxSigma.length !== plan.length) throw new Error(`ccx printed ${ccxSigma.length} stress blocks, expected ${plan.length}`);
  const steps = plan.reduce((n, p) => n + p.steps, 0);
  if (steps !== result.summary.solver.diffusion.steps) throw new Error(`the deck has ${steps} heat-transfer increments, grainfem took ${result.summary.solver.diffusion.steps} steps`);
  result.fields.snapshots.forEach((s, k) => {
    if (Math.abs(ccxTheta[k].time - s.timeS) > 1e-6 * s.timeS) throw new Error(`ccx's output ${k + 1} is at t = ${ccxTheta[k].time} s, grainfem's at ${s.timeS} s`);
  });
  let chain: CcxRun | undefined, chainSigma: Array<{ sigma: Float64Array }> | undefined;
  if (opts.ccxTheta) {
    writeFileSync(join(opts.dir, "chain.inp"), staticDeck({ ...staticInput, thetas: ccxTheta.map((b) => b.theta) }));
    chain = runCcx(opts.dir, "chain", threads);
    chainSigma = datStresses(parseDat(chain.dat), nTets);
    for (const b of chainSigma) stressToParticleAxes(b.sigma, 4, mesh.tetGrain, deckOrientations);
  }

  const vol = result.fields.tetVolume;
  const snapshots: SnapshotAgreement[] = result.fields.snapshots.map((snap, k) => {
    const ours = gaussMeanStress(snap.quadrature!.sigma);
    const th = thetaAgreement(snap.theta, ccxTheta[k].theta, config.cycling.initialTheta);
    return {
      soc: snap.soc,
      timeS: snap.timeS,
      theta: th,
      stress: stressAgreement(ours, gaussMeanStress(ccxSigma[k].sigma), vol),
      ...(chainSigma ? { stressChain: stressAgreement(ours, gaussMeanStress(chainSigma[k].sigma), vol) } : {}),
    };
  });
  let reactiveFaces = 0;
  for (let i = 0; i < faces.tet.length; i++) if (reactive[faces.grain[i]]) reactiveFaces++;
  return {
    config,
    particle,
    mesh: { tets: nTets, nodes: nNodes, grains: mesh.nGrains, reactiveFaces },
    grainfem: { wallS, diffusionS: ts.diffusion, elasticityS: ts.elasticity, assembleS: ts.assemble, meshS: particle.seconds, result },
    heat, static: stat, ...(chain ? { staticChain: chain } : {}),
    ccxTheta: ccxTheta.map((b) => b.theta),
    snapshots,
  };
}
