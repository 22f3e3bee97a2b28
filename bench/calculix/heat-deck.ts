/**
 * The Li transport of a grainfem run as a CalculiX transient heat-transfer
 * deck (the thermal analogy: T ≡ θ, conductivity ≡ D, ρ·c ≡ 1, heat flux ≡
 * Li flux normalized by c_max). Units are grainfem's core units: µm, s, so
 * the conductivity is D in µm²/s and the face flux j̄ in µm/s.
 *
 * - DC3D10 elements (ccx's heat-transfer name for the C3D10 tet; writing
 *   C3D10 here gives a bit-identical .dat with ccx 2.20);
 * - per grain: *ORIENTATION (mesh-section.ts) and *CONDUCTIVITY, TYPE=ORTHO
 *   with (D_a, D_b, D_c) in the crystal frame; ccx rotates it per element
 *   (materialdata_th), as grainfem's D = Q diag(D) Qᵀ;
 * - *DENSITY 1, *SPECIFIC HEAT 1;
 * - *DFLUX, face label S1…S4, on every outer face of a reactive grain, value
 *   = grainfem's signed flux density (ccx: "flux INTO the face is positive",
 *   e_c3d_th.f; grainfem's load F = ∫ triFlux N dA with −j̄ for a charge);
 * - *INITIAL CONDITIONS, TYPE=TEMPERATURE θ0 on all nodes;
 * - one *STEP per output SOC, *HEAT TRANSFER, DIRECT with grainfem's step
 *   (same schedule: the interval to each output time divided into
 *   ceil(Δt / (3600 s / stepsPerHour)) equal steps). ccx's transient heat
 *   transfer is backward Euler: each increment solves (C/Δt + K) T = C T_old/Δt
 *   + F (the thermal part of the matrix is aub/dtime + au in nonlingeo.c),
 *   as grainfem does. One difference remains: ccx integrates the C3D10
 *   capacity matrix and the face fluxes with its stiffness rules (4 points in
 *   the tet, 3 on a face: degree 2), grainfem with 14 and 6 points (degree
 *   5 and 4, exact for the mass matrix of straight tets).
 * - *NODE PRINT NT at the end of each step (the output SOCs).
 */
import type { TetMesh } from "../../src/mesh/types.js";
import { meshSection, num } from "./mesh-section.js";
import type { OuterFaces } from "./faces.js";

export interface HeatDeckInput {
  mesh: TetMesh;
  /** nGrains × 4 quaternions [w, x, y, z] */
  orientations: ArrayLike<number>;
  /** crystal-frame diffusivities (µm²/s) */
  diffusivity: readonly [number, number, number];
  /** outer faces (faces.ts) */
  faces: OuterFaces;
  /** per grain: 1 if its outer faces carry the flux */
  reactive: ArrayLike<number>;
  /** signed flux density on reactive faces, µm/s (into the body positive: −j̄ for a charge) */
  flux: number;
  theta0: number;
  /** per output: end time (s) and number of equal steps to it from the previous output */
  steps: Array<{ timeS: number; steps: number }>;
}

/** The deck's text. */
export function heatDeck(inp: HeatDeckInput): string {
  const out: string[] = ["*HEADING", "grainfem Li transport as heat transfer (theta = T, D = conductivity, rho c = 1)"];
  const material = ["*MATERIAL, NAME=NCM", "*CONDUCTIVITY, TYPE=ORTHO", inp.diffusivity.map(num).join(", "), "*DENSITY", "1.", "*SPECIFIC HEAT", "1."];
  out.push(...meshSection(inp.mesh, inp.orientations, "NCM", material, "DC3D10"));
  out.push("*INITIAL CONDITIONS, TYPE=TEMPERATURE", `NALL, ${num(inp.theta0)}`);
  let t = 0;
  inp.steps.forEach((s, k) => {
    const dt = (s.timeS - t) / s.steps;
    out.push("*STEP, INC=1000000", "*HEAT TRANSFER, DIRECT", `${num(dt)}, ${num(s.timeS - t)}`);
    if (k === 0) {
      out.push("*DFLUX");
      const f = inp.faces;
      for (let i = 0; i < f.tet.length; i++) if (inp.reactive[f.grain[i]]) out.push(`${f.tet[i] + 1}, S${f.ccxFace[i]}, ${num(inp.flux)}`);
    }
    // FREQUENCY larger than the step count: printed once, at the step's last increment
    out.push(`*NODE PRINT, NSET=NALL, FREQUENCY=${s.steps + 1000000}`, "NT", "*END STEP");
    t = s.timeS;
  });
  return out.join("\n") + "\n";
}
