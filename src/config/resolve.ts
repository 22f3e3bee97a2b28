/**
 * Reading and validating a run configuration.
 *
 * Validation is in two layers: the JSON Schema (types, ranges, unknown keys;
 * checked by ajv, which also fills the defaults) and the checks a schema
 * cannot express (stiffness positive definite, orientations per grain and of
 * unit norm, SOCs increasing). Every failure is an InputError naming the key
 * — and, for a file, the file and line — with the accepted range.
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import * as jsonc from "jsonc-parser";
import { CONFIG_SCHEMA } from "./schema.js";
import type { GrainfemConfig } from "./types.js";
import { InputError } from "../errors.js";
import { checkMaterial } from "../material/grains.js";

/** Where a configuration came from: used to name the file and line in errors. */
export interface ConfigSource {
  /** path shown in messages */
  file: string;
  /** the file's text (for line numbers) */
  text: string;
}

// validateSchema off: checking CONFIG_SCHEMA against the 2020-12 meta-schema
// took ~40 % of the compile (30–50 ms of every CLI start); tests/config.test.ts
// does that check instead
const ajv = new Ajv2020({ allErrors: true, useDefaults: true, allowUnionTypes: true, strict: true, validateSchema: false });
const validate = ajv.compile(CONFIG_SCHEMA);

/** Dotted key of a JSON pointer: /material/diffusivityM2s/2 → material.diffusivityM2s[2]. */
function keyOf(path: Array<string | number>): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s || "(config)";
}

export function pointerPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Schema node of a data path (for the accepted-range description). */
function schemaAt(path: Array<string | number>): { description?: string } | undefined {
  let node: any = CONFIG_SCHEMA;
  for (const p of path) {
    if (!node) return undefined;
    if (typeof p === "number") {
      node = node.items ?? node.anyOf?.find((s: any) => s.items)?.items;
    } else {
      node = node.properties?.[p] ?? node.anyOf?.find((s: any) => s.properties)?.properties?.[p];
    }
  }
  return node;
}

/** " (file:line)" of a key path in a config file, or "" without a source. */
export function lineOf(source: ConfigSource | undefined, path: Array<string | number>): string {
  if (!source) return "";
  const root = jsonc.parseTree(source.text);
  if (!root) return ` (${source.file})`;
  // the deepest existing node on the path (a missing key is reported at its parent)
  for (let k = path.length; k >= 0; k--) {
    const node = jsonc.findNodeAtLocation(root, path.slice(0, k));
    if (node) {
      const at = node.parent?.type === "property" ? node.parent.offset : node.offset;
      return ` (${source.file}:${lineNumber(source.text, at)})`;
    }
  }
  return ` (${source.file})`;
}

export function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A value as shown in an error message (never throws: BigInt, cycles, null-prototype objects included). */
function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
  } catch {
    s = undefined; // a cycle
  }
  if (s === undefined) s = v !== null && typeof v === "object" ? Object.prototype.toString.call(v) : typeof v === "symbol" ? v.toString() : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * The most specific of ajv's errors: the deepest data path, a range or key
 * error before a type error; the type errors of `anyOf` branches merged
 * ("must be null or object").
 */
export function pickError(errors: ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => pointerPath(e.instancePath).length + (e.keyword === "additionalProperties" || e.keyword === "required" ? 1 : 0);
  const real = errors.filter((e) => e.keyword !== "anyOf");
  const pool = real.length ? real : errors;
  const deepest = Math.max(...pool.map(depth));
  const at = pool.filter((e) => depth(e) === deepest);
  const specific = at.find((e) => e.keyword !== "type");
  if (specific) return specific;
  const types = [...new Set(at.filter((e) => e.instancePath === at[0].instancePath).map((e) => (e.params as { type: string }).type))];
  return { ...at[0], params: { type: types.join(" or ") } };
}

