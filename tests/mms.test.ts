// Manufactured solutions on refined cubes: anisotropic diffusion
// −∇·(D∇u) = f and anisotropic elasticity −∇·(C:ε(u)) = b, with the exact
// solution on the boundary. The observed L2 convergence order must be ≈ p + 1.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { grainMaterialTables } from "../src/material/grains.js";
import { l2Error, solveElasticity, solveSteadyDiffusion, type Vec3 } from "./helpers/problems.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const MATERIAL = {
  diffusivityM2s: [5e-15, 2e-15, 1e-15] as const,
  chemicalStrain: [0, 0, 0] as const,
  stiffnessGPa: {
    lithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
    delithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
  },
};
const QUAT = [0.9, 0.1, 0.3, -0.3];
const tables = grainMaterialTables(MATERIAL, QUAT);

const a: Vec3 = [1.1 * Math.PI, 0.7 * Math.PI, 1.3 * Math.PI];
const phase = 0.4;
const arg = (x: Vec3) => a[0] * x[0] + a[1] * x[1] + a[2] * x[2] + phase;

function meshAt(order: 1 | 2, n: number) {
  const m = boxMesh({ n: [n, n, n] });
  return order === 1 ? m : toQuadratic(core, m);
}

function rates(errors: number[]): number[] {
  return errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
}

describe("manufactured anisotropic diffusion", () => {
  // u = sin(a·x + φ): −∇·(D∇u) = (aᵀ D a) sin(a·x + φ) for constant D
  const D = tables.D;
  let aDa = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) aDa += a[i] * D[3 * i + j] * a[j];
  const u = (x: Vec3) => Math.sin(arg(x));
  const f = (x: Vec3) => aDa * Math.sin(arg(x));

  it.each([[1, [4, 8, 16], 2], [2, [2, 4, 8], 3]] as const)("P%i converges at order ≈ %s → %i", (order, ns, p) => {
    const errors = ns.map((n) => {
      const r = solveSteadyDiffusion(core, meshAt(order, n), D, f, u);
      expect(r.stats.converged).toBe(true);
      const e = l2Error(r.fe, r.u, 1, (x) => [u(x)]);
      r.fe.dispose();
      return e;
    });
    const obs = rates(errors);
    console.log(`diffusion P${order}: L2 errors ${errors.map((e) => e.toExponential(3)).join(", ")}; orders ${obs.map((r) => r.toFixed(2)).join(", ")}`);
    expect(obs[obs.length - 1]).toBeGreaterThan(p - 0.25);
    expect(obs[obs.length - 1]).toBeLessThan(p + 0.35);
  });
});

describe("manufactured anisotropic elasticity", () => {
  // u = c sin(a·x + φ): σ = C:sym(c⊗a) cos(·); b = −∇·σ = S a sin(·), S = C:sym(c⊗a) as a 3 × 3 tensor
  const C = tables.C1;
  const c: Vec3 = [1e-3, -5e-4, 8e-4];
  const eps = [c[0] * a[0], c[1] * a[1], c[2] * a[2], c[1] * a[2] + c[2] * a[1], c[0] * a[2] + c[2] * a[0], c[0] * a[1] + c[1] * a[0]];
  const s = [0, 1, 2, 3, 4, 5].map((i) => eps.reduce((acc, e, j) => acc + C[6 * i + j] * e, 0));
  const S = [[s[0], s[5], s[4]], [s[5], s[1], s[3]], [s[4], s[3], s[2]]];
  const Sa: Vec3 = [0, 1, 2].map((i) => S[i][0] * a[0] + S[i][1] * a[1] + S[i][2] * a[2]) as Vec3;
  const u = (x: Vec3): Vec3 => c.map((ci) => ci * Math.sin(arg(x))) as Vec3;
  const b = (x: Vec3): Vec3 => Sa.map((v) => v * Math.sin(arg(x))) as Vec3;

  it.each([[1, [4, 8, 16], 2], [2, [2, 4, 8], 3]] as const)("P%i converges at order ≈ %s → %i", (order, ns, p) => {
    const errors = ns.map((n) => {
      const r = solveElasticity(core, meshAt(order, n), tables, b, u);
      expect(r.stats.converged).toBe(true);
      const e = l2Error(r.fe, r.u, 3, u);
      r.sys.dispose();
      r.fe.dispose();
      return e;
    });
    const obs = rates(errors);
    console.log(`elasticity P${order}: L2 errors ${errors.map((e) => e.toExponential(3)).join(", ")}; orders ${obs.map((r) => r.toFixed(2)).join(", ")}`);
    expect(obs[obs.length - 1]).toBeGreaterThan(p - 0.25);
    expect(obs[obs.length - 1]).toBeLessThan(p + 0.35);
  });
});
