/**
 * Running CalculiX: find it, its version, and run one job under /usr/bin/time
 * (wall time and peak resident memory), single-threaded unless asked.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The ccx executable on PATH, or null. */
export function findCcx(): string | null {
  const r = spawnSync("sh", ["-c", "command -v ccx"], { encoding: "utf8" });
  const p = r.stdout?.trim();
  return r.status === 0 && p ? p : null;
}

/** "2.20" from `ccx -v` ("This is Version 2.20"). */
export function ccxVersion(ccx = "ccx"): string {
  const r = spawnSync(ccx, ["-v"], { encoding: "utf8" });
  return /Version\s+(\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? "unknown";
}

export interface CcxRun {
  /** wall time of the ccx process (s) */
  wallS: number;
  /** peak resident set (bytes), from /usr/bin/time when present */
  peakBytes: number | null;
  /** the equation solver ccx reports using (e.g. "spooles") */
  solver: string;
  /** the .dat file's text */
  dat: string;
}

/**
 * Run `ccx -i job` in dir.
 * @param threads OMP_NUM_THREADS and CCX_NPROC_EQUATION_SOLVER (default 1)
 * @throws Error with ccx's last lines when it fails or prints *ERROR
 */
export function runCcx(dir: string, job: string, threads = 1, ccx = "ccx"): CcxRun {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), CCX_NPROC_EQUATION_SOLVER: String(threads), CCX_NPROC_RESULTS: String(threads) };
  const timed = existsSync("/usr/bin/time");
  const t0 = performance.now();
  const r = timed
    ? spawnSync("/usr/bin/time", ["-f", "GRAINFEM_PEAK_KIB %M", ccx, "-i", job], { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(ccx, ["-i", job], { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 30 });
  const wallS = (performance.now() - t0) / 1000;
  const log = `${r.stdout ?? ""}\n${r.stderr ?? ""}`;
  const datFile = join(dir, `${job}.dat`);
  if (r.status !== 0 || /\*ERROR/.test(log) || !existsSync(datFile)) {
    const tail = log.split("\n").filter((l) => l.trim()).slice(-8).join("\n");
    throw new Error(`ccx -i ${job} failed (exit ${r.status}):\n${tail}`);
  }
  const kib = /GRAINFEM_PEAK_KIB (\d+)/.exec(log);
  const solver = /using the (?:symmetric |asymmetric )?(\w+) solver/i.exec(log)?.[1]?.toLowerCase()
    ?? (/spooles/i.test(log) ? "spooles" : /pastix/i.test(log) ? "pastix" : "unknown");
  return { wallS, peakBytes: kib ? Number(kib[1]) * 1024 : null, solver, dat: readFileSync(datFile, "utf8") };
}
