/**
 * Builds and runs the native C baselines in bench/native/ with the system gcc
 * (-O3, no -march: the wasm build is portable SIMD128 too) on arrays handed
 * over in a binary file, and reads back their mean times and result arrays
 * (compared with the wasm results by the caller). Each baseline is one C file
 * with its own main and input layout (documented at the top of the file):
 *   kernels.c    CSR / BSR3 SpMV (full and symmetric storage), Jacobi-PCG iterations
 *   assembly.c   element assembly, diffusion (K + M) and elasticity (K + f), P1 and P2
 *   amg_cycle.c  one AMG V-cycle on a hierarchy built by the wasm setup
 * When gcc is absent every runner returns `{ skipped }` instead.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export type Skipped = { skipped: string };

const HERE = fileURLToPath(new URL(".", import.meta.url));

let compilerLine: string | null | undefined;
/** First line of `gcc --version`, or null when there is no gcc (the baselines are then skipped). */
export function compiler(): string | null {
  if (compilerLine === undefined) {
    const gcc = spawnSync("gcc", ["--version"], { encoding: "utf8" });
    compilerLine = gcc.status === 0 ? gcc.stdout.split("\n")[0] : null;
  }
  return compilerLine;
}

/** Compile bench/native/<name>.c to bench/native/bin/<name> (every run: the source may have changed). */
function build(name: string): string {
  const binDir = join(HERE, "bin");
  mkdirSync(binDir, { recursive: true });
  const exe = join(binDir, name);
  execFileSync("gcc", ["-O3", "-o", exe, join(HERE, `${name}.c`), "-lm"]);
  return exe;
}

type Part = Int32Array | Float64Array;
let kept = 0;

/**
 * Write `parts` back to back into an input file, run the baseline on it and
 * parse its JSON line; `outputs` lists the lengths (f64) of the result arrays
 * it writes, returned in that order.
 */
