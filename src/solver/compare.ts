/**
 * The seed paper's experiment (SPEC §3.1 `compare`): the all-solid-state case
 * (reactive fraction from the config, default 0.667) and the liquid-
 * electrolyte case (every surface grain reactive) on the same mesh, grain
 * orientations and reactive-grain draw — so the two differ only in which
 * surface reacts (the ASSLB's reactive grains are a subset of the LELB's).
 */
import type { Core } from "../wasm/core.js";
import { loadCore } from "../wasm/core.js";
import type { GrainfemConfig } from "../config/types.js";
import { runCases, type CasePhase, type SimulationOptions, type SimulationResult } from "./simulate.js";

export type CaseName = "asslb" | "lelb";

export interface ComparisonResult {
  asslb: SimulationResult;
  lelb: SimulationResult;
}

/** The per-case configurations of a comparison. */
export function comparisonConfigs(config: GrainfemConfig): Record<CaseName, GrainfemConfig> {
  const with_ = (f: number): GrainfemConfig => ({ ...config, cycling: { ...config.cycling, reactiveFraction: f } });
  return { asslb: with_(config.cycling.reactiveFraction), lelb: with_(1) };
}

/**
 * Run both cases on one particle, mesh and elasticity solver (runCases):
 * both diffusions first, in step with one shared matrix, then the stresses of
 * the solid-state case and of the liquid one, so the liquid case refreshes the
 * solid-state case's AMG hierarchy instead of a setup of its own.
 * @param onCase called when cases begin a phase: both for the diffusion, then each for its stresses
 */
export async function runComparison(config: GrainfemConfig, options: SimulationOptions & { onCase?: (names: CaseName[], phase: CasePhase) => void } = {}): Promise<ComparisonResult> {
  const core: Core = options.core ?? (await loadCore(undefined, { threads: config.solver.threads }));
  const configs = comparisonConfigs(config);
  const names = ["asslb", "lelb"] as const;
  try {
    const [asslb, lelb] = await runCases(names.map((n) => configs[n]), {
      ...options, core, onCase: options.onCase && ((cases, phase) => options.onCase!(cases.map((i) => names[i]), phase)),
    });
    return { asslb, lelb };
  } finally {
    if (!options.core) await core.dispose();
  }
}

/** How much stress the partial contact adds, and where (SPEC §4.7). */
export interface ContactEffect {
  soc: number;
  /** volume-weighted mean von Mises of σ_ASSLB − σ_LELB (per-tet mean stresses) in the non-reactive region (MPa) */
  nonReactiveRegionMPa: number;
  /** the same outside it */
  restMPa: number;
  /** volume fraction of the non-reactive region */
  regionVolumeFraction: number;
  /** heterogeneity (std/mean von Mises) of both cases */
  heterogeneity: { asslb: number; lelb: number };
}

/** The stress change from the liquid to the solid-state case, by region, at every output SOC. */
export function contactEffect(r: ComparisonResult): ContactEffect[] {
  const A = r.asslb.fields, L = r.lelb.fields;
  const mask = A.regions.nonReactiveRegion, vol = A.tetVolume;
  const nT = vol.length;
  let vIn = 0, vAll = 0;
  for (let t = 0; t < nT; t++) {
    vAll += vol[t];
    if (mask[t]) vIn += vol[t];
  }
  return A.snapshots.map((sa, k) => {
    const sl = L.snapshots[k];
    let a = 0, aw = 0, b = 0, bw = 0;
    for (let t = 0; t < nT; t++) {
      const o = 6 * t;
      const d0 = sa.stressCell[o] - sl.stressCell[o], d1 = sa.stressCell[o + 1] - sl.stressCell[o + 1], d2 = sa.stressCell[o + 2] - sl.stressCell[o + 2];
      const d3 = sa.stressCell[o + 3] - sl.stressCell[o + 3], d4 = sa.stressCell[o + 4] - sl.stressCell[o + 4], d5 = sa.stressCell[o + 5] - sl.stressCell[o + 5];
      const vm = Math.sqrt(0.5 * ((d0 - d1) ** 2 + (d1 - d2) ** 2 + (d2 - d0) ** 2) + 3 * (d3 * d3 + d4 * d4 + d5 * d5));
      if (mask[t]) { a += vol[t] * vm; aw += vol[t]; } else { b += vol[t] * vm; bw += vol[t]; }
    }
    return {
      soc: sa.soc,
      nonReactiveRegionMPa: aw > 0 ? a / aw : NaN,
      restMPa: bw > 0 ? b / bw : NaN,
      regionVolumeFraction: vIn / vAll,
      heterogeneity: { asslb: r.asslb.summary.snapshots[k].heterogeneity, lelb: r.lelb.summary.snapshots[k].heterogeneity },
    };
  });
}
