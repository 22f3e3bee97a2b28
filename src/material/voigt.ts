/**
 * Voigt notation and tensor rotation.
 *
 * One pinned order everywhere: (11, 22, 33, 23, 13, 12) with engineering
 * shear strains (γ23 = 2ε23, …). 6 × 6 matrices are Float64Array(36),
 * row-major; 3 × 3 matrices are Float64Array(9), row-major.
 */

/** The nine independent constants of an orthotropic crystal, in its own axes. */
export interface OrthotropicConstants {
  C11: number; C22: number; C33: number;
  C12: number; C13: number; C23: number;
  C44: number; C55: number; C66: number;
}

/** 6 × 6 stiffness of an orthotropic crystal in its axes (same unit as the constants). */
export function orthotropicStiffness(c: OrthotropicConstants): Float64Array {
  const C = new Float64Array(36);
  C[0] = c.C11; C[1] = c.C12; C[2] = c.C13;
  C[6] = c.C12; C[7] = c.C22; C[8] = c.C23;
  C[12] = c.C13; C[13] = c.C23; C[14] = c.C33;
  C[21] = c.C44; C[28] = c.C55; C[35] = c.C66;
  return C;
}

/** 6 × 6 stiffness of an isotropic solid with Young's modulus E and Poisson ratio ν (unit of E). */
export function isotropicStiffness(E: number, nu: number): Float64Array {
  const lam = (E * nu) / ((1 + nu) * (1 - 2 * nu));
  const mu = E / (2 * (1 + nu));
  return orthotropicStiffness({
    C11: lam + 2 * mu, C22: lam + 2 * mu, C33: lam + 2 * mu,
    C12: lam, C13: lam, C23: lam, C44: mu, C55: mu, C66: mu,
  });
}

/**
 * Bond stress-transformation matrix M for the rotation Q (row-major 3 × 3,
 * v_global = Q v_local): σ_global = M σ_local in Voigt order with tensor
 * shear stresses. Engineering strains transform with M⁻ᵀ, and C_global = M C Mᵀ.
 */
export function bondStressMatrix(Q: ArrayLike<number>): Float64Array {
  const a = (i: number, j: number) => Q[3 * i + j];
  // Voigt index -> tensor pair
  const P = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
  const M = new Float64Array(36);
  for (let I = 0; I < 6; I++) {
    const [i, j] = P[I];
    for (let J = 0; J < 6; J++) {
      const [k, l] = P[J];
      // σ'_ij = Σ_kl a_ik a_jl σ_kl; off-diagonal (k ≠ l) Voigt entries appear twice in the sum
      M[6 * I + J] = k === l ? a(i, k) * a(j, l) : a(i, k) * a(j, l) + a(i, l) * a(j, k);
    }
  }
  return M;
}

/** C_global = M C Mᵀ (6 × 6, row-major). */
export function rotateStiffness(C: ArrayLike<number>, Q: ArrayLike<number>): Float64Array {
  const M = bondStressMatrix(Q);
  const T = new Float64Array(36);
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let k = 0; k < 6; k++) s += M[6 * i + k] * C[6 * k + j];
      T[6 * i + j] = s;
    }
  }
  const R = new Float64Array(36);
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let k = 0; k < 6; k++) s += T[6 * i + k] * M[6 * j + k];
      R[6 * i + j] = s;
    }
  }
  return R;
}

/** Q diag(d) Qᵀ (row-major 3 × 3): a principal-axes tensor expressed in global axes. */
export function rotateDiagonalTensor(d: ArrayLike<number>, Q: ArrayLike<number>): Float64Array {
  const T = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      T[3 * i + j] = Q[3 * i] * d[0] * Q[3 * j] + Q[3 * i + 1] * d[1] * Q[3 * j + 1] + Q[3 * i + 2] * d[2] * Q[3 * j + 2];
    }
  }
  return T;
}

/** Symmetric strain tensor (3 × 3) -> Voigt 6-vector with engineering shear. */
export function strainToVoigt(T: ArrayLike<number>): Float64Array {
  return Float64Array.of(T[0], T[4], T[8], 2 * T[5], 2 * T[2], 2 * T[1]);
}

/**
 * Smallest pivot of the Cholesky factorization of a symmetric n × n matrix
 * (row-major), relative to its largest diagonal entry; ≤ 0 (or NaN) means not
 * positive definite.
 */
export function choleskyMinPivot(A: ArrayLike<number>, n: number): number {
  const L = Float64Array.from(A as ArrayLike<number>);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(L[i * n + i]));
  if (!(maxDiag > 0)) return 0;
  let minPivot = Infinity;
  for (let j = 0; j < n; j++) {
    let d = L[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    minPivot = Math.min(minPivot, d / maxDiag);
    if (!(d > 0)) return d / maxDiag;
    const s = Math.sqrt(d);
    L[j * n + j] = s;
    for (let i = j + 1; i < n; i++) {
      let v = L[i * n + j];
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = v / s;
    }
  }
  return minPivot;
}
