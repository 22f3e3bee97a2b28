/**
 * Threads (issue #10: "report speed-up on 2 cores"): the kernels that run on
 * the shared-memory pool, each timed on one core instance with the pool at 1
 * thread and at all of them (`poolEnable`), in interleaved rounds, on the
 * seed-scale P2 particle (100 grains, h = 0.29 µm: 287,802 tets, 400,841
 * nodes). Wall-clock medians: CPU time would count both threads. Then two
 * of them again while another process keeps one core busy, at 1 thread and
 * at all of them with the pool's adaptive spin and with two fixed ones.
 * Whole runs at 1 and 2 threads are in the scale suite.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { loadCore } from "../src/wasm/core.js";
import { meshParticle } from "../src/mesh/particle/generate.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { elasticityAmgOptions, type AmgPreconditioner } from "../src/linalg/amg.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import { createMatrix } from "../src/linalg/sparse.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";
import { fmtMs, machineLine } from "./lib/results.js";

/**
 * Median wall time (ms) of fn in each setting (a function that switches the
 * pool to it), over `rounds` interleaved rounds (after one warm-up each).
 */
function medians(settings: Array<() => void>, rounds: number, fn: () => void): number[] {
  const t: number[][] = settings.map(() => []);
  for (const set of settings) { set(); fn(); }
  for (let r = 0; r < rounds; r++) {
    settings.forEach((set, k) => {
      set();
      const t0 = performance.now();
      fn();
      t[k].push(performance.now() - t0);
    });
  }
  return t.map((x) => x.sort((a, b) => a - b)[x.length >> 1]);
}

/** The fixed spin of the pool until 2026-12-05 (assembly/parallel/pool.ts), for the rows with one core busy. */
const OLD_SPIN = 2_000_000;

/** The busy process's program: a loop that ends by itself after 10 minutes. */
const BUSY_LOOP = "const end = Date.now() + 600000; while (Date.now() < end) {}";

/**
 * Another process that keeps one core busy until killed — or for 10 minutes
 * at most, so that an interrupted bench leaves no endless loop behind.
 */
async function busyCore(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", BUSY_LOOP], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 300)); // running before the first timing
  return child;
}

