/**
 * Benchmark reporting: machine facts and a Markdown section per suite in
 * bench/RESULTS.md (replaced in place between markers, other suites kept).
 */
import os from "node:os";
import { readFileSync, writeFileSync, existsSync, renameSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Bench } from "tinybench";

export const RESULTS_PATH = fileURLToPath(new URL("../RESULTS.md", import.meta.url));

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Mean latency (ms) and relative margin of error (%) of a finished task. */
export function taskStats(bench: Bench, name: string): { mean: number; rme: number; samples: number } {
  const task = bench.getTask(name);
  const r = task?.result;
  if (!r || (r.state !== "completed" && r.state !== "aborted-with-statistics")) throw new Error(`bench task ${name} did not complete`);
  return { mean: r.latency.mean, rme: r.latency.rme, samples: r.latency.samplesCount };
}

/** Replace (or append) the section `id` of RESULTS.md, atomically. */
export function writeSection(id: string, markdown: string): void {
  const start = `<!-- bench:${id} start -->`, end = `<!-- bench:${id} end -->`;
  let text = existsSync(RESULTS_PATH) ? readFileSync(RESULTS_PATH, "utf8") : "# Benchmark results\n\nWritten by `npm run bench`; each section is replaced when its suite runs again.\n";
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = text.indexOf(start), j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  const tmp = `${RESULTS_PATH}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, RESULTS_PATH);
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}
