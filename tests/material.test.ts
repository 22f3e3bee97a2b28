// Orthotropic material: Bond rotation against a direct fourth-order tensor
// rotation, 90° rotations permuting constants exactly, rotated D and β,
// positive-definiteness checks.
import { describe, expect, it } from "vitest";
import { bondStressMatrix, choleskyMinPivot, isotropicStiffness, orthotropicStiffness, rotateDiagonalTensor, rotateStiffness, strainToVoigt } from "../src/material/voigt.js";
import { quaternionFromAxisAngle, rotationFromQuaternion } from "../src/material/rotation.js";
import { checkMaterial, grainMaterialTables, type MaterialSpec } from "../src/material/grains.js";
import { InputError } from "../src/errors.js";

const LITH = { C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 };
const DELITH = { C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 };
// a deliberately fully orthotropic set (all nine constants distinct)
const ORTHO = { C11: 300, C22: 250, C33: 200, C12: 100, C13: 80, C23: 60, C44: 70, C55: 50, C66: 90 };

const VOIGT: Array<[number, number]> = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
const voigtIndex = (i: number, j: number) => VOIGT.findIndex(([a, b]) => (a === i && b === j) || (a === j && b === i));

// C'_ijkl = Q_ip Q_jq Q_kr Q_ls C_pqrs, evaluated directly on the tensor
function rotateByTensor(C: Float64Array, Q: Float64Array): Float64Array {
  const T = (i: number, j: number, k: number, l: number) => C[6 * voigtIndex(i, j) + voigtIndex(k, l)];
  const out = new Float64Array(36);
  for (let I = 0; I < 6; I++) {
    for (let J = 0; J < 6; J++) {
      const [i, j] = VOIGT[I], [k, l] = VOIGT[J];
      let s = 0;
      for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) for (let r = 0; r < 3; r++) for (let t = 0; t < 3; t++) {
        s += Q[3 * i + p] * Q[3 * j + q] * Q[3 * k + r] * Q[3 * l + t] * T(p, q, r, t);
      }
      out[6 * I + J] = s;
    }
  }
  return out;
}

describe("Bond rotation", () => {
  it("equals the direct tensor rotation for random orientations", () => {
    const C = orthotropicStiffness(ORTHO);
    const quats = [[0.3, 0.5, -0.2, 0.79], [0.9, 0.1, 0.3, -0.3], [-0.2, 0.7, 0.6, 0.3]];
    for (const q of quats) {
      const Q = rotationFromQuaternion(q);
      const a = rotateStiffness(C, Q), b = rotateByTensor(C, Q);
      for (let i = 0; i < 36; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-10 * 300);
    }
  });

  it("rotating by 90° about z swaps 1↔2 constants exactly", () => {
    const R = rotateStiffness(orthotropicStiffness(ORTHO), rotationFromQuaternion(quaternionFromAxisAngle([0, 0, 1], Math.PI / 2)));
    const expectC = orthotropicStiffness({ ...ORTHO, C11: ORTHO.C22, C22: ORTHO.C11, C13: ORTHO.C23, C23: ORTHO.C13, C44: ORTHO.C55, C55: ORTHO.C44 });
    for (let i = 0; i < 36; i++) expect(Math.abs(R[i] - expectC[i])).toBeLessThan(1e-12 * 300);
  });

  it("rotating by 90° about x swaps 2↔3 constants exactly", () => {
    const R = rotateStiffness(orthotropicStiffness(ORTHO), rotationFromQuaternion(quaternionFromAxisAngle([1, 0, 0], Math.PI / 2)));
    const expectC = orthotropicStiffness({ ...ORTHO, C22: ORTHO.C33, C33: ORTHO.C22, C12: ORTHO.C13, C13: ORTHO.C12, C55: ORTHO.C66, C66: ORTHO.C55 });
    for (let i = 0; i < 36; i++) expect(Math.abs(R[i] - expectC[i])).toBeLessThan(1e-12 * 300);
  });

  it("leaves an isotropic stiffness unchanged and preserves the strain energy", () => {
    const Ci = isotropicStiffness(150e3, 0.3);
    const Q = rotationFromQuaternion([0.4, -0.3, 0.8, 0.1]);
    const R = rotateStiffness(Ci, Q);
    for (let i = 0; i < 36; i++) expect(Math.abs(R[i] - Ci[i])).toBeLessThan(1e-9 * 150e3);
    // energy invariance: ε_gᵀ C_g ε_g = ε_cᵀ C_c ε_c with ε_g = M⁻ᵀ ε_c (engineering strain)
    const C = orthotropicStiffness(ORTHO);
    const Cg = rotateStiffness(C, Q);
    const eps = [1e-3, -2e-3, 5e-4, 3e-4, -1e-3, 2e-3];
    // tensor strain from Voigt (engineering shear halves), rotate, back to Voigt
    const Tc = [eps[0], eps[5] / 2, eps[4] / 2, eps[5] / 2, eps[1], eps[3] / 2, eps[4] / 2, eps[3] / 2, eps[2]];
    const Tg = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) s += Q[3 * i + p] * Q[3 * j + q] * Tc[3 * p + q];
      Tg[3 * i + j] = s;
    }
    const eg = strainToVoigt(Tg);
    const energy = (Cm: Float64Array, e: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s += e[i] * Cm[6 * i + j] * e[j];
      return s;
    };
    expect(energy(Cg, eg)).toBeCloseTo(energy(C, eps), 10);
    expect(bondStressMatrix(Q).length).toBe(36);
  });
});

