/**
 * One chemo-mechanical run of the seed paper's model (SPEC §1–§3):
 *
 *   1. particle: mesh + grain orientations (solver/particle.ts)
 *   2. reactive surface grains and the galvanostatic flux j̄
 *   3. Li transport, backward Euler, steps landing on the output SOCs,
 *      keeping θ at each of them
 *   4. then, at each output SOC: elasticity with C(θ) and β(θ − θ_ref), free
 *      particle (the coupling is one way, so the stresses need not be solved
 *      while the diffusion runs — see runCases)
 *   5. post-processing: stress measures, statistics, per-grain values,
 *      grain-boundary tractions, the radial profile
 *
 * The result is the summary of SPEC §3.3 and the fields to export. This runs
 * in the caller's thread; the worker wrapper is the library's `simulate`.
 */
import type { Core } from "../wasm/core.js";
import { loadCore } from "../wasm/core.js";
import type { GrainfemConfig } from "../config/types.js";
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet } from "../mesh/types.js";
import { FeMesh } from "../fem/mesh.js";
import { grainMaterialTables } from "../material/grains.js";
import { InputError, NumericalError } from "../errors.js";
import { prepareParticle, type Particle } from "./particle.js";
import { selectReactiveGrains, type ReactiveSelection } from "./reactive.js";
import { StepMatrix, TransportStepper, type OutOfRange, type TransportStats } from "./transport.js";
import { MechanicsSolver, type MechanicsOptions, type MechanicsResult } from "./mechanics.js";
import { NodalRecovery, splitNodesByGrain, type SplitNodes } from "./recovery.js";
import { grainBoundaryFaces, normalTractions, tractionStats, type GrainBoundaryFaces } from "./grain-boundaries.js";
import { evaluateProfile, profileSampling, type ProfileSampling } from "./profile.js";
import { regionMasks, maskedMean, type RegionMasks } from "./regions.js";
import { Timings } from "./timing.js";
import { meshHash, type CheckpointOptions, type SimulationCheckpoint } from "./checkpoint.js";
import type { GrainSummary, SnapshotSummary, Summary } from "./summary.js";
import { VERSION } from "../version.js";

/** Progress of a run (SPEC §3.4). */
export interface Progress {
  phase: "mesh" | "diffusion" | "elasticity" | "post";
  step: number;
  steps: number;
  /** current SOC */
  soc: number;
  /** estimated seconds to the end of the run (null until known) */
  etaS: number | null;
  /** a human-readable note (mesher stage, solver iterations) */
  message?: string;
}

export interface SimulationOptions {
  core?: Core;
  /** a prepared particle (shared by the cases of a comparison) */
  particle?: Particle;
  onProgress?: (p: Progress) => void;
  /** warnings (θ out of range); default: none */
  onWarning?: (message: string) => void;
  /** θ leaving [0, 1] is a numerical failure instead of a warning */
  strict?: boolean;
  signal?: AbortSignal;
  /** also return the stress at the quadrature points (for verification) */
  keepQuadrature?: boolean;
  /** take checkpoints (every N diffusion steps and at each output SOC) */
  checkpoint?: CheckpointOptions;
  /** continue from a checkpoint of this config (the mesh must hash the same) */
  resume?: SimulationCheckpoint;
}

/** The phases of a case, in the order runCases takes them. */
export type CasePhase = "diffusion" | "stress";

/** Fields of one output SOC. */
export interface SnapshotFields {
  soc: number;
  timeS: number;
  /** nodal θ, nNodes */
  theta: Float64Array;
  /** nodal displacement without rigid motion, nNodes × 3 (µm) */
  displacement: Float64Array;
  /** recovered stress on the split nodes, split.count × 6 (MPa, Voigt xx yy zz yz xz xy) */
  stress: Float64Array;
  /** volume-weighted mean von Mises per tet (MPa) */
  vonMisesCell: Float64Array;
  /** volume-weighted mean stress per tet, nTets × 6 (MPa) */
  stressCell: Float64Array;
  /** with `keepQuadrature`: the 4-point-rule points (nTets × 4 × 3, µm), stress (× 6, MPa) and weights (µm³) */
  quadrature?: { x: Float64Array; sigma: Float64Array; weight: Float64Array };
}

