/**
 * `grainfem run` and `grainfem compare` (SPEC §3.1): read and resolve the
 * config, run, export (VTU/PVD/CSV, figures; io/export.ts), write
 * `summary.json` last, print a short table (or, with --json, the summary) on
 * stdout and progress on stderr. All writes are atomic.
 *
 * A run that fails writes no summary.json: earlier outputs in the folder are
 * removed first, so a stale file can never pass for this run's result.
 */
import { defaults } from "../config/resolve.js";
import { loadConfigFile } from "../config/file.js";
import type { GrainfemConfig } from "../config/types.js";
import { runSimulation, type SimulationResult } from "../solver/simulate.js";
import { contactEffect, runComparison, type ComparisonResult } from "../solver/compare.js";
import type { Summary } from "../solver/summary.js";
import { toJson } from "../io/json.js";
import { runLabel } from "../io/names.js";
import { readCheckpoint, removeCheckpoint, writeCheckpoint } from "../io/checkpoint.js";
import type { SimulationCheckpoint } from "../solver/checkpoint.js";
import { InputError } from "../errors.js";
import { resolve as resolvePath } from "node:path";
import { prepareOutputDir, writeComparisonResult, writeRunResult } from "../io/export.js";
import { loadCore, type Core } from "../wasm/core.js";
import { prepareParticle, type Particle } from "../solver/particle.js";
import { progressReporter, type ProgressReporter } from "./progress.js";

export interface SimulateCommandOptions {
  out: string;
  strict?: boolean;
  quiet?: boolean;
  /** print the summary as JSON on stdout instead of the table */
  json?: boolean;
}


function loadConfig(file: string | undefined): GrainfemConfig {
  return file === undefined ? defaults() : loadConfigFile(file);
}

/**
 * Start the core and build the particle meanwhile. The mesher needs the core
 * only for a P2 lift, and once the pool's workers exist they start on their
 * own threads (~60 ms at seed scale), so the mesher begins as soon as they
 * are spawned instead of when they are ready. (The mesher holds this
 * thread, so what loadCore does here — compile, instantiate — must happen
 * before.) On a failure of either, the core (if it started) is disposed and
 * the progress reporter stopped.
 */
async function particleAndCore(config: GrainfemConfig, progress: ProgressReporter): Promise<{ core: Core; particle: Particle }> {
  let spawned = () => {};
  const workersSpawned = new Promise<void>((resolve) => (spawned = resolve));
  const pending = loadCore(undefined, { threads: config.solver.threads, onWorkersSpawned: () => spawned() });
  pending.catch(() => {}); // awaited below; its failure must not be unhandled while the mesher runs
  try {
    await Promise.race([workersSpawned, pending.then(() => {}, () => {})]);
    const particle = await prepareParticle(config, pending, (message) => progress.update({ phase: "mesh", step: 0, steps: 0, soc: 0, etaS: null, message }));
    return { core: await pending, particle };
  } catch (e) {
    progress.stop();
    await pending.then((core) => core.dispose(), () => {});
    throw e;
  }
}

/** θ warnings, through the progress reporter so they stay readable next to a live bar (printed even with --quiet). */
function warn(progress: () => ProgressReporter) {
  return (m: string) => progress().print(`grainfem: warning: ${m}`);
}

const f = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : "-");

