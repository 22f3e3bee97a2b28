/**
 * Sweep files (`grainfem sweep SWEEP.json`): a base configuration, a list of
 * microstructure seeds and a grid of config values, expanded into one job
 * per (grid point × seed). Example — 50 microstructures × {ASSLB, LELB}:
 *
 *   { "base": "quick.json",
 *     "seeds": { "from": 1, "count": 50 },
 *     "grid": { "cycling.reactiveFraction": [0.667, 1.0] } }
 *
 * A seed sets both `geometry.seed` (grain shapes and orientations) and
 * `cycling.reactiveSeed` (which surface grains are reactive), so each seed is
 * one independent microstructure. Grid keys are dotted config paths (SPEC
 * §3.2); each job's config is validated like a config file, and a bad grid
 * value is reported at its line in the sweep file.
 *
 * Job ids are content hashes of the resolved config: the same job always has
 * the same id, which makes resubmission idempotent (a finished job is reused,
 * never run twice) locally and on the Redis queue alike.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve as resolvePath } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { InputError } from "../errors.js";
import { defaults, lineOf, pickError, pointerPath, resolveConfig, type ConfigSource } from "../config/resolve.js";
import { loadConfigFile, readJsonFile } from "../config/file.js";
import type { GrainfemConfig } from "../config/types.js";

/** Most jobs one sweep may expand to (guards against a typo like count: 1e9). */
export const MAX_SWEEP_JOBS = 100_000;

/** A sweep as written in the file (see module comment). */
export interface SweepInput {
  $schema?: string;
  /** name used as the job-id prefix and in the figure title (default: the file's base name) */
  name?: string;
  /** a config file (relative to the sweep file) or an inline config object; default: the built-in default */
  base?: string | Record<string, unknown>;
  /** microstructure seeds: a list, or { from, count } */
  seeds?: number[] | { from: number; count: number };
  /** dotted config path → values */
  grid?: Record<string, unknown[]>;
  /** write each job's VTU/CSV/figures too (default false: summaries only) */
  files?: boolean;
}

/** One expanded job. */
export interface SweepJob {
  /** `<name>-<16 hex of sha256(resolved config)>` */
  id: string;
  /** microstructure seed (null when the sweep has no seed list) */
  seed: number | null;
  /** this job's grid values, by dotted path (in the grid's key order) */
  params: Record<string, unknown>;
  config: GrainfemConfig;
}

export interface Sweep {
  name: string;
  /** grid keys, in file order (the grouping of the statistics) */
  gridKeys: string[];
  files: boolean;
  jobs: SweepJob[];
}

const INT32 = { type: "integer", minimum: -2147483648, maximum: 2147483647 } as const;

/** JSON Schema of a sweep file (also written to schema/sweep.schema.json). */
export const SWEEP_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:grainfem:sweep",
  title: "grainfem sweep",
  description: "A parameter grid × microstructure seeds, expanded into one simulation per combination.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    name: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,64}$", description: "Job-id prefix and figure title. Accepted: 1–64 of A–Z a–z 0–9 _ . -" },
    base: {
      description: "Base config: a file path (relative to the sweep file) or an inline config object.",
      anyOf: [{ type: "string", minLength: 1 }, { type: "object" }],
    },
    seeds: {
      description: "Microstructure seeds (each sets geometry.seed and cycling.reactiveSeed). Accepted: a list of distinct 32-bit integers, or { from, count } with count in [1, 100000].",
      anyOf: [
        { type: "array", items: INT32, minItems: 1, maxItems: MAX_SWEEP_JOBS, uniqueItems: true },
        {
          type: "object",
          additionalProperties: false,
          required: ["from", "count"],
          properties: { from: INT32, count: { type: "integer", minimum: 1, maximum: MAX_SWEEP_JOBS } },
        },
      ],
    },
    grid: {
      description: "Dotted config path → list of values; every combination is run. Accepted: non-empty lists of distinct values.",
      type: "object",
      propertyNames: { pattern: "^[A-Za-z]+(\\.[A-Za-z0-9]+)+$" },
      additionalProperties: { type: "array", minItems: 1, maxItems: 1000, uniqueItems: true },
    },
    files: { type: "boolean", description: "Write each job's VTU/CSV/figures (default false: summaries only)." },
  },
} as const;

// (the meta-schema check of SWEEP_SCHEMA is in tests/config.test.ts, as for the config's)
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });
const validateSweep = ajv.compile(SWEEP_SCHEMA);

/** Canonical JSON (sorted keys) so equal configs hash equally whatever the key order. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (x !== null && typeof x === "object") {
    const keys = Object.keys(x as object).filter((k) => k !== "$schema").sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

/** Stable id of a resolved config: equal configs ⇔ equal ids (up to sha256 collisions). */
export function configHash(config: GrainfemConfig): string {
  return createHash("sha256").update(canonical(config)).digest("hex").slice(0, 16);
}

/** Set a dotted path in a nested object, creating objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (node[k] === undefined || node[k] === null || typeof node[k] !== "object" || Array.isArray(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = structuredClone(value);
}

/** True when `path` names a key of the resolved config (a leaf or a sub-object). */
function isConfigPath(path: string): boolean {
  let node: unknown = defaults();
  for (const k of path.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node) || !(k in (node as object))) return false;
    node = (node as Record<string, unknown>)[k];
  }
  return true;
}

/** The cartesian product of the grid's axes, first key varying slowest. */
function gridPoints(grid: Record<string, unknown[]>): Array<Record<string, unknown>> {
  let points: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(grid)) {
    const next: Array<Record<string, unknown>> = [];
    for (const p of points) for (const v of values) next.push({ ...p, [key]: v });
    points = next;
  }
  return points;
}

