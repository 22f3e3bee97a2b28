/**
 * grainfem's entry in Node (package.json "exports" condition "node"):
 * everything of the browser-safe entry (index.ts) plus the asynchronous
 * `simulate` and `compare` that run in worker threads (SPEC §3.4).
 */
export * from "./index.js";
export { simulate, compare, configurePool, shutdownPool, type SimulateOptions, type SimulateResult, type CompareResult } from "./api/simulate-node.js";
