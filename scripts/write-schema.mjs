// Writes schema/config.schema.json, summary.schema.json, sweep.schema.json and
// openapi.json from the compiled src/config/schema.ts, src/solver/summary-schema.ts,
// src/sweep/spec.ts and src/service/openapi.ts
// (their single sources), for editors and outside validators.
import { mkdirSync, writeFileSync } from "node:fs";
import { CONFIG_SCHEMA } from "../dist/config/schema.js";
import { SUMMARY_SCHEMA } from "../dist/solver/summary-schema.js";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
writeFileSync(new URL("../schema/config.schema.json", import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
writeFileSync(new URL("../schema/summary.schema.json", import.meta.url), `${JSON.stringify(SUMMARY_SCHEMA, null, 2)}\n`);
const { OPENAPI } = await import("../dist/service/openapi.js");
writeFileSync(new URL("../schema/openapi.json", import.meta.url), `${JSON.stringify(OPENAPI, null, 2)}\n`);
const { SWEEP_SCHEMA } = await import("../dist/sweep/spec.js");
writeFileSync(new URL("../schema/sweep.schema.json", import.meta.url), `${JSON.stringify(SWEEP_SCHEMA, null, 2)}\n`);
