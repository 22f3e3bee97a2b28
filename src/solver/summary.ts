/**
 * The `summary.json` contract (SPEC §3.3). Field names are the contract;
 * fields beyond the SPEC are marked "extension".
 */
import type { GrainfemConfig } from "../config/types.js";
import type { MeshStats } from "../mesh/particle/generate.js";
import type { TractionStats } from "./grain-boundaries.js";

/** SPEC §3.3 "mesh": the mesher's statistics object (also `grainfem mesh --json`). */
export type MeshSummary = MeshStats;

export interface ReactiveSummary {
  grainIds: number[];
  countFraction: number;
  areaFraction: number;
  /** galvanostatic flux density j̄ (m/s, normalized by c_max) */
  fluxMs: number;
  /** extension: grains with outer-surface area */
  surfaceGrains: number;
  /** extension: reactive surface area (µm²) */
  areaUm2: number;
}

export interface GrainSummary {
  id: number;
  /** [w, x, y, z] */
  orientation: [number, number, number, number];
  volumeUm3: number;
  surfaceAreaUm2: number;
  reactive: boolean;
}

export interface ProfileSummary {
  rUm: number[];
  theta: number[];
  sigmaRrMPa: number[];
  sigmaTtMPa: number[];
  vonMisesMPa: number[];
  /** extension: grain of the tet each point was evaluated in */
  grain: number[];
}

export interface SnapshotSummary {
  soc: number;
  timeS: number;
  thetaMean: number;
  thetaMin: number;
  thetaMax: number;
  vonMisesMPa: { max: number; mean: number; std: number; p99: number };
  hydrostaticMPa: { max: number; min: number; mean: number };
  /** std/mean of von Mises (volume weighted) */
  heterogeneity: number;
  /** per grain; vonMisesMaxMPa (over the grain's quadrature points) is an extension */
  grains: Array<{ id: number; thetaMean: number; vonMisesMeanMPa: number; vonMisesMaxMPa: number; reactive: boolean }>;
  profile: ProfileSummary;
  /** extension: largest principal stress over the quadrature points */
  maxPrincipalMPa: { max: number; mean: number; p99: number };
  /** extension: normal traction n·σ·n on grain-boundary faces (area weighted) */
  grainBoundaryNormalTractionMPa: TractionStats;
  /**
   * extension: volume-weighted mean von Mises in the regions of solver/regions.ts
   * (non-reactive region and rest are null when every surface grain reacts)
   */
  regionsVonMisesMeanMPa: { grainBoundaryLayer: number; grainInterior: number; nonReactiveRegion: number | null; rest: number | null };
  /** extension: elasticity solve of this snapshot (amg: the hierarchy, when AMG preconditions it) */
  elasticity: {
    iterations: number; relResidual: number; pinReactionRel: number;
    amg?: { levels: number; rows: number[]; operatorComplexity: number; setupS: number; setupPhasesS: Record<string, number>; safeBounds: boolean; reused: boolean };
  };
}

export interface SolverSummary {
  diffusion: { steps: number; itersMean: number; itersMax: number; relResidualMax: number; massDefectBeforeShiftMax: number };
  elasticity: { solves: number; itersMean: number; itersMax: number; relResidualMax: number; preconditioner: string };
}

export interface Timing {
  mesh: number;
  assemble: number;
  solve: number;
  diffusion: number;
  elasticity: number;
  preconditionerSetup: number;
  export: number;
  total: number;
}

export interface Summary {
  version: 1;
  config: GrainfemConfig;
  mesh: MeshSummary;
  reactive: ReactiveSummary;
  grains: GrainSummary[];
  snapshots: SnapshotSummary[];
  massBalanceRelError: number;
  thetaOutOfRange: { nodes: number; firstTimeS: number | null; min: number; max: number };
  solver: SolverSummary;
  timingS: Timing;
  /** extension: grainfem version and core build that produced this */
  /** build: "release" | "debug"; threads: those that shared the solver kernels */
  producer: { name: "grainfem"; version: string; build: string; threads: number };
}

/** `grainfem compare` output. */
export interface ComparisonSummary {
  asslb: Summary;
  lelb: Summary;
}
