/** OpenAPI 3.1 description of the `grainfem serve` HTTP API (served at /openapi.json). */
import { CONFIG_SCHEMA } from "../config/schema.js";
import { SUMMARY_SCHEMA } from "../solver/summary-schema.js";
import { VERSION } from "../version.js";

const error = { type: "object", properties: { error: { type: "string" }, key: { type: "string" } }, required: ["error"] };
const jobId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const json = (schema: unknown) => ({ "application/json": { schema } });
const job = {
  type: "object",
  properties: {
    id: { type: "string" }, kind: { enum: ["run", "compare"] }, state: { enum: ["queued", "running", "done", "failed", "cancelled"] },
    createdAt: { type: "string" }, startedAt: { type: ["string", "null"] }, finishedAt: { type: ["string", "null"] },
    progress: {
      type: ["object", "null"],
      properties: { phase: { enum: ["mesh", "diffusion", "elasticity", "post"] }, step: { type: "integer" }, steps: { type: "integer" }, soc: { type: "number" }, etaS: { type: ["number", "null"] } },
    },
    error: { type: ["object", "null"], properties: { name: { type: "string" }, message: { type: "string" } } },
    warnings: { type: "array", items: { type: "string" } },
    files: { type: "array", items: { type: "string" }, description: "result files of a done job, for /jobs/{id}/files/{name}" },
  },
};

export const OPENAPI = {
  openapi: "3.1.0",
  info: { title: "grainfem service", version: VERSION, description: "Chemo-mechanical simulations of polycrystalline cathode particles as jobs (SPEC §3.4)." },
  paths: {
    "/jobs": {
      post: {
        summary: "Submit a simulation (run) or the ASSLB/LELB comparison (compare)",
        requestBody: { required: true, content: json({ type: "object", properties: { kind: { enum: ["run", "compare"], default: "run" }, config: { $ref: "#/components/schemas/Config" } } }) },
        responses: {
          202: { description: "accepted; Location: /jobs/{id}", content: json({ type: "object", properties: { id: { type: "string" }, state: { type: "string" } } }) },
          400: { description: "invalid config: the key and the reason", content: json(error) },
          413: { description: "body over the size limit", content: json(error) },
          429: { description: "queue full; Retry-After in seconds", content: json(error) },
          503: { description: "shutting down", content: json(error) },
        },
      },
    },
    "/jobs/{id}": {
      get: { summary: "State and progress of a job", parameters: [jobId], responses: { 200: { description: "the job", content: json(job) }, 404: { description: "no such job", content: json(error) } } },
      delete: { summary: "Cancel a queued or running job", parameters: [jobId], responses: { 202: { description: "cancelled or cancelling" }, 404: { description: "no such job" }, 409: { description: "already finished" } } },
    },
    "/jobs/{id}/summary": {
      get: {
        summary: "summary.json of a finished job (SPEC §3.3)", parameters: [jobId],
        responses: { 200: { description: "summary", content: json({ $ref: "#/components/schemas/Summary" }) }, 404: { description: "no such job" }, 409: { description: "not done yet" } },
      },
    },
    "/jobs/{id}/files/{name}": {
      get: {
        summary: "A result file of a finished job (VTU, PVD, CSV, PNG, SVG, JSON; names as listed in the job's files)",
        parameters: [jobId, { name: "name", in: "path", required: true, schema: { type: "string" } }],
        responses: { 200: { description: "the file" }, 404: { description: "no such job or file" }, 409: { description: "not done yet" } },
      },
    },
    "/health": { get: { summary: "Service health and queue occupancy", responses: { 200: { description: "ok" } } } },
  },
  components: { schemas: { Config: (({ $schema: _s, ...c }) => c)(CONFIG_SCHEMA), Summary: (({ $schema: _s, ...c }) => c)(SUMMARY_SCHEMA) } },
};
