/**
 * JSON Schema (draft 2020-12) of `summary.json` (SPEC §3.3, types in
 * summary.ts), shipped as schema/summary.schema.json for outside validators.
 * The SPEC's fields are required; extensions are listed too but optional, so
 * a consumer written against the SPEC keeps validating. Non-finite numbers
 * are written as null (JSON has none); only fields that can legitimately be
 * absent allow null.
 */
import { CONFIG_SCHEMA } from "../config/schema.js";

const num = { type: "number" } as const;
const nullableNum = { type: ["number", "null"] } as const;
const int = { type: "integer", minimum: 0 } as const;
const numArray = { type: "array", items: num } as const;

/** An object schema whose listed keys are all required, extra keys allowed only when listed in `optional`. */
function obj(required: Record<string, unknown>, optional: Record<string, unknown> = {}, description?: string) {
  return {
    type: "object",
    ...(description ? { description } : {}),
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

const { $schema: _drop, ...configSchema } = CONFIG_SCHEMA;

const snapshot = obj(
  {
    soc: num,
    timeS: num,
    thetaMean: num,
    thetaMin: num,
    thetaMax: num,
    vonMisesMPa: obj({ max: num, mean: num, std: num, p99: num }, {}, "von Mises over the quadrature points, volume weighted (MPa)"),
    hydrostaticMPa: obj({ max: num, min: num, mean: num }, {}, "hydrostatic stress (MPa)"),
    heterogeneity: { ...num, description: "std/mean of von Mises, volume weighted" },
    grains: {
      type: "array",
      items: obj({ id: int, thetaMean: num, vonMisesMeanMPa: num, reactive: { type: "boolean" } }, { vonMisesMaxMPa: num }),
    },
    profile: obj(
      { rUm: numArray, theta: numArray, sigmaRrMPa: numArray, sigmaTtMPa: numArray, vonMisesMPa: numArray },
      { grain: { type: "array", items: { type: "integer" } } },
      "radial line profile from the centre (SPEC §1.4)",
    ),
  },
  {
    maxPrincipalMPa: obj({ max: num, mean: num, p99: num }),
    grainBoundaryNormalTractionMPa: obj({ max: nullableNum, min: nullableNum, mean: nullableNum, std: nullableNum, areaUm2: num }),
    regionsVonMisesMeanMPa: obj({ grainBoundaryLayer: nullableNum, grainInterior: nullableNum, nonReactiveRegion: nullableNum, rest: nullableNum }),
    elasticity: obj({ iterations: int, relResidual: num, pinReactionRel: num }, {
      amg: obj({ levels: int, rows: { type: "array", items: int }, operatorComplexity: num, setupS: num, setupPhasesS: { type: "object", additionalProperties: num }, safeBounds: { type: "boolean" }, reused: { type: "boolean" } }),
    }),
  },
);

const summary = obj(
  {
    version: { const: 1 },
    config: { $ref: "#/$defs/config" },
    mesh: obj({
      nodes: int, tets: int, order: { enum: [1, 2] }, grains: int, surfaceTriangles: int, volumeUm3: num,
      quality: obj({ minRadiusRatio: num, meanRadiusRatio: num, minSkewness: num, meanSkewness: num, minDihedralDeg: num, maxDihedralDeg: num }),
    }),
    reactive: obj(
      { grainIds: { type: "array", items: int }, countFraction: num, areaFraction: num, fluxMs: { ...num, description: "j̄ (m/s, normalized by c_max)" } },
      { surfaceGrains: int, areaUm2: num },
    ),
    grains: {
      type: "array",
      items: obj({
        id: int,
        orientation: { type: "array", items: num, minItems: 4, maxItems: 4, description: "unit quaternion [w, x, y, z], crystal → particle axes" },
        volumeUm3: num, surfaceAreaUm2: num, reactive: { type: "boolean" },
      }),
    },
    snapshots: { type: "array", items: { $ref: "#/$defs/snapshot" } },
    massBalanceRelError: num,
    thetaOutOfRange: obj({ nodes: int, firstTimeS: nullableNum, min: num, max: num }),
    solver: obj({
      diffusion: obj({ steps: int, itersMean: num, itersMax: int }, { relResidualMax: num, massDefectBeforeShiftMax: num }),
      elasticity: obj({ solves: int, itersMean: num, itersMax: int, relResidualMax: num }, { preconditioner: { type: "string" } }),
    }),
    timingS: obj({ mesh: num, assemble: num, solve: num, diffusion: num, elasticity: num, preconditionerSetup: num, export: num, total: num }),
  },
  { producer: obj({ name: { const: "grainfem" }, version: { type: "string" }, build: { type: "string" }, threads: { type: "integer", minimum: 1 } }) },
);

/** Schema of one run's summary.json, or of compare's `{ asslb, lelb }`. */
export const SUMMARY_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  // a base for the "#/$defs/…" references wherever this schema is embedded (e.g. in the service's OpenAPI document)
  $id: "urn:grainfem:summary",
  title: "grainfem summary.json",
  description: "Result summary of `grainfem run` (one case) or `grainfem compare` ({ asslb, lelb }); SPEC §3.3. Stresses in MPa, lengths in µm, times in s.",
  $defs: { config: configSchema, snapshot, summary },
  oneOf: [
    { $ref: "#/$defs/summary" },
    obj({ asslb: { $ref: "#/$defs/summary" }, lelb: { $ref: "#/$defs/summary" } }),
  ],
};
