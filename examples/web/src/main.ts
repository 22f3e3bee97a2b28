/**
 * grainfem in the browser: run the seed paper's experiment (ASSLB vs LELB on
 * one particle) in a Web Worker and explore it in 3D.
 *
 * The page imports the package like any user (`from "grainfem"`): `compare`
 * runs the job in a Web Worker with its own wasm core; the result's typed
 * arrays come back transferred. Everything after that — colouring, sections,
 * plots, the files offered for download — is computed here from those arrays
 * and the summary.
 *
 * `document.body.dataset.status` is "running", then "done" or "error" (with
 * the message shown): the hook for automated checks. Form values can be
 * given in the URL (?grains=40&seed=2&meshSizeUm=0.8&order=2&reactiveFraction=0.5&cRate=1).
 */
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { interpolateCividis, interpolateViridis, schemeTableau10 } from "d3-scale-chromatic";
import { zlibSync } from "fflate";
import {
  compare, estimateTets, InputError, profileCsv, resolveConfig, snapshotGrid, socTag, VERSION, writeVtu,
  type CompareResult, type ConfigInput, type SimulationFields, type Summary,
} from "grainfem";
import { fieldSource, sectionSoup, surfaceMap, surfaceSoup, valueRange, type FieldName, type SurfaceMap, type TriangleSoup } from "./geometry.js";
import { ParticleView, type Colorize } from "./viewer.js";
import { drawProfile } from "./profile.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ---------------------------------------------------------------- the form

/** Form inputs and the config key each sets (parse: NaN when the text is not a value). */
const INPUTS: Array<{ id: string; key: string; parse: (s: string) => number | "auto" }> = [
  { id: "grains", key: "geometry.grains", parse: (s) => Number(s) },
  { id: "seed", key: "geometry.seed", parse: (s) => Number(s) },
  { id: "meshSizeUm", key: "geometry.meshSizeUm", parse: (s) => Number(s) },
  { id: "order", key: "geometry.order", parse: (s) => Number(s) },
  { id: "reactiveFraction", key: "cycling.reactiveFraction", parse: (s) => Number(s) },
  { id: "cRate", key: "cycling.cRate", parse: (s) => Number(s) },
  // a pool of Web Workers on the page's shared memory (the page is cross-origin isolated); 1: no pool
  { id: "threads", key: "solver.threads", parse: (s) => (s === "auto" ? "auto" : Number(s)) },
];

/** The demo: the seed experiment on a coarse 30-grain particle, P1 (≈ 22k tets, a few seconds). */
const DEMO = { grains: "30", seed: "1", meshSizeUm: "0.7", order: "1", reactiveFraction: "0.667", cRate: "1", threads: "auto" };

function setPath(o: Record<string, any>, path: string, v: unknown) {
  const k = path.split(".");
  let n = o;
  for (const p of k.slice(0, -1)) n = n[p] ??= {};
  n[k[k.length - 1]] = v;
}

/** The config of the form, or the reason it is refused (shown next to the input). */
function readForm(): { config: ConfigInput } | { error: string; input: string | null } {
  const config: Record<string, any> = { outputs: { soc: [0.25, 0.5, 0.75, 1], profilePoints: 41, figures: false } };
  for (const f of INPUTS) {
    const raw = $<HTMLInputElement>(f.id).value.trim();
    const v = f.parse(raw);
    if (raw === "" || (v !== "auto" && !Number.isFinite(v))) return { error: `${f.key}: must be a number (got "${raw}")`, input: f.id };
    setPath(config, f.key, v);
  }
  // the seed also draws which surface grains react, as in `grainfem sweep`
  config.cycling.reactiveSeed = config.geometry.seed;
  try {
    const resolved = resolveConfig(config);
    const tets = estimateTets(resolved.geometry.radiusUm, resolved.geometry.meshSizeUm);
    if (tets > 400_000) return { error: `geometry.meshSizeUm: ≈ ${Math.round(tets / 1000)}k tets is more than this page runs (≤ 400k); use a coarser mesh`, input: "meshSizeUm" };
  } catch (e) {
    if (e instanceof InputError) return { error: e.message, input: INPUTS.find((f) => e.where.startsWith(f.key))?.id ?? null };
    throw e;
  }
  return { config: config as ConfigInput };
}

function showFormError(error: string | null, input: string | null) {
  for (const f of INPUTS) $(f.id).classList.toggle("invalid", f.id === input);
  $("form-error").textContent = error ?? "";
}

function updateEstimate() {
  const h = Number($<HTMLInputElement>("meshSizeUm").value);
  $("estimate").textContent = h > 0 ? `≈ ${Math.round(estimateTets(5, h)).toLocaleString("en")} tets` : "";
}

// ---------------------------------------------------------------- state and views

