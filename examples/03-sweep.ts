/**
 * Example 03 — Is the solid-state particle more heterogeneous on *every*
 * microstructure, or only on the one we happened to draw?
 *
 * Example 02 compared ASSLB and LELB on one seeded particle. A claim about
 * cells is a claim about many particles, so here we run a sweep: 8
 * microstructures (seeds; each seed draws the grains, their orientations and
 * which surface grains are reactive) × {ASSLB (66.7 % of surface grains
 * reactive), LELB (all)} = 16 jobs, on the local worker pool — exactly what
 * `grainfem sweep` does with a sweep file.
 *
 * Both cases share each microstructure, so the right statistic is the paired
 * one: per seed, d = heterogeneity(ASSLB) − heterogeneity(LELB), and the mean
 * of d with its 95 % Student-t confidence interval. An interval above zero
 * says the partial contact makes the stress more heterogeneous across
 * microstructures, not by luck of one draw.
 *
 * The particles are small (20 grains, P1, h = 1 µm) so this runs in seconds;
 * the sweep file `examples/sweeps/asslb-vs-lelb.json` does the same at the
 * quick-run mesh (100 grains, P2).
 *
 * Run it:  npx tsx examples/03-sweep.ts
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { shutdownPool } from "grainfem";
import { expandSweep, runSweepLocal, sampleStats, type SampleStats } from "grainfem/node";

export async function main(log: (s: string) => void = console.log, out = mkdtempSync(join(tmpdir(), "grainfem-ex03-"))) {
  // 1. The sweep: a base config, 8 seeds, and the electrolyte as the grid axis.
  const ASSLB = 0.667, LELB = 1.0;
  const sweep = expandSweep({
    name: "ex03",
    base: { geometry: { grains: 20, meshSizeUm: 1.0, order: 1 }, outputs: { profilePoints: 21, figures: false } },
    seeds: { from: 1, count: 8 },
    grid: { "cycling.reactiveFraction": [ASSLB, LELB] },
  });
  log(`${sweep.jobs.length} jobs; results in ${out}`);

  // 2. Run it on the worker pool (sweep.csv, stats.csv, sweep.json and figures/sweep.png land in `out`).
  const { report, rows } = await runSweepLocal(sweep, { out });
  await shutdownPool();
  log(`done: ${report.counts.done} run, ${report.counts.failed} failed in ${report.wallS.toFixed(1)} s (${report.jobsPerMinute.toFixed(0)} jobs/min)`);

  // 3. The unpaired view: each case's mean heterogeneity and its 95 % CI.
  const ci = (s: SampleStats) => `${s.mean.toFixed(4)} [${s.ci95![0].toFixed(4)}, ${s.ci95![1].toFixed(4)}]`;
  for (const r of report.statistics.filter((q) => q.metric === "heterogeneity")) {
    log(`heterogeneity, reactive fraction ${r.params["cycling.reactiveFraction"]}, SOC ${r.soc}: ${ci(r)}`);
  }

  // 4. The paired view: per seed and SOC, ASSLB − LELB.
  const seeds = [...new Set(rows.map((r) => r.seed!))];
  const row = (fraction: number, seed: number) => rows.find((r) => r.seed === seed && r.params["cycling.reactiveFraction"] === fraction)!;
  const paired = rows[0].metrics.snapshots.map(({ soc }, k) => {
    const d = seeds.map((seed) => row(ASSLB, seed).metrics.snapshots[k].heterogeneity - row(LELB, seed).metrics.snapshots[k].heterogeneity);
    const stats = sampleStats(d);
    log(`SOC ${soc}: ASSLB − LELB per seed ${d.map((x) => x.toFixed(3)).join(" ")}; mean ${ci(stats)}; ASSLB higher on ${d.filter((x) => x > 0).length}/${d.length}`);
    return { soc, d, stats };
  });
  return { report, paired };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
