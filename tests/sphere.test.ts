// SPEC §4.5: the isotropic single-grain sphere under uniform flux, FE against
// the analytic series (Crank for θ, the thermal analogy for σ), and the
// convergence of the stress error under refinement for P1 and P2.
import { beforeAll, describe, expect, it } from "vitest";
import { main as example01 } from "../examples/01-sphere-verification.js";
import {
  crankC, crankMeanC, loadCore, resolveConfig, runSimulation, SPEC_SPHERE, sphereConfigInput, sphereErrors, sphereSolution, tanRoots,
  type Core, type SimulationResult, type SphereErrors,
} from "grainfem";

describe("analytic series (test helper)", () => {
  it("roots of tan λ = λ and Σ 1/λ² = 1/10", () => {
    const r = tanRoots(2000);
    expect(r[0]).toBeCloseTo(4.493409, 6);
    expect(r[1]).toBeCloseTo(7.725252, 6);
    expect(r[2]).toBeCloseTo(10.904122, 6);
    for (const l of r.subarray(0, 50)) expect(Math.abs(Math.tan(l) - l)).toBeLessThan(1e-8 * l);
    // tail Σ_{n>2000} 1/λ_n² ≈ Σ 1/((n + 1/2)π)² ≈ 1/(π² (2000 + 1))
    const s = r.reduce((a, l) => a + 1 / (l * l), 0) + 1 / (Math.PI ** 2 * 2001);
    expect(Math.abs(s - 0.1)).toBeLessThan(1e-7);
  });

  it.each([
    [0.01, 0.0, 0.12364, 0.02, -0.09364],
    [0.05, 0.00342, 0.31217, 0.09772, -0.16217],
    [0.1, 0.05988, 0.48676, 0.16008, -0.18676],
    [0.2, 0.30804, 0.79825, 0.19464, -0.19825],
    [0.5, 1.20002, 1.7, 0.19999, -0.2],
  ])("SPEC dimensionless table at τ = %f", (tau, c0, c1, sr0, st1) => {
    expect(Math.abs(crankC(0, tau) - c0)).toBeLessThan(6e-6);
    expect(Math.abs(crankC(1, tau) - c1)).toBeLessThan(6e-6);
    // σ/σ* with σ* = E β (jR/D)/(1 − ν): σ_r(0) = (2/3)(C̄ − C(0)), σ_θ(1) = C̄ − C(1), C̄ = 3 Ī(1)
    const mean = 3 * crankMeanC(1, tau);
    expect(Math.abs((2 / 3) * (mean - crankC(0, tau)) - sr0)).toBeLessThan(6e-6);
    expect(Math.abs(mean - crankC(1, tau) - st1)).toBeLessThan(6e-6);
    // the mean concentration is exactly 3τ (the series has zero mean)
    expect(mean).toBeCloseTo(3 * tau, 12);
  });

  it("steady state: σ_r/σ* = (1 − x²)/5, σ_θ/σ* = (1 − 2x²)/5", () => {
    const tau = 2;
    for (const x of [0.1, 0.4, 0.7, 0.95]) {
      const I1 = crankMeanC(1, tau), Ix = crankMeanC(x, tau);
      expect(2 * (I1 - Ix)).toBeCloseTo((1 - x * x) / 5, 10);
      expect(2 * I1 + Ix - crankC(x, tau)).toBeCloseTo((1 - 2 * x * x) / 5, 10);
    }
  });

  it("SPEC §4.5 values at t = 1800 s", () => {
    const R = sphereSolution(SPEC_SPHERE, 5, 1800), O = sphereSolution(SPEC_SPHERE, 0, 1800);
    expect(R.theta).toBeCloseTo(0.4074, 4);
    expect(O.theta).toBeCloseTo(0.6387, 4);
    expect(R.sigmaTt).toBeCloseTo(198.3, 1);
    expect(O.sigmaRr).toBeCloseTo(-198.2, 1);
    // at the surface the radial stress vanishes; at the centre the state is hydrostatic
    expect(Math.abs(R.sigmaRr)).toBeLessThan(1e-9);
    expect(O.sigmaTt).toBeCloseTo(O.sigmaRr, 9);
  });
});