interface CaseView {
  name: "asslb" | "lelb";
  label: string;
  fields: SimulationFields;
  summary: Summary;
  map: SurfaceMap;
  view: ParticleView;
}

let result: CompareResult | null = null;
let cases: CaseView[] = [];
let running: AbortController | null = null;
let meshFile: { name: string; bytes: Uint8Array } | null = null;

const camera = new THREE.PerspectiveCamera(35, 1, 0.1, 1000);
const views = {
  asslb: new ParticleView($<HTMLCanvasElement>("view-asslb"), camera),
  lelb: new ParticleView($<HTMLCanvasElement>("view-lelb"), camera),
};
const controls = [views.asslb, views.lelb].map((v) => {
  const c = new OrbitControls(camera, v.canvas);
  c.addEventListener("change", () => renderAll());
  return c;
});
function renderAll() {
  const c = views.asslb.canvas;
  camera.aspect = c.clientWidth / Math.max(1, c.clientHeight);
  camera.updateProjectionMatrix();
  views.asslb.render();
  views.lelb.render();
}
window.addEventListener("resize", () => renderAll());

function frameCamera(R: number) {
  camera.position.set(1.55 * R, -2.15 * R, 2.0 * R);
  camera.up.set(0, 0, 1);
  for (const c of controls) {
    c.target.set(0, 0, 0);
    c.update();
  }
}

// ---------------------------------------------------------------- colour

const GREY: [number, number, number] = [0.75, 0.75, 0.75];
/** [r, g, b] in 0–1 of a CSS colour as d3 writes them ("#rrggbb" or "rgb(r, g, b)"); grey for anything else. */
function rgb(css: string): [number, number, number] {
  if (css.startsWith("#") && css.length === 7) return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16) / 255) as [number, number, number];
  const m = css.match(/\d+/g);
  return m && m.length >= 3 ? [Number(m[0]) / 255, Number(m[1]) / 255, Number(m[2]) / 255] : GREY;
}
/** A colour function that shows values without a colour (NaN) in grey. */
const guard = (f: Colorize): Colorize => (v) => (Number.isFinite(v) ? f(v) : GREY);

interface Scale {
  colorize: Colorize;
  /** colour bar: CSS gradient stops, domain and title; or a legend of swatches */
  bar: { title: string; domain: [number, number]; css: (t: number) => string } | { title: string; swatches: Array<[string, string]> };
}

/** The colour scale of a field, shared by both cases (same domain). */
function scaleOf(field: FieldName, k: number, soups: TriangleSoup[]): Scale {
  if (field === "theta") {
    const domain: [number, number] = [0, 1];
    return { colorize: guard((v) => rgb(interpolateCividis(Math.min(1, Math.max(0, v))))), bar: { title: "Li fraction θ (–)", domain, css: interpolateCividis } };
  }
  if (field === "vonMises") {
    // top of the scale = the larger p99 of the two cases (maxima sit at a few grain-boundary points)
    const hi = Math.max(...cases.map((c) => c.summary.snapshots[k].vonMisesMPa.p99)) || valueRange(...soups)[1];
    return { colorize: guard((v) => rgb(interpolateViridis(Math.min(1, Math.max(0, v / hi))))), bar: { title: "von Mises σ_vM (MPa), top = p99", domain: [0, hi], css: interpolateViridis } };
  }
  if (field === "grain") {
    return { colorize: guard((v) => rgb(schemeTableau10[Math.round(v) % 10])), bar: { title: "grain id (10 colours, repeating)", swatches: schemeTableau10.map((c, i) => [c, String(i)]) } };
  }
  return {
    colorize: (v) => (v > 0.5 ? [0.93, 0.49, 0.19] : GREY),
    bar: { title: "surface grains", swatches: [["#ed7d31", "reactive (touches the electrolyte)"], ["#bfbfbf", "not reactive"]] },
  };
}

function drawColorBar(scale: Scale) {
  const el = $("colorbar");
  el.replaceChildren();
  const title = document.createElement("div");
  title.className = "bar-title";
  title.textContent = scale.bar.title;
  el.append(title);
  if ("swatches" in scale.bar) {
    const row = document.createElement("div");
    row.className = "swatches";
    for (const [c, label] of scale.bar.swatches) {
      const s = document.createElement("span");
      s.innerHTML = `<i style="background:${c}"></i>${label}`;
      row.append(s);
    }
    el.append(row);
    return;
  }
  const { domain, css } = scale.bar;
  const grad = document.createElement("div");
  grad.className = "gradient";
  grad.style.background = `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => css(i / 10)).join(", ")})`;
  const ticks = document.createElement("div");
  ticks.className = "ticks";
  for (let i = 0; i <= 4; i++) {
    const t = document.createElement("span");
    const v = domain[0] + ((domain[1] - domain[0]) * i) / 4;
    t.textContent = Math.abs(domain[1]) >= 100 ? v.toFixed(0) : v.toFixed(2);
    ticks.append(t);
  }
  el.append(grad, ticks);
}