function runBaseline<T>(name: string, parts: Part[], minMs: number, outputs: number[]): { json: T; out: Float64Array[] } {
  const exe = build(name);
  const dir = mkdtempSync(join(tmpdir(), "grainfem-native-"));
  try {
    const inFile = join(dir, "input.bin"), outFile = join(dir, "output.bin");
    writeFileSync(inFile, Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    // GRAINFEM_NATIVE_KEEP=dir: keep a copy of each input (to profile a baseline on its own: bin/<name> <dir>/<name>-<k>.bin out.bin)
    const keep = process.env.GRAINFEM_NATIVE_KEEP;
    if (keep) { mkdirSync(keep, { recursive: true }); copyFileSync(inFile, join(keep, `${name}-${++kept}.bin`)); }
    const args = outputs.length ? [inFile, outFile, String(minMs)] : [inFile, String(minMs)];
    const json = JSON.parse(execFileSync(exe, args, { encoding: "utf8", maxBuffer: 1 << 20 })) as T;
    const out: Float64Array[] = [];
    if (outputs.length) {
      const buf = readFileSync(outFile);
      const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8).slice();
      const want = outputs.reduce((s, n) => s + n, 0);
      if (all.length !== want) throw new Error(`native ${name}: ${all.length} output values, expected ${want}`);
      let o = 0;
      for (const n of outputs) { out.push(all.subarray(o, o + n)); o += n; }
    }
    return { json, out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const i32 = (...v: number[]) => new Int32Array(v);
const f64 = (...v: number[]) => new Float64Array(v);

// ---------------------------------------------------------------- kernels.c

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
  | { compiler: string; csrSpmvMs: number; bsr3SpmvMs: number; pcg10Ms: number; csrSymSpmvMs: number; bsr3SymSpmvMs: number;
      csrSum: number; bsrSum: number; pcgSum: number; csrSymSum: number; bsrSymSum: number }
  | Skipped;

export function runNativeKernels(input: NativeInput, minMs: number): NativeResult {
  const cc = compiler();
  if (!cc) return { skipped: "gcc not found" };
  const parts = [i32(input.n, input.nnz), input.rowPtr, input.colIdx, input.K, input.E, input.A, input.dinv, input.b, input.xs, input.xv];
  const { json } = runBaseline<Omit<Extract<NativeResult, { compiler: string }>, "compiler">>("kernels", parts, minMs, []);
  return { compiler: cc, ...json };
}

// ---------------------------------------------------------------- assembly.c

/** One mesh with its material tables and θ, as the core's assembleDiffusion / assembleElasticity take them. */
export interface NativeAssemblyInput {
  order: 1 | 2;
  nTets: number;
  nNodes: number;
  /** nTets × npe (VTK order) */
  conn: Int32Array;
  /** nNodes × 3 */
  coords: Float64Array;
  tetGrain: Int32Array;
  /** per grain: D 9, C0 36, C1 36, β 6 f64 */
  D: Float64Array;
  C0: Float64Array;
  C1: Float64Array;
  beta: Float64Array;
  theta: Float64Array;
  thetaRef: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
}

export type NativeAssemblyResult =
  | {
      compiler: string;
      diffusionMs: number;
      elasticityMs: number;
      /** C results: K, M (nnz), elasticity K (9 nnz, blocks row-major), f (3 nNodes) */
      K: Float64Array;
      M: Float64Array;
      Kel: Float64Array;
      f: Float64Array;
    }
  | Skipped;

export function runNativeAssembly(m: NativeAssemblyInput, minMs: number): NativeAssemblyResult {
  const cc = compiler();
  if (!cc) return { skipped: "gcc not found" };
  const nnz = m.colIdx.length, nGrains = m.D.length / 9;
  const parts = [
    i32(m.order, m.nTets, m.nNodes, nnz, nGrains), f64(m.thetaRef),
    m.conn, m.coords, m.tetGrain, m.D, m.C0, m.C1, m.beta, m.theta, m.rowPtr, m.colIdx,
  ];
  const { json, out } = runBaseline<{ diffusionMs: number; elasticityMs: number }>("assembly", parts, minMs, [nnz, nnz, 9 * nnz, 3 * m.nNodes]);
  return { compiler: cc, diffusionMs: json.diffusionMs, elasticityMs: json.elasticityMs, K: out[0], M: out[1], Kel: out[2], f: out[3] };
}

// ---------------------------------------------------------------- amg_cycle.c

/** One level of an AMG hierarchy as the core's amgApply sees it (assembly/amg/cycle.ts, AmgLevel). */
export interface NativeAmgLevel {
  /** scalar rows */
  n: number;
  /** 1 BSR3, 0 CSR, 3 symmetric CSR, 2 / 4 symmetric 3 × 3 / 6 × 6 blocks (rowPtr/colIdx/vals: the strict upper (block) triangle, diag: the diagonal (blocks)) */
  kind: number;
  lmin: number;
  lmax: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  vals: Float64Array;
  dinv: Float64Array;
  /** the smoother's inverse 3 × 3 diagonal blocks (3 n f64) when the level is smoothed by block Jacobi */
  dinvB?: Float64Array;
  /** kinds 2, 3, 4: the diagonal (blocks): b n f64, b the block size (3, 1, 6) */
  diag?: Float64Array;
  /** rows of the next level */
  nc: number;
  /** 1: P is node CSR (assembly/sparse/node-csr.ts: pRow = nodePtr, n / 3 + 1 entries; pCol one list per node), 0: CSR */
  pNodes: number;
  pRow: Int32Array;
  pCol: Int32Array;
  pVal: Float64Array;
}

export interface NativeAmgInput {
  degree: number;
  /** all levels but the coarsest */
  levels: NativeAmgLevel[];
  /** coarsest level: size and dense Cholesky factor (nCoarse² f64, row-major, lower triangle) */
  nCoarse: number;
  chol: Float64Array;
  /** the vector the cycle is applied to (n of level 0) */
  r: Float64Array;
}

export type NativeAmgResult = { compiler: string; vcycleMs: number; z: Float64Array } | Skipped;

export function runNativeAmgCycle(h: NativeAmgInput, minMs: number): NativeAmgResult {
  const cc = compiler();
  if (!cc) return { skipped: "gcc not found" };
  const parts: Part[] = [i32(h.levels.length + 1, h.degree)];
  for (const L of h.levels) {
    parts.push(i32(L.n, L.kind, L.nc, L.colIdx.length, L.pVal.length, L.pNodes), f64(L.lmin, L.lmax),
      L.rowPtr, L.colIdx, L.vals, ...(L.kind >= 2 ? [L.diag!] : []), L.dinv, i32(L.dinvB ? 1 : 0), ...(L.dinvB ? [L.dinvB] : []), L.pRow, L.pCol, L.pVal);
  }
  parts.push(i32(h.nCoarse), h.chol, h.r);
  const n0 = h.levels.length ? h.levels[0].n : h.nCoarse;
  const { json, out } = runBaseline<{ vcycleMs: number }>("amg_cycle", parts, minMs, [n0]);
  return { compiler: cc, vcycleMs: json.vcycleMs, z: out[0] };
}
