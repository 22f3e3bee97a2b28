/**
 * Perceptually uniform colormaps (d3-scale-chromatic) as lookup tables for
 * the rasterizer, and as colour stops for the chart legends, so the picture
 * and its colour bar use the same colours.
 */
import { interpolateCividis, interpolateViridis } from "d3-scale-chromatic";
import type { ColorTable } from "./cross-section.js";

export type ColormapName = "viridis" | "cividis";

const INTERPOLATORS: Record<ColormapName, (t: number) => string> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
};

/** "#rrggbb" or "rgb(r, g, b)" → [r, g, b] */
function parseColor(c: string): [number, number, number] {
  if (c.startsWith("#")) return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
  const m = c.match(/\d+(\.\d+)?/g);
  if (!m || m.length < 3) throw new Error(`unexpected colour "${c}"`);
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** 256-entry RGB table of a colormap. */
export function colorTable(name: ColormapName): ColorTable {
  const f = INTERPOLATORS[name];
  const t = new Uint8Array(3 * 256);
  for (let k = 0; k < 256; k++) t.set(parseColor(f(k / 255)), 3 * k);
  return t;
}

/** `n` evenly spaced stops of a colormap as "#rrggbb" (for a chart's colour range). */
export function colorStops(name: ColormapName, n = 16): string[] {
  const f = INTERPOLATORS[name];
  return Array.from({ length: n }, (_, k) => {
    const [r, g, b] = parseColor(f(k / (n - 1)));
    return `#${[r, g, b].map((x) => x.toString(16).padStart(2, "0")).join("")}`;
  });
}
