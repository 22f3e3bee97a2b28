/**
 * grainfem/node — the Node-only part of the library: config files with
 * file:line errors, mesh files, writing a run's results (VTU/PVD/CSV,
 * atomically), rendering its figures (SVG and PNG), and sweeps (grid ×
 * seeds on the local pool or on a BullMQ queue in Redis).
 *
 *   import { runSimulation, loadCore, resolveConfig } from "grainfem";
 *   import { prepareOutputDir, writeRunFiles, runFigures, writeFigures } from "grainfem/node";
 */
export { loadConfigFile } from "./config/file.js";
export { writeMeshFile, writeFileAtomic, NODE_ZLIB } from "./io/files.js";
export { readMeshFile } from "./io/read-mesh-file.js";
export { prepareOutputDir, writeRunFiles, writeFigures, type WrittenFiles } from "./io/export.js";
export { runFigures, compareFigures, centreSectionView, type Figure } from "./figures/figures.js";
export { renderSvg, svgToPng, rgbaToPng, pngDataUrl } from "./figures/render-node.js";
export { expandSweep, loadSweepFile, configHash, SWEEP_SCHEMA, type Sweep, type SweepJob, type SweepInput } from "./sweep/spec.js";
export { runSweepLocal, type SweepEvent, type SweepRunOptions, type SweepRunResult } from "./sweep/run-local.js";
export { runSweepRedis, startRedisWorker, type RedisSweepOptions, type RedisWorkerOptions, type RedisWorker } from "./sweep/redis.js";
export { sampleStats, sweepStatistics, jobMetrics, type SampleStats, type StatsRow, type JobMetrics } from "./sweep/statistics.js";
export type { SweepReport } from "./sweep/outputs.js";
