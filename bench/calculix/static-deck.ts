/**
 * The mechanics of a grainfem run as a CalculiX static deck: C3D10, per-grain
 * *ORIENTATION, the crystal-frame stiffness as *ELASTIC, TYPE=ORTHO at
 * θ = 0 and θ = 1, the chemical strain as *EXPANSION, TYPE=ORTHO, and the
 * nodal θ of each output SOC as *TEMPERATURE. Units: µm, MPa.
 *
 * Why this is the same physics (SPEC §1.3, src/fem/elasticity.ts and
 * assembly/kernels/elasticity.ts):
 * - grainfem: σ = C(θ)(ε − β(θ − θ_ref)), C(θ) = C0 + clamp(θ, 0, 1)(C1 − C0),
 *   θ interpolated at each of the 4 Gauss points with the P2 shape functions.
 * - ccx: thermal strain α(T)(T − T_zero) − α(T_init)(T_init − T_zero); with a
 *   constant α = β and T_init = θ_ref (*INITIAL CONDITIONS) it is β(θ − θ_ref)
 *   whatever ZERO is (we set ZERO = θ_ref too). *ELASTIC tables are
 *   interpolated linearly in T between the given temperatures and held
 *   constant outside them, so two rows at T = 0 and 1 are exactly the
 *   clamped linear C(θ). ccx evaluates T at the C3D10 Gauss points with the
 *   quadratic shape functions (e_c3d.f; only C3D20 and C3D10T use linear
 *   temperature interpolation), on the same 4-point rule as grainfem.
 * - ORTHO constants: D1111 D1122 D2222 D1133 D2233 D3333 D1212 D1313 / D2323:
 *   tensor shear moduli, D1212 = C66 (shear 12), D1313 = C55, D2323 = C44 in
 *   our Voigt order (11 22 33 23 13 12).
 * - free particle: the same 3-2-1 pins as grainfem (rigidBodyPins); the load
 *   is self-equilibrated, so they add no stress.
 * Output: *EL PRINT S (stress at the 4 integration points of every element).
 */
import type { TetMesh } from "../../src/mesh/types.js";
import { meshSection, num, num10 } from "./mesh-section.js";

export interface StaticDeckInput {
  mesh: TetMesh;
  orientations: ArrayLike<number>;
  /** crystal-frame 6 × 6 stiffness (row-major, Voigt 11 22 33 23 13 12, MPa) at θ = 0 and θ = 1 */
  C0: ArrayLike<number>;
  C1: ArrayLike<number>;
  /** crystal-frame chemical strain per unit θ [β_a, β_b, β_c] */
  beta: readonly [number, number, number];
  thetaRef: number;
  /** pinned dofs, 3·node + component (rigidBodyPins) */
  pins: readonly number[];
  /** nodal θ per output (one *STEP each) */
  thetas: Float64Array[];
}

/** The ORTHO line pair of a 6 × 6 orthotropic stiffness at temperature T (8 fields in 132 characters: 10 digits). */
function orthoRows(C: ArrayLike<number>, T: number): string[] {
  const c = (i: number, j: number) => C[6 * i + j];
  return [
    [c(0, 0), c(0, 1), c(1, 1), c(0, 2), c(1, 2), c(2, 2), c(5, 5), c(4, 4)].map(num10).join(",") + ",",
    `${num(c(3, 3))}, ${num(T)}`,
  ];
}

/** The deck's text. */
export function staticDeck(inp: StaticDeckInput): string {
  const out: string[] = ["*HEADING", "grainfem chemo-mechanics: static, eigenstrain as thermal expansion (theta = T)"];
  const material = ["*MATERIAL, NAME=NCM", "*ELASTIC, TYPE=ORTHO", ...orthoRows(inp.C0, 0), ...orthoRows(inp.C1, 1),
    `*EXPANSION, TYPE=ORTHO, ZERO=${num(inp.thetaRef)}`, inp.beta.map(num).join(", ")];
  out.push(...meshSection(inp.mesh, inp.orientations, "NCM", material));
  out.push("*BOUNDARY");
  for (const d of inp.pins) out.push(`${Math.floor(d / 3) + 1}, ${(d % 3) + 1}, ${(d % 3) + 1}, 0.`);
  out.push("*INITIAL CONDITIONS, TYPE=TEMPERATURE", `NALL, ${num(inp.thetaRef)}`);
  for (const theta of inp.thetas) {
    out.push("*STEP", "*STATIC", "*TEMPERATURE");
    for (let i = 0; i < theta.length; i++) out.push(`${i + 1}, ${num(theta[i])}`);
    out.push("*EL PRINT, ELSET=EALL", "S", "*END STEP");
  }
  return out.join("\n") + "\n";
}