export interface SimulationFields {
  mesh: TetMesh;
  /** nodes duplicated per grain: the point set of the exported stress fields */
  split: SplitNodes;
  /** per grain: 1 if reactive */
  grainReactive: Uint8Array;
  /** per tet volume (µm³) */
  tetVolume: Float64Array;
  /** grain-boundary layer and non-reactive region (per tet masks) */
  regions: RegionMasks;
  snapshots: SnapshotFields[];
}

export interface SimulationResult {
  summary: Summary;
  fields: SimulationFields;
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException("The run was aborted", "AbortError");
}

/** The output times and the number of steps to each (dt ≤ 3600 s / stepsPerHour). */
export function schedule(config: GrainfemConfig): Array<{ soc: number; timeS: number; steps: number }> {
  const dt = 3600 / config.time.stepsPerHour;
  let t = 0;
  return config.outputs.soc.map((soc) => {
    const timeS = (3600 * soc) / config.cycling.cRate;
    const steps = Math.max(1, Math.ceil((timeS - t) / dt - 1e-9));
    t = timeS;
    return { soc, timeS, steps };
  });
}

/**
 * Run one case.
 * @param config a resolved configuration (`resolveConfig`)
 */
export async function runSimulation(config: GrainfemConfig, options: SimulationOptions = {}): Promise<SimulationResult> {
  const core = options.core ?? (await loadCore(undefined, { threads: config.solver.threads }));
  try {
    return (await runCases([config], { ...options, core }))[0];
  } finally {
    if (!options.core) await core.dispose(); // our own core: stop its worker threads
  }
}

/**
 * Run cases that differ only in their reactive fraction (a comparison) on one
 * particle, one FE mesh and one elasticity solver.
 *
 * The coupling is one way — θ drives the stress, the stress does not change
 * θ — so the cases' diffusion runs first, keeping θ at its output SOCs, and
 * the elasticity solves follow once the diffusion solvers are freed: their
 * matrices and projection bases (~0.5 GiB at seed scale, P2) are never live
 * beside the elasticity matrix and the AMG setup, which set the run's peak
 * memory. The elasticity solves run in the same order as the output SOCs, case
 * after case, so the AMG hierarchy of the first solve is refreshed by the
 * later ones (`solver.reuseElasticityPreconditioner`) and the numbers are
 * those of interleaved runs. The diffusion matrix does not depend on the
 * reactive surface, so the cases share it and step together, two CG solves
 * reading it once per iteration (`diffuse`); each case's numbers are those
 * of a run of its own, bit for bit.
 *
 * @param configs resolved configurations that differ only in `cycling.reactiveFraction`
 * @param onCase called when cases begin a phase (indices into configs): all of them for the diffusion, which they run in step, then one at a time for the stresses
 * @returns one result per config
 */
