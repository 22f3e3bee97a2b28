/**
 * Regions of a polycrystal where the paper locates the highest stresses
 * (SPEC §4.7): the grain-boundary layer and the neighbourhood of the
 * non-reactive surface grains. Both are sets of tets:
 *   grain-boundary layer  tets with a face on a grain boundary
 *   non-reactive region   tets of non-reactive surface grains, plus the tets
 *                         of other grains with a face on their boundaries
 */
import type { TetMesh } from "../mesh/types.js";
import type { GrainBoundaryFaces } from "./grain-boundaries.js";

export interface RegionMasks {
  /** per tet: 1 in the grain-boundary layer */
  grainBoundaryLayer: Uint8Array;
  /** per tet: 1 in the non-reactive region (all 0 when every surface grain reacts) */
  nonReactiveRegion: Uint8Array;
  /** number of non-reactive surface grains */
  nonReactiveGrains: number;
}

/**
 * @param isReactive per grain 1 if reactive
 * @param grainSurfaceArea per grain outer-surface area (µm²)
 */
export function regionMasks(mesh: TetMesh, gb: GrainBoundaryFaces, isReactive: Uint8Array, grainSurfaceArea: Float64Array): RegionMasks {
  const nT = mesh.tetGrain.length;
  const nonReactive = new Uint8Array(mesh.nGrains);
  let count = 0;
  for (let g = 0; g < mesh.nGrains; g++) {
    if (grainSurfaceArea[g] > 0 && !isReactive[g]) {
      nonReactive[g] = 1;
      count++;
    }
  }
  const layer = new Uint8Array(nT), nr = new Uint8Array(nT);
  for (let t = 0; t < nT; t++) if (nonReactive[mesh.tetGrain[t]]) nr[t] = 1;
  for (let f = 0; f < gb.count; f++) {
    const a = gb.tets[2 * f], b = gb.tets[2 * f + 1];
    layer[a] = 1;
    layer[b] = 1;
    if (nonReactive[mesh.tetGrain[a]] || nonReactive[mesh.tetGrain[b]]) {
      nr[a] = 1;
      nr[b] = 1;
    }
  }
  return { grainBoundaryLayer: layer, nonReactiveRegion: nr, nonReactiveGrains: count };
}

/** Weighted mean of per-tet values over the tets where mask[t] === want (NaN if none). */
export function maskedMean(values: Float64Array, weights: Float64Array, mask: Uint8Array, want: 0 | 1): number {
  let s = 0, w = 0;
  for (let t = 0; t < values.length; t++) {
    if (mask[t] === want) {
      s += weights[t] * values[t];
      w += weights[t];
    }
  }
  return w > 0 ? s / w : NaN;
}
