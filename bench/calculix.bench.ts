/**
 * grainfem against CalculiX (ccx) on the same P2/C3D10 particle mesh and the
 * same physics (bench/calculix/): θ by ccx's transient heat transfer,
 * stress by ccx's static analysis with the eigenstrain as *EXPANSION, compared
 * field by field (bench/calculix/compare.ts) and timed end to end and per
 * phase. grainfem runs in this process (release core, one thread, mesh
 * given); ccx runs as a child process under /usr/bin/time with
 * OMP_NUM_THREADS=1 (and once with 2 threads on the smaller meshes).
 * Skipped with a message when ccx is not installed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machineLine } from "./lib/results.js";
import { ccxVersion, findCcx, runCcx } from "./calculix/ccx.js";
import { runCalculixCase, type CalculixCaseResult } from "./calculix/case.js";
import { loadCore, type Core } from "../src/wasm/core.js";
import { writeDolfinxInputs } from "./dolfinx/export.js";
import { agreement, dolfinxVersion, runComparePy } from "./dolfinx/run.js";

interface Size { grains: number; h: number; twoThreads: boolean }

/** the paper's 100 grains at three mesh sizes ccx finishes in minutes (≈ 3k, 8k, 15k P2 tets) */
const SIZES: Size[] = [
  { grains: 100, h: 1.4, twoThreads: true },
  { grains: 100, h: 1.0, twoThreads: false },
  { grains: 100, h: 0.8, twoThreads: false },
];

/** a relative difference as a percentage; tiny ones (solver-tolerance level) in E notation */
const pct = (x: number) => (100 * x >= 1e-3 ? `${(100 * x).toFixed(3)} %` : `${(100 * x).toExponential(1)} %`);
const s1 = (x: number) => x.toFixed(1);
const mib = (b: number | null) => (b === null ? "–" : (b / 2 ** 20).toFixed(0));