export async function runThreadsBench(opts: { sizeUm?: number; rounds?: number } = {}): Promise<string> {
  const threads = Math.min(4, availableParallelism());
  if (threads < 2) return `## Threads\n\nSkipped: availableParallelism() is ${availableParallelism()}.`;
  const counts = [1, threads];
  const rounds = opts.rounds ?? 5;
  const core = await loadCore("release", { threads });
  try {
    const pm = await meshParticle({ grains: 100, sizeUm: opts.sizeUm ?? 0.29, order: 2 }, core);
    const tables = grainMaterialTables(DEFAULT_MATERIAL, pm.orientations);
    const fe = FeMesh.create(core, pm);
    const el = new ElasticitySystem(fe, tables);
    const theta = core.f64(fe.nNodes);
    for (let i = 0; i < fe.nNodes; i++) theta.view[i] = 0.5 + 0.3 * Math.sin(pm.nodes[3 * i] + 2 * pm.nodes[3 * i + 1]);
    el.assemble(theta, 1);
    const mask = core.u8(el.K.n);
    for (const d of rigidBodyPins(pm.nodes, pm.nVertices).dofs) mask.view[d] = 1;
    applyDirichlet(core, el.K, mask, null, el.f);
    const elastic = new PcgSolver(core, el.K, "amg", elasticityAmgOptions(pm, mask.copy()), { symmetric: true });
    const lines: string[] = [];
    const time = (rows: Array<[string, () => void]>) => {
      for (const [name, fn] of rows) {
        const m = medians(counts.map((T) => () => core.exports.poolEnable(T)), name.startsWith("AMG setup") || name.includes("solve") ? 3 : rounds, fn);
        core.exports.poolEnable(threads);
        lines.push(`| ${name} | ${fmtMs(m[0])} | ${fmtMs(m[1])} | **${(m[0] / m[1]).toFixed(2)}×** |`);
        process.stderr.write(`threads bench: ${name}: ${m.map(fmtMs).join(" / ")} ms\n`);
      }
    };
    // first, while the diffusion objects do not exist yet: a setup in place (the old hierarchy released
    // first) next to everything a run also holds would not fit in the 4 GiB after a few rounds
    time([
      ["AMG setup, elasticity (full)", () => { elastic.update(); }],
      ["AMG refresh of the fine level (kept hierarchy)", () => { elastic.refresh(); }],
    ]);
    const ds = new DiffusionSystem(fe, tables.D);
    ds.assemble();
    // the diffusion step matrix M/Δt + K (Δt = 60 s), as the runs solve it
    const Ad = createMatrix(core, fe.pattern, "csr");
    { const a = Ad.vals.view, k = ds.K.vals.view, m = ds.M.vals.view; for (let i = 0; i < a.length; i++) a[i] = m[i] / 60 + k[i]; }
    const diffusion = new PcgSolver(core, Ad, "jacobi", undefined, { symmetric: true });
    const xd = core.f64(Ad.n), yd = core.f64(Ad.n), xe = core.f64(el.K.n), ye = core.f64(el.K.n);
    for (let i = 0; i < Ad.n; i++) xd.view[i] = Math.sin(i);
    for (let i = 0; i < el.K.n; i++) xe.view[i] = Math.cos(i);
    const bd = core.f64(Ad.n);
    bd.view.fill(1);
    const ex = core.exports;
    const op = (s: PcgSolver) => (s as unknown as { op: number }).op;
    const amgPtr = (s: PcgSolver) => (s as unknown as { amg: AmgPreconditioner }).amg.ptr;
    const u = core.f64(el.K.n);
    for (let i = 0; i < u.length; i++) u.view[i] = 1e-3 * Math.cos(i);
    const rows: Array<[string, () => void]> = [
      [`y = A x, diffusion (symmetric CSR, ${Ad.n.toLocaleString("en")} rows)`, () => ex.operatorMultiply(op(diffusion), xd.ptr, yd.ptr)],
      [`y = K x, elasticity (symmetric BSR3, ${el.K.n.toLocaleString("en")} rows)`, () => ex.operatorMultiply(op(elastic), xe.ptr, ye.ptr)],
      ["AMG V-cycle, elasticity (Chebyshev 2 + 2)", () => ex.amgApply(amgPtr(elastic), xe.ptr, ye.ptr)],
      ["diffusion step solve: Jacobi-PCG to 1e-8 from 0", () => { yd.view.fill(0); diffusion.solve(bd, yd, { tol: 1e-8, maxIt: 5000 }); }],
      ["elasticity solve: AMG-PCG to 1e-8 from 0", () => { ye.view.fill(0); elastic.solve(el.f, ye, { tol: 1e-8, maxIt: 500 }); }],
      ["assembly, diffusion K + M (colored chunks)", () => { ds.assemble(); }],
      ["assembly, elasticity K + f (colored chunks)", () => { el.assemble(theta, 1); applyDirichlet(core, el.K, mask, null, el.f); }],
      ["stresses at the quadrature points, with their measures", () => { ex.computeStress(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, fe.tetGrain.ptr,
        (el as unknown as { C0: { ptr: number } }).C0.ptr, (el as unknown as { C1: { ptr: number } }).C1.ptr, (el as unknown as { beta: { ptr: number } }).beta.ptr,
        theta.ptr, 1, u.ptr, stress.s.ptr, stress.w.ptr, 0, stress.m.ptr); }],
    ];
    const stress = { s: core.f64(24 * fe.nTets), w: core.f64(4 * fe.nTets), m: core.f64(ex.stressMeasuresLength(fe.nTets)) };
    time(rows);

    // One core busy with another process (a shared machine, or two runs at
    // once): 1 thread, all threads with the pool's adaptive spin, with a
    // fixed short one and with the fixed 2,000,000 of before, interleaved.
    const spin = ex.poolSpin(), floor = ex.poolSpinFloor();
    const spinFor = (limit: number, floor: number) => () => { ex.poolEnable(threads); ex.poolSetSpin(limit); ex.poolSetSpinFloor(floor); };
    const busySettings: Array<() => void> = [
      () => { ex.poolEnable(1); },
      spinFor(spin, floor),
      spinFor(floor, floor),
      spinFor(OLD_SPIN, OLD_SPIN),
    ];
    const busyLines: string[] = [];
    const hog = await busyCore();
    try {
      for (const [name, fn] of rows.filter(([n]) => n.startsWith("AMG V-cycle") || n.startsWith("diffusion step solve"))) {
        const m = medians(busySettings, 3, fn);
        busyLines.push(`| ${name} | ${fmtMs(m[0])} | ${[1, 2, 3].map((k) => `${fmtMs(m[k])} (${(m[0] / m[k]).toFixed(2)}×)`).join(" | ")} |`);
        process.stderr.write(`threads bench, one core busy: ${name}: ${m.map(fmtMs).join(" / ")} ms\n`);
      }
    } finally {
      hog.kill();
      spinFor(spin, floor)();
    }
    return [
      "## Threads: the pool's kernels at 1 and " + threads + " threads",
      "",
      `Machine: ${machineLine()} (availableParallelism ${availableParallelism()})  `,
      `Date: ${new Date().toISOString()}  `,
      "Command: `npm run bench -- threads` (release core, shared-memory build; one core instance, the pool switched between 1 and " + threads + " threads, interleaved rounds, wall-clock medians)  ",
      `Mesh: seed-scale P2 particle, ${fe.nTets.toLocaleString("en")} tets, ${fe.nNodes.toLocaleString("en")} nodes, ${fe.coloring?.nColors ?? 0} chunk colors`,
      "",
      `| kernel | 1 thread (ms) | ${threads} threads (ms) | speed-up |`,
      "|---|---|---|---|",
      ...lines,
      "",
      `With one core busy: another process (\`node -e '${BUSY_LOOP}'\`) runs for the whole measurement; the same kernels on 1 thread and on ${threads} threads with the pool's adaptive spin (at most ${spin.toLocaleString("en")} iterations before a thread blocks, ${floor.toLocaleString("en")} after a wait that blocked, ${floor.toLocaleString("en")} more after each that did not), with a fixed ${floor.toLocaleString("en")}, and with the fixed ${OLD_SPIN.toLocaleString("en")} of before 2026-12-05 (docs/architecture.md, "Threads"). Speed-up over 1 thread in brackets.`,
      "",
      `| kernel | 1 thread (ms) | ${threads} threads, adaptive spin (ms) | ${threads} threads, fixed ${floor.toLocaleString("en")} (ms) | ${threads} threads, fixed ${OLD_SPIN.toLocaleString("en")} (ms) |`,
      "|---|---|---|---|---|",
      ...busyLines,
    ].join("\n");
  } finally {
    await core.dispose();
  }
}
