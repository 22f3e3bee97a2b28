/**
 * Manufactured-solution convergence studies on refined unit cubes, for
 * anisotropic diffusion and anisotropic (rotated orthotropic) elasticity.
 *
 *   diffusion:  u = sin(a·x + φ),   f = −∇·(D∇u) = (aᵀDa) sin(a·x + φ)
 *   elasticity: u = c sin(a·x + φ), b = −∇·σ = (S a) sin(a·x + φ), S = C:sym(c ⊗ a)
 *
 * with a = π(1.1, 0.7, 1.3), φ = 0.4, and Dirichlet data from u on the whole
 * boundary. The L2 error uses the 14-point (degree 5) rule.
 */
import type { Core } from "../wasm/core.js";
import { boxMesh } from "../mesh/box.js";
import { toQuadratic } from "../mesh/quadratic.js";
import { grainMaterialTables, type MaterialSpec } from "../material/grains.js";
import { l2Error, solveElasticity, solveSteadyDiffusion, type Vec3 } from "./problems.js";

/** A fully anisotropic test material (distinct constants) in a generic orientation. */
export const MMS_MATERIAL: MaterialSpec = {
  diffusivityM2s: [5e-15, 2e-15, 1e-15],
  chemicalStrain: [0, 0, 0],
  stiffnessGPa: {
    lithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
    delithiated: { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 },
  },
};
export const MMS_ORIENTATION = [0.9, 0.1, 0.3, -0.3];

export interface ConvergenceStudy {
  problem: "diffusion" | "elasticity";
  order: 1 | 2;
  cells: number[];
  /** L2 error per mesh */
  errors: number[];
  /** observed orders log2(e_k / e_{k+1}) between successive meshes */
  orders: number[];
  /** PCG iterations per mesh */
  iterations: number[];
}

const A: Vec3 = [1.1 * Math.PI, 0.7 * Math.PI, 1.3 * Math.PI];
const PHASE = 0.4;
const arg = (x: Vec3) => A[0] * x[0] + A[1] * x[1] + A[2] * x[2] + PHASE;

/**
 * Solve the manufactured problem on cubes of `cells`³ cells (halving h each
 * step) and report errors and observed orders.
 */
export function convergenceStudy(core: Core, problem: "diffusion" | "elasticity", order: 1 | 2, cells: number[]): ConvergenceStudy {
  const tables = grainMaterialTables(MMS_MATERIAL, MMS_ORIENTATION);
  const errors: number[] = [], iterations: number[] = [];
  for (const n of cells) {
    const p1 = boxMesh({ n: [n, n, n] });
    const mesh = order === 1 ? p1 : toQuadratic(core, p1);
    if (problem === "diffusion") {
      const D = tables.D;
      let aDa = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) aDa += A[i] * D[3 * i + j] * A[j];
      const u = (x: Vec3) => Math.sin(arg(x));
      const r = solveSteadyDiffusion(core, mesh, D, (x) => aDa * Math.sin(arg(x)), u);
      errors.push(l2Error(r.fe, r.u, 1, (x) => [u(x)]));
      iterations.push(r.stats.iterations);
      r.fe.dispose();
    } else {
      const C = tables.C1;
      const c: Vec3 = [1e-3, -5e-4, 8e-4];
      const eps = [c[0] * A[0], c[1] * A[1], c[2] * A[2], c[1] * A[2] + c[2] * A[1], c[0] * A[2] + c[2] * A[0], c[0] * A[1] + c[1] * A[0]];
      const s = [0, 1, 2, 3, 4, 5].map((i) => eps.reduce((acc, e, j) => acc + C[6 * i + j] * e, 0));
      const S = [[s[0], s[5], s[4]], [s[5], s[1], s[3]], [s[4], s[3], s[2]]];
      const Sa = [0, 1, 2].map((i) => S[i][0] * A[0] + S[i][1] * A[1] + S[i][2] * A[2]);
      const u = (x: Vec3): Vec3 => [c[0] * Math.sin(arg(x)), c[1] * Math.sin(arg(x)), c[2] * Math.sin(arg(x))];
      const r = solveElasticity(core, mesh, tables, (x) => [Sa[0] * Math.sin(arg(x)), Sa[1] * Math.sin(arg(x)), Sa[2] * Math.sin(arg(x))], u);
      errors.push(l2Error(r.fe, r.u, 3, u));
      iterations.push(r.stats.iterations);
      r.sys.dispose();
      r.theta.free();
      r.fe.dispose();
    }
  }
  const orders = errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
  return { problem, order, cells, errors, orders, iterations };
}
