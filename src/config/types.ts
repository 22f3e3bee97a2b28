/**
 * A fully resolved run configuration (SPEC §3.2): every key present, units
 * in the key names. Produced by `resolveConfig`; see schema.ts for ranges.
 */
import type { OrthotropicConstants } from "../material/voigt.js";

export interface GrainfemConfig {
  $schema?: string;
  geometry: {
    radiusUm: number;
    grains: number;
    seed: number;
    meshSizeUm: number;
    order: 1 | 2;
    lloyd: number;
    /** absolute path once resolved against the config file's folder */
    meshFile: string | null;
  };
  material: {
    diffusivityM2s: [number, number, number];
    chemicalStrain: [number, number, number];
    stiffnessGPa: { lithiated: OrthotropicConstants; delithiated: OrthotropicConstants };
    isotropic: { EGPa: number; nu: number } | null;
    /** one [w, x, y, z] per grain */
    orientations: Array<[number, number, number, number]> | null;
  };
  cycling: {
    cRate: number;
    capacityWindow: number;
    reactiveFraction: number;
    reactiveSeed: number;
    direction: "charge" | "discharge";
    /** θ0 = θ_ref; resolved to a number */
    initialTheta: number;
  };
  time: { stepsPerHour: number };
  mechanics: { pressureMPa: number };
  solver: { relTolerance: number; maxIterations: number; elasticityPreconditioner: "amg" | "block-jacobi"; reuseElasticityPreconditioner: boolean; symmetricStorage: boolean; diffusionPreconditioner: "amg" | "jacobi"; diffusionProjectionVectors: number; threads: number | "auto"; memoryLimitGiB: number };
  outputs: {
    soc: number[];
    profileDirection: [number, number, number];
    profilePoints: number;
    vtu: boolean;
    figures: boolean;
  };
}

/** A partial configuration as a user writes it (every key optional). */
export type ConfigInput = DeepPartial<GrainfemConfig>;

type DeepPartial<T> = T extends Array<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;