export async function runCases(configs: GrainfemConfig[], options: SimulationOptions & { core: Core; onCase?: (cases: number[], phase: CasePhase) => void }): Promise<SimulationResult[]> {
  const core = options.core;
  const base = configs[0];
  // one mesh, material tables and elasticity solver (its θ_ref included) serve all cases
  const sameBut = (c: GrainfemConfig) => JSON.stringify({ ...c, cycling: { ...c.cycling, reactiveFraction: 0 } });
  for (const c of configs.slice(1)) {
    if (sameBut(c) !== sameBut(base)) throw new Error("runCases: the cases may differ only in cycling.reactiveFraction");
  }
  if (configs.length > 1 && (options.checkpoint || options.resume)) throw new Error("runCases: checkpoints are for a single case");
  checkAbort(options.signal);
  const progress = options.onProgress;
  const particle = options.particle ?? (await prepareParticle(base, core, (message) => progress?.({ phase: "mesh", step: 0, steps: 0, soc: 0, etaS: null, message })));
  // each case's own wall time (its phases are not contiguous) and phase timers; the mesh is every case's
  const wall = configs.map(() => particle.seconds);
  const timings = configs.map(() => Object.assign(new Timings(), { mesh: particle.seconds }));
  const timed = <T>(i: number, fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      wall[i] += (performance.now() - t0) / 1000;
    }
  };
  const fe = timed(0, () => timings[0].measure("assemble", () => FeMesh.create(core, particle.mesh)));
  try {
    const shared = timed(0, () => deriveShared(base, particle, fe));
    const cases = configs.map((config, i) => timed(i, () => prepareCase(config, particle, fe, shared)));
    // the cases' diffusion runs in step (one shared matrix); diffuse charges each case its share of the wall time
    options.onCase?.(cases.map((_, i) => i), "diffusion");
    const t0 = performance.now();
    const diffused = diffuse(cases, options, timings);
    const share = (performance.now() - t0) / 1000 / cases.length;
    cases.forEach((_, i) => (wall[i] += share));
    const mechanics = timed(0, () => new MechanicsSolver(fe, shared.tables, { ...mechanicsOptions(base), quadratureStress: !!options.keepQuadrature, pointMeasures: !!options.keepQuadrature }, timings[0]));
    try {
      return cases.map((c, i) => {
        options.onCase?.([i], "stress");
        if (i > 0) mechanics.startRun(timings[i]);
        const result = timed(i, () => solveStresses(c, diffused[i], mechanics, options, timings[i]));
        timings[i].total = wall[i];
        result.summary.timingS = timings[i].toJSON();
        return result;
      });
    } finally {
      mechanics.dispose();
    }
  } finally {
    fe.dispose();
  }
}

function mechanicsOptions(config: GrainfemConfig): MechanicsOptions {
  return {
    thetaRef: config.cycling.initialTheta, pressureMPa: config.mechanics.pressureMPa, preconditioner: config.solver.elasticityPreconditioner,
    reusePreconditioner: config.solver.reuseElasticityPreconditioner, symmetricStorage: config.solver.symmetricStorage,
    tol: config.solver.relTolerance, maxIt: config.solver.maxIterations,
  };
}

/**
 * What the cases of a run derive from the mesh and the material alone, which
 * are the same for all of them (computed once; their results share these arrays).
 */
interface SharedByCases {
  tables: ReturnType<typeof grainMaterialTables>;
  /** per tet volume (µm³) on the (possibly curved) mesh, and its sum: the particle volume */
  tetVolume: Float64Array;
  volume: number;
  /** per grain volume (µm³) and surface area (µm²) */
  grainVolume: Float64Array;
  grainArea: Float64Array;
  split: SplitNodes;
  gb: GrainBoundaryFaces;
  /** where the radial profile samples (config.outputs: the same for every case) */
  sampling: ProfileSampling;
}

function deriveShared(config: GrainfemConfig, particle: Particle, fe: FeMesh): SharedByCases {
  const { mesh } = particle;
  const tetVolume = fe.elementVolumes(), triArea = fe.triangleAreas();
  const grainVolume = new Float64Array(mesh.nGrains), grainArea = new Float64Array(mesh.nGrains);
  let volume = 0;
  for (let t = 0; t < fe.nTets; t++) {
    grainVolume[mesh.tetGrain[t]] += tetVolume[t];
    volume += tetVolume[t];
  }
  for (let f = 0; f < fe.nTris; f++) grainArea[mesh.triGrain[f]] += triArea[f];
  return {
    tables: grainMaterialTables(config.material, particle.orientations),
    tetVolume, volume, grainVolume, grainArea,
    split: splitNodesByGrain(mesh),
    gb: grainBoundaryFaces(mesh, particle.faces),
    sampling: profileSampling(mesh, particle.centre, particle.radiusUm, config.outputs.profileDirection, config.outputs.profilePoints),
  };
}

/** A case on its mesh: the reactive surface and its flux. */
interface PreparedCase {
  config: GrainfemConfig;
  particle: Particle;
  fe: FeMesh;
  shared: SharedByCases;
  reactive: ReactiveSelection;
  /** galvanostatic flux on the reactive surface (µm/s) and per boundary triangle (signed) */
  jbar: number;
  triFlux: Float64Array;
}

