/**
 * Figure rendering in Node, with no browser and no native GUI toolkit:
 * Vega-Lite → Vega → SVG (vega's headless SVG renderer), SVG → PNG with
 * resvg (a Rust SVG renderer shipped as prebuilt binaries), rasters → PNG
 * with pngjs. Text is set in DejaVu Sans from the `dejavu-fonts-ttf`
 * package, not from system fonts, so the PNGs are the same on every machine.
 *
 * Without a canvas, vega lays out text with a crude width estimate (0.8 em
 * per character), which leaves wide gaps and oversized figures; we give it
 * the font's real advance widths instead (read with opentype.js), the hook
 * vega provides for headless use (`textMetrics.width`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import opentype from "opentype.js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { Resvg } from "@resvg/resvg-js";
import { PNG } from "pngjs";

const require = createRequire(import.meta.url);
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

let metricsInstalled = false;

/** Measure text with DejaVu Sans's advance widths (no kerning: within ~2 %). */
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const font = opentype.parse(readFileSync(FONT_FILES[0]).buffer as ArrayBuffer);
  const em = new Map<string, number>();
  const advance = (ch: string) => {
    let a = em.get(ch);
    if (a === undefined) {
      a = (font.charToGlyph(ch).advanceWidth ?? font.unitsPerEm * 0.6) / font.unitsPerEm;
      em.set(ch, a);
    }
    return a;
  };
  const lineWidth = (line: string, size: number) => {
    let w = 0;
    for (const ch of line) w += advance(ch);
    return w * size;
  };
  // vega re-exports vega-scenegraph's textMetrics at run time; its types omit it
  const metrics = (vega as unknown as { textMetrics: { width: (item: { text?: unknown; fontSize?: number }, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const t = text ?? item.text;
    const size = typeof item.fontSize === "number" ? item.fontSize : 11;
    if (t === null || t === undefined) return 0;
    return Array.isArray(t) ? Math.max(0, ...t.map((l) => lineWidth(String(l), size))) : lineWidth(String(t), size);
  };
  metricsInstalled = true;
}

/** A Vega-Lite spec as an SVG document. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  installTextMetrics();
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG document as PNG bytes at `zoom` × its CSS size (2 = a crisp picture for slides and papers). */
export function svgToPng(svg: string, zoom = 2): Uint8Array {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: zoom },
    background: "white",
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: "DejaVu Sans" },
  });
  return r.render().asPng();
}

/** RGBA pixels (row-major from the top) as PNG bytes. */
export function rgbaToPng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return PNG.sync.write(png);
}

/** PNG bytes as a data URL (for an image mark). */
export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}
