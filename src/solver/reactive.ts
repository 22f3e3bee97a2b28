/**
 * The reactive surface (SPEC §1.2): among the grains that reach the outer
 * surface, a seeded draw picks round(f · n) of them by count; only their
 * surface triangles carry the galvanostatic flux.
 */
import { createRandom } from "../mesh/random.js";

export interface ReactiveSelection {
  /** reactive grain ids, ascending */
  grainIds: number[];
  /** per grain: 1 if reactive */
  isReactive: Uint8Array;
  /** grains with outer-surface area */
  surfaceGrains: number;
  /** reactive / surface grains (by count) */
  countFraction: number;
  /** reactive surface area / total surface area */
  areaFraction: number;
  /** reactive surface area (µm²) */
  reactiveAreaUm2: number;
}

/**
 * Choose the reactive grains.
 * @param grainSurfaceArea per grain outer-surface area (µm²), nGrains
 * @param fraction f in (0, 1]: 0.667 all-solid-state, 1 liquid electrolyte
 * @param seed seed of the draw: the same seed picks the same grains, and for
 *   f < f' the grains picked at f are a subset of those picked at f'
 */
export function selectReactiveGrains(grainSurfaceArea: Float64Array, fraction: number, seed: number): ReactiveSelection {
  const surface: number[] = [];
  for (let g = 0; g < grainSurfaceArea.length; g++) if (grainSurfaceArea[g] > 0) surface.push(g);
  const n = surface.length;
  const k = Math.min(n, Math.max(1, Math.round(fraction * n)));
  // Fisher–Yates shuffle of the surface grains; the first k are reactive
  const rnd = createRandom(seed);
  const order = surface.slice();
  for (let i = n - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const grainIds = order.slice(0, k).sort((a, b) => a - b);
  const isReactive = new Uint8Array(grainSurfaceArea.length);
  let total = 0, reactive = 0;
  for (const g of surface) total += grainSurfaceArea[g];
  for (const g of grainIds) {
    isReactive[g] = 1;
    reactive += grainSurfaceArea[g];
  }
  return {
    grainIds,
    isReactive,
    surfaceGrains: n,
    countFraction: n ? k / n : 0,
    areaFraction: total > 0 ? reactive / total : 0,
    reactiveAreaUm2: reactive,
  };
}
