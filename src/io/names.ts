/**
 * The SOC in percent as used in output file names: 0.5 → "50", 0.255 → "25.5"
 * (at most 2 decimals, no trailing zeros).
 */
export function socTag(soc: number): string {
  return String(Math.round(soc * 1e4) / 100);
}

/** A run's label in figure titles: its reactive-surface case. */
export function runLabel(c: { cycling: { reactiveFraction: number } }): string {
  return c.cycling.reactiveFraction < 1 ? `reactive fraction ${c.cycling.reactiveFraction}` : "all surface grains reactive";
}
