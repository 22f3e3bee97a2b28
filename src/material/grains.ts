/**
 * Per-grain material tables for the core: every grain's crystal properties
 * rotated into particle axes and converted to core units (µm, s, MPa).
 *
 * Layouts (Float64Array, grain-major):
 *   D     nGrains × 9   diffusivity tensor Q diag(D_a, D_b, D_c) Qᵀ (µm²/s)
 *   C0    nGrains × 36  stiffness at θ = 0 (delithiated), M C Mᵀ (MPa)
 *   C1    nGrains × 36  stiffness at θ = 1 (lithiated) (MPa)
 *   beta  nGrains × 6   chemical strain per unit θ, Voigt, engineering shear
 */
import { choleskyMinPivot, isotropicStiffness, orthotropicStiffness, rotateDiagonalTensor, rotateStiffness, strainToVoigt, type OrthotropicConstants } from "./voigt.js";
import { rotationFromQuaternion } from "./rotation.js";
import { InputError } from "../errors.js";

/** m²/s -> µm²/s */
export const M2_PER_S_TO_UM2_PER_S = 1e12;
/** GPa -> MPa */
export const GPA_TO_MPA = 1e3;

/** Material description in user units (as in the config, SPEC §3.2). */
export interface MaterialSpec {
  /** [D_a, D_b, D_c] along crystal axes [100], [010], [001] (m²/s) */
  diffusivityM2s: readonly [number, number, number];
  /** [β_a, β_b, β_c]: chemical strain per unit θ along the crystal axes */
  chemicalStrain: readonly [number, number, number];
  /** orthotropic constants at θ = 1 (lithiated) and θ = 0 (delithiated), GPa */
  stiffnessGPa: { lithiated: OrthotropicConstants; delithiated: OrthotropicConstants };
  /** isotropic override (replaces both orthotropic sets) */
  isotropic?: { EGPa: number; nu: number } | null;
}

export interface GrainTables {
  nGrains: number;
  D: Float64Array;
  C0: Float64Array;
  C1: Float64Array;
  beta: Float64Array;
}


/** Check the crystal-frame properties: D and both C sets positive definite. */
export function checkMaterial(m: MaterialSpec): void {
  m.diffusivityM2s.forEach((d, i) => {
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new InputError(`material.diffusivityM2s[${i}]`, `diffusivity must be a positive finite number (got ${d})`);
    }
  });
  m.chemicalStrain.forEach((b, i) => {
    if (!Number.isFinite(b)) throw new InputError(`material.chemicalStrain[${i}]`, `chemical strain must be finite (got ${b})`);
  });
  for (const [name, C] of crystalStiffnessSets(m)) {
    const pivot = choleskyMinPivot(C, 6);
    if (!(pivot > 1e-12)) {
      throw new InputError(name, `stiffness is not positive definite (smallest relative Cholesky pivot ${pivot.toExponential(3)})`);
    }
  }
}

function crystalStiffnessSets(m: MaterialSpec): Array<[string, Float64Array]> {
  if (m.isotropic) {
    return [["material.isotropic", isotropicStiffness(m.isotropic.EGPa * GPA_TO_MPA, m.isotropic.nu)]];
  }
  return [
    ["material.stiffnessGPa.delithiated", orthotropicStiffness(m.stiffnessGPa.delithiated).map((v) => v * GPA_TO_MPA)],
    ["material.stiffnessGPa.lithiated", orthotropicStiffness(m.stiffnessGPa.lithiated).map((v) => v * GPA_TO_MPA)],
  ];
}

/**
 * Rotate the crystal properties into every grain's orientation.
 * @param orientations nGrains × 4 quaternions [w, x, y, z]
 */
export function grainMaterialTables(m: MaterialSpec, orientations: ArrayLike<number>): GrainTables {
  checkMaterial(m);
  const nGrains = orientations.length / 4;
  const sets = crystalStiffnessSets(m);
  const Cdel = sets[0][1];
  const Clit = sets.length > 1 ? sets[1][1] : sets[0][1];
  const Dc = m.diffusivityM2s.map((d) => d * M2_PER_S_TO_UM2_PER_S);
  const out: GrainTables = {
    nGrains,
    D: new Float64Array(nGrains * 9),
    C0: new Float64Array(nGrains * 36),
    C1: new Float64Array(nGrains * 36),
    beta: new Float64Array(nGrains * 6),
  };
  for (let g = 0; g < nGrains; g++) {
    const Q = rotationFromQuaternion([orientations[4 * g], orientations[4 * g + 1], orientations[4 * g + 2], orientations[4 * g + 3]]);
    out.D.set(rotateDiagonalTensor(Dc, Q), 9 * g);
    out.C0.set(rotateStiffness(Cdel, Q), 36 * g);
    out.C1.set(rotateStiffness(Clit, Q), 36 * g);
    out.beta.set(strainToVoigt(rotateDiagonalTensor(m.chemicalStrain, Q)), 6 * g);
  }
  return out;
}
