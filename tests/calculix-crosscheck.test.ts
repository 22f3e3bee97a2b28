// Cross-check against CalculiX (Debian package `calculix-ccx`; skipped when
// ccx is absent): the same P2/C3D10 particle mesh and the same physics,
// written as ccx decks by bench/calculix/ (method: docs/calculix.md). ccx's
// transient heat transfer gives θ; its static analysis, with the eigenstrain
// as *EXPANSION, C(θ) as a temperature table and one *ORIENTATION per grain,
// gives the stress.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findCcx } from "../bench/calculix/ccx.js";
import { runCalculixCase, type CalculixCaseResult } from "../bench/calculix/case.js";

const hasCcx = findCcx() !== null;

/** 20 grains, h = 1.5 µm (≈ 2.5k P2 tets), 12 steps per hour, outputs at SOC 0.5 and 1; ccx ≈ 15 s. */
async function smallCase(transposeOrientations: boolean): Promise<CalculixCaseResult> {
  const dir = mkdtempSync(join(tmpdir(), "grainfem-ccx-test-"));
  try {
    return await runCalculixCase({
      config: { geometry: { grains: 20, seed: 1, meshSizeUm: 1.5 }, time: { stepsPerHour: 12 } },
      dir, ccxTheta: !transposeOrientations, transposeOrientations,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasCcx)("CalculiX cross-check", () => {
  it("θ and σ_vM agree with ccx on the same mesh", async () => {
    const r = await smallCase(false);
    console.log(`ccx cross-check: ${r.mesh.tets} tets, ${r.mesh.nodes} nodes; ccx ${r.heat.wallS.toFixed(1)} + ${r.static.wallS.toFixed(1)} s, grainfem ${r.grainfem.wallS.toFixed(1)} s`);
    expect(r.snapshots.map((s) => s.soc)).toEqual([0.5, 1]);
    for (const s of r.snapshots) {
      console.log(`  SOC ${s.soc}: θ rel. L2 ${s.theta.relL2.toExponential(2)} (of the change ${s.theta.relL2OfChange.toExponential(2)}, max ${s.theta.maxAbs.toExponential(2)}); ` +
        `σ_vM ${s.stress.vonMisesRelL2.toExponential(2)}, σ tensor ${s.stress.tensorRelL2.toExponential(2)}; whole chain σ_vM ${s.stressChain!.vonMisesRelL2.toExponential(2)}`);
      // θ: the two codes differ only in how the capacity matrix and face fluxes are integrated (measured 1.4e-4–1.6e-4)
      expect(s.theta.relL2).toBeLessThan(1e-3);
      expect(s.theta.relL2OfChange).toBeLessThan(1e-3);
      // stress on the same θ: the same discrete problem, so equal up to grainfem's CG tolerance (measured 4e-8–8e-8)
      expect(s.stress.vonMisesRelL2).toBeLessThan(1e-6);
      expect(s.stress.tensorRelL2).toBeLessThan(1e-6);
      // the whole chain in ccx (its own θ into its static deck): measured 6e-5–2e-4
      expect(s.stressChain!.vonMisesRelL2).toBeLessThan(1e-3);
    }
  });

  it("a transposed orientation (Qᵀ instead of Q) disagrees: the comparison sees the convention", async () => {
    const r = await smallCase(true);
    for (const s of r.snapshots) {
      console.log(`  transposed, SOC ${s.soc}: θ rel. L2 ${s.theta.relL2.toExponential(2)}, σ_vM ${s.stress.vonMisesRelL2.toExponential(2)}`);
      expect(s.theta.relL2).toBeGreaterThan(0.01);
      expect(s.stress.vonMisesRelL2).toBeGreaterThan(0.1);
    }
  });
});