export async function runCalculixBench(sizes = SIZES): Promise<string> {
  const title = "## grainfem vs CalculiX: same mesh, same physics";
  const ccx = findCcx();
  if (!ccx) {
    const msg = "ccx not found on PATH (Debian package calculix-ccx): suite skipped.";
    console.error(`calculix bench: ${msg}`);
    return `${title}\n\n${msg}`;
  }
  const version = ccxVersion(ccx);
  // dolfinx on the same meshes where the system python has it (issue 10): the case ccx runs, in one process
  const dolfinx = dolfinxVersion();
  const core = await loadCore("release");
  const agreeRows: string[] = [], timeRows: string[] = [], memRows: string[] = [], dolfinxRows: string[] = [];
  let solver = "unknown";
  for (const z of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "grainfem-ccx-"));
    try {
      process.stderr.write(`calculix bench: ${z.grains} grains, h = ${z.h} µm …\n`);
      const r: CalculixCaseResult = await runCalculixCase({ config: { geometry: { grains: z.grains, seed: 1, meshSizeUm: z.h } }, dir, ccxTheta: true, core });
      solver = r.heat.solver;
      const size = `${r.mesh.tets.toLocaleString("en")} tets, ${r.mesh.nodes.toLocaleString("en")} nodes, ${z.grains} grains`;
      const oor = r.grainfem.result.summary.thetaOutOfRange;
      for (const [k, s] of r.snapshots.entries()) {
        const snap = r.grainfem.result.summary.snapshots[k];
        agreeRows.push(`| ${size} | ${s.soc} | ${snap.thetaMin.toFixed(2)} (run: ${oor.nodes} nodes left [0, 1]) | ${pct(s.theta.relL2)} | ${pct(s.theta.relL2OfChange)} | ${s.theta.maxAbs.toFixed(4)} | ` +
          `${pct(s.stress.vonMisesRelL2)} | ${pct(s.stress.tensorRelL2)} | ${pct(s.stressChain!.vonMisesRelL2)} | ${s.stress.vonMisesMeanOurs.toFixed(1)} / ${s.stressChain!.vonMisesMeanTheirs.toFixed(1)} |`);
      }
      const g = r.grainfem;
      const ccxTotal = r.heat.wallS + r.static.wallS;
      let two = "–";
      if (z.twoThreads) {
        const h2 = runCcx(dir, "heat", 2), st2 = runCcx(dir, "static", 2);
        two = `${s1(h2.wallS)} + ${s1(st2.wallS)} = ${s1(h2.wallS + st2.wallS)}`;
      }
      timeRows.push(`| ${size} | ${g.wallS.toFixed(2)} | ${g.diffusionS.toFixed(2)} | ${g.elasticityS.toFixed(2)} | ${s1(r.heat.wallS)} | ${s1(r.static.wallS)} | ${s1(ccxTotal)} | ` +
        `${(ccxTotal / g.wallS).toFixed(1)}× | ${(r.heat.wallS / g.diffusionS).toFixed(1)}× | ${(r.static.wallS / g.elasticityS).toFixed(1)}× | ${two} |`);
      memRows.push(`| ${size} | ${mib(r.heat.peakBytes)} | ${mib(r.static.peakBytes)} |`);
      if (dolfinx) dolfinxRows.push(dolfinxRow(size, r, join(dir, "dolfinx"), core));
      process.stderr.write(`calculix bench: grainfem ${g.wallS.toFixed(1)} s, ccx ${s1(r.heat.wallS)} + ${s1(r.static.wallS)} s\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return [
    title,
    "",
    `Machine: ${machineLine()}  `,
    `Date: ${new Date().toISOString()}  `,
    `Command: \`npm run bench -- calculix\` (CalculiX ccx ${version}, Debian package calculix-ccx; equation solver: ${solver}; grainfem release core, single thread)  `,
    "Case: seeded particle (seed 1, R = 5 µm, P2 = C3D10), default physics: 1C charge to SOC 1, 60 backward-Euler steps per hour, ASSLB (66.7 % of the surface grains reactive), outputs at SOC 0.5 and 1. Method and decks: docs/calculix.md, bench/calculix/.",
    "",
    "Agreement. θ: nodal L2 difference relative to ‖θ‖ and to ‖θ − θ0‖, and the largest nodal difference. Stress: per-tet mean of the 4 Gauss-point stress tensors (same rule in both codes), volume-weighted L2 difference of its von Mises value (σ_vM) and of the tensor, relative to grainfem's; \"ccx static on grainfem's θ\" isolates the elasticity, \"whole chain\" feeds ccx's own θ to the static deck.",
    "",
    "| mesh | SOC | grainfem min θ | θ rel. L2 | θ rel. L2 of change | θ max abs diff | σ_vM rel. L2 (static on grainfem's θ) | σ tensor rel. L2 (same) | σ_vM rel. L2, whole chain in ccx | mean σ_vM MPa grainfem / ccx chain |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...agreeRows,
    "",
    "Wall time (s). grainfem: runSimulation in this process on the prepared mesh (assembly, 60 diffusion steps, 2 elasticity solves with AMG setup, post-processing; meshing excluded, as ccx gets the mesh); diffusion and elasticity are its phase timers. ccx: the whole process (`ccx -i job`: reading the deck, assembly, SPOOLES factorizations, output) for the heat-transfer deck and the static deck; OMP_NUM_THREADS=1.",
    "",
    "| mesh | grainfem end to end | grainfem diffusion | grainfem elasticity | ccx heat transfer | ccx static | ccx total | ratio end to end (ccx / grainfem) | ratio diffusion | ratio elasticity | ccx with 2 threads: heat + static = total |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...timeRows,
    "",
    "ccx peak resident memory (MiB, /usr/bin/time):",
    "",
    "| mesh | heat transfer | static |",
    "|---|---|---|",
    ...memRows,
    "",
    ...(dolfinx
      ? [
        `### dolfinx on the same meshes (${dolfinx})`,
        "",
        "The same case (ASSLB, 60 steps, stresses at SOC 0.5 and 1) on each mesh above, exported as `.msh` with its per-grain data (`bench/dolfinx/export.ts`, the mesh object grainfem ran on) and run by `bench/dolfinx/compare.py --cases asslb` with the system python in one process (OMP_NUM_THREADS=1): CG + Jacobi for the diffusion from the previous step's θ, CG + GAMG (unsmoothed aggregation, rigid-body near-nullspace) for the elasticity, both to the true relative residual 1e-8 (docs/benchmarks.md). dolfinx wall: the whole python process (imports, FFCx JIT, mesh read); its solve phases: function spaces and constraints, assembly, diffusion, elasticity (GAMG setup included) and post-processing by its own timers (imports, FFCx JIT and the mesh read left out). grainfem: as in the table above (runSimulation on the prepared mesh, one thread).",
        "",
        "| mesh | grainfem end to end (s) | dolfinx wall (s) | dolfinx solve phases (s) | ratio dolfinx wall / grainfem | ratio solve phases / grainfem | dolfinx peak RSS (MiB) | CG its diffusion mean: dolfinx / grainfem | elasticity max | largest differences dolfinx − grainfem (abs. for θ, rel. for σ_vM) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        ...dolfinxRows,
      ]
      : ["dolfinx: the system python cannot import dolfinx (python3-dolfinx, docs/benchmarks.md): the same meshes were not run in dolfinx."]),
  ].join("\n");
}

/** Run the case of `r` on its mesh in dolfinx and format its row (or why it was skipped). */
function dolfinxRow(size: string, r: CalculixCaseResult, dir: string, core: Core): string {
  writeDolfinxInputs(core, r.config, r.particle, dir, `bench/calculix.bench.ts: ${size}`, { asslb: r.config });
  const d = runComparePy(dir, ["asslb"]);
  const g = r.grainfem.result.summary;
  if ("skipped" in d) return `| ${size} | ${r.grainfem.wallS.toFixed(2)} | – | – | – | – | – | – | – | ${d.skipped} |`;
  const c = d.out.cases.asslb!;
  const t = d.out.timingS;
  const phases = t.setup + t.assembly + t.diffusion + t.elasticity + t.post;
  const a = agreement(d.out, { asslb: g });
  const e = (x: number) => x.toExponential(1);
  return `| ${size} | ${r.grainfem.wallS.toFixed(2)} | ${d.wallS.toFixed(1)} | ${phases.toFixed(1)} | ${(d.wallS / r.grainfem.wallS).toFixed(1)}× | ${(phases / r.grainfem.wallS).toFixed(1)}× | ` +
    `${(d.peakKiB / 1024).toFixed(0)} | ${c.diffusion.itersMean.toFixed(1)} / ${g.solver.diffusion.itersMean.toFixed(1)} | ` +
    `${Math.max(...c.elasticity.map((x) => x.iterations))} / ${g.solver.elasticity.itersMax} | ` +
    `mean θ ${e(a.thetaMeanAbs)}, grain θ ${e(a.grainThetaAbs)}, σ_vM mean ${e(a.vonMisesMeanRel)}, max ${e(a.vonMisesMaxRel)}, grain σ_vM ${e(a.grainVonMisesRel)} |`;
}
