/**
 * SPEC §4.5: an isotropic single-grain sphere under a uniform surface flux,
 * against the analytic series solution.
 *
 * Concentration (Crank, "The Mathematics of Diffusion", §6.3; Carslaw &
 * Jaeger §9.3), for a constant influx j into a sphere of radius R, with
 * x = r/R, τ = D t/R², C = (c − c0)/(jR/D):
 *
 *   C(x, τ) = 3τ + x²/2 − 3/10 − (2/x) Σ_n e^(−λ_n² τ) sin(λ_n x) / (λ_n² sin λ_n),
 *
 * λ_n the positive roots of tan λ = λ. Stresses by the thermal analogy
 * (Timoshenko & Goodier §151; Cheng & Verbrugge 2009; Zhang, Shyy &
 * Sastry 2007) for an isotropic eigenstrain β Δθ:
 *
 *   σ_r(x) = 2βE/(1−ν) [Ī(1) − Ī(x)],
 *   σ_θ(x) =  βE/(1−ν) [2 Ī(1) + Ī(x) − Δθ(x)],   Ī(x) = x⁻³ ∫₀ˣ Δθ s² ds,
 *
 * where the integral of the series has the closed form
 *   ∫₀ˣ s sin(λs) ds = sin(λx)/λ² − x cos(λx)/λ.
 * A charge (extraction) flips the sign of Δθ.
 */

/** The first n positive roots of tan λ = λ (each in (kπ, kπ + π/2)), by bisection on λ cos λ − sin λ. */
export function tanRoots(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 1; k <= n; k++) {
    let lo = k * Math.PI + 1e-12, hi = k * Math.PI + Math.PI / 2 - 1e-12;
    const g = (l: number) => l * Math.cos(l) - Math.sin(l);
    const glo = g(lo);
    for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (Math.sign(g(mid)) === Math.sign(glo)) lo = mid;
      else hi = mid;
    }
    out[k - 1] = 0.5 * (lo + hi);
  }
  return out;
}

const ROOTS = tanRoots(400);

/** Dimensionless concentration C(x, τ) for a constant influx (insertion convention). */
export function crankC(x: number, tau: number): number {
  let s = 3 * tau + (x * x) / 2 - 0.3;
  for (const l of ROOTS) {
    const e = Math.exp(-l * l * tau);
    if (e < 1e-18) break;
    // sin(λx)/x → λ as x → 0
    const sx = x < 1e-8 ? l : Math.sin(l * x) / x;
    s -= (2 * e * sx) / (l * l * Math.sin(l));
  }
  return s;
}

/** Ī_C(x, τ) = x⁻³ ∫₀ˣ C(s, τ) s² ds (dimensionless). */
export function crankMeanC(x: number, tau: number): number {
  let s = tau - 0.1 + (x * x) / 10;
  for (const l of ROOTS) {
    const e = Math.exp(-l * l * tau);
    if (e < 1e-18) break;
    const lx = l * x;
    // x⁻³ (sin λx/λ² − x cos λx/λ) = λ/3 − λ³x²/30 + …  (series for small λx)
    const f = lx < 1e-3 ? l / 3 - (l * l * l * x * x) / 30 : (Math.sin(lx) / (l * l) - (x * Math.cos(lx)) / l) / (x * x * x);
    s -= (2 * e * f) / (l * l * Math.sin(l));
  }
  return s;
}

export interface SphereCase {
  /** radius (µm) */
  radiusUm: number;
  /** diffusivity (µm²/s) */
  DUm2s: number;
  /** flux magnitude j̄ (µm/s, normalized by c_max) */
  fluxUmS: number;
  /** Young's modulus (MPa) and Poisson's ratio */
  EMPa: number;
  nu: number;
  /** isotropic chemical strain per unit θ */
  beta: number;
  theta0: number;
  /** −1 for a charge (extraction), +1 for insertion */
  sign: -1 | 1;
}

/** SPEC §4.5: R = 5 µm, D = 5e-15 m²/s, E = 150 GPa, ν = 0.3, β = 0.01, j̄ = R/(3·3600 s), charge from θ0 = 1. */
export const SPEC_SPHERE: SphereCase = {
  radiusUm: 5, DUm2s: 5e-3, fluxUmS: 5 / (3 * 3600), EMPa: 150e3, nu: 0.3, beta: 0.01, theta0: 1, sign: -1,
};

/** Analytic θ, σ_rr, σ_θθ (MPa) at radius r (µm) and time t (s). */
export function sphereSolution(c: SphereCase, r: number, t: number): { theta: number; sigmaRr: number; sigmaTt: number } {
  const x = Math.min(1, r / c.radiusUm), tau = (c.DUm2s * t) / c.radiusUm ** 2;
  const scale = c.sign * ((c.fluxUmS * c.radiusUm) / c.DUm2s);
  const dTheta = scale * crankC(x, tau);
  const I1 = scale * crankMeanC(1, tau), Ix = scale * crankMeanC(x, tau);
  const k = (c.beta * c.EMPa) / (1 - c.nu);
  return { theta: c.theta0 + dTheta, sigmaRr: 2 * k * (I1 - Ix), sigmaTt: k * (2 * I1 + Ix - dTheta) };
}

