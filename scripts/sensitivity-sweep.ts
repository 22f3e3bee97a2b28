/**
 * Stiffness sensitivity sweep (issue 4, recorded in docs/physics.md).
 *
 * The seed paper's θ-dependent stiffness table (its Supp. Table 1) is not
 * available, so grainfem's C(θ) defaults are placeholders. This script shows
 * how much that matters: the same seeded 40-grain particle (P2, h = 0.8 µm,
 * both cases) is run with C33 at θ = 0 swept over 60–220 GPa (everything else
 * at its default) and with the isotropic fallback E = 200 GPa, ν = 0.3; it
 * prints a markdown table of von Mises max/mean and heterogeneity per case
 * and SOC. Diffusion does not depend on C, so θ is identical in every row.
 *
 * Run:  npx tsx scripts/sensitivity-sweep.ts   (≈ 3 min on 2 cores)
 */
import os from "node:os";
import { defaults, loadCore, resolveConfig, runComparison } from "grainfem";

const base = { geometry: { grains: 40, seed: 1, meshSizeUm: 0.8, order: 2 as const }, outputs: { profilePoints: 11 } };
const delithiated = defaults().material.stiffnessGPa.delithiated;
const variants: { label: string; material: Record<string, unknown> }[] = [
  ...[60, 100, 137, 180, 220].map((c33) => ({
    label: `C33(θ=0) = ${c33} GPa${c33 === delithiated.C33 ? " (default)" : ""}`,
    material: { stiffnessGPa: { delithiated: { ...delithiated, C33: c33 } } },
  })),
  { label: "isotropic E = 200 GPa, ν = 0.3", material: { isotropic: { EGPa: 200, nu: 0.3 } } },
];

const core = await loadCore();
console.log(`machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log("| stiffness | case | SOC | vM max MPa | vM mean MPa | heterogeneity |");
console.log("|---|---|---|---|---|---|");
for (const v of variants) {
  const config = resolveConfig({ ...base, material: v.material });
  const r = await runComparison(config, { core });
  for (const [name, s] of [["ASSLB", r.asslb.summary], ["LELB", r.lelb.summary]] as const) {
    for (const p of s.snapshots) {
      console.log(`| ${v.label} | ${name} | ${p.soc} | ${p.vonMisesMPa.max.toFixed(0)} | ${p.vonMisesMPa.mean.toFixed(0)} | ${p.heterogeneity.toFixed(3)} |`);
    }
  }
}
