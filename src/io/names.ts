/**
 * The SOC in percent as used in output file names: 0.5 → "50", 0.255 → "25.5"
 * (at most 2 decimals, no trailing zeros).
 */
export function socTag(soc: number): string {
  return String(Math.round(soc * 1e4) / 100);
}
