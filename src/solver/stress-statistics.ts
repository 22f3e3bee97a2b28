/**
 * A snapshot's statistics over the quadrature points (SPEC §2: volume-weighted
 * over the 4-point rule's points, max and min over the same points), taken
 * by the core on its pool from the stress loop's arrays while they are in
 * core memory (coreWeightedStats, coreGroupStats): no per-point array is
 * copied out for them, and each pass runs on every thread.
 */
import type { CoreStress } from "../fem/elasticity.js";
import type { FeMesh } from "../fem/mesh.js";
import { coreGroupStats, coreWeightedStats, type WeightedStats } from "./statistics.js";

export interface StressStatistics {
  /** the first quadrature point whose von Mises stress is NaN or ±∞ (−1: none; every number below is then NaN) */
  nonFinitePoint: number;
  /** that point's von Mises value (NaN when there is none) */
  nonFiniteValue: number;
  /** von Mises √(3 J2) (MPa) */
  vonMises: WeightedStats;
  /** hydrostatic tr(σ)/3 (MPa, positive in tension; no percentile: p99 NaN) */
  hydrostatic: WeightedStats;
  /** largest principal stress (MPa) */
  maxPrincipal: WeightedStats;
  /** per grain (nGrains): weighted mean θ at the points */
  grainTheta: Float64Array;
  /** per grain: weighted mean and largest von Mises (MPa; NaN for a grain without points) */
  grainVonMisesMean: Float64Array;
  grainVonMisesMax: Float64Array;
}

const NO_STATS: WeightedStats = { max: NaN, min: NaN, mean: NaN, std: NaN, p99: NaN };

/** The statistics of one stress field (arrays as `ElasticitySystem.stress` hands them to onCore) over the fe mesh's nGrains grains. */
export function stressStatistics(fe: FeMesh, a: CoreStress, nGrains: number): StressStatistics {
  const core = fe.core, nq = a.weight.length, w = a.weight.ptr;
  // the measures block: von Mises, hydrostatic, largest principal, nq f64 each (assembly/kernels/stress-measures.ts)
  const vmAt = a.measures.ptr, hyAt = vmAt + 8 * nq, p1At = vmAt + 16 * nq;
  const vm = coreWeightedStats(core, nq, vmAt, w);
  if ("nonFinite" in vm) {
    const nan = new Float64Array(nGrains).fill(NaN);
    return { nonFinitePoint: vm.nonFinite, nonFiniteValue: a.measures.view[vm.nonFinite], vonMises: NO_STATS, hydrostatic: NO_STATS, maxPrincipal: NO_STATS, grainTheta: nan, grainVonMisesMean: nan, grainVonMisesMax: nan };
  }
  // (a finite von Mises stress means a finite tensor, and so finite hydrostatic and principal stresses)
  const hy = coreWeightedStats(core, nq, hyAt, w, false) as WeightedStats;
  const p1 = coreWeightedStats(core, nq, p1At, w) as WeightedStats;
  const grainTheta = coreGroupStats(core, nq, a.theta.ptr, w, fe.tetGrain.ptr, 4, nGrains, false).mean;
  const grainVm = coreGroupStats(core, nq, vmAt, w, fe.tetGrain.ptr, 4, nGrains, true);
  return { nonFinitePoint: -1, nonFiniteValue: NaN, vonMises: vm, hydrostatic: hy, maxPrincipal: p1, grainTheta, grainVonMisesMean: grainVm.mean, grainVonMisesMax: grainVm.max! };
}
