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

describe.each([1, 2] as const)("removeRigidMotion, P%i", (order) => {
  it("takes a rigid motion off a symmetric linear field on a jittered box, leaving that field (about its centroid)", async () => {
    const { boxMesh } = await import("../src/mesh/box.js");
    const { toQuadratic } = await import("../src/mesh/quadratic.js");
    const { FeMesh } = await import("../src/fem/mesh.js");
    const { removeRigidMotion } = await import("../src/fem/rigid.js");
    let mesh = boxMesh({ n: [4, 3, 5], size: [2, 1.5, 2.5], jitter: 0.2 });
    if (order === 2) mesh = toQuadratic(core, mesh);
    const fe = FeMesh.create(core, mesh);
    const n = fe.nNodes, X = mesh.nodes;
    // centroid (volume-weighted) of the box: (1, 0.75, 1.25); E symmetric, ω a rotation, t a translation
    const E = [[0.01, 0.002, -0.003], [0.002, -0.02, 0.004], [-0.003, 0.004, 0.015]];
    const w = [0.05, -0.03, 0.02], t = [0.3, -0.1, 0.7], c = [1, 0.75, 1.25];
    const u = core.f64(3 * n), want = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const d = [X[3 * i] - c[0], X[3 * i + 1] - c[1], X[3 * i + 2] - c[2]];
      const wx = [w[1] * d[2] - w[2] * d[1], w[2] * d[0] - w[0] * d[2], w[0] * d[1] - w[1] * d[0]];
      for (let a = 0; a < 3; a++) {
        want[3 * i + a] = E[a][0] * d[0] + E[a][1] * d[1] + E[a][2] * d[2];
        u.view[3 * i + a] = want[3 * i + a] + wx[a] + t[a];
      }
    }
    removeRigidMotion(fe, u);
    let err = 0;
    for (let k = 0; k < 3 * n; k++) err = Math.max(err, Math.abs(u.view[k] - want[k]));
    expect(err).toBeLessThan(1e-12);
    // the nodal volumes sum to the box's volume
    expect(Math.abs(fe.nodalVolumes().reduce((s, v) => s + v, 0) - 2 * 1.5 * 2.5)).toBeLessThan(1e-12);
    // and equal the 4-point rule's ∫ N_a dV node by node (P1 takes V_e / 4 per corner instead)
    const byRule = core.f64(n);
    fe.bodyLoad("tet4", new Float64Array(4 * fe.nTets).fill(1), 1, byRule);
    const m = fe.nodalVolumes();
    let dm = 0;
    for (let i = 0; i < n; i++) dm = Math.max(dm, Math.abs(m[i] - byRule.view[i]));
    expect(dm).toBeLessThan(1e-14 * 2 * 1.5 * 2.5);
    byRule.free();
    u.free();
    fe.dispose();
  });
});
