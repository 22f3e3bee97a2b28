/**
 * A sweep's numbers: one row of scalar metrics per job (taken from its
 * summary.json), and per grid point the mean, standard deviation and 95 %
 * confidence interval of each metric across microstructure seeds.
 *
 * The interval is Student's t: mean ± t(0.975, n−1)·s/√n, with s the sample
 * standard deviation — the usual interval for the mean of n independent
 * microstructures whose metric is roughly normal (with n = 1 it is undefined
 * and reported as null).
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { Summary } from "../solver/summary.js";

/** Scalar metrics of one snapshot (SOC), with units in the names. */
export const SNAPSHOT_METRICS = [
  "heterogeneity",
  "thetaMean",
  "vonMisesMeanMPa",
  "vonMisesStdMPa",
  "vonMisesP99MPa",
  "vonMisesMaxMPa",
  "hydrostaticMinMPa",
  "hydrostaticMaxMPa",
  "maxPrincipalMaxMPa",
] as const;
export type SnapshotMetric = (typeof SNAPSHOT_METRICS)[number];

/** Scalar metrics of a whole run. */
export const RUN_METRICS = ["tets", "reactiveCountFraction", "reactiveAreaFraction", "massBalanceRelError", "elasticityItersMax", "totalS"] as const;
export type RunMetric = (typeof RUN_METRICS)[number];

export interface JobMetrics {
  run: Record<RunMetric, number>;
  /** one entry per output SOC, in the summary's order */
  snapshots: Array<{ soc: number } & Record<SnapshotMetric, number>>;
}

/** The scalar metrics of one run's summary. */
export function jobMetrics(s: Summary): JobMetrics {
  return {
    run: {
      tets: s.mesh.tets,
      reactiveCountFraction: s.reactive.countFraction,
      reactiveAreaFraction: s.reactive.areaFraction,
      massBalanceRelError: s.massBalanceRelError,
      elasticityItersMax: s.solver.elasticity.itersMax,
      totalS: s.timingS.total,
    },
    snapshots: s.snapshots.map((p) => ({
      soc: p.soc,
      heterogeneity: p.heterogeneity,
      thetaMean: p.thetaMean,
      vonMisesMeanMPa: p.vonMisesMPa.mean,
      vonMisesStdMPa: p.vonMisesMPa.std,
      vonMisesP99MPa: p.vonMisesMPa.p99,
      vonMisesMaxMPa: p.vonMisesMPa.max,
      hydrostaticMinMPa: p.hydrostaticMPa.min,
      hydrostaticMaxMPa: p.hydrostaticMPa.max,
      maxPrincipalMaxMPa: p.maxPrincipalMPa.max,
    })),
  };
}

/** Mean, sample standard deviation and Student-t 95 % interval of a sample. */
export interface SampleStats {
  n: number;
  mean: number;
  /** sample standard deviation (n − 1); null for n = 1 */
  std: number | null;
  /** 95 % confidence interval of the mean; null for n = 1 */
  ci95: [number, number] | null;
}

/**
 * Statistics of a sample.
 * @param xs the values (finite numbers; at least one)
 */
export function sampleStats(xs: readonly number[]): SampleStats {
  const n = xs.length;
  if (n === 0) throw new RangeError("sampleStats of an empty sample");
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  if (n === 1) return { n, mean, std: null, ci95: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const std = Math.sqrt(ss / (n - 1));
  const half = tQuantile(0.975, n - 1) * (std / Math.sqrt(n));
  return { n, mean, std, ci95: [mean - half, mean + half] };
}

/** One row of the statistics table: a grid point, a metric (at an SOC, or null for run metrics) and its stats across seeds. */
export interface StatsRow {
  /** the grid values of this group (dotted path → value) */
  params: Record<string, unknown>;
  metric: string;
  soc: number | null;
  stats: SampleStats;
}

/** A finished job as the statistics see it. */
export interface MetricsRow {
  id: string;
  seed: number | null;
  params: Record<string, unknown>;
  metrics: JobMetrics;
}

/** Group key of a grid point: its values as JSON, in grid order. */
function groupKey(params: Record<string, unknown>, keys: string[]): string {
  return JSON.stringify(keys.map((k) => params[k]));
}

/**
 * Statistics across seeds per grid point, for every metric (and every SOC of
 * the snapshot metrics). Groups appear in the order of their first job.
 */
export function sweepStatistics(rows: MetricsRow[], gridKeys: string[]): StatsRow[] {
  const groups = new Map<string, MetricsRow[]>();
  for (const r of rows) {
    const k = groupKey(r.params, gridKeys);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out: StatsRow[] = [];
  for (const g of groups.values()) {
    const params = g[0].params;
    for (const m of RUN_METRICS) out.push({ params, metric: m, soc: null, stats: sampleStats(g.map((r) => r.metrics.run[m])) });
    const socs = g[0].metrics.snapshots.map((s) => s.soc);
    socs.forEach((soc, i) => {
      for (const m of SNAPSHOT_METRICS) {
        out.push({ params, metric: m, soc, stats: sampleStats(g.map((r) => r.metrics.snapshots[i][m])) });
      }
    });
  }
  return out;
}