function prepareCase(config: GrainfemConfig, particle: Particle, fe: FeMesh, shared: SharedByCases): PreparedCase {
  const { mesh } = particle;
  const { grainArea, volume } = shared;
  // reactive surface and the galvanostatic flux j̄ = V Δθ C / (A_reactive 3600 s)
  const cyc = config.cycling;
  const reactive = selectReactiveGrains(grainArea, cyc.reactiveFraction, cyc.reactiveSeed);
  const jbar = (volume * cyc.capacityWindow * cyc.cRate) / (reactive.reactiveAreaUm2 * 3600);
  const sign = cyc.direction === "charge" ? -1 : 1;
  const triFlux = new Float64Array(fe.nTris);
  for (let f = 0; f < fe.nTris; f++) if (reactive.isReactive[mesh.triGrain[f]]) triFlux[f] = sign * jbar;
  if (!(jbar > 0 && Number.isFinite(jbar))) throw new NumericalError("setup", `galvanostatic flux is ${jbar} µm/s (reactive area ${reactive.reactiveAreaUm2} µm²)`);
  return { config, particle, fe, shared, reactive, jbar, triFlux };
}

/** θ at one output SOC, kept for the elasticity solve. */
export interface DiffusedOutput {
  soc: number;
  timeS: number;
  /** nodal θ, nNodes */
  theta: Float64Array;
  /** volume-mean θ */
  meanTheta: number;
}

/** What the diffusion phase of a case leaves for its stresses. */
interface Diffused {
  outputs: DiffusedOutput[];
  stats: TransportStats;
  outOfRange: OutOfRange;
}

/**
 * The diffusion phase of the cases of a run: backward-Euler steps landing on
 * the output SOCs. The cases differ only in their reactive surface, so they
 * share the step matrix and step together (TransportStepper.advanceTogether:
 * one pass over the matrix per CG iteration for two cases); each case's θ,
 * iterations and warnings are those of a run of its own. Checkpoints (between
 * steps and at each output SOC) are for a single case. The diffusion solvers
 * are freed when it returns.
 */
