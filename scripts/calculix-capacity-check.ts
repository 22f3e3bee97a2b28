/**
 * Where the θ difference between grainfem and CalculiX comes from
 * (docs/calculix.md). Runs the grainfem-vs-ccx case on a small particle whose
 * θ depletes deeply at reactive faces normal to a c-axis (6 grains, seed 3,
 * h = 1.5 µm, 12 steps per hour: θ reaches −9.4), then repeats grainfem's
 * backward-Euler diffusion with the capacity matrix integrated on the 4-point
 * rule, as ccx does (bench/calculix/capacity4.ts), and compares both with ccx.
 *
 * Run:  npx tsx scripts/calculix-capacity-check.ts   (needs ccx; ≈ 30 s)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore } from "../src/wasm/core.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { createMatrix } from "../src/linalg/sparse.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { findCcx } from "../bench/calculix/ccx.js";
import { outputSchedule, runCalculixCase } from "../bench/calculix/case.js";
import { thetaAgreement } from "../bench/calculix/compare.js";
import { capacityMatrix4 } from "../bench/calculix/capacity4.js";

if (!findCcx()) {
  console.error("ccx not found (Debian package calculix-ccx)");
  process.exit(2);
}
const core = await loadCore();
const dir = mkdtempSync(join(tmpdir(), "grainfem-ccx-capacity-"));
try {
  const r = await runCalculixCase({ config: { geometry: { grains: 6, seed: 3, meshSizeUm: 1.5 }, time: { stepsPerHour: 12 } }, dir, core });
  const { mesh } = r.grainfem.result.fields;
  const summary = r.grainfem.result.summary;
  const fe = FeMesh.create(core, mesh);
  const tables = grainMaterialTables(r.config.material, Float64Array.from(summary.grains.flatMap((g) => g.orientation)));
  const sys = new DiffusionSystem(fe, tables.D);
  sys.assemble();
  const M4 = createMatrix(core, fe.pattern, "csr");
  capacityMatrix4(fe, M4);
  // the same load as grainfem's run: −j̄ on the faces of reactive grains (a charge)
  const jbar = summary.reactive.fluxMs / 1e-6;
  const triFlux = new Float64Array(mesh.triGrain.length);
  for (let f = 0; f < triFlux.length; f++) if (r.grainfem.result.fields.grainReactive[mesh.triGrain[f]]) triFlux[f] = -jbar;
  const F = core.f64(fe.nNodes), tf = core.fromF64(triFlux);
  fe.surfaceFluxLoad(tf, F);
  const A = createMatrix(core, fe.pattern, "csr"), theta = core.f64(fe.nNodes), rhs = core.f64(fe.nNodes);
  theta.view.fill(r.config.cycling.initialTheta);
  const ex = core.exports, nnz = fe.pattern.nnz;
  let solver: PcgSolver | null = null, dtNow = 0, t = 0;
  console.log(`${mesh.tetGrain.length} tets, min θ ${summary.thetaOutOfRange.min.toFixed(2)}; relative L2 difference of nodal θ from ccx:`);
  console.log("| SOC | grainfem (14-point capacity) | grainfem with ccx's 4-point capacity |\n|---|---|---|");
  for (const [k, p] of outputSchedule(r.config).entries()) {
    const dt = (p.timeS - t) / p.steps;
    if (dt !== dtNow) {
      ex.vecAxpby(nnz, 1 / dt, M4.vals.ptr, 1, sys.K.vals.ptr, A.vals.ptr);
      solver?.dispose();
      solver = new PcgSolver(core, A, "jacobi");
      dtNow = dt;
    }
    for (let s = 0; s < p.steps; s++) {
      ex.csrSpmv(fe.nNodes, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, M4.vals.ptr, theta.ptr, rhs.ptr);
      ex.vecAxpby(fe.nNodes, 1, F.ptr, 1 / dt, rhs.ptr, rhs.ptr);
      if (!solver!.solve(rhs, theta, { tol: 1e-10, maxIt: 20000 }).converged) throw new Error("CG did not converge");
    }
    t = p.timeS;
    const ours = thetaAgreement(r.grainfem.result.fields.snapshots[k].theta, r.ccxTheta[k], r.config.cycling.initialTheta);
    const m4 = thetaAgreement(theta.view, r.ccxTheta[k], r.config.cycling.initialTheta);
    console.log(`| ${p.soc} | ${ours.relL2.toExponential(2)} | ${m4.relL2.toExponential(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
