/**
 * `grainfem run` and `grainfem compare` (SPEC §3.1): read and resolve the
 * config, run, write `summary.json` atomically, print a short table on
 * stdout and progress on stderr.
 *
 * A run that fails writes no summary.json: the previous one (if any) is
 * removed first, so a stale file can never pass for this run's result.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { defaults } from "../config/resolve.js";
import { loadConfigFile } from "../config/file.js";
import type { GrainfemConfig } from "../config/types.js";
import { runSimulation, type Progress, type SimulationResult } from "../solver/simulate.js";
import { contactEffect, runComparison, type ComparisonResult } from "../solver/compare.js";
import type { Summary } from "../solver/summary.js";
import { writeFileAtomic } from "../io/files.js";
import { loadCore } from "../wasm/core.js";
import { InputError } from "../errors.js";

export interface SimulateCommandOptions {
  out: string;
  strict?: boolean;
  quiet?: boolean;
}

/** JSON with non-finite numbers written as null (JSON has no NaN). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

function loadConfig(file: string | undefined): GrainfemConfig {
  return file === undefined ? defaults() : loadConfigFile(file);
}

function prepareOut(dir: string, files: string[]): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError("--out", `"${dir}" exists and is not a directory`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) rmSync(join(dir, f), { force: true });
}

/** Progress lines on stderr, at most about one per second (plus phase changes). */
function progressPrinter(quiet: boolean, prefix = ""): (p: Progress) => void {
  let last = 0, lastPhase = "";
  return (p) => {
    if (quiet) return;
    const now = performance.now();
    if (p.phase === lastPhase && !p.message && now - last < 1000 && p.step !== p.steps) return;
    last = now;
    lastPhase = p.phase;
    let line: string;
    if (p.message) line = p.message;
    else if (p.phase === "diffusion") {
      line = `step ${p.step}/${p.steps}, SOC ${p.soc.toFixed(3)}${p.etaS !== null ? `, ~${Math.ceil(p.etaS)} s left` : ""}`;
    } else line = `${p.step}/${p.steps}`;
    process.stderr.write(`${prefix}[${p.phase}] ${line}\n`);
  };
}

function warn(quiet: boolean) {
  // the warning is printed even with --quiet: it concerns the result's validity
  void quiet;
  return (m: string) => process.stderr.write(`grainfem: warning: ${m}\n`);
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

/** `grainfem run [CONFIG] --out DIR` */
export async function runCommand(configFile: string | undefined, o: SimulateCommandOptions): Promise<SimulationResult> {
  const config = loadConfig(configFile);
  prepareOut(o.out, ["summary.json"]);
  const core = await loadCore();
  const result = await runSimulation(config, { core, strict: o.strict, onProgress: progressPrinter(!!o.quiet), onWarning: warn(!!o.quiet) });
  const summary = result.summary;
  writeFileAtomic(join(o.out, "summary.json"), toJson(summary));
  process.stdout.write(`${formatTable([[caseLabel(config), summary]])}\n${footer(summary)}\nwrote ${join(o.out, "summary.json")}\n`);
  return result;
}

function caseLabel(c: GrainfemConfig): string {
  return c.cycling.reactiveFraction < 1 ? `f=${c.cycling.reactiveFraction}` : "f=1";
}

/** `grainfem compare [CONFIG] --out DIR` */
export async function compareCommand(configFile: string | undefined, o: SimulateCommandOptions): Promise<ComparisonResult> {
  const config = loadConfig(configFile);
  prepareOut(o.out, ["summary.json", "asslb/summary.json", "lelb/summary.json"]);
  const core = await loadCore();
  let printer = progressPrinter(!!o.quiet);
  const result = await runComparison(config, {
    core, strict: o.strict, onWarning: warn(!!o.quiet),
    onProgress: (p) => printer(p),
    onCase: (name) => {
      printer = progressPrinter(!!o.quiet, `${name}: `);
      if (!o.quiet) process.stderr.write(`== ${name} (reactive fraction ${name === "asslb" ? config.cycling.reactiveFraction : 1}) ==\n`);
    },
  });
  writeFileAtomic(join(o.out, "asslb", "summary.json"), toJson(result.asslb.summary));
  writeFileAtomic(join(o.out, "lelb", "summary.json"), toJson(result.lelb.summary));
  writeFileAtomic(join(o.out, "summary.json"), toJson({ asslb: result.asslb.summary, lelb: result.lelb.summary }));
  const effect = contactEffect(result)
    .map((e) => `SOC ${e.soc}: partial contact changes von Mises by ${e.nonReactiveRegionMPa.toFixed(0)} MPa (mean) next to non-reactive grains ` +
      `(${(100 * e.regionVolumeFraction).toFixed(0)} % of the volume) vs ${e.restMPa.toFixed(0)} MPa elsewhere`)
    .join("\n");
  process.stdout.write(`${formatTable([["ASSLB", result.asslb.summary], ["LELB", result.lelb.summary]])}\n${footer(result.asslb.summary)}\n` +
    `${effect}\nwrote ${join(o.out, "summary.json")}\n`);
  return result;
}