/** The table printed after a run: per case and SOC, mean θ, von Mises max/mean/std, heterogeneity. */
export function formatTable(cases: Array<[string, Summary]>): string {
  const head = ["case", "SOC", "mean θ", "vM max MPa", "vM mean MPa", "vM std MPa", "heterogeneity"];
  const rows: string[][] = [];
  for (const [name, s] of cases) {
    for (const p of s.snapshots) {
      rows.push([name, f(p.soc, 2), f(p.thetaMean, 4), f(p.vonMisesMPa.max, 0), f(p.vonMisesMPa.mean, 1), f(p.vonMisesMPa.std, 1), f(p.heterogeneity, 3)]);
    }
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 1 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

function footer(s: Summary): string {
  const r = s.thetaOutOfRange;
  const lines = [
    `mesh: ${s.mesh.tets} tets (P${s.mesh.order}), ${s.mesh.nodes} nodes, ${s.mesh.grains} grains; reactive ${s.reactive.grainIds.length}/${s.reactive.surfaceGrains} surface grains ` +
      `(area fraction ${s.reactive.areaFraction.toFixed(3)}), flux ${s.reactive.fluxMs.toExponential(3)} m/s`,
    `mass balance ${s.massBalanceRelError.toExponential(2)}; diffusion ${s.solver.diffusion.steps} steps (CG ${s.solver.diffusion.itersMean.toFixed(0)} it mean); ` +
      `elasticity ${s.solver.elasticity.solves} solves (CG ${s.solver.elasticity.itersMax} it max, residual ≤ ${s.solver.elasticity.relResidualMax.toExponential(1)})`,
  ];
  if (r.nodes > 0) lines.push(`θ left [0, 1] at ${r.nodes} nodes (from t = ${r.firstTimeS} s; min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)})`);
  return lines.join("\n");
}

/**
 * `grainfem run [CONFIG] --out DIR [--checkpoint-every N]` and `grainfem run --resume DIR`.
 *
 * With checkpoints, DIR/checkpoint.gfc is rewritten atomically every N
 * diffusion steps and at each output SOC; `--resume DIR` continues a killed
 * run from it (the config comes from the checkpoint) and produces the same
 * numbers bit for bit. A finished run removes its checkpoint.
 */
export async function runCommand(configFile: string | undefined,
  opts: Omit<SimulateCommandOptions, "out"> & { out?: string; checkpointEvery?: number; resume?: string }): Promise<SimulationResult> {
  let config: GrainfemConfig;
  let resume: SimulationCheckpoint | undefined;
  const o = opts;
  const out = o.resume ?? o.out;
  if (out === undefined) throw new InputError("--out", "required (the output folder), or --resume DIR");
  if (o.resume !== undefined) {
    if (configFile !== undefined) throw new InputError("--resume", "takes no config file: the run's config is in its checkpoint");
    if (o.out !== undefined && resolvePath(o.out) !== resolvePath(o.resume)) throw new InputError("--resume", "continues in the run's own folder; leave out --out");
    ({ config, checkpoint: resume } = readCheckpoint(o.resume));
    prepareOutputDir(out); // clears partial outputs, keeps the checkpoint
  } else {
    config = loadConfig(configFile);
    prepareOutputDir(out);
    removeCheckpoint(out); // a stale checkpoint of another run must never be resumed into this one
  }
  const every = o.checkpointEvery ?? 0;
  const progress = progressReporter(!!o.quiet);
  const { core, particle } = await particleAndCore(config, progress);
  if (resume) progress.note(`resuming from the checkpoint at step ${resume.transport.step} (t = ${resume.transport.time.toFixed(1)} s, ${resume.outputs.length} of ${config.outputs.soc.length} output SOCs reached)`);
  let result: SimulationResult;
  try {
    result = await runSimulation(config, {
      core, particle, strict: o.strict, resume, onProgress: (p) => progress.update(p), onWarning: warn(() => progress),
      checkpoint: every > 0 ? { everySteps: every, save: (c) => writeCheckpoint(out, config, c) } : undefined,
    });
    await writeRunResult(out, result, config, runLabel(config), (m) => progress.note(m));
    removeCheckpoint(out);
  } finally {
    progress.stop();
    await core.dispose();
  }
  const summary = result.summary;
  process.stdout.write(o.json ? toJson(summary) : `${formatTable([[caseLabel(config), summary]])}\n${footer(summary)}\nwrote ${out}/ (summary.json${config.outputs.vtu ? ", result.pvd" : ""}, CSV${config.outputs.figures ? ", figures/" : ""})\n`);
  return result;
}

/** Short case name for the table. */
function caseLabel(c: GrainfemConfig): string {
  return c.cycling.reactiveFraction < 1 ? `f=${c.cycling.reactiveFraction}` : "f=1";
}

/** `grainfem compare [CONFIG] --out DIR` */
export async function compareCommand(configFile: string | undefined, o: SimulateCommandOptions): Promise<ComparisonResult> {
  const config = loadConfig(configFile);
  prepareOutputDir(o.out, ["asslb", "lelb"]);
  let progress = progressReporter(!!o.quiet);
  const { core, particle } = await particleAndCore(config, progress);
  let result: ComparisonResult;
  try {
    result = await runComparison(config, {
      core, particle, strict: o.strict, onWarning: warn(() => progress),
      onProgress: (p) => progress.update(p),
      onCase: (names, phase) => {
        progress.stop();
        const fraction = (name: string) => (name === "asslb" ? config.cycling.reactiveFraction : 1);
        const what = phase === "diffusion" ? `diffusion (reactive fraction ${names.map(fraction).join(" and ")}${names.length > 1 ? ", stepped together" : ""})` : "stresses";
        if (!o.quiet) process.stderr.write(`== ${names.map((n) => n.toUpperCase()).join(" + ")}: ${what} ==\n`);
        progress = progressReporter(!!o.quiet, `${names.join("+")}: `);
      },
    });
    progress.stop();
    progress = progressReporter(!!o.quiet, "export: ");
    await writeComparisonResult(o.out, result, config, (m) => progress.note(m));
  } finally {
    progress.stop();
    await core.dispose();
  }
  const both = { asslb: result.asslb.summary, lelb: result.lelb.summary };
  if (o.json) {
    process.stdout.write(toJson(both));
    return result;
  }
  const effect = contactEffect(result)
    .map((e) => `SOC ${e.soc}: partial contact changes von Mises by ${e.nonReactiveRegionMPa.toFixed(0)} MPa (mean) next to non-reactive grains ` +
      `(${(100 * e.regionVolumeFraction).toFixed(0)} % of the volume) vs ${e.restMPa.toFixed(0)} MPa elsewhere`)
    .join("\n");
  process.stdout.write(`${formatTable([["ASSLB", result.asslb.summary], ["LELB", result.lelb.summary]])}\n${footer(result.asslb.summary)}\n` +
    `${effect}\nwrote ${o.out}/ (summary.json, asslb/, lelb/${config.outputs.figures ? ", figures/" : ""})\n`);
  return result;
}
