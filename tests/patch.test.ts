// Patch tests: on a patch of distorted elements with Dirichlet data from a
// linear field, the FE solution reproduces the field exactly (1e-10) and the
// stress is the constant C ε everywhere. P2 also reproduces quadratics.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { rotateStiffness, orthotropicStiffness } from "../src/material/voigt.js";
import { rotationFromQuaternion } from "../src/material/rotation.js";
import { solveElasticity, solveSteadyDiffusion, type Vec3 } from "../src/verification/problems.js";
import { maxAbs } from "./helpers/dense.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const MATERIAL = {
  diffusivityM2s: [5e-15, 3e-15, 1e-15] as const,
  chemicalStrain: [0.028, 0.028, -0.04] as const,
  stiffnessGPa: {
    lithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
    delithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
  },
};
const QUAT = [0.3, 0.5, -0.2, 0.79];

function mesh(order: 1 | 2) {
  const m = boxMesh({ n: [3, 3, 3], size: [1.2, 1, 0.9], jitter: 0.25, seed: 7 });
  return order === 1 ? m : toQuadratic(core, m);
}

describe.each([1, 2] as const)("P%i patch test", (order) => {
  it("diffusion: linear field reproduced exactly", () => {
    const tables = grainMaterialTables(MATERIAL, QUAT);
    const g = (x: Vec3) => 0.3 + 1.1 * x[0] - 0.7 * x[1] + 0.4 * x[2];
    const m = mesh(order);
    const { u, stats } = solveSteadyDiffusion(core, m, tables.D, () => 0, g);
    expect(stats.converged).toBe(true);
    let err = 0;
    for (let i = 0; i < u.length; i++) err = Math.max(err, Math.abs(u[i] - g([m.nodes[3 * i], m.nodes[3 * i + 1], m.nodes[3 * i + 2]])));
    expect(err).toBeLessThan(1e-10);
  });

  it("elasticity: linear displacement reproduced exactly, stress = C ε at every point", () => {
    const tables = grainMaterialTables(MATERIAL, QUAT);
    const G = [[1e-3, 2e-4, -3e-4], [5e-4, -8e-4, 1e-4], [-2e-4, 3e-4, 6e-4]];
    const g = (x: Vec3): Vec3 => [0, 1, 2].map((i) => 0.01 * i + G[i][0] * x[0] + G[i][1] * x[1] + G[i][2] * x[2]) as Vec3;
    const m = mesh(order);
    const { u, stats, sys, theta } = solveElasticity(core, m, tables, () => [0, 0, 0], g);
    expect(stats.converged).toBe(true);
    let err = 0;
    for (let i = 0; i < u.length / 3; i++) {
      const e = g([m.nodes[3 * i], m.nodes[3 * i + 1], m.nodes[3 * i + 2]]);
      for (let c = 0; c < 3; c++) err = Math.max(err, Math.abs(u[3 * i + c] - e[c]));
    }
    expect(err).toBeLessThan(1e-10);
    const eps = [G[0][0], G[1][1], G[2][2], G[1][2] + G[2][1], G[0][2] + G[2][0], G[0][1] + G[1][0]];
    const C = rotateStiffness(orthotropicStiffness(MATERIAL.stiffnessGPa.lithiated), rotationFromQuaternion(QUAT)).map((v) => v * 1e3);
    const sExact = [0, 1, 2, 3, 4, 5].map((i) => eps.reduce((s, e, j) => s + C[6 * i + j] * e, 0));
    const uw = core.fromF64(u);
    const { sigma } = sys.stress(theta, 1, uw);
    let serr = 0;
    for (let k = 0; k < sigma.length; k++) serr = Math.max(serr, Math.abs(sigma[k] - sExact[k % 6]));
    expect(serr).toBeLessThan(1e-8 * maxAbs(sExact));
  });
});

describe("P2 reproduces quadratic fields", () => {
  it("diffusion: −∇·(D∇u) = const for quadratic u is solved exactly", () => {
    const tables = grainMaterialTables(MATERIAL, QUAT);
    const D = tables.D;
    // u = xᵀ H x / 2 + a·x with constant Hessian H; −∇·(D∇u) = −tr(D H)
    const H = [2, 0.5, -0.3, 0.5, -1, 0.2, -0.3, 0.2, 1.5];
    const u = (x: Vec3) => {
      let s = 0.1 * x[0] - 0.2 * x[2];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += 0.5 * x[i] * H[3 * i + j] * x[j];
      return s;
    };
    let trDH = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) trDH += D[3 * i + j] * H[3 * j + i];
    const m = mesh(2);
    const res = solveSteadyDiffusion(core, m, D, () => -trDH, u);
    let err = 0;
    for (let i = 0; i < res.u.length; i++) err = Math.max(err, Math.abs(res.u[i] - u([m.nodes[3 * i], m.nodes[3 * i + 1], m.nodes[3 * i + 2]])));
    expect(err).toBeLessThan(1e-10);
  });
});