/** One line for a schema error: key, what is wrong, accepted range. */
function schemaError(e: ErrorObject, data: unknown, source?: ConfigSource): InputError {
  const path = pointerPath(e.instancePath);
  let key = path;
  let what: string;
  if (e.keyword === "additionalProperties") {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    key = [...path, extra];
    const parent = schemaAt(path) as { properties?: object; anyOf?: Array<{ properties?: object }> } | undefined;
    const known = Object.keys(parent?.properties ?? parent?.anyOf?.find((s) => s.properties)?.properties ?? {}).filter((k) => k !== "$schema");
    return new InputError(keyOf(key) + lineOf(source, key), `unknown key; accepted keys here: ${known.join(", ")}`);
  }
  let value: any = data;
  for (const p of path) value = value?.[p];
  switch (e.keyword) {
    case "type":
      what = `must be ${(e.params as { type: string }).type} (got ${show(value)})`;
      break;
    case "required":
      key = [...path, (e.params as { missingProperty: string }).missingProperty];
      what = "is required";
      break;
    case "enum":
      what = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(show).join(", ")} (got ${show(value)})`;
      break;
    default:
      what = `${e.message ?? "is invalid"} (got ${show(value)})`;
  }
  let desc: string | undefined;
  for (let k = key.length; k >= 0 && !desc; k--) desc = schemaAt(key.slice(0, k))?.description;
  const accepted = desc?.match(/Accepted: (.*)$/)?.[1];
  return new InputError(keyOf(key) + lineOf(source, key), accepted ? `${what}; accepted: ${accepted.replace(/\.$/, "")}` : what);
}

/** The checks a JSON Schema cannot express. */
function semanticChecks(c: GrainfemConfig, where: (path: Array<string | number>) => string): void {
  const fail = (path: Array<string | number>, msg: string): never => {
    throw new InputError(keyOf(path) + where(path), msg);
  };
  const g = c.geometry;
  if (g.radiusUm > 1000) fail(["geometry", "radiusUm"], `must be ≤ 1000 µm (got ${g.radiusUm})`);
  if (g.meshSizeUm > g.radiusUm) fail(["geometry", "meshSizeUm"], `must be in (0, radiusUm = ${g.radiusUm}] (got ${g.meshSizeUm})`);
  const soc = c.outputs.soc;
  for (let i = 1; i < soc.length; i++) {
    if (!(soc[i] > soc[i - 1])) fail(["outputs", "soc", i], `must be strictly increasing (got ${soc[i]} after ${soc[i - 1]}); accepted: increasing numbers in (0, 1]`);
  }
  const d = c.outputs.profileDirection;
  if (!(Math.hypot(d[0], d[1], d[2]) > 0)) fail(["outputs", "profileDirection"], "must not be the zero vector; accepted: three numbers, not all zero");
  const q = c.material.orientations;
  if (q) {
    if (g.meshFile === null && q.length !== g.grains) {
      fail(["material", "orientations"], `has ${q.length} quaternions but geometry.grains is ${g.grains}; accepted: one [w, x, y, z] per grain`);
    }
    q.forEach((qi, i) => {
      const n = Math.hypot(qi[0], qi[1], qi[2], qi[3]);
      if (!(Math.abs(n - 1) <= 1e-6)) fail(["material", "orientations", i], `quaternion norm is ${n} (must be 1 within 1e-6)`);
    });
  }
  const cyc = c.cycling;
  const t0 = cyc.initialTheta;
  // θ must be able to move by the capacity window in the chosen direction
  if (cyc.direction === "charge" && t0 - cyc.capacityWindow < -1e-12) {
    fail(["cycling", "initialTheta"], `θ0 = ${t0} cannot fall by capacityWindow = ${cyc.capacityWindow} during a charge; accepted: θ0 ≥ capacityWindow`);
  }
  if (cyc.direction === "discharge" && t0 + cyc.capacityWindow > 1 + 1e-12) {
    fail(["cycling", "initialTheta"], `θ0 = ${t0} cannot rise by capacityWindow = ${cyc.capacityWindow} during a discharge; accepted: θ0 ≤ 1 − capacityWindow`);
  }
  try {
    checkMaterial(c.material);
  } catch (e) {
    if (e instanceof InputError) {
      const path = e.where.split(/[.[\]]/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const accepted = e.where.startsWith("material.stiffness") || e.where.startsWith("material.isotropic")
        ? "; accepted: constants whose 6 × 6 stiffness matrix is positive definite" : "";
      throw new InputError(e.where + where(path), e.message.slice(e.where.length + 2) + accepted);
    }
    throw e;
  }
}

/**
 * Validate a configuration object and fill every default (SPEC §3.2).
 * The input is not modified.
 * @param input parsed JSON (every key optional)
 * @param source the file it came from (names the file and line in errors)
 * @throws InputError naming the key and the accepted range
 */
export function resolveConfig(input: unknown = {}, source?: ConfigSource): GrainfemConfig {
  const data = input === undefined ? {} : structuredClone(input);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(`(config)${source ? ` (${source.file}:1)` : ""}`, `must be a JSON object (got ${show(data)})`);
  }
  if (!validate(data)) throw schemaError(pickError(validate.errors!), data, source);
  const c = data as unknown as GrainfemConfig;
  const cyc = c.cycling as GrainfemConfig["cycling"] & { initialTheta: number | null };
  if (cyc.initialTheta === null) cyc.initialTheta = cyc.direction === "charge" ? 1 : 1 - cyc.capacityWindow;
  semanticChecks(c, (p) => lineOf(source, p));
  return c;
}

/** The built-in default configuration: the seed paper's all-solid-state (ASSLB) case. */
export function defaults(): GrainfemConfig {
  return resolveConfig({});
}
