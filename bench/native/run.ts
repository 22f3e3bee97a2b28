/**
 * Builds and runs the native C baseline (bench/native/kernels.c) with the
 * system gcc (-O3) on arrays handed over in a binary file; returns its mean
 * times and result checksums, or why it was skipped (no gcc).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface NativeInput {
  n: number;
  nnz: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  /** scalar matrix values (nnz), block matrix values (9 nnz), PCG matrix (nnz) */
  K: Float64Array;
  E: Float64Array;
  A: Float64Array;
  dinv: Float64Array;
  b: Float64Array;
  xs: Float64Array;
  xv: Float64Array;
}

export type NativeResult =
  | { compiler: string; csrSpmvMs: number; bsr3SpmvMs: number; pcg10Ms: number; csrSum: number; bsrSum: number; pcgSum: number }
  | { skipped: string };

export function runNativeKernels(input: NativeInput, minMs: number): NativeResult {
  const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" });
  if (gcc.status !== 0) return { skipped: "gcc not found" };
  const here = fileURLToPath(new URL(".", import.meta.url));
  const binDir = join(here, "bin");
  mkdirSync(binDir, { recursive: true });
  const exe = join(binDir, "kernels");
  execFileSync("gcc", ["-O3", "-o", exe, join(here, "kernels.c")]);
  const dir = mkdtempSync(join(tmpdir(), "grainfem-native-"));
  try {
    const file = join(dir, "input.bin");
    const parts = [new Int32Array([input.n, input.nnz]), input.rowPtr, input.colIdx, input.K, input.E, input.A, input.dinv, input.b, input.xs, input.xv];
    writeFileSync(file, Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    const out = execFileSync(exe, [file, String(minMs)], { encoding: "utf8" });
    return { compiler: gcc.stdout.split("\n")[0], ...JSON.parse(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