// ---------------------------------------------------------------- showing a result

function snapshotIndex(): number {
  return Number($<HTMLInputElement>("soc").value);
}

function redraw() {
  if (!cases.length) return;
  const k = snapshotIndex();
  const field = $<HTMLSelectElement>("field").value as FieldName;
  const clipOn = $<HTMLInputElement>("clip").checked;
  const axis = Number($<HTMLSelectElement>("clip-axis").value) as 0 | 1 | 2;
  const R = cases[0].summary.config.geometry.radiusUm;
  const offset = (Number($<HTMLInputElement>("clip-offset").value) / 100) * R;
  $("clip-offset-label").textContent = `${"xyz"[axis]} = ${offset.toFixed(2)} µm`;
  const soups = cases.map((c) => {
    const src = fieldSource(c.fields, k, field);
    return { surface: surfaceSoup(c.fields, c.map, src), section: clipOn ? sectionSoup(c.fields, src, axis, offset) : null };
  });
  const scale = scaleOf(field, k, soups.flatMap((s) => (s.section ? [s.surface, s.section] : [s.surface])));
  cases.forEach((c, i) => c.view.show(soups[i].surface, soups[i].section, scale.colorize, clipOn ? { axis, offset } : null));
  drawColorBar(scale);
  const soc = cases[0].summary.snapshots[k].soc;
  $("soc-label").textContent = `SOC ${Math.round(soc * 100)} % (t = ${cases[0].summary.snapshots[k].timeS.toFixed(0)} s)`;
  showStats(k);
  void drawProfile($("profile"), cases.map((c) => ({ label: c.label, profile: c.summary.snapshots[k].profile })), soc);
  renderAll();
}

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "–");

