/**
 * Seed scale and beyond (issue #10's targets), end to end through the CLI:
 * `grainfem compare` on the paper's mesh size (100 grains, ≈ 282k tets) with
 * P2 and with P1 elements, and `grainfem run` on a ≈ 2M-tet P1 particle. Each
 * runs in its own process under /usr/bin/time for the peak resident memory;
 * VTU files and figures are switched off so the numbers are the computation
 * (mesh, assembly, 2 × 60 diffusion steps, 2 × 2 elasticity solves).
 * Every case runs twice, with one thread and with the machine's threads
 * (`solver.threads`, at most 4), for the speed-up of the shared-memory pool.
 *
 * Where the system python has dolfinx (Debian python3-dolfinx), each compare
 * case is also run in dolfinx on the same mesh and data (bench/dolfinx/:
 * exported .msh + per-grain tables, compare.py) right after grainfem, and
 * the time ratio and the agreement of the result numbers are reported.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { machineLine } from "./lib/results.js";
import { dolfinxVersion, runDolfinxCompare, type DolfinxRun } from "./dolfinx/run.js";

export interface ScaleCase { label: string; command: "compare" | "run"; order: 1 | 2; h: number; target: string }

const CASES: ScaleCase[] = [
  { label: "seed scale, P2", command: "compare", order: 2, h: 0.29, target: "≤ 60 s, ≤ 2 GB (dolfinx: 247 s, 4.4 GB)" },
  { label: "seed scale, P1", command: "compare", order: 1, h: 0.29, target: "≤ 6 s (dolfinx: ~12 s)" },
  { label: "2M-tet P1 particle (one case)", command: "run", order: 1, h: 0.15, target: "fits in wasm's 4 GiB" },
];

/**
 * `npm run bench -- dolfinx`: only the two seed-scale `compare` cases, each
 * in grainfem and then in dolfinx (≈ 10 min instead of the whole scale suite).
 */
export async function runDolfinxBench(): Promise<string> {
  return runScaleBench({
    cases: CASES.filter((c) => c.command === "compare"),
    title: "## Seed scale against dolfinx: grainfem compare and the same workload in dolfinx",
    command: "npm run bench -- dolfinx",
  });
}

/**
 * @param opts.cases other cases than the standard three (for trying the bench on small meshes)
 * @param opts.title, opts.command the section's heading and the command line it names
 */