function diffuse(cases: PreparedCase[], options: SimulationOptions, timings: Timings[]): Diffused[] {
  const { config, fe, particle } = cases[0];
  const progress = options.onProgress;
  const cyc = config.cycling;
  const solver = config.solver;
  const several = cases.length > 1;
  const matrix = new StepMatrix(fe, cases[0].shared.tables.D, { preconditioner: solver.diffusionPreconditioner, symmetricStorage: solver.symmetricStorage }, timings[0]);
  const states: Array<{ transport: TransportStepper; outputs: DiffusedOutput[]; warnedLow: boolean; warnedHigh: boolean; label: string }> = [];
  try {
    for (const [i, c] of cases.entries()) {
      const label = `reactive fraction ${c.config.cycling.reactiveFraction}`;
      const transport = new TransportStepper(fe, {
        D: c.shared.tables.D, theta0: cyc.initialTheta, triFlux: c.triFlux, preconditioner: solver.diffusionPreconditioner,
        projectionVectors: solver.diffusionProjectionVectors, symmetricStorage: solver.symmetricStorage,
        tol: solver.relTolerance, maxIt: solver.maxIterations, ...(several ? { label } : {}),
      }, timings[i], matrix);
      states.push({ transport, outputs: [], warnedLow: false, warnedHigh: false, label });
    }
    const one = states[0];
    const plan = schedule(config);
    const totalSteps = plan.reduce((s, p) => s + p.steps, 0);
    const hash = options.checkpoint || options.resume ? meshHash(particle.mesh) : "";
    const producer = `grainfem ${VERSION} ${fe.core.build}`;
    let firstSegment = 0, firstStep = 0, resumedDt = 0;
    const resume = options.resume;
    if (resume) {
      if (resume.meshHash !== hash) throw new InputError("checkpoint", `was taken on another mesh (${resume.meshHash}; this config meshes to ${hash})`);
      if (resume.producer !== producer) throw new InputError("checkpoint", `was written by ${resume.producer}; this is ${producer} — continuing would not reproduce the run`);
      one.transport.restoreState(resume.transport);
      one.outputs = resume.outputs.slice();
      ({ low: one.warnedLow, high: one.warnedHigh } = resume.warned);
      [firstSegment, firstStep, resumedDt] = [resume.segment, resume.stepInSegment, resume.segmentDt];
    }
    const checkpoint = (segment: number, stepInSegment: number, segmentDt: number) =>
      options.checkpoint?.save({
        version: 2, producer, meshHash: hash, segment, stepInSegment, segmentDt,
        transport: one.transport.saveState(), outputs: one.outputs, warned: { low: one.warnedLow, high: one.warnedHigh },
      });
    const steppers = states.map((st) => st.transport);
    for (let k = firstSegment; k < plan.length; k++) {
      const { soc, timeS, steps } = plan[k];
      const s0 = k === firstSegment ? firstStep : 0;
      // a resumed segment keeps its original step (recomputing it from the accumulated time could differ in the last bit)
      const dt = s0 > 0 ? resumedDt : (timeS - one.transport.time) / steps;
      for (let s = s0; s < steps; s++) {
        checkAbort(options.signal);
        // the cases' wall time of a step together, charged equally
        const t0 = performance.now();
        TransportStepper.advanceTogether(steppers, dt);
        const share = (performance.now() - t0) / 1000 / cases.length;
        for (const t of timings) t.diffusion += share;
        for (const st of states) warnOutOfRange(st, options, several);
        const done = one.transport.step;
        const spent = timings.reduce((a, t) => a + t.diffusion, 0);
        // remaining diffusion steps at the mean step time (the elasticity solves that follow are not known yet)
        progress?.({ phase: "diffusion", step: done, steps: totalSteps, soc: (cyc.cRate * one.transport.time) / 3600, etaS: (spent / done) * (totalSteps - done) });
        if (options.checkpoint && done % options.checkpoint.everySteps === 0 && s + 1 < steps) checkpoint(k, s + 1, dt);
      }
      for (const st of states) st.outputs.push({ soc, timeS, theta: st.transport.theta.copy(), meanTheta: st.transport.meanTheta() });
      checkpoint(k + 1, 0, 0);
    }
    return states.map((st) => ({ outputs: st.outputs, stats: st.transport.stats(), outOfRange: { ...st.transport.outOfRange } }));
  } finally {
    for (const st of states) st.transport.dispose();
    matrix.dispose();
  }
}

/** One warning per bound and case when θ leaves [0, 1] (the two bounds have different causes); a NumericalError when strict. */
function warnOutOfRange(st: { transport: TransportStepper; warnedLow: boolean; warnedHigh: boolean; label: string }, options: SimulationOptions, named: boolean): void {
  const transport = st.transport, r = transport.outOfRange;
  const low: boolean = r.min < 0 && !st.warnedLow, high: boolean = r.max > 1 && !st.warnedHigh;
  if (!low && !high) return;
  st.warnedLow ||= low;
  st.warnedHigh ||= high;
  const why = low
    ? `min θ ${r.min.toFixed(4)} < 0: the constant-flux model depletes reactive faces nearly normal to a grain's c-axis (SPEC §1.2)`
    : `max θ ${r.max.toFixed(4)} > 1: overshoot of the discrete solution at a steep front`;
  const msg = `${named ? `${st.label}: ` : ""}θ left [0, 1] at t = ${transport.time.toFixed(1)} s (step ${transport.step}; ${r.nodes} nodes so far): ${why}; counted in summary.thetaOutOfRange`;
  if (options.strict) throw new NumericalError("diffusion", msg, transport.step, low ? r.min : r.max);
  options.onWarning?.(msg);
}

