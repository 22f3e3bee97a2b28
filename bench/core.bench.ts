/**
 * Core kernels, wasm (release build) vs the same algorithms in plain
 * TypeScript: P2 element assembly (diffusion, elasticity), CSR and BSR3 SpMV,
 * and Jacobi-PCG iterations, on a P2 box mesh with > 1M nonzeros.
 */
import { Bench } from "tinybench";
import { loadCore } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { spmv } from "../src/linalg/sparse.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";
import { assembleDiffusionP2Ts, assembleElasticityP2Ts, type MeshArrays } from "./reference/assembly.js";
import { bsr3SpmvTs, csrSpmvTs, pcgIterationTs, type PcgState } from "./reference/sparse.js";
import { runNativeKernels } from "./native/run.js";
import { fmtMs, machineLine, taskStats } from "./lib/results.js";

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

export async function runCoreBench(opts: { cells?: number; timeMs?: number } = {}): Promise<string> {
  const cells = opts.cells ?? 17;
  const core = await loadCore("release");
  const mesh = toQuadratic(core, boxMesh({ n: [cells, cells, cells], size: [4, 4, 4], jitter: 0.2 }));
  const nGrains = 8;
  mesh.nGrains = nGrains;
  for (let t = 0; t < mesh.tetGrain.length; t++) mesh.tetGrain[t] = t % nGrains;
  const quats: number[] = [];
  for (let g = 0; g < nGrains; g++) quats.push(Math.cos(g), Math.sin(g) * 0.6, Math.sin(g) * 0.64, Math.sin(g) * 0.48);
  const tables = grainMaterialTables(DEFAULT_MATERIAL, quats);
  const fe = FeMesh.create(core, mesh);
  const diff = new DiffusionSystem(fe, tables.D);
  const el = new ElasticitySystem(fe, tables);
  const theta = core.fromF64(Array.from({ length: fe.nNodes }, (_, i) => 0.5 + 0.4 * Math.sin(0.01 * i)));
  diff.assemble();
  el.assemble(theta, 1);

  const m: MeshArrays = {
    nTets: fe.nTets, conn: mesh.tets, coords: mesh.nodes, tetGrain: mesh.tetGrain,
    rowPtr: fe.pattern.rowPtr.copy(), colIdx: fe.pattern.colIdx.copy(),
  };
  const nnz = fe.pattern.nnz, n = fe.nNodes;
  const Kt = new Float64Array(nnz), Mt = new Float64Array(nnz), Ket = new Float64Array(9 * nnz), ft = new Float64Array(3 * n);
  const thetaJs = theta.copy();
  assembleDiffusionP2Ts(m, tables.D, Kt, Mt);
  assembleElasticityP2Ts(m, tables.C0, tables.C1, tables.beta, thetaJs, 1, Ket, ft);
  const agreement = {
    diffusion: Math.max(maxRelDiff(Kt, diff.K.vals.view), maxRelDiff(Mt, diff.M.vals.view)),
    elasticity: Math.max(maxRelDiff(Ket, el.K.vals.view), maxRelDiff(ft, el.f.view)),
  };

  // SpMV operands
  const xs = core.fromF64(Array.from({ length: n }, (_, i) => Math.cos(i))), ys = core.f64(n);
  const xv = core.fromF64(Array.from({ length: 3 * n }, (_, i) => Math.cos(i))), yv = core.f64(3 * n);
  const xsJs = xs.copy(), ysJs = new Float64Array(n), xvJs = xv.copy(), yvJs = new Float64Array(3 * n);
  const Kvals = diff.K.vals.copy(), Evals = el.K.vals.copy();

  // PCG: A = M/dt + K (the diffusion step matrix), 10 iterations from x = 0
  const A = diff.K;
  { const a = A.vals.view, mm = diff.M.vals.view; for (let i = 0; i < a.length; i++) a[i] += mm[i] / 60; }
  const Avals = A.vals.copy();
  // the PCG matrix in a block of its own: the assembly tasks below re-assemble diff.K in place
  const Aw = core.fromF64(Avals);
  diff.assemble();
  const ex = core.exports;
  const op = ex.operatorCreate(ex.OP_CSR.value, n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, Aw.ptr);
  const dinv = core.f64(n);
  ex.csrDiagonal(n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, Aw.ptr, dinv.ptr);
  { const d = dinv.view; for (let i = 0; i < n; i++) d[i] = 1 / d[i]; }
  const pc = ex.preconditionerCreate(ex.PC_JACOBI.value, n, dinv.ptr);
  const b = core.fromF64(Array.from({ length: n }, (_, i) => Math.sin(i))), x = core.f64(n), stats = core.f64(4);
  const dinvJs = dinv.copy(), bJs = b.copy();
  const ITS = 10;
  const pcgTs = () => {
    const s: PcgState = { x: new Float64Array(n), r: bJs.slice(), z: new Float64Array(n), p: new Float64Array(n), q: new Float64Array(n), dinv: dinvJs, rz: 0 };
    csrSpmvTs(n, m.rowPtr, m.colIdx, Avals, s.x, s.q); // initial residual b − A·0, as the core does
    for (let i = 0; i < n; i++) { s.r[i] = bJs[i] - s.q[i]; s.z[i] = dinvJs[i] * s.r[i]; s.p[i] = s.z[i]; s.rz += s.r[i] * s.z[i]; }
    for (let k = 0; k < ITS; k++) pcgIterationTs(n, m.rowPtr, m.colIdx, Avals, s);
  };

  const bench = new Bench({ time: opts.timeMs ?? 1500, warmupTime: 200, iterations: 5 });
  bench
    .add("wasm: assemble diffusion P2 (K + M)", () => { diff.assemble(); })
    .add("ts: assemble diffusion P2 (K + M)", () => assembleDiffusionP2Ts(m, tables.D, Kt, Mt))
    .add("wasm: assemble elasticity P2 (K + f)", () => { el.assemble(theta, 1); })
    .add("ts: assemble elasticity P2 (K + f)", () => assembleElasticityP2Ts(m, tables.C0, tables.C1, tables.beta, thetaJs, 1, Ket, ft))
    .add("wasm: CSR SpMV", () => spmv(core, diff.K, xs, ys))
    .add("ts: CSR SpMV", () => csrSpmvTs(n, m.rowPtr, m.colIdx, Kvals, xsJs, ysJs))
    .add("wasm: BSR3 SpMV", () => spmv(core, el.K, xv, yv))
    .add("ts: BSR3 SpMV", () => bsr3SpmvTs(n, m.rowPtr, m.colIdx, Evals, xvJs, yvJs))
    .add(`wasm: ${ITS} Jacobi-PCG iterations`, () => { x.view.fill(0); ex.pcg(op, pc, b.ptr, x.ptr, 1e-30, ITS, stats.ptr, 0); })
    .add(`ts: ${ITS} Jacobi-PCG iterations`, pcgTs);
  await bench.run();

  const rows: string[] = [];
  const pairs = [
    ["assemble diffusion P2 (K + M)", `${fe.nTets} tets`],
    ["assemble elasticity P2 (K + f)", `${fe.nTets} tets`],
    ["CSR SpMV", `${nnz.toLocaleString("en")} nnz`],
    ["BSR3 SpMV", `${(9 * nnz).toLocaleString("en")} nnz (${nnz.toLocaleString("en")} blocks)`],
    [`${ITS} Jacobi-PCG iterations`, `${n.toLocaleString("en")} unknowns, ${nnz.toLocaleString("en")} nnz`],
  ];
  for (const [name, size] of pairs) {
    const w = taskStats(bench, `wasm: ${name}`), t = taskStats(bench, `ts: ${name}`);
    rows.push(`| ${name} | ${size} | ${fmtMs(w.mean)} ± ${w.rme.toFixed(1)}% | ${fmtMs(t.mean)} ± ${t.rme.toFixed(1)}% | **${(t.mean / w.mean).toFixed(2)}×** |`);
  }
  // the same kernels in C (gcc -O3), on the same arrays, in the same process's bench run
  const native = runNativeKernels({ n, nnz, rowPtr: m.rowPtr, colIdx: m.colIdx, K: Kvals, E: Evals, A: Avals, dinv: dinvJs, b: bJs, xs: xsJs, xv: xvJs }, opts.timeMs ?? 1500);
  let nativeRows: string[] = [];
  if ("skipped" in native) nativeRows = [`Native C baseline skipped: ${native.skipped}.`];
  else {
    spmv(core, diff.K, xs, ys);
    spmv(core, el.K, xv, yv);
    x.view.fill(0);
    ex.pcg(op, pc, b.ptr, x.ptr, 1e-30, ITS, stats.ptr, 0);
    const sq = (v: Float64Array) => v.reduce((acc, t) => acc + t * t, 0);
    const check = [[sq(ys.view), native.csrSum], [sq(yv.view), native.bsrSum], [sq(x.view), native.pcgSum]].map(([w, c]) => Math.abs(w - c) / Math.abs(c));
    const cRows: Array<[string, string, number]> = [
      ["CSR SpMV", `${nnz.toLocaleString("en")} nnz`, native.csrSpmvMs],
      ["BSR3 SpMV", `${nnz.toLocaleString("en")} blocks`, native.bsr3SpmvMs],
      [`${ITS} Jacobi-PCG iterations`, `${n.toLocaleString("en")} unknowns`, native.pcg10Ms],
    ];
    nativeRows = [
      "",
      "### The same kernels in C (gcc -O3), same arrays, same run",
      "",
      `Source: \`bench/native/kernels.c\` (${native.compiler}, \`gcc -O3\`; no -march, like the wasm's portable SIMD128). Results agree with the wasm kernels (relative difference of ‖y‖²): CSR ${check[0].toExponential(1)}, BSR3 ${check[1].toExponential(1)}, PCG ${check[2].toExponential(1)}.`,
      "",
      "| kernel | size | wasm (ms) | C -O3 (ms) | wasm / C |",
      "|---|---|---|---|---|",
      ...cRows.map(([name, size, cMs]) => {
        const w = taskStats(bench, `wasm: ${name}`);
        return `| ${name} | ${size} | ${fmtMs(w.mean)} | ${fmtMs(cMs)} | **${(w.mean / cMs).toFixed(2)}×** |`;
      }),
      "",
      "Element assembly and the AMG V-cycle have no C counterpart yet.",
    ];
  }
  for (const a of [xs, ys, xv, yv, dinv, b, x, stats, theta, Aw]) a.free();
  ex.free(op);
  ex.free(pc);
  return [
    "## Core kernels: wasm vs plain TypeScript",
    "",
    `Machine: ${machineLine()}  `,
    `Date: ${new Date().toISOString()}  `,
    `Command: \`npm run bench -- core\`  `,
    `Mesh: P2 box, ${cells}³ cells × 6 tets = ${fe.nTets} tets, ${n} nodes; wasm release build (-O3, unchecked, SIMD).  `,
    `Agreement before timing (max relative difference TS vs wasm): diffusion ${agreement.diffusion.toExponential(1)}, elasticity ${agreement.elasticity.toExponential(1)}.`,
    "",
    "| kernel | size | wasm (ms) | plain TS (ms) | TS / wasm |",
    "|---|---|---|---|---|",
    ...rows,
    ...nativeRows,
  ].join("\n");
}