/**
 * Expand a sweep into jobs, validating every job's config.
 * @param input the parsed sweep (see SweepInput)
 * @param options.source the sweep file's text (names lines in errors)
 * @param options.baseDir folder a `base` file path is relative to
 * @param options.defaultName name when the sweep has none
 * @throws InputError naming the sweep key (and file:line) of a bad value
 */
export function expandSweep(input: unknown, options: { source?: ConfigSource; baseDir?: string; defaultName?: string } = {}): Sweep {
  const src = options.source;
  const at = (path: Array<string | number>) => lineOf(src, path);
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new InputError(`(sweep)${src ? ` (${src.file}:1)` : ""}`, "must be a JSON object");
  }
  if (!validateSweep(input)) {
    const e = pickError(validateSweep.errors!);
    const path = pointerPath(e.instancePath);
    const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : "";
    const key = path.length ? path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[") : "(sweep)";
    const desc = path.length ? (SWEEP_SCHEMA.properties as Record<string, { description?: string }>)[String(path[0])]?.description : undefined;
    throw new InputError(`${key}${at(path)}`, `${e.message ?? "invalid"}${extra}${desc ? `. ${desc}` : ""}`);
  }
  const s = input as SweepInput;

  // the base config, as an input object (resolved per job after the grid values are set)
  let base: Record<string, unknown> = {};
  let baseFile: string | null = null;
  if (typeof s.base === "string") {
    baseFile = isAbsolute(s.base) ? s.base : resolvePath(options.baseDir ?? ".", s.base);
    if (!existsSync(baseFile)) throw new InputError(`base${at(["base"])}`, `no such config file: ${baseFile}`);
    loadConfigFile(baseFile); // reports the base file's own errors with its lines
    base = readJsonFile(baseFile, "config file").data as Record<string, unknown>;
    const mf = (base.geometry as { meshFile?: unknown } | undefined)?.meshFile;
    if (typeof mf === "string" && !isAbsolute(mf)) setPath(base, "geometry.meshFile", resolvePath(dirname(baseFile), mf));
  } else if (s.base) {
    base = s.base;
    try {
      resolveConfig(base);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`base.${e.where}${at(["base", ...e.where.split(".")])}`, e.message.slice(e.where.length + 2));
      throw e;
    }
  }

  const seeds = s.seeds === undefined ? [null] : Array.isArray(s.seeds) ? s.seeds : Array.from({ length: s.seeds.count }, (_, i) => (s.seeds as { from: number }).from + i);
  if (s.seeds !== undefined && !Array.isArray(s.seeds) && s.seeds.from + s.seeds.count - 1 > 2147483647) {
    throw new InputError(`seeds${at(["seeds"])}`, "from + count − 1 must stay a 32-bit integer");
  }
  const grid = s.grid ?? {};
  for (const key of Object.keys(grid)) {
    if (!isConfigPath(key)) throw new InputError(`grid.${key}${at(["grid", key])}`, "not a config key (SPEC §3.2; e.g. cycling.reactiveFraction)");
    if (s.seeds !== undefined && (key === "geometry.seed" || key === "cycling.reactiveSeed")) {
      throw new InputError(`grid.${key}${at(["grid", key])}`, "set by \"seeds\"; use one or the other");
    }
  }
  const points = gridPoints(grid);
  const count = points.length * seeds.length;
  if (count > MAX_SWEEP_JOBS) throw new InputError(`grid${at(["grid"])}`, `expands to ${count} jobs (at most ${MAX_SWEEP_JOBS})`);

  // each grid value on its own first, so a bad one is reported at its own line
  for (const [key, values] of Object.entries(grid)) {
    values.forEach((v, i) => {
      const probe = structuredClone(base);
      setPath(probe, key, v);
      try {
        resolveConfig(probe);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(`grid.${key}[${i}]${at(["grid", key, i])}`, e.message);
        throw e;
      }
    });
  }

  const name = s.name ?? options.defaultName ?? "sweep";
  const jobs: SweepJob[] = [];
  const ids = new Set<string>();
  for (const params of points) {
    for (const seed of seeds) {
      const cfg = structuredClone(base);
      for (const [k, v] of Object.entries(params)) setPath(cfg, k, v);
      if (seed !== null) {
        setPath(cfg, "geometry.seed", seed);
        setPath(cfg, "cycling.reactiveSeed", seed);
      }
      let config: GrainfemConfig;
      try {
        config = resolveConfig(cfg);
      } catch (e) {
        // combinations can fail where single values passed (e.g. SOCs vs capacity window)
        if (e instanceof InputError) throw new InputError(`grid${at(["grid"])}`, `the combination ${JSON.stringify(params)}${seed === null ? "" : ` with seed ${seed}`}: ${e.message}`);
        throw e;
      }
      const id = `${name}-${configHash(config)}`;
      if (ids.has(id)) throw new InputError(`grid${at(["grid"])}`, `two combinations give the same config (${JSON.stringify(params)}); remove the duplicate`);
      ids.add(id);
      jobs.push({ id, seed, params, config });
    }
  }
  return { name, gridKeys: Object.keys(grid), files: s.files ?? false, jobs };
}

/**
 * Read and expand a sweep file.
 * @throws InputError naming the file and line of a syntax error or bad key
 */
export function loadSweepFile(path: string): Sweep {
  const { data, text } = readJsonFile(path, "sweep file");
  const stem = path.replace(/^.*[\\/]/, "").replace(/\.json$/i, "").replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 64) || "sweep";
  return expandSweep(data, { source: { file: path, text }, baseDir: dirname(resolvePath(path)), defaultName: stem });
}
