/**
 * Rigid-body part of a displacement field. The particle is held by 3-2-1
 * pins, so the computed displacement carries an arbitrary rigid motion; for
 * output it is removed so that the mean displacement and the mean
 * infinitesimal rotation vanish:
 *   ū = ∫u dV / V,   W = skew(∫∇u dV) / V,   u ← u − ū − W (x − x̄).
 * A symmetric (strain-only) linear field is left untouched, whatever the
 * shape of the body.
 */
import type { WasmArray } from "../wasm/core.js";
import type { FeMesh } from "./mesh.js";

/** Remove the rigid-body motion from u (3 nNodes, core memory) in place. */
export function removeRigidMotion(fe: FeMesh, u: WasmArray<Float64Array>): void {
  const core = fe.core;
  const g = core.f64(9);
  core.exports.integrateGradient(fe.order, fe.nTets, fe.conn.ptr, fe.coords.ptr, u.ptr, 3, g.ptr);
  const G = g.copy();
  g.free();
  // ū and x̄ from the mesh's nodal volumes ∫N_a dV (x is in the element space, isoparametric)
  const m = fe.nodalVolumes(), uv = u.view, nodes = fe.mesh.nodes;
  let V = 0;
  const ubar = [0, 0, 0], xbar = [0, 0, 0];
  for (let i = 0; i < fe.nNodes; i++) {
    V += m[i];
    for (let c = 0; c < 3; c++) {
      ubar[c] += m[i] * uv[3 * i + c];
      xbar[c] += m[i] * nodes[3 * i + c];
    }
  }
  for (let c = 0; c < 3; c++) {
    ubar[c] /= V;
    xbar[c] /= V;
  }
  // W[c][k] = (G[c][k] − G[k][c]) / (2V)
  const W = new Float64Array(9);
  for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) W[3 * c + k] = (G[3 * c + k] - G[3 * k + c]) / (2 * V);
  for (let i = 0; i < fe.nNodes; i++) {
    const d0 = nodes[3 * i] - xbar[0], d1 = nodes[3 * i + 1] - xbar[1], d2 = nodes[3 * i + 2] - xbar[2];
    for (let c = 0; c < 3; c++) uv[3 * i + c] -= ubar[c] + W[3 * c] * d0 + W[3 * c + 1] * d1 + W[3 * c + 2] * d2;
  }
}
