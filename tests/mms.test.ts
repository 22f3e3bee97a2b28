// Manufactured solutions on refined cubes (src/verification/manufactured.ts):
// anisotropic diffusion and anisotropic elasticity. The observed L2
// convergence order on the finest pair of meshes must be ≈ p + 1.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { convergenceStudy } from "../src/verification/manufactured.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

describe.each(["diffusion", "elasticity"] as const)("manufactured anisotropic %s", (problem) => {
  it.each([[1, [4, 8, 16], 2], [2, [2, 4, 8], 3]] as const)("P%i on %j cells converges at order ≈ %i", (order, cells, p) => {
    const s = convergenceStudy(core, problem, order, [...cells]);
    console.log(`${problem} P${order}: L2 errors ${s.errors.map((e) => e.toExponential(3)).join(", ")}; orders ${s.orders.map((r) => r.toFixed(2)).join(", ")}`);
    const last = s.orders[s.orders.length - 1];
    expect(last).toBeGreaterThan(p - 0.25);
    expect(last).toBeLessThan(p + 0.35);
    // errors decrease monotonically
    for (let i = 1; i < s.errors.length; i++) expect(s.errors[i]).toBeLessThan(s.errors[i - 1]);
  });
});
