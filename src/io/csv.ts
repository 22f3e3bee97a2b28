/**
 * CSV tables of a run (browser-pure): the radial profile per SOC and the
 * per-grain table per SOC. Plain RFC 4180 CSV, one header row whose column
 * names carry the unit as a suffix (`_um`, `_MPa`, `_um3`; θ is
 * dimensionless), so pandas, Excel and COMSOL's table import read them as is.
 * Numbers are written with 9 significant digits; NaN/∞ as empty cells.
 */
import type { GrainSummary, ProfileSummary, SnapshotSummary } from "../solver/summary.js";

const cell = (x: number) => (Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toPrecision(9)) : "");

function table(header: string[], rows: number[][]): string {
  return `${header.join(",")}\n${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}

/** Columns of profile_<k>.csv. */
export const PROFILE_COLUMNS = ["r_um", "theta", "sigma_rr_MPa", "sigma_tt_MPa", "von_mises_MPa", "grain"] as const;

/** The radial profile (SPEC §1.4): r from the centre, θ, σ_rr, σ_θθ, von Mises, grain of each point. */
export function profileCsv(p: ProfileSummary): string {
  const rows = p.rUm.map((r, i) => [r, p.theta[i], p.sigmaRrMPa[i], p.sigmaTtMPa[i], p.vonMisesMPa[i], p.grain?.[i] ?? NaN]);
  return table([...PROFILE_COLUMNS], rows);
}

/** Columns of grains_<k>.csv. */
export const GRAIN_COLUMNS = ["grain", "reactive", "volume_um3", "surface_area_um2", "theta_mean", "von_mises_mean_MPa", "von_mises_max_MPa"] as const;

/** Per-grain table at one SOC: id, reactive (0/1), volume, outer-surface area, mean θ, mean and max von Mises. */
export function grainsCsv(grains: GrainSummary[], snap: SnapshotSummary): string {
  const rows = snap.grains.map((g) => {
    const info = grains[g.id];
    return [g.id, g.reactive ? 1 : 0, info.volumeUm3, info.surfaceAreaUm2, g.thetaMean, g.vonMisesMeanMPa, g.vonMisesMaxMPa];
  });
  return table([...GRAIN_COLUMNS], rows);
}