export async function runScaleBench(opts: { cases?: ScaleCase[]; title?: string; command?: string } = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "grainfem-scale-"));
  const rows: string[] = [];
  const phases: string[] = [];
  const versus: string[] = [], versusPhases: string[] = [];
  const dolfinx = dolfinxVersion();
  // one thread, then the machine's threads (as solver.threads "auto" picks them)
  const autoThreads = Math.min(4, availableParallelism());
  const threadCounts = autoThreads > 1 ? [1, autoThreads] : [1];
  const serialWall = new Map<string, number>();
  const dolfinxNote = dolfinx ? "" : "dolfinx comparison skipped: /usr/bin/python3 cannot import dolfinx (install python3-dolfinx, docs/benchmarks.md).";
  try {
    for (const c of opts.cases ?? CASES) for (const threads of threadCounts) {
      const cfg = join(dir, `${c.order}-${c.h}-${threads}.json`);
      writeFileSync(cfg, JSON.stringify({ geometry: { grains: 100, meshSizeUm: c.h, order: c.order }, solver: { threads }, outputs: { vtu: false, figures: false } }));
      const out = join(dir, `out-${c.order}-${c.h}-${threads}`);
      const t0 = performance.now();
      const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "bin/grainfem.js", c.command, cfg, "--out", out, "--json", "--quiet", ...(c.command === "run" ? ["--checkpoint-every", "0"] : [])],
        { encoding: "utf8", maxBuffer: 1 << 28 });
      const wall = (performance.now() - t0) / 1000;
      const peakKiB = Number(r.stderr.trim().split("\n").pop());
      if (r.status !== 0) {
        rows.push(`| ${c.label} | ${threads} | – | failed (exit ${r.status}): ${r.stderr.trim().split("\n").slice(-2, -1)[0] ?? ""} | | | ${c.target} |`);
        continue;
      }
      const j = JSON.parse(r.stdout);
      const cases = c.command === "compare" ? [j.asslb, j.lelb] : [j];
      const s = cases[0];
      const sum = (k: string) => cases.reduce((acc: number, x: any) => acc + x.timingS[k], 0);
      if (threads === 1) serialWall.set(c.label, wall);
      const speedup = threads === 1 ? "1" : serialWall.has(c.label) ? `**${(serialWall.get(c.label)! / wall).toFixed(2)}×**` : "–";
      rows.push(`| ${c.label} | ${s.producer.threads} | ${s.mesh.tets.toLocaleString("en")} tets, ${s.mesh.nodes.toLocaleString("en")} nodes | ${wall.toFixed(1)} | ${speedup} | ${(peakKiB / 2 ** 20).toFixed(2)} | ` +
        `${s.solver.diffusion.itersMean.toFixed(0)} / ${s.solver.elasticity.itersMax} | ${c.target} |`);
      phases.push(`| ${c.label} | ${threads} | ${s.timingS.mesh.toFixed(1)} | ${sum("assemble").toFixed(1)} | ${sum("diffusion").toFixed(1)} | ${sum("elasticity").toFixed(1)} | ${sum("preconditionerSetup").toFixed(1)} | ${sum("total").toFixed(1)} |`);
      process.stderr.write(`scale bench: ${c.label}, ${threads} thread(s): ${wall.toFixed(1)} s, ${(peakKiB / 2 ** 20).toFixed(2)} GiB\n`);
      // dolfinx once per case, against grainfem's default (all threads; dolfinx gains nothing from a second rank here, issue #10)
      if (dolfinx && c.command === "compare" && threads === threadCounts[threadCounts.length - 1]) {
        // GRAINFEM_BENCH_KEEP=DIR keeps both codes' JSON output (DIR/<order>-<h>.{grainfem,dolfinx}.json)
        const keep = process.env.GRAINFEM_BENCH_KEEP;
        const d = await runDolfinxCompare(cfg, j, keep ? join(keep, `${c.order}-${c.h}`) : undefined);
        versusRows(c.label, s.mesh.tets, wall, peakKiB, j, d, versus, versusPhases);
        if ("skipped" in d) process.stderr.write(`scale bench: ${c.label}: dolfinx skipped: ${d.skipped}\n`);
        else process.stderr.write(`scale bench: ${c.label}: dolfinx ${d.wallS.toFixed(1)} s, ${(d.peakKiB / 2 ** 20).toFixed(2)} GiB\n`);
      }
      if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const version = execFileSync(process.execPath, ["bin/grainfem.js", "--version"], { encoding: "utf8" }).trim();
  return [
    opts.title ?? "## Seed scale and beyond: whole runs through the CLI",
    "",
    `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
    `Date: ${new Date().toISOString()}  `,
    `Command: \`${opts.command ?? "npm run bench -- scale"}\` (grainfem ${version}, release core, ${threadCounts.join(" and ")} thread(s): \`solver.threads\`)  `,
    "Config: 100 grains, defaults otherwise (1C to SOC 1, 60 steps/h, stress at SOC 0.5 and 1), VTU and figures off; peak RSS of the whole process from /usr/bin/time.",
    "",
    "| case | threads | mesh | wall (s) | speed-up over 1 thread | peak RSS (GiB) | CG its: diffusion mean / elasticity max | target |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "Where the time goes (s; both cases summed for compare; elasticity includes its preconditioner setup, which is also listed alone):",
    "",
    "| case | threads | mesh | assemble | diffusion | elasticity | of which preconditioner setup | total |",
    "|---|---|---|---|---|---|---|---|",
    ...phases,
    "",
    ...dolfinxSection(dolfinx, dolfinxNote, versus, versusPhases),
  ].join("\n");
}

