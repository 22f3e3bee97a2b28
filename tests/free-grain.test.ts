// SPEC §4.3: a uniform θ change in a free single grain of any orientation is
// stress free. The grain is pinned 3-2-1 (no stress added); the computed
// stress must vanish to 1e-8 relative to the stress the same strain would
// produce if it were fully constrained, |C β Δθ|.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { ElasticitySystem } from "../src/fem/elasticity.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { applyDirichlet, rigidBodyPins } from "../src/linalg/constraints.js";
import { removeRigidMotion } from "../src/fem/rigid.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { maxAbs } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const MATERIAL = {
  diffusivityM2s: [5e-15, 5e-15, 1e-20] as const,
  chemicalStrain: [0.028, 0.028, -0.04] as const,
  stiffnessGPa: {
    lithiated: { C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 },
    delithiated: { C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 },
  },
};

describe.each([1, 2] as const)("free rotated grain, P%i", (order) => {
  it.each([[[1, 0, 0, 0]], [[0.3, 0.5, -0.2, 0.79]], [[0.2, -0.7, 0.6, 0.3]]])("uniform θ = 0.45 gives zero stress (q = %j)", (q) => {
    const p1 = boxMesh({ n: [3, 3, 3], size: [2, 1.5, 1], jitter: 0.25, seed: 3 });
    const mesh = order === 1 ? p1 : toQuadratic(core, p1);
    const fe = FeMesh.create(core, mesh);
    const tables = grainMaterialTables(MATERIAL, q);
    const sys = new ElasticitySystem(fe, tables);
    const theta = core.f64(fe.nNodes);
    theta.view.fill(0.45);
    sys.assemble(theta, 1.0);
    const pins = rigidBodyPins(mesh.nodes, mesh.nVertices);
    const mask = core.u8(3 * fe.nNodes);
    for (const d of pins.dofs) mask.view[d] = 1;
    applyDirichlet(core, sys.K, mask, null, sys.f);
    const u = core.f64(3 * fe.nNodes);
    const solver = new PcgSolver(core, sys.K);
    const stats = solver.solve(sys.f, u, { tol: 1e-13, maxIt: 20000 });
    expect(stats.converged).toBe(true);
    const { sigma } = sys.stress(theta, 1.0, u);
    // reference: stress of the same eigenstrain fully constrained
    const dth = 0.45 - 1;
    const C = tables.C0.map((c0, i) => c0 + 0.45 * (tables.C1[i] - c0));
    const ref = [0, 1, 2, 3, 4, 5].map((i) => [0, 1, 2, 3, 4, 5].reduce((s, j) => s + C[6 * i + j] * tables.beta[j] * dth, 0));
    expect(maxAbs(sigma) / maxAbs(ref)).toBeLessThan(1e-8);
    // the displacement minus its rigid part is the free expansion ε_ch·(x − x̄) about the volume centroid
    removeRigidMotion(fe, u);
    const uv = u.copy();
    const e = tables.beta.map((b) => b * dth);
    const n = fe.nNodes;
    const { x: xq, w: wq } = fe.quadraturePoints("tet4");
    const vol = wq.reduce((s, v) => s + v, 0);
    const c = [0, 1, 2].map((k) => wq.reduce((s, v, i) => s + (v * xq[3 * i + k]) / vol, 0));
    let err = 0;
    for (let i = 0; i < n; i++) {
      const x = mesh.nodes[3 * i] - c[0], y = mesh.nodes[3 * i + 1] - c[1], z = mesh.nodes[3 * i + 2] - c[2];
      const ex = [e[0] * x + 0.5 * e[5] * y + 0.5 * e[4] * z, 0.5 * e[5] * x + e[1] * y + 0.5 * e[3] * z, 0.5 * e[4] * x + 0.5 * e[3] * y + e[2] * z];
      for (let k = 0; k < 3; k++) err = Math.max(err, Math.abs(uv[3 * i + k] - ex[k]));
    }
    expect(err).toBeLessThan(1e-9);
    solver.dispose();
    sys.dispose();
    fe.dispose();
  });
});