describe("FE sphere against the analytic solution", () => {
  let core: Core;
  const runs = new Map<string, { result: SimulationResult; errors: SphereErrors }>();
  const run = async (h: number, order: 1 | 2) => {
    const key = `${order}:${h}`;
    if (!runs.has(key)) {
      const result = await runSimulation(resolveConfig(sphereConfigInput(h, order)), { core, keepQuadrature: true });
      runs.set(key, { result, errors: sphereErrors(result) });
    }
    return runs.get(key)!;
  };
  beforeAll(async () => {
    core = await loadCore();
  });

  it("P2 at ~20k tets (examples/01): within 1 % at quadrature points and 2 % on the profile (SPEC §4.5)", async () => {
    const lines: string[] = [];
    const { result, errors } = await example01((l) => lines.push(l));
    runs.set("2:0.7", { result, errors });
    expect(lines).toHaveLength(11);
    const s = result.summary;
    expect(s.mesh.tets).toBeGreaterThan(17000);
    expect(s.mesh.tets).toBeLessThan(23000);
    expect(errors.quadratureMax).toBeLessThan(0.01);
    expect(errors.profileMax).toBeLessThan(0.02);
    const p = s.snapshots[0].profile, n = p.rUm.length - 1;
    expect(p.rUm[0]).toBe(0);
    expect(p.rUm[n]).toBeGreaterThan(4.99);
    expect(p.theta[n]).toBeCloseTo(0.4074, 3);
    expect(p.theta[0]).toBeCloseTo(0.6387, 3);
    expect(Math.abs(p.sigmaTtMPa[n] / 198.3 - 1)).toBeLessThan(0.02);
    expect(Math.abs(p.sigmaRrMPa[0] / -198.2 - 1)).toBeLessThan(0.02);
    // galvanostatic: the mean θ has fallen by exactly Δθ · SOC, and Li is conserved every step
    expect(Math.abs(s.snapshots[0].thetaMean - 0.5)).toBeLessThan(1e-10);
    expect(s.massBalanceRelError).toBeLessThan(1e-10);
    expect(s.solver.diffusion.massDefectBeforeShiftMax).toBeLessThan(1e-6);
    expect(s.snapshots[0].elasticity.relResidual).toBeLessThanOrEqual(1e-8);
    // a free particle: the pins carry no load
    expect(s.snapshots[0].elasticity.pinReactionRel).toBeLessThan(1e-6);
    expect(s.thetaOutOfRange.nodes).toBe(0);
    // the example's stored numbers (recorded from a run; identical in the debug and release builds)
    expect(s.mesh.tets).toBe(19512);
    expect(p.theta[n]).toBeCloseTo(0.40747, 5);
    expect(p.theta[0]).toBeCloseTo(0.63857, 5);
    expect(p.sigmaTtMPa[n]).toBeCloseTo(197.11, 2);
    expect(p.sigmaRrMPa[0]).toBeCloseTo(-199.58, 2);
    expect(errors.quadratureMax).toBeCloseTo(0.00302, 5);
    expect(errors.profileMax).toBeCloseTo(0.00880, 5);
  });

  it("stress error converges at order ≈ 1 (P1) and ≈ 2 (P2) under refinement", async () => {
    const p1 = [];
    for (const h of [0.9, 0.7, 0.5]) p1.push({ h, e: (await run(h, 1)).errors.quadratureL2 });
    const p2 = [];
    for (const h of [0.9, 0.7]) p2.push({ h, e: (await run(h, 2)).errors.quadratureL2 });
    const rate = (a: { h: number; e: number }, b: { h: number; e: number }) => Math.log(a.e / b.e) / Math.log(a.h / b.h);
    for (let i = 1; i < p1.length; i++) {
      expect(rate(p1[i - 1], p1[i])).toBeGreaterThan(0.8);
      expect(rate(p1[i - 1], p1[i])).toBeLessThan(1.3);
    }
    expect(rate(p2[0], p2[1])).toBeGreaterThan(1.7);
    // P2 is far more accurate than P1 on the same mesh (SPEC §2: P1 stress ~10 % at 90k tets)
    expect(p2[1].e).toBeLessThan(p1[1].e / 20);
    expect(p1[2].e).toBeGreaterThan(0.05);
  });
});
