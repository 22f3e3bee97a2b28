/**
 * Writing a run's results to a folder (Node; SPEC §3.1):
 *
 *   result_soc<P>.vtu   one per output SOC (binary appended, zlib)
 *   result.pvd          the series with the time (s) of each file
 *   profile_soc<P>.csv  radial profile;  grains_soc<P>.csv  per-grain table
 *   figures/            <name>.svg and <name>.png (figures/figures.ts)
 *
 * Every file is written atomically (temporary name, then rename). Earlier
 * outputs of grainfem in the folder are removed first, so no stale file from
 * another run can sit next to this one's; summary.json is written last by
 * the caller, so its presence means the run and its export completed.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SimulationResult } from "../solver/simulate.js";
import { InputError } from "../errors.js";
import { NODE_ZLIB, writeFileAtomic } from "./files.js";
import { writeVtu } from "./vtu.js";
import { snapshotGrid, writePvd } from "./result-vtu.js";
import { grainsCsv, profileCsv } from "./csv.js";
import { socTag } from "./names.js";
import type { Figure } from "../figures/figures.js";
import { toJson } from "./json.js";
import type { GrainfemConfig } from "../config/types.js";

/** The figure renderer (Vega + resvg, ~0.4 s to load) is loaded only by runs that draw figures. */
const figuresModule = () => import("../figures/figures.js");

/** Names of files grainfem writes into an output folder (used to clear stale results). */
const OUTPUT_FILE = /^(summary\.json|result\.pvd|result_.*\.vtu|profile_.*\.csv|grains_.*\.csv)$/;

/**
 * Make `dir` ready for a run: create it, remove earlier grainfem outputs in it
 * (and in the listed sub-folders and their figures/), leave other files alone.
 */
export function prepareOutputDir(dir: string, subdirs: string[] = []): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError("--out", `"${dir}" exists and is not a directory`);
  mkdirSync(dir, { recursive: true });
  for (const d of [dir, ...subdirs.map((s) => join(dir, s))]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (OUTPUT_FILE.test(f)) rmSync(join(d, f), { force: true });
    const figs = join(d, "figures");
    if (existsSync(figs)) for (const f of readdirSync(figs)) if (/\.(svg|png)$/.test(f)) rmSync(join(figs, f), { force: true });
  }
}

export interface WrittenFiles {
  /** paths relative to the output folder */
  files: string[];
  seconds: number;
}

/** Write the VTU series, the PVD and the CSV tables of one run into `dir`. */
export function writeRunFiles(dir: string, result: SimulationResult, options: { vtu: boolean }): WrittenFiles {
  const t0 = performance.now();
  const files: string[] = [];
  const { fields, summary } = result;
  const tags = socTags(summary.snapshots.map((s) => s.soc));
  const put = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(dir, name), data);
    files.push(name);
  };
  for (let k = 0; k < summary.snapshots.length; k++) {
    const s = summary.snapshots[k];
    put(`profile_soc${tags[k]}.csv`, profileCsv(s.profile));
    put(`grains_soc${tags[k]}.csv`, grainsCsv(summary.grains, s));
  }
  if (options.vtu) {
    const entries: Array<{ file: string; timeS: number; soc: number }> = [];
    for (let k = 0; k < fields.snapshots.length; k++) {
      const { grid, fieldXml } = snapshotGrid(fields, k);
      const file = `result_soc${tags[k]}.vtu`;
      put(file, writeVtu(grid, NODE_ZLIB, fieldXml));
      entries.push({ file, timeS: fields.snapshots[k].timeS, soc: fields.snapshots[k].soc });
    }
    put("result.pvd", writePvd(entries));
  }
  return { files, seconds: (performance.now() - t0) / 1000 };
}

