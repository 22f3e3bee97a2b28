/**
 * Vega-Lite specifications of grainfem's figures (browser-pure): the
 * cross-section panels, the radial profile, the von Mises histogram and the
 * ASSLB-vs-LELB comparison. The rasterized section enters as an image mark
 * (a PNG data URL) on quantitative x/y axes in µm; its colour bar comes from
 * an invisible layer carrying the same colour scale (same stops, same domain).
 */
import type { ProfileSummary } from "../solver/summary.js";

/** Typography and colours shared by every figure. */
export const FIGURE_CONFIG = {
  font: "DejaVu Sans",
  background: "white",
  padding: 12,
  title: { fontSize: 15, fontWeight: "normal", anchor: "start", offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", tickColor: "#444", domainColor: "#444", labelColor: "#222", titleColor: "#222" },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: "normal", titleLimit: 400 },
  header: { labelFontSize: 14, titleFontSize: 14 },
  view: { stroke: null },
} as const;

/** One cross-section panel. */
export interface SectionPanel {
  title: string;
  /** PNG data URL of the colorized raster covering [uMin, uMax] × [vMin, vMax] */
  imageUrl: string;
  uMin: number;
  uMax: number;
  vMin: number;
  vMax: number;
  /** axis titles, e.g. "x (µm)" */
  uTitle: string;
  vTitle: string;
  /** colour bar: title, value range, colour stops (low → high) */
  colorTitle: string;
  domain: [number, number];
  colors: string[];
  /** false: no colour bar (a panel sharing the bar of its neighbour) */
  legend?: boolean;
}

/** A Vega-Lite layer chart for one section (size in CSS pixels). */
export function sectionPanelSpec(p: SectionPanel, size = 320): Record<string, unknown> {
  const axis = (title: string) => ({ title, grid: false, tickCount: 5 });
  return {
    width: size,
    height: size,
    title: p.title,
    layer: [
      {
        data: { values: [{ u: (p.uMin + p.uMax) / 2, v: (p.vMin + p.vMax) / 2, url: p.imageUrl }] },
        // aria off: vega would otherwise copy the whole data URL into an aria-label
        mark: { type: "image", width: size, height: size, aspect: false, align: "center", baseline: "middle", aria: false },
        encoding: {
          x: { field: "u", type: "quantitative", scale: { domain: [p.uMin, p.uMax], nice: false, zero: false }, axis: axis(p.uTitle) },
          y: { field: "v", type: "quantitative", scale: { domain: [p.vMin, p.vMax], nice: false, zero: false }, axis: axis(p.vTitle) },
          url: { field: "url", type: "nominal" },
        },
      },
      {
        data: { values: [{ c: p.domain[0] }, { c: p.domain[1] }] },
        mark: { type: "point", opacity: 0, aria: false },
        encoding: {
          color: {
            field: "c",
            type: "quantitative",
            scale: { domain: p.domain, range: p.colors, nice: false, zero: false },
            legend: p.legend === false ? null : { title: p.colorTitle, gradientLength: size - 30, gradientThickness: 14, tickCount: 6 },
          },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  };
}

/** SOC as shown in figures: "50 %", "25.5 %". */
export const socLabel = (soc: number) => `${Math.round(soc * 1000) / 10} %`;

/**
 * Panels in a grid (rows of equal length), each with its own colour scale.
 * Columns line up across rows ("flush" bounds: the layout uses the plot
 * sizes only, so a long title or a colour bar does not shift a column).
 */
export function panelGridSpec(title: string, rows: SectionPanel[][], size = 320): Record<string, unknown> {
  const columns = Math.max(...rows.map((r) => r.length));
  const hasLegend = rows.some((r) => r.some((p) => p.legend !== false));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 16 },
    columns,
    concat: rows.flat().map((p) => sectionPanelSpec(p, size)),
    resolve: { scale: { color: "independent", x: "independent", y: "independent" }, legend: { color: "independent" } },
    bounds: "flush",
    spacing: { row: 50, column: hasLegend ? 110 : 60 },
    config: FIGURE_CONFIG,
  };
}

/** The radial profile of every SOC: θ, σ_rr, σ_θθ and von Mises against r (SPEC §1.4). */
export function profileSpec(title: string, profiles: Array<{ soc: number; profile: ProfileSummary }>): Record<string, unknown> {
  const rows: Array<{ r: number; value: number; soc: string }>[] = [[], [], [], []];
  const labels = profiles.map(({ soc }) => socLabel(soc));
  for (const { soc, profile } of profiles) {
    const label = socLabel(soc);
    profile.rUm.forEach((r, i) => {
      const vals = [profile.theta[i], profile.sigmaRrMPa[i], profile.sigmaTtMPa[i], profile.vonMisesMPa[i]];
      vals.forEach((v, q) => { if (Number.isFinite(v)) rows[q].push({ r, value: v, soc: label }); });
    });
  }
  const panels: Array<[string, string]> = [
    ["Li fraction θ", "θ (–)"],
    ["radial stress σ_rr", "σ_rr (MPa)"],
    ["hoop stress σ_θθ", "σ_θθ (MPa)"],
    ["von Mises stress", "σ_vM (MPa)"],
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 16 },
    columns: 2,
    concat: panels.map(([t, y], q) => ({
      width: 300,
      height: 200,
      title: t,
      data: { values: rows[q] },
      mark: { type: "line", strokeWidth: 2, point: { size: 12 } },
      encoding: {
        x: { field: "r", type: "quantitative", title: "r (µm)", scale: { zero: true, nice: false }, axis: { format: "~g", tickMinStep: 0.5 } },
        y: { field: "value", type: "quantitative", title: y, scale: { zero: false } },
        color: { field: "soc", type: "nominal", title: "SOC", scale: { domain: labels, scheme: "dark2" } },
      },
    })),
    spacing: 24,
    config: FIGURE_CONFIG,
  };
}

/** Volume fraction of elements per von Mises bin, one step line per SOC. */
export function histogramSpec(title: string, series: Array<{ soc: number; binEdges: number[]; fraction: number[] }>): Record<string, unknown> {
  const values: Array<{ x: number; x2: number; f: number; soc: string }> = [];
  for (const s of series) {
    for (let b = 0; b < s.fraction.length; b++) values.push({ x: s.binEdges[b], x2: s.binEdges[b + 1], f: s.fraction[b], soc: socLabel(s.soc) });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 16 },
    width: 460,
    height: 260,
    data: { values },
    mark: { type: "rect", opacity: 0.55, stroke: null },
    encoding: {
      x: { field: "x", type: "quantitative", title: "element von Mises stress (MPa)", scale: { zero: true, nice: false } },
      x2: { field: "x2" },
      y: { field: "f", type: "quantitative", title: "volume fraction per bin", stack: null },
      color: { field: "soc", type: "nominal", title: "SOC", scale: { domain: series.map((s) => socLabel(s.soc)), scheme: "dark2" } },
    },
    config: FIGURE_CONFIG,
  };
}

/**
 * Volume-weighted histogram: `nBins` equal bins over [0, max] (the last bin
 * closed), fractions of the total volume.
 */
export function volumeHistogram(values: ArrayLike<number>, volume: ArrayLike<number>, nBins: number, max: number): { binEdges: number[]; fraction: number[] } {
  const binEdges = Array.from({ length: nBins + 1 }, (_, b) => (max * b) / nBins);
  const fraction = new Array<number>(nBins).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i], w = volume[i];
    if (!Number.isFinite(v)) continue;
    total += w;
    const b = Math.min(nBins - 1, Math.max(0, Math.floor((v / max) * nBins)));
    fraction[b] += w;
  }
  for (let b = 0; b < nBins; b++) fraction[b] = total > 0 ? fraction[b] / total : 0;
  return { binEdges, fraction };
}
