/**
 * Particle mesher: time and peak memory versus tet count (100 grains,
 * R = 5 µm), each run in a fresh Node process on the compiled code, best of
 * `repeats` runs (the machine is shared). Reference points from the issue,
 * measured on this machine class: gmsh 4.8 (OpenCASCADE booleans + HXT) at
 * 282k tets ≈ 7.2 s and 230 MB.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { machineLine } from "./lib/results.js";

interface Run { tets: number; seconds: number; maxRssMB: number; quality: { minRadiusRatio: number; minSkewness: number; meanRadiusRatio: number; meanSkewness: number }; hUm: number }

function runChild(target: number, seed: number): Run {
  const script = fileURLToPath(new URL("./mesh-child.mjs", import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [script, String(target), String(seed)], { encoding: "utf8", maxBuffer: 1 << 20 }));
}

export async function runMeshBench(opts: { targets?: number[]; repeats?: number } = {}): Promise<string> {
  const targets = opts.targets ?? [50_000, 100_000, 282_000, 500_000, 1_000_000];
  const repeats = opts.repeats ?? 2;
  const rows: string[] = [];
  const pts: Array<[number, number]> = [];
  for (const target of targets) {
    let best: Run | null = null, peak = 0;
    for (let r = 0; r < repeats; r++) {
      const run = runChild(target, 1);
      peak = Math.max(peak, run.maxRssMB);
      if (!best || run.seconds < best.seconds) best = run;
      process.stderr.write(`mesh bench: ${target} target tets -> ${run.tets} tets, ${run.seconds.toFixed(2)} s, ${run.maxRssMB.toFixed(0)} MB\n`);
    }
    const b = best!;
    pts.push([b.tets, b.seconds]);
    rows.push(`| ${b.tets.toLocaleString("en")} | ${b.hUm.toFixed(3)} | ${b.seconds.toFixed(2)} | ${((1e6 * b.seconds) / b.tets).toFixed(1)} | ${peak.toFixed(0)} | ${b.quality.minRadiusRatio.toFixed(3)} / ${b.quality.meanRadiusRatio.toFixed(3)} | ${b.quality.minSkewness.toFixed(3)} / ${b.quality.meanSkewness.toFixed(3)} |`);
  }
  // least-squares slope of log(time) against log(tets)
  const lx = pts.map(([n]) => Math.log(n)), ly = pts.map(([, t]) => Math.log(t));
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  const slope = lx.reduce((s, x, i) => s + (x - mx) * (ly[i] - my), 0) / lx.reduce((s, x) => s + (x - mx) ** 2, 0);
  return [
    "## Particle mesher: time and memory versus size",
    "",
    `Machine: ${machineLine()}  `,
    `Date: ${new Date().toISOString()}  `,
    "Command: `npm run bench -- mesh` (compiled code, fresh process per run, best of " + repeats + " runs; peak RSS of the whole Node process)  ",
    "Case: 100 grains, R = 5 µm, seed 1, `targetTets` as listed; P1 (the P2 lift adds < 0.1 s).  ",
    "Reference (issue #9, this machine class): gmsh 4.8 pipeline ≈ 7.2 s and 230 MB at 282k tets.",
    "",
    "| tets | h (µm) | seconds | µs / tet | peak RSS (MB) | radius ratio min / mean | skewness min / mean |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Growth: time ∝ tets^${slope.toFixed(2)} (log-log fit over the sizes above; 1 = linear).`,
  ].join("\n");
}
