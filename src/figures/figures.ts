/**
 * The figures of a run and of a comparison (Node: they render through
 * render-node.ts). Each figure is returned as SVG text and PNG bytes; the
 * caller writes them.
 *
 *   section_soc<P>     cross-section through the particle centre normal to z,
 *                      θ and von Mises side by side, grain boundaries drawn
 *   profile            θ, σ_rr, σ_θθ, von Mises along the radial line, every SOC
 *   histogram          volume fraction of elements per von Mises bin, every SOC
 *   compare_soc<P>     ASSLB | LELB, rows θ and von Mises, one colour scale per
 *                      row (the paper's Fig. 6)
 *
 * <P> is the SOC in percent. von Mises colour scales end at the 99th
 * percentile (the few hotter points are drawn in the top colour), so one
 * corner does not wash out the picture; the colour-bar title says so.
 */
import type { SimulationFields, SimulationResult } from "../solver/simulate.js";
import type { SnapshotSummary } from "../solver/summary.js";
import { vonMises } from "../solver/stress-measures.js";
import { colorizeSection, planeAxes, rasterizeSection, type SectionView } from "./cross-section.js";
import { colorStops, colorTable, type ColormapName } from "./colormap.js";
import { histogramSpec, panelGridSpec, profileSpec, socLabel, volumeHistogram, type SectionPanel } from "./charts.js";
import { pngDataUrl, renderSvg, rgbaToPng, svgToPng } from "./render-node.js";
import { socTag } from "../io/names.js";

export interface Figure {
  /** file stem, e.g. "section_soc50" */
  name: string;
  svg: string;
  png: Uint8Array;
}

const PANEL = 320;
const ZOOM = 2;
const AXIS_NAMES = ["x", "y", "z"];

/** The plane z = z_centre through the particle, framed on its bounding box with a small margin. */
export function centreSectionView(fields: SimulationFields, axis: 0 | 1 | 2 = 2, pixels = PANEL * ZOOM): SectionView {
  const X = fields.mesh.nodes;
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < X.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      lo[c] = Math.min(lo[c], X[i + c]);
      hi[c] = Math.max(hi[c], X[i + c]);
    }
  }
  const [ua, va] = planeAxes(axis);
  const half = 0.52 * Math.max(hi[ua] - lo[ua], hi[va] - lo[va]);
  const cu = (lo[ua] + hi[ua]) / 2, cv = (lo[va] + hi[va]) / 2;
  return { axis, offset: (lo[axis] + hi[axis]) / 2, uMin: cu - half, uMax: cu + half, vMin: cv - half, vMax: cv + half, width: pixels, height: pixels };
}

const fmtOffset = (x: number) => (Math.abs(x) < 5e-3 ? "0" : x.toFixed(2));

interface Field {
  index: Int32Array;
  values: Float64Array;
}

function thetaField(fields: SimulationFields, k: number): Field {
  return { index: fields.mesh.tets, values: fields.snapshots[k].theta };
}

function vonMisesField(fields: SimulationFields, k: number): Field {
  const s = fields.snapshots[k].stress;
  return { index: fields.split.conn, values: vonMises(s, new Float64Array(s.length / 6)) };
}

function panel(fields: SimulationFields, view: SectionView, f: Field, title: string, colorTitle: string, domain: [number, number], map: ColormapName, legend = true): SectionPanel {
  const img = rasterizeSection(fields.mesh, f.index, f.values, view);
  const rgba = colorizeSection(img, colorTable(map), domain[0], domain[1]);
  const [ua, va] = planeAxes(view.axis);
  return {
    title, imageUrl: pngDataUrl(rgbaToPng(rgba, view.width, view.height)),
    uMin: view.uMin, uMax: view.uMax, vMin: view.vMin, vMax: view.vMax,
    uTitle: `${AXIS_NAMES[ua]} (µm)`, vTitle: `${AXIS_NAMES[va]} (µm)`,
    colorTitle, domain, colors: colorStops(map), legend,
  };
}

/**
 * θ is drawn on [0, 1], the same scale for every SOC and case. θ can leave
 * [0, 1] in small regions (SPEC §1.2); those are drawn in the end colours and
 * the colour-bar title says so (summary.thetaOutOfRange has where and how far).
 */