function showStats(k: number) {
  const rows = cases.map((c) => {
    const s = c.summary.snapshots[k];
    return `<tr><th>${c.label}</th><td>${fmt(s.thetaMean, 3)}</td><td>${fmt(s.vonMisesMPa.mean)}</td><td>${fmt(s.vonMisesMPa.p99)}</td>` +
      `<td data-testid="vm-max-${c.name}" data-value="${s.vonMisesMPa.max}">${fmt(s.vonMisesMPa.max)}</td><td>${fmt(s.heterogeneity, 3)}</td></tr>`;
  });
  $("stats").innerHTML = `<table><thead><tr><th></th><th>mean θ</th><th>σ_vM mean (MPa)</th><th>σ_vM p99 (MPa)</th><th>σ_vM max (MPa)</th><th>heterogeneity</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function showResult(r: CompareResult, seconds: number) {
  result = r;
  const a = r.asslb.summary;
  cases = (["asslb", "lelb"] as const).map((name) => ({
    name,
    label: name === "asslb" ? `ASSLB — ${Math.round(100 * r[name].summary.config.cycling.reactiveFraction)} % of surface grains reactive` : "LELB — all surface grains reactive",
    fields: r[name].fields,
    summary: r[name].summary,
    map: surfaceMap(r[name].fields),
    view: views[name],
  }));
  $("title-asslb").textContent = cases[0].label;
  $("title-lelb").textContent = cases[1].label;
  const soc = $<HTMLInputElement>("soc");
  soc.max = String(a.snapshots.length - 1);
  soc.value = String(Math.min(Number(soc.value) || 1, a.snapshots.length - 1));
  frameCamera(a.config.geometry.radiusUm);
  $("run-info").textContent =
    `${a.mesh.tets.toLocaleString("en")} tets (P${a.mesh.order}), ${a.mesh.nodes.toLocaleString("en")} nodes, ${a.mesh.grains} grains; ` +
    `ASSLB reacts through ${a.reactive.grainIds.length} of ${a.reactive.surfaceGrains} surface grains; ` +
    `${seconds.toFixed(1)} s in the browser on ${a.producer.threads} thread${a.producer.threads > 1 ? "s" : ""} (grainfem ${VERSION}; mass balance ${a.massBalanceRelError.toExponential(1)})` +
    (a.thetaOutOfRange.nodes > 0 ? `; θ left [0, 1] at ${a.thetaOutOfRange.nodes} nodes (constant-flux model, SPEC §1.2)` : "");
  document.querySelectorAll<HTMLButtonElement>(".download").forEach((b) => (b.disabled = false));
  redraw();
}

// ---------------------------------------------------------------- running

function setStatus(status: "running" | "done" | "error", message = "") {
  document.body.dataset.status = status;
  // results on screen belong to the last run that finished: dim them while another runs or after one failed
  document.querySelector(".results")!.classList.toggle("stale", status !== "done" && cases.length > 0);
  const box = $("status");
  box.className = status;
  box.textContent = message;
}

async function run() {
  const form = readForm();
  if ("error" in form) {
    showFormError(form.error, form.input);
    return;
  }
  showFormError(null, null);
  running?.abort();
  const controller = new AbortController();
  running = controller;
  setStatus("running", meshFile ? `meshing skipped: running on ${meshFile.name}…` : "meshing the particle…");
  $<HTMLButtonElement>("run").disabled = true;
  const bar = $<HTMLProgressElement>("progress");
  bar.value = 0;
  const t0 = performance.now();
  // compare runs both cases' diffusion (ASSLB, then LELB), then both cases' stresses in the same order:
  // a step count starting again marks the next case of a phase
  let caseIdx = 0, lastStep = 0, stressCase = -1, lastSolve = 0;
  try {
    const r = await compare(form.config, {
      signal: controller.signal,
      meshFile: meshFile ? { name: meshFile.name, bytes: meshFile.bytes.slice() } : undefined,
      onProgress: (p) => {
        if (p.phase === "diffusion") {
          if (p.step < lastStep) caseIdx = 1;
          lastStep = p.step;
          bar.value = 0.35 * (p.steps ? p.step / p.steps : 0) + 0.35 * caseIdx;
        } else if (p.phase === "elasticity") {
          if (stressCase < 0 || p.step <= lastSolve) stressCase = Math.min(1, stressCase + 1);
          lastSolve = p.step;
          caseIdx = stressCase;
          bar.value = 0.7 + 0.15 * stressCase + 0.15 * (p.steps ? (p.step - 1) / p.steps : 0);
        }
        const name = p.phase === "mesh" ? "" : `${caseIdx ? "LELB" : "ASSLB"}: `;
        setStatus("running", `${name}${p.phase}${p.phase === "diffusion" ? ` step ${p.step}/${p.steps}, SOC ${p.soc.toFixed(2)}` : p.message ? ` — ${p.message}` : ""}`);
      },
    });
    if (running !== controller) return;
    bar.value = 1;
    showResult(r, (performance.now() - t0) / 1000);
    setStatus("done", "done");
  } catch (e) {
    if ((e as Error).name === "AbortError") return;
    setStatus("error", `${(e as Error).name}: ${(e as Error).message}`);
  } finally {
    if (running === controller) {
      running = null;
      $<HTMLButtonElement>("run").disabled = false;
    }
  }
}

// ---------------------------------------------------------------- downloads and mesh files

function download(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function wireDownloads() {
  $("dl-summary").onclick = () => result && download("summary.json", JSON.stringify({ asslb: result.asslb.summary, lelb: result.lelb.summary }, null, 2), "application/json");
  for (const c of ["asslb", "lelb"] as const) {
    $(`dl-vtu-${c}`).onclick = () => {
      if (!result) return;
      const k = snapshotIndex();
      const { grid, fieldXml } = snapshotGrid(result[c].fields, k);
      const bytes = writeVtu(grid, { deflate: (d) => zlibSync(d, { level: 6 }) }, fieldXml);
      download(`${c}_result_soc${socTag(result[c].summary.snapshots[k].soc)}.vtu`, bytes as BlobPart, "application/xml");
    };
    $(`dl-csv-${c}`).onclick = () => {
      if (!result) return;
      const k = snapshotIndex();
      download(`${c}_profile_soc${socTag(result[c].summary.snapshots[k].soc)}.csv`, profileCsv(result[c].summary.snapshots[k].profile), "text/csv");
    };
  }
  $<HTMLInputElement>("mesh-file").onchange = async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    meshFile = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    $("mesh-name").textContent = `${file.name} (${(file.size / 1e6).toFixed(1)} MB): grains, seed and mesh size come from the file`;
    $("mesh-clear").hidden = false;
  };
  $("mesh-clear").onclick = () => {
    meshFile = null;
    $<HTMLInputElement>("mesh-file").value = "";
    $("mesh-name").textContent = "";
    $("mesh-clear").hidden = true;
  };
}

// ---------------------------------------------------------------- start

function init() {
  const params = new URLSearchParams(location.search);
  for (const f of INPUTS) $<HTMLInputElement>(f.id).value = params.get(f.id) ?? DEMO[f.id as keyof typeof DEMO];
  updateEstimate();
  $("meshSizeUm").addEventListener("input", updateEstimate);
  $("controls").addEventListener("submit", (e) => {
    e.preventDefault();
    void run();
  });
  for (const id of ["field", "soc", "clip", "clip-axis", "clip-offset"]) $(id).addEventListener("input", redraw);
  $("isolation").textContent = globalThis.crossOriginIsolated
    ? "cross-origin isolated (SharedArrayBuffer available)"
    : "not cross-origin isolated: single-threaded";
  wireDownloads();
  void run();
}

init();
