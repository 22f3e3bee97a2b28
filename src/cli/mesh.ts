/**
 * `grainfem mesh`: build a polycrystalline particle mesh and write it (.vtu or
 * .msh), with a sidecar `<out>.grains.json` holding the grain seeds,
 * orientations and statistics (mesh formats have no place for orientations).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { meshParticle, type ParticleMesh } from "../mesh/particle/generate.js";
import { writeFileAtomic, writeMeshFile } from "../io/files.js";
import { LineReader } from "../io/lines.js";
import { InputError } from "../errors.js";

export interface MeshCommandOptions {
  grains?: number;
  seed?: number;
  radiusUm?: number;
  sizeUm?: number;
  targetTets?: number;
  order?: number;
  lloyd?: number;
  seedsFile?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

/** Read grain seeds: one "x y z" (µm) per line; '#' starts a comment; commas allowed. */
export function readSeedsFile(path: string): Float64Array {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read seeds file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const r = new LineReader(text.replace(/,/g, " "), path, "#");
  const out: number[] = [];
  while (r.next() !== null) {
    // re-read the current line as numbers
    const parts = text.split(/\r?\n/)[r.line - 1].replace(/#.*/, "").replace(/,/g, " ").trim().split(/\s+/).map(Number);
    if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v))) throw r.error(`expected three coordinates "x y z" (µm)`);
    out.push(...parts);
  }
  if (!out.length) throw new InputError(path, "no seeds in the file");
  return Float64Array.from(out);
}

/** The JSON printed by --json: SPEC §3.3 mesh stats, plus timing and diagnostics. */
export function meshJson(m: ParticleMesh, file: string): Record<string, unknown> {
  return {
    ...m.stats,
    seconds: Number(m.seconds.toFixed(3)),
    file,
    hUm: m.hUm,
    boundaryDeviationUm: { max: m.boundaryDeviation.maxUm, p99: m.boundaryDeviation.p99Um },
  };
}

export async function runMesh(o: MeshCommandOptions): Promise<void> {
  const ext = extname(o.out).toLowerCase();
  if (ext !== ".vtu" && ext !== ".msh") throw new InputError("--out", `must end in .vtu or .msh (got "${o.out}")`);
  if (o.sizeUm !== undefined && o.targetTets !== undefined) throw new InputError("--size-um", "give either --size-um or --target-tets, not both");
  const seeds = o.seedsFile ? readSeedsFile(o.seedsFile) : undefined;
  const log = (s: string) => {
    if (!o.quiet) process.stderr.write(`grainfem mesh: ${s}\n`);
  };
  const m = await meshParticle({
    grains: o.grains, seed: o.seed, radiusUm: o.radiusUm, sizeUm: o.sizeUm, targetTets: o.targetTets,
    order: (o.order ?? 1) as 1 | 2, lloyd: o.lloyd, seeds, onStage: log,
  });
  log(`${m.stats.tets} tets, ${m.stats.nodes} nodes, radius ratio min ${m.stats.quality.minRadiusRatio.toFixed(3)} mean ${m.stats.quality.meanRadiusRatio.toFixed(3)}, ${m.seconds.toFixed(1)} s`);
  writeMeshFile(o.out, m);
  writeFileAtomic(`${o.out}.grains.json`, `${JSON.stringify({
    radiusUm: m.radiusUm,
    orientationConvention: "[w, x, y, z]: rotation taking crystal axes to particle axes",
    grains: m.grainStats.map((g) => ({
      id: g.id, seedUm: g.seed, orientation: Array.from(m.orientations.subarray(4 * g.id, 4 * g.id + 4)),
      tets: g.tets, volumeUm3: g.volumeUm3, surfaceAreaUm2: g.surfaceAreaUm2,
    })),
  }, null, 1)}\n`);
  log(`wrote ${o.out} and ${o.out}.grains.json`);
  if (o.json) process.stdout.write(`${JSON.stringify(meshJson(m, o.out), null, 2)}\n`);
}
