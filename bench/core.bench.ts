/**
 * Core kernels, wasm (release build) vs the same algorithms in plain
 * TypeScript: P2 element assembly (diffusion, elasticity), CSR and BSR3 SpMV,
 * and Jacobi-PCG iterations, on a P2 box mesh with > 1M nonzeros; then the
 * same kernels plus P1 assembly and the AMG V-cycle against C (gcc -O3,
 * bench/native/) on the same arrays, in the same run. The P1 box has twice
 * the cells per side, so both meshes have the same nodes.
 */
import { Bench } from "tinybench";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { loadCore } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { createMatrix, spmv } from "../src/linalg/sparse.js";
import { AmgPreconditioner, elasticityAmgOptions } from "../src/linalg/amg.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import type { TetMesh } from "../src/mesh/types.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";
import { assembleDiffusionP2Ts, assembleElasticityP2Ts, type MeshArrays } from "./reference/assembly.js";
import { bsr3SpmvTs, csrSpmvTs, pcgIterationTs, type PcgState } from "./reference/sparse.js";
import { compiler as nativeCompiler, runNativeAmgCycle, runNativeAssembly, runNativeKernels, type NativeAssemblyResult } from "./native/run.js";
import { readAmgHierarchy } from "./lib/amg-hierarchy.js";
import { fmtMs, machineLine, taskStats } from "./lib/results.js";

/**
 * A synchronous full collection, so no concurrent GC work (Node's helper
 * threads count in process.cpuUsage) is pending from the large JS buffers
 * the C hand-over creates. The flag only exposes `gc`; it changes no GC policy.
 */
const fullGc: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

/**
 * Median CPU time (user + system of the process, ms) per call of `fn` over at
 * least `minMs` of wall time and 5 calls, after one warm-up call: the same
 * statistic the C baselines report (common.h, TIME). On a shared machine
 * wall time counts the slices other processes take; CPU time does not (it
 * still counts any of Node's helper threads that run meanwhile, which can
 * only make wasm look slower).
 */
