/**
 * The radial profile of both cases at one SOC (SPEC §1.4: θ, σ_rr, σ_θθ and
 * von Mises against r along the configured direction), as a Vega-Lite chart
 * rendered to SVG in the page.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ProfileSummary } from "grainfem";

const PANELS: Array<[keyof ProfileSummary, string]> = [
  ["theta", "θ (–)"],
  ["sigmaRrMPa", "σ_rr (MPa)"],
  ["sigmaTtMPa", "σ_θθ (MPa)"],
  ["vonMisesMPa", "σ_vM (MPa)"],
];

let view: vega.View | null = null;

export async function drawProfile(el: HTMLElement, cases: Array<{ label: string; profile: ProfileSummary }>, soc: number): Promise<void> {
  const values = cases.flatMap(({ label, profile }) =>
    PANELS.flatMap(([key, title]) =>
      profile.rUm.map((r, i) => ({ r, value: (profile[key] as number[])[i], quantity: title, case: label.split(" — ")[0] })).filter((d) => Number.isFinite(d.value)),
    ),
  );
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `Radial profile at SOC ${Math.round(soc * 100)} %`, anchor: "start", fontSize: 14, fontWeight: "normal" },
    data: { values },
    columns: 4,
    facet: { field: "quantity", type: "nominal", sort: PANELS.map((p) => p[1]), title: null, header: { labelFontSize: 13 } },
    spec: {
      width: 200,
      height: 150,
      mark: { type: "line", strokeWidth: 2 },
      encoding: {
        x: { field: "r", type: "quantitative", title: "r (µm)" },
        y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
        color: { field: "case", type: "nominal", title: null, scale: { domain: ["ASSLB", "LELB"], range: ["#c0392b", "#2c7fb8"] }, legend: { orient: "top" } },
      },
    },
    resolve: { scale: { y: "independent" } },
    config: { font: "system-ui, sans-serif", view: { stroke: null } },
  };
  view?.finalize();
  view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: "svg", container: el, hover: true });
  await view.runAsync();
}
