/**
 * Running one sweep job, the same way on the local pool and on a Redis
 * worker: `simulate` in a worker thread (api/simulate-node.ts), then — when
 * the sweep asks for files and there is a folder to put them in — the run's
 * VTU/CSV/figures, with summary.json written last.
 */
import type { GrainfemConfig } from "../config/types.js";
import { simulate } from "../api/simulate-node.js";
import { prepareOutputDir, writeRunResult } from "../io/export.js";
import { runLabel } from "../io/names.js";
import type { Progress } from "../solver/simulate.js";
import type { Summary } from "../solver/summary.js";

export interface RunJobOptions {
  /** folder for this job's files; null: keep only the summary (returned) */
  dir: string | null;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/**
 * Simulate one job's config and (with `dir`) write its result folder.
 * @returns the summary, and the files written relative to `dir`
 */
export async function runSweepJob(config: GrainfemConfig, o: RunJobOptions): Promise<{ summary: Summary; files: string[] }> {
  const result = await simulate(config, { signal: o.signal, onProgress: o.onProgress });
  if (o.dir === null) return { summary: result.summary, files: [] };
  prepareOutputDir(o.dir);
  const files = await writeRunResult(o.dir, result, config, runLabel(config));
  return { summary: result.summary, files };
}