/** Write figures as figures/<name>.svg and .png under `dir`. */
export function writeFigures(dir: string, figures: Figure[]): string[] {
  const files: string[] = [];
  for (const f of figures) {
    for (const [ext, data] of [["svg", f.svg], ["png", f.png]] as const) {
      const name = join("figures", `${f.name}.${ext}`);
      writeFileAtomic(join(dir, name), data);
      files.push(name);
    }
  }
  return files;
}

/**
 * Everything a run writes except summary.json: VTU/PVD/CSV and, when the
 * config asks for them, the figures (titled with `label`). The export time
 * is added to the summary's timingS.export and .total, so write the summary
 * after this.
 * @param note progress notes ("writing …")
 */
export async function writeCaseOutputs(dir: string, result: SimulationResult, config: GrainfemConfig, label: string,
  note: (message: string) => void = () => {}): Promise<WrittenFiles> {
  const t0 = performance.now();
  note(`writing ${config.outputs.vtu ? "VTU, PVD and " : ""}CSV files to ${dir}`);
  const files = writeRunFiles(dir, result, { vtu: config.outputs.vtu }).files;
  if (config.outputs.figures) {
    note(`rendering figures to ${join(dir, "figures")}`);
    files.push(...writeFigures(dir, await (await figuresModule()).runFigures(result, label)));
  }
  const seconds = (performance.now() - t0) / 1000;
  addExportTime(result, seconds);
  return { files, seconds };
}

/**
 * A run's complete output folder: writeCaseOutputs, then summary.json last
 * (its presence means the export completed). Returns the files written,
 * relative to `dir`.
 */
export async function writeRunResult(dir: string, result: SimulationResult, config: GrainfemConfig, label: string,
  note?: (message: string) => void): Promise<string[]> {
  const { files } = await writeCaseOutputs(dir, result, config, label, note);
  writeFileAtomic(join(dir, "summary.json"), toJson(result.summary));
  return [...files, "summary.json"];
}

/**
 * `compare`'s output folder (SPEC §3.1): asslb/ and lelb/ each complete with
 * their own summary.json, the side-by-side figures in figures/ (their time
 * split between the two cases' timingS.export), and summary.json
 * { asslb, lelb } last. Returns the files written, relative to `dir`.
 */
export async function writeComparisonResult(dir: string, result: { asslb: SimulationResult; lelb: SimulationResult }, config: GrainfemConfig,
  note: (message: string) => void = () => {}): Promise<string[]> {
  const files: string[] = [];
  for (const name of ["asslb", "lelb"] as const) {
    const w = await writeCaseOutputs(join(dir, name), result[name], config, name.toUpperCase(), note);
    files.push(...w.files.map((f) => `${name}/${f}`));
  }
  if (config.outputs.figures) {
    const t0 = performance.now();
    note(`rendering the side-by-side figures to ${join(dir, "figures")}`);
    files.push(...writeFigures(dir, await (await figuresModule()).compareFigures(result.asslb, result.lelb)));
    const half = (performance.now() - t0) / 2000;
    addExportTime(result.asslb, half);
    addExportTime(result.lelb, half);
  }
  for (const name of ["asslb", "lelb"] as const) {
    writeFileAtomic(join(dir, name, "summary.json"), toJson(result[name].summary));
    files.push(`${name}/summary.json`);
  }
  writeFileAtomic(join(dir, "summary.json"), toJson({ asslb: result.asslb.summary, lelb: result.lelb.summary }));
  return [...files, "summary.json"];
}

/** Add export seconds to a summary's timingS.export and .total (rounded like the rest, to 0.1 ms). */
export function addExportTime(result: SimulationResult, seconds: number): void {
  const t = result.summary.timingS, r = (x: number) => Math.round(x * 1e4) / 1e4;
  t.export = r(t.export + seconds);
  t.total = r(t.total + seconds);
}

/** SOC tags for file names, made unique (the index is appended on a clash). */
function socTags(socs: number[]): string[] {
  const tags = socs.map(socTag);
  return tags.map((t, k) => (tags.indexOf(t) !== k || tags.lastIndexOf(t) !== k ? `${t}_${k}` : t));
}
