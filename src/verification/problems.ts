/**
 * Small driver functions for the verification problems: steady diffusion and
 * static elasticity with Dirichlet data on the whole boundary, solved with the
 * core's PCG to a tight tolerance.
 */
import type { Core } from "../wasm/core.js";
import type { TetMesh } from "../mesh/types.js";
import { FeMesh, type TetRule } from "../fem/mesh.js";
import { DiffusionSystem } from "../fem/diffusion.js";
import { ElasticitySystem, type ElasticTables } from "../fem/elasticity.js";
import { applyDirichlet } from "../linalg/constraints.js";
import { PcgSolver, type SolveStats } from "../linalg/pcg.js";

/** Mask of nodes on boundary triangles (all triangle nodes, incl. mid-edge). */
export function boundaryNodeMask(mesh: TetMesh): Uint8Array {
  const m = new Uint8Array(mesh.nodes.length / 3);
  for (const v of mesh.tris) m[v] = 1;
  return m;
}

export type Vec3 = [number, number, number];

/**
 * −∇·(D∇u) = f in Ω, u = g on ∂Ω. `f` is evaluated at the 14-point rule.
 * @returns nodal solution and solver stats
 */
export function solveSteadyDiffusion(core: Core, mesh: TetMesh, D: Float64Array, f: (x: Vec3) => number,
  g: (x: Vec3) => number, tol = 1e-12): { u: Float64Array; stats: SolveStats; fe: FeMesh } {
  const fe = FeMesh.create(core, mesh);
  const sys = new DiffusionSystem(fe, D);
  sys.assemble();
  const rule: TetRule = "tet14";
  const { x } = fe.quadraturePoints(rule);
  const fq = new Float64Array(x.length / 3);
  for (let k = 0; k < fq.length; k++) fq[k] = f([x[3 * k], x[3 * k + 1], x[3 * k + 2]]);
  const b = core.f64(fe.nNodes);
  fe.bodyLoad(rule, fq, 1, b);
  const mask = core.fromU8(boundaryNodeMask(mesh));
  const gv = core.f64(fe.nNodes);
  const gview = gv.view;
  for (let i = 0; i < fe.nNodes; i++) gview[i] = g([mesh.nodes[3 * i], mesh.nodes[3 * i + 1], mesh.nodes[3 * i + 2]]);
  applyDirichlet(core, sys.K, mask, gv, b);
  const u = core.f64(fe.nNodes);
  const solver = new PcgSolver(core, sys.K);
  const stats = solver.solve(b, u, { tol });
  const out = u.copy();
  solver.dispose();
  for (const a of [b, mask, gv, u]) a.free();
  sys.dispose();
  return { u: out, stats, fe };
}

/**
 * −∇·σ(u) = b in Ω, u = g on ∂Ω, with σ = C ε(u) (θ = θ_ref: no eigenstrain).
 */
export function solveElasticity(core: Core, mesh: TetMesh, tables: ElasticTables, body: (x: Vec3) => Vec3,
  g: (x: Vec3) => Vec3, tol = 1e-12): { u: Float64Array; stats: SolveStats; fe: FeMesh; sys: ElasticitySystem; theta: ReturnType<Core["f64"]> } {
  const fe = FeMesh.create(core, mesh);
  const sys = new ElasticitySystem(fe, tables);
  const theta = core.f64(fe.nNodes);
  theta.view.fill(1);
  sys.assemble(theta, 1, { matrix: true, load: false });
  const { x } = fe.quadraturePoints("tet14");
  const nq = x.length / 3;
  const bq = new Float64Array(3 * nq);
  for (let k = 0; k < nq; k++) bq.set(body([x[3 * k], x[3 * k + 1], x[3 * k + 2]]), 3 * k);
  const b = core.f64(3 * fe.nNodes);
  fe.bodyLoad("tet14", bq, 3, b);
  const nodeMask = boundaryNodeMask(mesh);
  const mask = core.u8(3 * fe.nNodes);
  const gv = core.f64(3 * fe.nNodes);
  const mv = mask.view, gvw = gv.view;
  for (let i = 0; i < fe.nNodes; i++) {
    const gi = g([mesh.nodes[3 * i], mesh.nodes[3 * i + 1], mesh.nodes[3 * i + 2]]);
    for (let c = 0; c < 3; c++) {
      mv[3 * i + c] = nodeMask[i];
      gvw[3 * i + c] = gi[c];
    }
  }
  applyDirichlet(core, sys.K, mask, gv, b);
  const u = core.f64(3 * fe.nNodes);
  const solver = new PcgSolver(core, sys.K);
  const stats = solver.solve(b, u, { tol });
  const out = u.copy();
  solver.dispose();
  for (const a of [b, mask, gv, u]) a.free();
  return { u: out, stats, fe, sys, theta };
}

/** L2 norm of (u_h − u) over the mesh with the 14-point rule; ncomp components per node. */
export function l2Error(fe: FeMesh, uh: Float64Array, ncomp: number, exact: (x: Vec3) => number[]): number {
  const core = fe.core;
  const w = core.fromF64(uh);
  const vals = fe.interpolate(w, ncomp, "tet14");
  w.free();
  const { x, w: wt } = fe.quadraturePoints("tet14");
  let s = 0;
  for (let k = 0; k < wt.length; k++) {
    const ex = exact([x[3 * k], x[3 * k + 1], x[3 * k + 2]]);
    for (let c = 0; c < ncomp; c++) s += wt[k] * (vals[ncomp * k + c] - ex[c]) ** 2;
  }
  return Math.sqrt(s);
}