describe("rotated diffusivity and chemical strain", () => {
  it("puts the c-axis value along the third column of Q", () => {
    const Q = rotationFromQuaternion(quaternionFromAxisAngle([0, 1, 0], Math.PI / 2)); // c-axis -> +x
    const D = rotateDiagonalTensor([5, 5, 1], Q);
    expect(D[0]).toBeCloseTo(1, 14);
    expect(D[4]).toBeCloseTo(5, 14);
    expect(D[8]).toBeCloseTo(5, 14);
    const beta = strainToVoigt(rotateDiagonalTensor([0.028, 0.028, -0.04], Q));
    expect(beta[0]).toBeCloseTo(-0.04, 14);
    expect(beta[2]).toBeCloseTo(0.028, 14);
  });
  it("keeps the trace of D and β under any rotation", () => {
    const Q = rotationFromQuaternion([0.2, 0.4, -0.6, 0.3]);
    const D = rotateDiagonalTensor([5e-3, 5e-3, 1e-8], Q);
    expect(D[0] + D[4] + D[8]).toBeCloseTo(1e-2 + 1e-8, 15);
    expect(D[1]).toBeCloseTo(D[3], 15);
  });
});

describe("material checks", () => {
  const spec: MaterialSpec = {
    diffusivityM2s: [5e-15, 5e-15, 1e-20],
    chemicalStrain: [0.028, 0.028, -0.04],
    stiffnessGPa: { lithiated: LITH, delithiated: DELITH },
  };
  it("accepts the default NCM622 sets and converts units", () => {
    const t = grainMaterialTables(spec, [1, 0, 0, 0, 0, 1, 0, 0]);
    expect(t.nGrains).toBe(2);
    expect(t.C1[0]).toBeCloseTo(309e3, 8); // MPa
    expect(t.C0[14]).toBeCloseTo(137e3, 8);
    expect(t.D[8]).toBeCloseTo(1e-8, 20); // µm²/s
    expect(choleskyMinPivot(orthotropicStiffness(DELITH), 6)).toBeGreaterThan(0);
  });
  it("rejects a stiffness that is not positive definite, naming the key", () => {
    const bad = { ...spec, stiffnessGPa: { lithiated: LITH, delithiated: { ...DELITH, C12: 400 } } };
    expect(() => checkMaterial(bad)).toThrow(InputError);
    expect(() => checkMaterial(bad)).toThrow(/material\.stiffnessGPa\.delithiated/);
  });
  it("rejects a non-positive diffusivity, naming the component", () => {
    expect(() => checkMaterial({ ...spec, diffusivityM2s: [5e-15, 0, 1e-20] })).toThrow(/material\.diffusivityM2s\[1\]/);
    expect(() => checkMaterial({ ...spec, diffusivityM2s: [5e-15, NaN, 1e-20] })).toThrow(InputError);
  });
  it("rejects an isotropic override with ν ≥ 0.5", () => {
    expect(() => checkMaterial({ ...spec, isotropic: { EGPa: 150, nu: 0.5 } })).toThrow(/material\.isotropic/);
  });
});