/** The stress phase: an elasticity solve and the post-processing at each output SOC, then the summary. */
function solveStresses(c: PreparedCase, d: Diffused, mechanics: MechanicsSolver, options: SimulationOptions, timings: Timings): SimulationResult {
  const { config, particle, fe, reactive } = c;
  const { mesh } = particle;
  const progress = options.onProgress;
  const nGrains = mesh.nGrains;
  const { split, gb, sampling, tetVolume, grainVolume, grainArea, volume } = c.shared;
  const regions = regionMasks(mesh, gb, reactive.isReactive, grainArea);
  const snapshots: SnapshotSummary[] = [];
  const fields: SnapshotFields[] = [];
  const elastic: MechanicsResult["stats"][] = [];
  let qpx: Float64Array | undefined;
  // the nodal stress is recovered in wasm from the stresses in core memory (the TypeScript loop it replaced gave the same bits)
  const recovery = new NodalRecovery(fe.core, split, fe.order, tetVolume);
  try {
    d.outputs.forEach((out, k) => {
      checkAbort(options.signal);
      const soc = out.soc, n = d.outputs.length;
      progress?.({ phase: "elasticity", step: k + 1, steps: n, soc, etaS: k > 0 ? (timings.elasticity / k) * (n - k) : null, message: `solving elasticity at SOC ${soc}` });
      const theta = fe.core.fromF64(out.theta);
      let mech: MechanicsResult;
      try {
        mech = timings.measure("elasticity", () => mechanics.solve(theta, k + 1, recovery));
      } finally {
        theta.free();
      }
      elastic.push(mech.stats);
      progress?.({ phase: "post", step: k + 1, steps: n, soc, etaS: null,
        message: `elasticity: ${mech.stats.iterations} CG iterations, relative residual ${mech.stats.relResidual.toExponential(2)}` });
      const post = postProcess(mesh, fe.order, out, mech, reactive, split, gb, regions, sampling, particle, tetVolume);
      if (options.keepQuadrature) {
        qpx ??= fe.quadraturePoints("tet4").x;
        post.fields.quadrature = { x: qpx, sigma: mech.stress.sigma, weight: mech.stress.weight };
      }
      snapshots.push(post.summary);
      fields.push(post.fields);
    });
  } finally {
    recovery.dispose();
  }
  const tStats = d.stats;
  const grains: GrainSummary[] = Array.from({ length: nGrains }, (_, id) => ({
    id,
    orientation: [0, 1, 2, 3].map((q) => particle.orientations[4 * id + q]) as [number, number, number, number],
    volumeUm3: grainVolume[id],
    surfaceAreaUm2: grainArea[id],
    reactive: reactive.isReactive[id] === 1,
  }));
  const r = d.outOfRange;
  const summary: Summary = {
    version: 1,
    config,
    mesh: { ...particle.stats, volumeUm3: volume },
    reactive: {
      grainIds: reactive.grainIds,
      countFraction: reactive.countFraction,
      areaFraction: reactive.areaFraction,
      fluxMs: c.jbar * 1e-6,
      surfaceGrains: reactive.surfaceGrains,
      areaUm2: reactive.reactiveAreaUm2,
    },
    grains,
    snapshots,
    massBalanceRelError: tStats.massBalanceRelError,
    thetaOutOfRange: { nodes: r.nodes, firstTimeS: r.firstTimeS, min: r.min, max: r.max },
    solver: {
      diffusion: { steps: tStats.steps, itersMean: tStats.itersMean, itersMax: tStats.itersMax, relResidualMax: tStats.relResidualMax, massDefectBeforeShiftMax: tStats.massDefectBeforeShiftMax },
      elasticity: {
        solves: elastic.length,
        itersMean: elastic.reduce((s, e) => s + e.iterations, 0) / Math.max(1, elastic.length),
        itersMax: Math.max(0, ...elastic.map((e) => e.iterations)),
        relResidualMax: Math.max(0, ...elastic.map((e) => e.relResidual)),
        preconditioner: config.solver.elasticityPreconditioner,
      },
    },
    timingS: timings.toJSON(), // the caller sets the total
    producer: { name: "grainfem", version: VERSION, build: fe.core.build, threads: fe.core.threads },
  };
  return { summary, fields: { mesh, split, grainReactive: reactive.isReactive, tetVolume, regions, snapshots: fields } };
}

