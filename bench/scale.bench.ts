/**
 * Seed scale and beyond (issue #10's targets), end to end through the CLI:
 * `grainfem compare` on the paper's mesh size (100 grains, ≈ 282k tets) with
 * P2 and with P1 elements, and `grainfem run` on a ≈ 2M-tet P1 particle. Each
 * runs in its own process under /usr/bin/time for the peak resident memory;
 * VTU files and figures are switched off so the numbers are the computation
 * (mesh, assembly, 2 × 60 diffusion steps, 2 × 2 elasticity solves).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { machineLine } from "./lib/results.js";

interface Case { label: string; command: "compare" | "run"; order: 1 | 2; h: number; target: string }

const CASES: Case[] = [
  { label: "seed scale, P2", command: "compare", order: 2, h: 0.29, target: "≤ 60 s, ≤ 2 GB (dolfinx: 247 s, 4.4 GB)" },
  { label: "seed scale, P1", command: "compare", order: 1, h: 0.29, target: "≤ 6 s (dolfinx: ~12 s)" },
  { label: "2M-tet P1 particle (one case)", command: "run", order: 1, h: 0.15, target: "fits in wasm's 4 GiB" },
];

export async function runScaleBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "grainfem-scale-"));
  const rows: string[] = [];
  const phases: string[] = [];
  try {
    for (const c of CASES) {
      const cfg = join(dir, `${c.order}-${c.h}.json`);
      writeFileSync(cfg, JSON.stringify({ geometry: { grains: 100, meshSizeUm: c.h, order: c.order }, outputs: { vtu: false, figures: false } }));
      const out = join(dir, `out-${c.order}-${c.h}`);
      const t0 = performance.now();
      const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "bin/grainfem.js", c.command, cfg, "--out", out, "--json", "--quiet", ...(c.command === "run" ? ["--checkpoint-every", "0"] : [])],
        { encoding: "utf8", maxBuffer: 1 << 28 });
      const wall = (performance.now() - t0) / 1000;
      const peakKiB = Number(r.stderr.trim().split("\n").pop());
      if (r.status !== 0) {
        rows.push(`| ${c.label} | – | failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-2, -1)[0] ?? ""} | | | ${c.target} |`);
        continue;
      }
      const j = JSON.parse(r.stdout);
      const cases = c.command === "compare" ? [j.asslb, j.lelb] : [j];
      const s = cases[0];
      const sum = (k: string) => cases.reduce((acc: number, x: any) => acc + x.timingS[k], 0);
      rows.push(`| ${c.label} | ${s.mesh.tets.toLocaleString("en")} tets, ${s.mesh.nodes.toLocaleString("en")} nodes | ${wall.toFixed(1)} | ${(peakKiB / 2 ** 20).toFixed(2)} | ` +
        `${s.solver.diffusion.itersMean.toFixed(0)} / ${s.solver.elasticity.itersMax} | ${c.target} |`);
      phases.push(`| ${c.label} | ${s.timingS.mesh.toFixed(1)} | ${sum("assemble").toFixed(1)} | ${sum("diffusion").toFixed(1)} | ${sum("elasticity").toFixed(1)} | ${sum("preconditionerSetup").toFixed(1)} | ${sum("total").toFixed(1)} |`);
      process.stderr.write(`scale bench: ${c.label}: ${wall.toFixed(1)} s, ${(peakKiB / 2 ** 20).toFixed(2)} GiB\n`);
      if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const version = execFileSync(process.execPath, ["bin/grainfem.js", "--version"], { encoding: "utf8" }).trim();
  return [
    "## Seed scale and beyond: whole runs through the CLI",
    "",
    `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
    `Date: ${new Date().toISOString()}  `,
    `Command: \`npm run bench -- scale\` (grainfem ${version}, release core, single thread)  `,
    "Config: 100 grains, defaults otherwise (1C to SOC 1, 60 steps/h, stress at SOC 0.5 and 1), VTU and figures off; peak RSS of the whole process from /usr/bin/time.",
    "",
    "| case | mesh | wall (s) | peak RSS (GiB) | CG its: diffusion mean / elasticity max | target |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "Where the time goes (s; both cases summed for compare; elasticity includes its preconditioner setup, which is also listed alone):",
    "",
    "| case | mesh | assemble | diffusion | elasticity | of which preconditioner setup | total |",
    "|---|---|---|---|---|---|---|",
    ...phases,
  ].join("\n");
}
