/**
 * The dolfinx side of the scale bench: export a config's mesh and data
 * (export.ts), run compare.py with the system python under /usr/bin/time,
 * and compare its timings and result numbers with grainfem's summary of the
 * same config. Skipped (with the reason) where `/usr/bin/python3 -c "import
 * dolfinx"` fails — python3-dolfinx is a large Debian package that only this
 * bench needs (docs/benchmarks.md).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exportForDolfinx } from "./export.js";

export const SYSTEM_PYTHON = "/usr/bin/python3";
const COMPARE_PY = fileURLToPath(new URL("./compare.py", import.meta.url));

/** "dolfinx 0.5.2" where the system python imports dolfinx, else null. */
export function dolfinxVersion(): string | null {
  const r = spawnSync(SYSTEM_PYTHON, ["-c", "import dolfinx; print(dolfinx.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? `dolfinx ${r.stdout.trim()}` : null;
}

/** What compare.py prints (the parts the bench reads). */
interface DolfinxSnapshot {
  soc: number;
  thetaMean: number;
  vonMisesMPa: { mean: number; max: number; std: number };
  grainThetaMean: number[];
  grainVonMisesMeanMPa: number[];
}
interface DolfinxCase {
  fluxRelDiffToGrainfem: number;
  diffusion: { steps: number; itersMean: number; itersMax: number };
  elasticity: Array<{ iterations: number; amgSetupS: number }>;
  snapshots: DolfinxSnapshot[];
}
export interface DolfinxOutput {
  producer: string;
  timingS: Record<"read" | "setup" | "jit" | "assembly" | "diffusion" | "elasticity" | "amgSetup" | "post" | "total", number>;
  peakRssKiB: number;
  /** the cases compare.py was asked for (`--cases`; both of `compare` by default) */
  cases: Partial<Record<"asslb" | "lelb", DolfinxCase>>;
}

/** Largest differences between the two codes' result numbers over the cases compare.py ran and all output SOCs. */
export interface Agreement {
  /** |mean θ_dolfinx − mean θ_grainfem| */
  thetaMeanAbs: number;
  /** max over grains of |grain mean θ difference| */
  grainThetaAbs: number;
  /** relative differences of the volume-mean and the max of von Mises */
  vonMisesMeanRel: number;
  vonMisesMaxRel: number;
  /** max over grains of the relative difference of the grain-mean von Mises */
  grainVonMisesRel: number;
}

export type DolfinxRun =
  | { skipped: string }
  | { out: DolfinxOutput; wallS: number; peakKiB: number; agreement: Agreement; exportS: number };

/** Compare compare.py's numbers with grainfem's summaries of the same cases (`compare --json`, or a run's summary by case name), over the cases dolfinx ran. */
export function agreement(d: DolfinxOutput, g: Partial<Record<"asslb" | "lelb", any>>): Agreement {
  const a: Agreement = { thetaMeanAbs: 0, grainThetaAbs: 0, vonMisesMeanRel: 0, vonMisesMaxRel: 0, grainVonMisesRel: 0 };
  for (const name of Object.keys(d.cases) as Array<"asslb" | "lelb">) {
    if (!g[name]) throw new Error(`dolfinx ran case ${name}, grainfem has no summary for it`);
    const snaps = d.cases[name]!.snapshots;
    const gs = g[name].snapshots as any[];
    if (snaps.length !== gs.length) throw new Error(`${name}: dolfinx has ${snaps.length} snapshots, grainfem ${gs.length}`);
    snaps.forEach((s, k) => {
      const r = gs[k];
      a.thetaMeanAbs = Math.max(a.thetaMeanAbs, Math.abs(s.thetaMean - r.thetaMean));
      a.vonMisesMeanRel = Math.max(a.vonMisesMeanRel, Math.abs(s.vonMisesMPa.mean / r.vonMisesMPa.mean - 1));
      a.vonMisesMaxRel = Math.max(a.vonMisesMaxRel, Math.abs(s.vonMisesMPa.max / r.vonMisesMPa.max - 1));
      (r.grains as any[]).forEach((gr, i) => {
        // a grain without tets (coarse meshes) has no mean in grainfem (NaN, null in JSON) and 0 in compare.py
        if (Number.isFinite(gr.thetaMean)) a.grainThetaAbs = Math.max(a.grainThetaAbs, Math.abs(s.grainThetaMean[i] - gr.thetaMean));
        if (gr.vonMisesMeanMPa > 0) a.grainVonMisesRel = Math.max(a.grainVonMisesRel, Math.abs(s.grainVonMisesMeanMPa[i] / gr.vonMisesMeanMPa - 1));
      });
    });
  }
  return a;
}

/**
 * Run the dolfinx twin of `grainfem compare CONFIG`.
 * @param grainfem the summary grainfem printed for the same config (`compare --json`)
 * @param keep path prefix: also write both codes' JSON to KEEP.dolfinx.json and KEEP.grainfem.json
 */
export async function runDolfinxCompare(configPath: string, grainfem: { asslb: unknown; lelb: unknown }, keep?: string): Promise<DolfinxRun> {
  const version = dolfinxVersion();
  if (!version) return { skipped: `${SYSTEM_PYTHON} cannot import dolfinx (install python3-dolfinx, see docs/benchmarks.md)` };
  const dir = mkdtempSync(join(tmpdir(), "grainfem-dolfinx-"));
  try {
    const ex = await exportForDolfinx(configPath, dir);
    const r = runComparePy(dir);
    if ("skipped" in r) return r;
    if (keep) {
      writeFileSync(`${keep}.dolfinx.json`, JSON.stringify(r.out));
      writeFileSync(`${keep}.grainfem.json`, JSON.stringify(grainfem));
    }
    return { ...r, agreement: agreement(r.out, grainfem as { asslb: any; lelb: any }), exportS: ex.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Run compare.py on DIR (mesh.msh and data.json, export.ts) for the named
 * cases: one process, one thread everywhere (OpenMP/BLAS), as grainfem's
 * single-thread runs; wall time and peak RSS of the whole python process
 * (/usr/bin/time).
 */
export function runComparePy(dir: string, cases: Array<"asslb" | "lelb"> = ["asslb", "lelb"]): { out: DolfinxOutput; wallS: number; peakKiB: number } | { skipped: string } {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", SYSTEM_PYTHON, COMPARE_PY, dir, "--cases", cases.join(",")],
    { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" } });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    const why = r.stderr.trim().split("\n").filter((l) => !l.startsWith("INFO:")).slice(-2).join(" ");
    return { skipped: `compare.py failed (exit ${r.status}): ${why}` };
  }
  const peakKiB = Number(r.stderr.trim().split("\n").pop());
  return { out: JSON.parse(r.stdout) as DolfinxOutput, wallS, peakKiB };
}