function thetaNote(snaps: SnapshotSummary[]): string {
  return snaps.some((s) => s.thetaMin < 0 || s.thetaMax > 1) ? " (clipped to [0, 1])" : "";
}

function vmDomain(snaps: SnapshotSummary[]): [number, number] {
  const hi = Math.max(...snaps.map((s) => s.vonMisesMPa.p99));
  return [0, hi > 0 ? hi : 1];
}

async function figure(name: string, spec: Record<string, unknown>): Promise<Figure> {
  const svg = await renderSvg(spec);
  return { name, svg, png: svgToPng(svg, ZOOM) };
}

// colour-bar titles stay short: without a canvas, vega estimates text widths
// generously and would leave wide gaps between panels for long ones
const VM_NOTE = " (scale top = p99)";

/** Figures of one run; `label` names the case in titles (e.g. "ASSLB"). */
export async function runFigures(result: SimulationResult, label: string): Promise<Figure[]> {
  const { fields, summary } = result;
  const view = centreSectionView(fields);
  const where = `${AXIS_NAMES[view.axis]} = ${fmtOffset(view.offset)} µm`;
  const out: Figure[] = [];
  for (let k = 0; k < fields.snapshots.length; k++) {
    const s = summary.snapshots[k];
    const row = [
      panel(fields, view, thetaField(fields, k), `Li fraction θ${thetaNote([s])}`, "θ (–)", [0, 1], "cividis"),
      panel(fields, view, vonMisesField(fields, k), `von Mises stress${VM_NOTE}`, "MPa", vmDomain([s]), "viridis"),
    ];
    out.push(await figure(`section_soc${socTag(s.soc)}`, panelGridSpec(`${label}: section ${where} at SOC ${socLabel(s.soc)} (t = ${s.timeS.toFixed(0)} s)`, [row], PANEL)));
  }
  out.push(await figure("profile", profileSpec(`${label}: radial profile`, summary.snapshots.map((s) => ({ soc: s.soc, profile: s.profile })))));
  const max = Math.max(...fields.snapshots.map((s) => s.vonMisesCell.reduce((m, v) => Math.max(m, v), 0)));
  out.push(await figure("histogram", histogramSpec(`${label}: element von Mises stress`,
    fields.snapshots.map((s) => ({ soc: s.soc, ...volumeHistogram(s.vonMisesCell, fields.tetVolume, 60, max > 0 ? max : 1) })))));
  return out;
}

/** The side-by-side figures of a comparison (shared colour scale per row). */
export async function compareFigures(asslb: SimulationResult, lelb: SimulationResult): Promise<Figure[]> {
  const view = centreSectionView(asslb.fields);
  const where = `${AXIS_NAMES[view.axis]} = ${fmtOffset(view.offset)} µm`;
  const out: Figure[] = [];
  for (let k = 0; k < asslb.fields.snapshots.length; k++) {
    const sa = asslb.summary.snapshots[k], sl = lelb.summary.snapshots[k];
    const tN = thetaNote([sa, sl]), vD = vmDomain([sa, sl]);
    const rows = [
      [
        panel(asslb.fields, view, thetaField(asslb.fields, k), "ASSLB (solid electrolyte): θ", "θ (–)", [0, 1], "cividis", false),
        panel(lelb.fields, view, thetaField(lelb.fields, k), "LELB (liquid electrolyte): θ", "θ (–)", [0, 1], "cividis"),
      ],
      [
        panel(asslb.fields, view, vonMisesField(asslb.fields, k), "ASSLB: von Mises", "MPa", vD, "viridis", false),
        panel(lelb.fields, view, vonMisesField(lelb.fields, k), "LELB: von Mises", "MPa", vD, "viridis"),
      ],
    ];
    out.push(await figure(`compare_soc${socTag(sa.soc)}`, panelGridSpec(`ASSLB vs LELB at SOC ${socLabel(sa.soc)}, section ${where}: heterogeneity ${sa.heterogeneity.toFixed(3)} vs ` +
      `${sl.heterogeneity.toFixed(3)}; θ${tN}, von Mises${VM_NOTE}`, rows, PANEL)));
  }
  return out;
}
