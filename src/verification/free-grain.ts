/**
 * SPEC §4.3: a uniform θ change in a free single grain of any orientation
 * must produce no stress. The grain (a distorted box mesh) is held by 3-2-1
 * pins, which add no stress to a self-equilibrated load.
 */
import type { Core } from "../wasm/core.js";
import { boxMesh } from "../mesh/box.js";
import { toQuadratic } from "../mesh/quadratic.js";
import { FeMesh } from "../fem/mesh.js";
import { ElasticitySystem } from "../fem/elasticity.js";
import { removeRigidMotion } from "../fem/rigid.js";
import { grainMaterialTables, type MaterialSpec } from "../material/grains.js";
import { applyDirichlet, rigidBodyPins } from "../linalg/constraints.js";
import { PcgSolver, type SolveStats } from "../linalg/pcg.js";

export interface FreeGrainResult {
  /** max |σ| over all quadrature points divided by max |C β Δθ| (the fully constrained stress) */
  stressRatio: number;
  /** max |u − ε_ch (x − x̄)| after removing the rigid motion (µm) */
  displacementError: number;
  stats: SolveStats;
}

export function freeGrainStress(core: Core, material: MaterialSpec, order: 1 | 2, orientation: number[], theta = 0.45): FreeGrainResult {
  const p1 = boxMesh({ n: [3, 3, 3], size: [2, 1.5, 1], jitter: 0.25, seed: 3 });
  const mesh = order === 1 ? p1 : toQuadratic(core, p1);
  const fe = FeMesh.create(core, mesh);
  const tables = grainMaterialTables(material, orientation);
  const sys = new ElasticitySystem(fe, tables);
  const th = core.f64(fe.nNodes);
  th.view.fill(theta);
  sys.assemble(th, 1.0);
  const pins = rigidBodyPins(mesh.nodes, mesh.nVertices);
  const mask = core.u8(3 * fe.nNodes);
  for (const d of pins.dofs) mask.view[d] = 1;
  applyDirichlet(core, sys.K, mask, null, sys.f);
  const u = core.f64(3 * fe.nNodes);
  const solver = new PcgSolver(core, sys.K);
  const stats = solver.solve(sys.f, u, { tol: 1e-13, maxIt: 20000 });
  const { sigma } = sys.stress(th, 1.0, u);
  const dth = theta - 1;
  const t = Math.min(1, Math.max(0, theta));
  const C = tables.C0.map((c0, i) => c0 + t * (tables.C1[i] - c0));
  let ref = 0, smax = 0;
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += C[6 * i + j] * tables.beta[j] * dth;
    ref = Math.max(ref, Math.abs(s));
  }
  for (const s of sigma) smax = Math.max(smax, Math.abs(s));
  removeRigidMotion(fe, u);
  const { x: xq, w: wq } = fe.quadraturePoints("tet4");
  const vol = wq.reduce((s, v) => s + v, 0);
  const c = [0, 1, 2].map((k) => wq.reduce((s, v, i) => s + (v * xq[3 * i + k]) / vol, 0));
  const e = tables.beta.map((b) => b * dth);
  const uv = u.view;
  let err = 0;
  for (let i = 0; i < fe.nNodes; i++) {
    const x = mesh.nodes[3 * i] - c[0], y = mesh.nodes[3 * i + 1] - c[1], z = mesh.nodes[3 * i + 2] - c[2];
    const ex = [e[0] * x + 0.5 * e[5] * y + 0.5 * e[4] * z, 0.5 * e[5] * x + e[1] * y + 0.5 * e[3] * z, 0.5 * e[4] * x + 0.5 * e[3] * y + e[2] * z];
    for (let k = 0; k < 3; k++) err = Math.max(err, Math.abs(uv[3 * i + k] - ex[k]));
  }
  solver.dispose();
  sys.dispose();
  for (const a of [th, mask, u]) a.free();
  fe.dispose();
  return { stressRatio: smax / ref, displacementError: err, stats };
}