function cpuMedian(fn: () => void, minMs: number): number {
  fullGc();
  fn();
  const t: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || t.length < 5) {
    const a = process.cpuUsage();
    fn();
    const d = process.cpuUsage(a);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  const k = t.length >> 1;
  return t.length % 2 ? t[k] : 0.5 * (t[k - 1] + t[k]);
}

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
  const nGrains = 8;
  const withGrains = (m: TetMesh): TetMesh => {
    m.nGrains = nGrains;
    for (let t = 0; t < m.tetGrain.length; t++) m.tetGrain[t] = t % nGrains;
    return m;
  };
  const mesh = withGrains(toQuadratic(core, boxMesh({ n: [cells, cells, cells], size: [4, 4, 4], jitter: 0.2 })));
  const quats: number[] = [];
  for (let g = 0; g < nGrains; g++) quats.push(Math.cos(g), Math.sin(g) * 0.6, Math.sin(g) * 0.64, Math.sin(g) * 0.48);
  const tables = grainMaterialTables(DEFAULT_MATERIAL, quats);
  const fe = FeMesh.create(core, mesh);
  const diff = new DiffusionSystem(fe, tables.D);
  const el = new ElasticitySystem(fe, tables);
  const thetaOf = (nNodes: number) => Array.from({ length: nNodes }, (_, i) => 0.5 + 0.4 * Math.sin(0.01 * i));
  const theta = core.fromF64(thetaOf(fe.nNodes));
  diff.assemble();
  el.assemble(theta, 1);
  // P1 box with the same nodes (2 × cells per side)
  const mesh1 = withGrains(boxMesh({ n: [2 * cells, 2 * cells, 2 * cells], size: [4, 4, 4], jitter: 0.2 }));
  const fe1 = FeMesh.create(core, mesh1);
  const diff1 = new DiffusionSystem(fe1, tables.D);
  const el1 = new ElasticitySystem(fe1, tables);
  const theta1 = core.fromF64(thetaOf(fe1.nNodes));
  diff1.assemble();
  el1.assemble(theta1, 1);

  // AMG hierarchy of the P2 elasticity matrix, 3-2-1 pinned (SPD), on a copy: the tasks below re-assemble el.K
  const Kamg = createMatrix(core, fe.pattern, "bsr3");
  Kamg.vals.set(el.K.vals.view);
  const pinned = core.u8(Kamg.n), rhsDummy = core.f64(Kamg.n);
  for (const d of rigidBodyPins(mesh.nodes, mesh.nVertices).dofs) pinned.view[d] = 1;
  applyDirichlet(core, Kamg, pinned, null, rhsDummy);
  const amg = new AmgPreconditioner(core, Kamg, elasticityAmgOptions(mesh, pinned.copy()));
  const amgStats = amg.stats!;
  const rAmg = core.fromF64(Array.from({ length: Kamg.n }, (_, i) => (pinned.view[i] ? 0 : Math.sin(0.37 * i)))), zAmg = core.f64(Kamg.n);

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
  // the same kernels in C (gcc -O3), on the same arrays, in the same bench run
  const timeMs = opts.timeMs ?? 1500;
  // the matrices stored by diagonal and upper triangle, as the solvers use them (PcgStorage.symmetric)
  const nu = ex.patternUpperCount(n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr);
  const sym = { ur: core.i32(n + 1), uc: core.i32(nu), dS: core.f64(n), uS: core.f64(nu), dB: core.f64(9 * n), uB: core.f64(9 * nu) };
  ex.csrExtractUpper(n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, diff.K.vals.ptr, sym.dS.ptr, sym.ur.ptr, sym.uc.ptr, sym.uS.ptr);
  ex.bsr3ExtractUpper(n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, el.K.vals.ptr, sym.dB.ptr, sym.ur.ptr, sym.uc.ptr, sym.uB.ptr);
  const wasmFns: Array<[string, () => void]> = [
    ["assemble diffusion P1 (K + M)", () => { diff1.assemble(); }],
    ["assemble diffusion P2 (K + M)", () => { diff.assemble(); }],
    ["assemble elasticity P1 (K + f)", () => { el1.assemble(theta1, 1); }],
    ["assemble elasticity P2 (K + f)", () => { el.assemble(theta, 1); }],
    ["CSR SpMV", () => spmv(core, diff.K, xs, ys)],
    ["BSR3 SpMV", () => spmv(core, el.K, xv, yv)],
    ["CSR SpMV, symmetric storage", () => ex.csrSymSpmv(n, sym.dS.ptr, sym.ur.ptr, sym.uc.ptr, sym.uS.ptr, xs.ptr, ys.ptr)],
    ["BSR3 SpMV, symmetric storage", () => ex.bsr3SymSpmv(n, sym.dB.ptr, sym.ur.ptr, sym.uc.ptr, sym.uB.ptr, xv.ptr, yv.ptr)],
    [`${ITS} Jacobi-PCG iterations`, () => { x.view.fill(0); ex.pcg(op, pc, b.ptr, x.ptr, 1e-30, ITS, stats.ptr, 0); }],
    ["AMG V-cycle", () => ex.amgApply(amg.ptr, rAmg.ptr, zAmg.ptr)],
  ];
  const assemblyInput = (f: FeMesh, mm: TetMesh, th: Float64Array) => ({
    order: f.order, nTets: f.nTets, nNodes: f.nNodes, conn: mm.tets, coords: mm.nodes, tetGrain: mm.tetGrain,
    D: tables.D, C0: tables.C0, C1: tables.C1, beta: tables.beta, theta: th, thetaRef: 1,
    rowPtr: f.pattern.rowPtr.copy(), colIdx: f.pattern.colIdx.copy(),
  });
  const asmIn1 = assemblyInput(fe1, mesh1, theta1.copy()), asmIn2 = assemblyInput(fe, mesh, theta.copy());
  // the AMG hierarchy the wasm setup built, read back from core memory
  const hier = readAmgHierarchy(core, amg.ptr);
  const sizes = [...hier.levels.map((L) => L.n), hier.nCoarse];
  if (sizes.join() !== amgStats.rows.join()) throw new Error(`AMG hierarchy read back as ${sizes.join(" → ")}, setup reports ${amgStats.rows.join(" → ")} (AmgLevel layout changed?)`);
  const kernelsIn = { n, nnz, rowPtr: m.rowPtr, colIdx: m.colIdx, K: Kvals, E: Evals, A: Avals, dinv: dinvJs, b: bJs, xs: xsJs, xv: xvJs };

  // Interleaved rounds: every wasm kernel (CPU-time median, this process), then every C
  // baseline (same statistic, its own process); each side keeps its best round, so a
  // burst of load from other processes during one side's window does not decide a ratio.
  const ROUNDS = 3, roundMs = timeMs / ROUNDS;
  const wasmCpu: Record<string, number> = {}, cCpu: Record<string, number> = {};
  const keepBest = (t: Record<string, number>, k: string, v: number) => { t[k] = Math.min(t[k] ?? Infinity, v); };
  let native: ReturnType<typeof runNativeKernels> = { skipped: "gcc not found" };
  let asm1: NativeAssemblyResult = native, asm2: NativeAssemblyResult = native;
  let vc: ReturnType<typeof runNativeAmgCycle> = native;
  for (let round = 0; round < ROUNDS && nativeCompiler() !== null; round++) {
    for (const [name, fn] of wasmFns) keepBest(wasmCpu, name, cpuMedian(fn, roundMs));
    native = runNativeKernels(kernelsIn, roundMs);
    asm1 = runNativeAssembly(asmIn1, roundMs);
    asm2 = runNativeAssembly(asmIn2, roundMs);
    vc = runNativeAmgCycle({ ...hier, r: rAmg.copy() }, roundMs);
    if ("skipped" in native || "skipped" in asm1 || "skipped" in asm2 || "skipped" in vc) break;
    keepBest(cCpu, "assemble diffusion P1 (K + M)", asm1.diffusionMs);
    keepBest(cCpu, "assemble diffusion P2 (K + M)", asm2.diffusionMs);
    keepBest(cCpu, "assemble elasticity P1 (K + f)", asm1.elasticityMs);
    keepBest(cCpu, "assemble elasticity P2 (K + f)", asm2.elasticityMs);
    keepBest(cCpu, "CSR SpMV", native.csrSpmvMs);
    keepBest(cCpu, "BSR3 SpMV", native.bsr3SpmvMs);
    keepBest(cCpu, "CSR SpMV, symmetric storage", native.csrSymSpmvMs);
    keepBest(cCpu, "BSR3 SpMV, symmetric storage", native.bsr3SymSpmvMs);
    keepBest(cCpu, `${ITS} Jacobi-PCG iterations`, native.pcg10Ms);
    keepBest(cCpu, "AMG V-cycle", vc.vcycleMs);
  }
  let nativeRows: string[] = [];
  if ("skipped" in native || "skipped" in asm1 || "skipped" in asm2 || "skipped" in vc) {
    nativeRows = ["", `Native C baseline skipped: ${"skipped" in native ? native.skipped : "gcc not found"}.`];
  } else {
    // agreement: the last round's C results against the wasm results of the same inputs
    spmv(core, diff.K, xs, ys);
    spmv(core, el.K, xv, yv);
    x.view.fill(0);
    ex.pcg(op, pc, b.ptr, x.ptr, 1e-30, ITS, stats.ptr, 0);
    const sq = (v: Float64Array) => v.reduce((acc, t) => acc + t * t, 0);
    const check = [[sq(ys.view), native.csrSum], [sq(yv.view), native.bsrSum], [sq(x.view), native.pcgSum]].map(([w, c]) => Math.abs(w - c) / Math.abs(c));
    ex.csrSymSpmv(n, sym.dS.ptr, sym.ur.ptr, sym.uc.ptr, sym.uS.ptr, xs.ptr, ys.ptr);
    ex.bsr3SymSpmv(n, sym.dB.ptr, sym.ur.ptr, sym.uc.ptr, sym.uB.ptr, xv.ptr, yv.ptr);
    const checkSym = [[sq(ys.view), native.csrSymSum], [sq(yv.view), native.bsrSymSum]].map(([w, c]) => Math.abs(w - c) / Math.abs(c));
    diff1.assemble();
    el1.assemble(theta1, 1);
    diff.assemble();
    el.assemble(theta, 1);
    const asmAgree = (r: NativeAssemblyResult, d: DiffusionSystem, e: ElasticitySystem) => ("skipped" in r ? { diffusion: NaN, elasticity: NaN } : {
      diffusion: Math.max(maxRelDiff(r.K, d.K.vals.view), maxRelDiff(r.M, d.M.vals.view)),
      elasticity: Math.max(maxRelDiff(r.Kel, e.K.vals.view), maxRelDiff(r.f, e.f.view)),
    });
    const agree1 = asmAgree(asm1, diff1, el1), agree2 = asmAgree(asm2, diff, el);
    ex.amgApply(amg.ptr, rAmg.ptr, zAmg.ptr);
    const vcAgree = maxRelDiff(vc.z, zAmg.view);

    const amgSize = `${amgStats.rows.map((r) => r.toLocaleString("en")).join(" → ")} rows`;
    const cRows: Array<[string, string]> = [
      ["assemble diffusion P1 (K + M)", `${fe1.nTets} tets`],
      ["assemble diffusion P2 (K + M)", `${fe.nTets} tets`],
      ["assemble elasticity P1 (K + f)", `${fe1.nTets} tets`],
      ["assemble elasticity P2 (K + f)", `${fe.nTets} tets`],
      ["CSR SpMV", `${nnz.toLocaleString("en")} nnz`],
      ["BSR3 SpMV", `${nnz.toLocaleString("en")} blocks`],
      ["CSR SpMV, symmetric storage", `${(n + nu).toLocaleString("en")} stored entries`],
      ["BSR3 SpMV, symmetric storage", `${(n + nu).toLocaleString("en")} stored blocks`],
      [`${ITS} Jacobi-PCG iterations`, `${n.toLocaleString("en")} unknowns`],
      ["AMG V-cycle", amgSize],
    ];
    const e1 = (v: number) => v.toExponential(1);
    nativeRows = [
      "",
      "### The same kernels in C (gcc -O3), same arrays, same run",
      "",
      `Sources: \`bench/native/\` (\`kernels.c\` SpMV and PCG, \`assembly.c\` element assembly, \`amg_cycle.c\` V-cycle; ${native.compiler}, \`gcc -O3\`; no -march, like the wasm's portable SIMD128). ` +
        `Both columns are the median CPU time (user + system) per call over ≥ ${fmtMs(roundMs)} ms of back-to-back calls after a warm-up call, ` +
        `best of ${ROUNDS} interleaved rounds (all wasm kernels in this process, then all C baselines in their own): on this shared 2-core machine ` +
        `wall-clock means absorb every time slice other processes take (the TS table above is tinybench's wall-clock mean). ` +
        `P1 rows: box of ${2 * cells}³ cells × 6 = ${fe1.nTets} tets, ${fe1.nNodes} nodes (the P2 box's nodes). ` +
        `V-cycle: the AMG hierarchy of the P2 box's elasticity matrix (3-2-1 pinned; BSR3 fine level, smoothed by block Jacobi, ` +
        `whose prolongator — stored as node CSR — is the P1 → P2 interpolation onto the vertices' linear operator, then smoothed aggregation; ` +
        `coarse levels smoothed on by their diagonal and upper block triangle — the vertices' level in 3 × 3 blocks, the aggregation level in 6 × 6 ones — ` +
        `Chebyshev degree ${hier.degree}, dense Cholesky on the ${hier.nCoarse}-row coarsest level), built by the wasm setup and read back from core memory.`,
      "",
      `Results agree with the wasm kernels. Relative difference of ‖y‖²: CSR ${e1(check[0])}, BSR3 ${e1(check[1])}, PCG ${e1(check[2])}, ` +
        `symmetric CSR ${e1(checkSym[0])}, symmetric BSR3 ${e1(checkSym[1])}. ` +
        `Max |C − wasm| / max |wasm| over every entry: assembly diffusion (K, M) P1 ${e1(agree1.diffusion)}, P2 ${e1(agree2.diffusion)}; ` +
        `elasticity (K, f) P1 ${e1(agree1.elasticity)}, P2 ${e1(agree2.elasticity)}; V-cycle output ${e1(vcAgree)}.`,
      "",
      "| kernel | size | wasm (ms CPU) | C -O3 (ms CPU) | wasm / C |",
      "|---|---|---|---|---|",
      ...cRows.map(([name, size]) => {
        const w = wasmCpu[name], cMs = cCpu[name];
        return `| ${name} | ${size} | ${fmtMs(w)} | ${fmtMs(cMs)} | **${(w / cMs).toFixed(2)}×** |`;
      }),
    ];
  }
  for (const a of [xs, ys, xv, yv, dinv, b, x, stats, theta, Aw, theta1, rAmg, zAmg, rhsDummy, pinned, Kamg.vals, ...Object.values(sym)]) a.free();
  amg.dispose();
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