/** Stress measures, statistics, per-grain values, tractions and the profile at one output SOC. */
function postProcess(mesh: TetMesh, order: 1 | 2, out: DiffusedOutput, mech: MechanicsResult, reactive: ReactiveSelection, split: SplitNodes,
  gb: GrainBoundaryFaces, regions: RegionMasks, sampling: ProfileSampling, particle: Particle, tetVolume: Float64Array): { summary: SnapshotSummary; fields: SnapshotFields } {
  const { soc, timeS, theta } = out;
  const { cellVonMises: vonMisesCell, cellStress: stressCell } = mech.stress;
  const st = mech.statistics;
  // a NaN/∞ stress would pass silently through the statistics: name where it is
  if (st.nonFinitePoint >= 0) {
    const t = Math.floor(st.nonFinitePoint / 4);
    throw new NumericalError("elasticity", `stress is not finite at SOC ${soc} in tet ${t} (grain ${mesh.tetGrain[t]})`, null, st.nonFiniteValue);
  }
  const vmS = st.vonMises, hyS = st.hydrostatic, p1S = st.maxPrincipal;
  const nGrains = mesh.nGrains;
  const stress = mech.nodalStress;
  if (!stress) throw new Error("postProcess: the mechanics solve recovered no nodal stress");
  const tn = normalTractions(gb, split, nodesPerTet(order), stress);
  let tmin = Infinity, tmax = -Infinity;
  for (let i = 0; i < theta.length; i++) {
    if (theta[i] < tmin) tmin = theta[i];
    if (theta[i] > tmax) tmax = theta[i];
  }
  const summary: SnapshotSummary = {
    soc,
    timeS,
    thetaMean: out.meanTheta,
    thetaMin: tmin,
    thetaMax: tmax,
    vonMisesMPa: { max: vmS.max, mean: vmS.mean, std: vmS.std, p99: vmS.p99 },
    hydrostaticMPa: { max: hyS.max, min: hyS.min, mean: hyS.mean },
    heterogeneity: vmS.mean > 0 ? vmS.std / vmS.mean : 0,
    grains: Array.from({ length: nGrains }, (_, id) => ({ id, thetaMean: st.grainTheta[id], vonMisesMeanMPa: st.grainVonMisesMean[id], vonMisesMaxMPa: st.grainVonMisesMax[id], reactive: reactive.isReactive[id] === 1 })),
    profile: evaluateProfile(mesh, sampling, particle.centre, split, theta, stress),
    maxPrincipalMPa: { max: p1S.max, mean: p1S.mean, p99: p1S.p99 },
    grainBoundaryNormalTractionMPa: tractionStats(tn, gb.area),
    regionsVonMisesMeanMPa: {
      grainBoundaryLayer: maskedMean(vonMisesCell, tetVolume, regions.grainBoundaryLayer, 1),
      grainInterior: maskedMean(vonMisesCell, tetVolume, regions.grainBoundaryLayer, 0),
      nonReactiveRegion: regions.nonReactiveGrains ? maskedMean(vonMisesCell, tetVolume, regions.nonReactiveRegion, 1) : null,
      rest: regions.nonReactiveGrains ? maskedMean(vonMisesCell, tetVolume, regions.nonReactiveRegion, 0) : null,
    },
    elasticity: {
      iterations: mech.stats.iterations, relResidual: mech.stats.relResidual, pinReactionRel: mech.pinReactionRel,
      ...(mech.amg ? { amg: { levels: mech.amg.levels, rows: mech.amg.rows, operatorComplexity: mech.amg.operatorComplexity, setupS: mech.amg.setupSeconds, setupPhasesS: mech.amg.phaseSeconds, safeBounds: mech.amg.safeBounds, reused: mech.amg.reused } } : {}),
    },
  };
  return { summary, fields: { soc, timeS, theta, displacement: mech.displacement, stress, vonMisesCell, stressCell } };
}

