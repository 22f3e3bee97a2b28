/**
 * Example 00 — Does the finite-element core converge the way theory says?
 *
 * Before trusting grainfem with a cathode particle we check the discretization
 * on problems whose exact answer we know. A manufactured solution picks the
 * answer first, u(x) = sin(a·x + φ), and derives the source term that makes it
 * exact; solving on meshes of decreasing size h, the L2 error of P1 elements
 * must fall like h² and that of P2 elements like h³.
 *
 * The material is deliberately awkward: an orthotropic crystal with nine
 * distinct constants and three distinct diffusivities, rotated off the mesh
 * axes, so every entry of D and C is non-zero.
 *
 * Run it:  npx tsx examples/00-verification-ladder.ts
 */
import { pathToFileURL } from "node:url";
import { convergenceStudy, freeGrainStress, loadCore, DEFAULT_MATERIAL, type ConvergenceStudy } from "grainfem";

export async function main(log: (s: string) => void = console.log) {
  // 1. One core instance holds all the meshes and matrices of this example.
  const core = await loadCore();

  // 2. Manufactured solutions: anisotropic diffusion and elasticity, P1 and P2,
  //    each on three meshes (cells per cube edge doubling).
  const studies: ConvergenceStudy[] = [];
  for (const problem of ["diffusion", "elasticity"] as const) {
    studies.push(convergenceStudy(core, problem, 1, [4, 8, 16]));
    studies.push(convergenceStudy(core, problem, 2, [2, 4, 8]));
  }
  log("problem      order  cells      L2 errors                         observed orders");
  for (const s of studies) {
    log(`${s.problem.padEnd(12)} P${s.order}     ${s.cells.join(",").padEnd(9)}  ${s.errors.map((e) => e.toExponential(3)).join("  ")}  ${s.orders.map((o) => o.toFixed(2)).join("  ")}`);
  }

  // 3. A free grain whose lithium content changes uniformly just swells or
  //    shrinks: it must carry no stress, whatever its crystal orientation.
  const free = freeGrainStress(core, DEFAULT_MATERIAL, 2, [0.3, 0.5, -0.2, 0.79]);
  log(`free grain (P2, θ: 1 → 0.45): max |σ| is ${free.stressRatio.toExponential(2)} of the constrained stress`);
  return { studies, free };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
