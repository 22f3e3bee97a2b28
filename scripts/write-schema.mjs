// Writes schema/config.schema.json and schema/summary.schema.json from the
// compiled src/config/schema.ts and src/solver/summary-schema.ts
// (their single sources), for editors and outside validators.
import { mkdirSync, writeFileSync } from "node:fs";
import { CONFIG_SCHEMA } from "../dist/config/schema.js";
import { SUMMARY_SCHEMA } from "../dist/solver/summary-schema.js";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
writeFileSync(new URL("../schema/config.schema.json", import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
writeFileSync(new URL("../schema/summary.schema.json", import.meta.url), `${JSON.stringify(SUMMARY_SCHEMA, null, 2)}\n`);
const { OPENAPI } = await import("../dist/service/openapi.js");
writeFileSync(new URL("../schema/openapi.json", import.meta.url), `${JSON.stringify(OPENAPI, null, 2)}\n`);
