// SPEC §4.4, rotated orthotropic slab: with the c-axis at angle φ to the slab
// normal, the effective normal diffusivity is D_n = D_ab sin²φ + D_c cos²φ.
// The steady through-thickness profile θ = 1 − x/L is imposed and the FE
// energy θᵀKθ = ∫ ∇θ·D∇θ dV = D_n W²/L is read off the assembled matrix;
// a second rotation about the normal must not change it.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import { FeMesh } from "../src/fem/mesh.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { spmv } from "../src/linalg/sparse.js";
import { rotateDiagonalTensor } from "../src/material/voigt.js";
import { rotationFromQuaternion, quaternionFromAxisAngle } from "../src/material/rotation.js";
import { quat } from "gl-matrix";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const Dab = 5e-3, Dc = 1e-8; // µm²/s (5e-15 and 1e-20 m²/s)
const L = 0.5, W = 1.0;

function compose(q1: number[], q2: number[]): number[] {
  // q1 ∘ q2 (apply q2 first), [w, x, y, z]
  const a = Float64Array.of(q1[1], q1[2], q1[3], q1[0]) as unknown as quat;
  const b = Float64Array.of(q2[1], q2[2], q2[3], q2[0]) as unknown as quat;
  const o = new Float64Array(4) as unknown as quat;
  quat.multiply(o, a, b);
  return [o[3], o[0], o[1], o[2]];
}

describe.each([1, 2] as const)("rotated orthotropic slab, P%i", (order) => {
  it.each([0, 15, 30, 45, 60, 75, 90])("φ = %i°: D_n = D_ab sin²φ + D_c cos²φ", (deg) => {
    const phi = (deg * Math.PI) / 180;
    // c-axis (crystal 3) -> (cos φ, 0, sin φ): rotate about y by π/2 − φ, then about the normal x
    const qy = quaternionFromAxisAngle([0, 1, 0], Math.PI / 2 - phi);
    const q = compose(quaternionFromAxisAngle([1, 0, 0], 0.7), qy);
    const D = rotateDiagonalTensor([Dab, Dab, Dc], rotationFromQuaternion(q));
    const p1 = boxMesh({ n: [3, 4, 4], size: [L, W, W], jitter: 0.2 });
    const mesh = order === 1 ? p1 : toQuadratic(core, p1);
    const fe = FeMesh.create(core, mesh);
    const sys = new DiffusionSystem(fe, D);
    sys.assemble();
    const theta = core.fromF64(Array.from({ length: fe.nNodes }, (_, i) => 1 - mesh.nodes[3 * i] / L));
    const Kt = core.f64(fe.nNodes);
    spmv(core, sys.K, theta, Kt);
    let energy = 0;
    for (let i = 0; i < fe.nNodes; i++) energy += theta.view[i] * Kt.view[i];
    const Dn = Dab * Math.sin(phi) ** 2 + Dc * Math.cos(phi) ** 2;
    const expected = (Dn * W * W) / L;
    // θᵀKθ cancels terms of size D_ab: the attainable accuracy is relative to D_ab, not to D_n
    const scale = (Dab * W * W) / L;
    expect(Math.abs(energy - expected)).toBeLessThan(1e-10 * expected + 1e-13 * scale);
    if (deg === 0) expect(Math.abs(energy - expected) / expected).toBeLessThan(1e-4); // D_c = 2e-6 D_ab is still resolved
    sys.dispose();
    fe.dispose();
  });
});
