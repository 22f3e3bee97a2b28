/**
 * `grainfem verify`: run the verification ladder's quick checks and print
 * what was measured — convergence orders of the manufactured solutions and
 * the zero-stress check of a free grain. Exits 1 when a check fails.
 */
import { loadCore } from "../wasm/core.js";
import { convergenceStudy } from "../verification/manufactured.js";
import { freeGrainStress } from "../verification/free-grain.js";
import { DEFAULT_MATERIAL } from "../material/defaults.js";

export interface VerifyCheck {
  name: string;
  measured: string;
  expected: string;
  pass: boolean;
}

export async function runVerify(): Promise<VerifyCheck[]> {
  const core = await loadCore();
  const checks: VerifyCheck[] = [];
  for (const problem of ["diffusion", "elasticity"] as const) {
    for (const [order, cells] of [[1, [4, 8, 16]], [2, [2, 4, 8]]] as const) {
      const s = convergenceStudy(core, problem, order, [...cells]);
      const last = s.orders[s.orders.length - 1];
      checks.push({
        name: `manufactured ${problem}, P${order}, L2 order (${cells.join("→")} cells)`,
        measured: `${s.orders.map((o) => o.toFixed(2)).join(", ")} (L2 error ${s.errors[s.errors.length - 1].toExponential(2)})`,
        expected: `≈ ${order + 1}`,
        pass: Math.abs(last - (order + 1)) < 0.3,
      });
    }
  }
  for (const order of [1, 2] as const) {
    const r = freeGrainStress(core, DEFAULT_MATERIAL, order, [0.3, 0.5, -0.2, 0.79]);
    checks.push({
      name: `free rotated grain, uniform θ = 0.45, P${order}: max|σ| / |Cβ Δθ|`,
      measured: r.stressRatio.toExponential(2),
      expected: "< 1e-8",
      pass: r.stressRatio < 1e-8 && r.stats.converged,
    });
  }
  return checks;
}

export function formatChecks(checks: VerifyCheck[]): string {
  const w = Math.max(...checks.map((c) => c.name.length));
  return checks.map((c) => `${c.pass ? "PASS" : "FAIL"}  ${c.name.padEnd(w)}  ${c.measured}  (expected ${c.expected})`).join("\n");
}
