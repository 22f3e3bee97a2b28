// SPEC §4.3: a uniform θ change in a free single grain (any orientation) gives
// zero stress — relative 1e-8 of the stress the same strain would cause fully
// constrained — and the displacement, rigid motion removed, is the free
// expansion ε_ch (x − x̄).
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { freeGrainStress } from "../src/verification/free-grain.js";
import { DEFAULT_MATERIAL } from "../src/material/defaults.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

describe.each([1, 2] as const)("free rotated grain, P%i", (order) => {
  it.each([[[1, 0, 0, 0]], [[0.3, 0.5, -0.2, 0.79]], [[0.2, -0.7, 0.6, 0.3]]])("uniform θ = 0.45 gives zero stress (q = %j)", (q) => {
    const r = freeGrainStress(core, DEFAULT_MATERIAL, order, q);
    expect(r.stats.converged).toBe(true);
    expect(r.stressRatio).toBeLessThan(1e-8);
    expect(r.displacementError).toBeLessThan(1e-9);
  });
});