/** The analytic stress tensor (Voigt xx yy zz yz xz xy, MPa) at point p (µm, centre at the origin). */
export function sphereStressTensor(c: SphereCase, p: readonly number[], t: number, out: Float64Array): void {
  const r = Math.hypot(p[0], p[1], p[2]);
  const { sigmaRr, sigmaTt } = sphereSolution(c, r, t);
  const n = r > 0 ? [p[0] / r, p[1] / r, p[2] / r] : [1, 0, 0];
  const d = sigmaRr - sigmaTt;
  // σ = σ_θ I + (σ_r − σ_θ) n nᵀ
  out[0] = sigmaTt + d * n[0] * n[0];
  out[1] = sigmaTt + d * n[1] * n[1];
  out[2] = sigmaTt + d * n[2] * n[2];
  out[3] = d * n[1] * n[2];
  out[4] = d * n[0] * n[2];
  out[5] = d * n[0] * n[1];
}

/** The run configuration of SPEC §4.5 (capacity window 1 and f = 1 make j̄ = R/(3·3600 s) on an exact sphere). */
export function sphereConfigInput(meshSizeUm: number, order: 1 | 2, extra: { stepsPerHour?: number; profilePoints?: number } = {}) {
  return {
    geometry: { grains: 1, radiusUm: 5, meshSizeUm, order },
    material: { diffusivityM2s: [5e-15, 5e-15, 5e-15], chemicalStrain: [0.01, 0.01, 0.01], isotropic: { EGPa: 150, nu: 0.3 } },
    cycling: { capacityWindow: 1, reactiveFraction: 1, cRate: 1, direction: "charge" },
    time: { stepsPerHour: extra.stepsPerHour ?? 60 },
    outputs: { soc: [0.5], profilePoints: extra.profilePoints ?? 101, vtu: false, figures: false },
  };
}

/** FE-vs-analytic errors of a sphere run (SPEC §4.5), all relative to the analytic peak stress. */
export interface SphereErrors {
  /** max over quadrature points and components of |σ_FE − σ| / max|σ| */
  quadratureMax: number;
  /** volume-weighted L2 norm of σ_FE − σ over that of σ (Frobenius, quadrature points) */
  quadratureL2: number;
  /** max over profile points of |σ_rr,FE − σ_rr|, |σ_θθ,FE − σ_θθ| / max|σ| */
  profileMax: number;
  /** max |θ_FE − θ| over the nodes */
  thetaMax: number;
  /** analytic peak stress max(|σ_θθ(R)|, |σ_rr(0)|) (MPa) */
  peakMPa: number;
}

/**
 * Compare snapshot `k` of a single-grain sphere run with the analytic solution.
 * @param run a result of `runSimulation(…, { keepQuadrature: true })` on a sphere centred at the origin
 */
export function sphereErrors(
  run: { summary: { snapshots: Array<{ timeS: number; profile: { rUm: number[]; sigmaRrMPa: number[]; sigmaTtMPa: number[] } }> };
    fields: { mesh: { nodes: Float64Array }; snapshots: Array<{ theta: Float64Array; quadrature?: { x: Float64Array; sigma: Float64Array; weight: Float64Array } }> } },
  c: SphereCase = SPEC_SPHERE, k = 0): SphereErrors {
  const t = run.summary.snapshots[k].timeS;
  const f = run.fields.snapshots[k];
  const q = f.quadrature;
  if (!q) throw new Error("sphereErrors: run with keepQuadrature: true");
  const peak = Math.max(Math.abs(sphereSolution(c, c.radiusUm, t).sigmaTt), Math.abs(sphereSolution(c, 0, t).sigmaRr));
  const a = new Float64Array(6);
  let emax = 0, e2 = 0, n2 = 0;
  for (let i = 0; i < q.weight.length; i++) {
    sphereStressTensor(c, [q.x[3 * i], q.x[3 * i + 1], q.x[3 * i + 2]], t, a);
    for (let j = 0; j < 6; j++) {
      const d = q.sigma[6 * i + j] - a[j], m = j < 3 ? 1 : 2;
      emax = Math.max(emax, Math.abs(d));
      e2 += q.weight[i] * m * d * d;
      n2 += q.weight[i] * m * a[j] * a[j];
    }
  }
  const p = run.summary.snapshots[k].profile;
  let ep = 0;
  for (let i = 0; i < p.rUm.length; i++) {
    const s = sphereSolution(c, p.rUm[i], t);
    ep = Math.max(ep, Math.abs(p.sigmaRrMPa[i] - s.sigmaRr), Math.abs(p.sigmaTtMPa[i] - s.sigmaTt));
  }
  const x = run.fields.mesh.nodes;
  let et = 0;
  for (let i = 0; i < f.theta.length; i++) {
    const r = Math.hypot(x[3 * i], x[3 * i + 1], x[3 * i + 2]);
    et = Math.max(et, Math.abs(f.theta[i] - sphereSolution(c, r, t).theta));
  }
  return { quadratureMax: emax / peak, quadratureL2: Math.sqrt(e2 / n2), profileMax: ep / peak, thetaMax: et, peakMPa: peak };
}
