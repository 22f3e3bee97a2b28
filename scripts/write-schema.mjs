// Writes schema/config.schema.json from the compiled src/config/schema.ts
// (the schema's single source), for editors and outside validators.
import { mkdirSync, writeFileSync } from "node:fs";
import { CONFIG_SCHEMA } from "../dist/config/schema.js";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
writeFileSync(new URL("../schema/config.schema.json", import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