/** The grainfem-vs-dolfinx rows of one compare case. */
function versusRows(label: string, tets: number, wall: number, peakKiB: number, g: any, d: DolfinxRun, rows: string[], phases: string[]): void {
  if ("skipped" in d) {
    rows.push(`| ${label} | ${tets.toLocaleString("en")} | ${wall.toFixed(1)} | ${(peakKiB / 2 ** 20).toFixed(2)} | – | – | – | – | – | ${d.skipped} |`);
    return;
  }
  const gd = [g.asslb, g.lelb], dd = [d.out.cases.asslb!, d.out.cases.lelb!];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const difG = mean(gd.map((x) => x.solver.diffusion.itersMean)), difD = mean(dd.map((x) => x.diffusion.itersMean));
  const elG = Math.max(...gd.map((x) => x.solver.elasticity.itersMax)), elD = Math.max(...dd.flatMap((x) => x.elasticity.map((e) => e.iterations)));
  const a = d.agreement;
  rows.push(`| ${label} | ${tets.toLocaleString("en")} | ${wall.toFixed(1)} | ${(peakKiB / 2 ** 20).toFixed(2)} | ${d.wallS.toFixed(1)} | ${(d.peakKiB / 2 ** 20).toFixed(2)} | ` +
    `**${(d.wallS / wall).toFixed(2)}×** | ${difD.toFixed(1)} / ${difG.toFixed(1)} | ${elD} / ${elG} | ` +
    `mean θ ${a.thetaMeanAbs.toExponential(1)}, grain θ ${a.grainThetaAbs.toExponential(1)}, σ_vM mean ${a.vonMisesMeanRel.toExponential(1)}, max ${a.vonMisesMaxRel.toExponential(1)}, grain σ_vM ${a.grainVonMisesRel.toExponential(1)} |`);
  const t = d.out.timingS;
  phases.push(`| ${label} | ${(t.read + t.setup).toFixed(1)} | ${t.jit.toFixed(1)} | ${t.assembly.toFixed(1)} | ${t.diffusion.toFixed(1)} | ${t.elasticity.toFixed(1)} | ${t.amgSetup.toFixed(1)} | ${t.post.toFixed(1)} | ${t.total.toFixed(1)} | ${d.exportS.toFixed(1)} |`);
}

function dolfinxSection(version: string | null, note: string, rows: string[], phases: string[]): string[] {
  if (!version) return ["### Against dolfinx", "", note];
  return [
    "### Against dolfinx (same mesh and data, same physics and tolerances)",
    "",
    `${version} with PETSc from Debian, run by the system python as \`bench/dolfinx/compare.py\` (single process, OMP_NUM_THREADS=1) on the mesh and per-grain tables ` +
    "grainfem exports for the same config (`bench/dolfinx/export.ts`: `.msh` + data.json), right after the grainfem run. Diffusion: CG + Jacobi from the previous step's θ; " +
    "elasticity: CG + GAMG (unsmoothed aggregation, the 6 rigid-body modes as near-nullspace, a fresh setup per solve, Chebyshev/Jacobi smoothing), 3-2-1 pins at grainfem's dofs; " +
    "both to the true relative residual 1e-8. Wall and peak RSS of the whole python process from /usr/bin/time (includes imports and any FFCx JIT compile not yet cached).",
    "",
    "| case | tets | grainfem wall (s) | grainfem peak RSS (GiB) | dolfinx wall (s) | dolfinx peak RSS (GiB) | ratio dolfinx / grainfem | CG its diffusion mean: dolfinx / grainfem | elasticity max | largest differences dolfinx − grainfem (abs. for θ, rel. for σ_vM) |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "dolfinx time by phase (s; both cases; elasticity includes its GAMG setup, also listed alone; export = grainfem writing the .msh and data, not counted):",
    "",
    "| case | read mesh + spaces | FFCx JIT | assembly | diffusion | elasticity | of which GAMG setup | statistics | total | export |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...phases,
  ];
}
