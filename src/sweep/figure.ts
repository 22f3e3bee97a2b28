/**
 * The sweep figure (Vega-Lite, browser-pure): for the headline metrics —
 * von Mises heterogeneity, mean and maximum von Mises — one panel each, with
 * SOC on x and one colour per grid point: every microstructure as a faint
 * dot, the mean as a filled point and its 95 % confidence interval as a bar.
 */
import { FIGURE_CONFIG, socLabel } from "../figures/charts.js";
import type { MetricsRow, SnapshotMetric, StatsRow } from "./statistics.js";

const PANELS: Array<[SnapshotMetric, string]> = [
  ["heterogeneity", "von Mises heterogeneity (–)"],
  ["vonMisesMeanMPa", "mean von Mises (MPa)"],
  ["vonMisesMaxMPa", "max von Mises (MPa)"],
];

/** Legend label of a grid point: "reactiveFraction = 0.667, cRate = 1" (last path segment). */
export function groupLabel(params: Record<string, unknown>, gridKeys: string[]): string {
  if (!gridKeys.length) return "all jobs";
  return gridKeys.map((k) => `${k.split(".").pop()} = ${typeof params[k] === "string" ? params[k] : JSON.stringify(params[k])}`).join(", ");
}

/**
 * The spec.
 * @param title figure title
 * @param jobs finished jobs (their metrics)
 * @param stats the statistics of sweepStatistics
 * @param gridKeys the sweep's grid keys (legend labels)
 */
export function sweepSpec(title: string, jobs: MetricsRow[], stats: StatsRow[], gridKeys: string[]): Record<string, unknown> {
  const groups: string[] = [];
  const label = (p: Record<string, unknown>) => {
    const l = groupLabel(p, gridKeys);
    if (!groups.includes(l)) groups.push(l);
    return l;
  };
  const socs: string[] = [];
  const socName = (soc: number) => {
    const l = socLabel(soc);
    if (!socs.includes(l)) socs.push(l);
    return l;
  };
  const dots = jobs.flatMap((j) =>
    j.metrics.snapshots.flatMap((s) => PANELS.map(([m]) => ({ metric: m, soc: socName(s.soc), group: label(j.params), value: s[m] }))),
  );
  const means = stats
    .filter((r) => r.soc !== null && PANELS.some(([m]) => m === r.metric))
    .map((r) => ({
      metric: r.metric,
      soc: socName(r.soc as number),
      group: label(r.params),
      mean: r.stats.mean,
      lo: r.stats.ci95?.[0] ?? r.stats.mean,
      hi: r.stats.ci95?.[1] ?? r.stats.mean,
      n: r.stats.n,
    }));
  const x = { field: "soc", type: "nominal", title: "state of charge", sort: socs, axis: { labelAngle: 0 } };
  const xOffset = { field: "group", type: "nominal", sort: groups, scale: { paddingOuter: 0.4 } };
  const color = { field: "group", type: "nominal", title: null, sort: groups, scale: { scheme: "set1" }, legend: { orient: "bottom", columns: 1, labelLimit: 600 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: `${jobs.length} jobs; rings: microstructures; dots and bars: mean and 95 % confidence interval (Student t)`, fontSize: 16, subtitleFontSize: 12, subtitleColor: "#444" },
    hconcat: PANELS.map(([m, yTitle]) => ({
      width: { step: 28 },
      height: 260,
      layer: [
        {
          data: { values: dots.filter((d) => d.metric === m) },
          mark: { type: "point", size: 40, opacity: 0.9, strokeWidth: 1.3 },
          encoding: { x, xOffset, color, y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } } },
        },
        {
          data: { values: means.filter((d) => d.metric === m) },
          mark: { type: "rule", strokeWidth: 2.5, opacity: 0.45 },
          encoding: { x, xOffset, color, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
        },
        {
          data: { values: means.filter((d) => d.metric === m) },
          mark: { type: "point", filled: true, size: 70, opacity: 1, stroke: "black", strokeWidth: 0.6 },
          encoding: {
            x, xOffset, color,
            y: { field: "mean", type: "quantitative" },
            tooltip: [{ field: "group" }, { field: "soc" }, { field: "mean", format: ".4g" }, { field: "lo", format: ".4g" }, { field: "hi", format: ".4g" }, { field: "n" }],
          },
        },
      ],
    })),
    spacing: 36,
    config: FIGURE_CONFIG,
  };
}
