/**
 * A sweep's tables (RFC 4180 CSV, one header row, units in the column names
 * as in io/csv.ts):
 * - sweep.csv — one row per job: id, seed, the grid values, run metrics, then
 *   each snapshot metric per SOC as `<metric>@soc<percent>`;
 * - stats.csv — long format, one row per (grid point, metric, SOC): n, mean,
 *   std, 95 % CI bounds (Student t across seeds).
 */
import { socTag } from "../io/names.js";
import { RUN_METRICS, SNAPSHOT_METRICS, type MetricsRow, type StatsRow } from "./statistics.js";

function cell(x: unknown): string {
  if (x === null || x === undefined) return "";
  if (typeof x === "number") {
    if (!Number.isFinite(x)) return "";
    const exact = String(x); // short values (grid values, SOCs, counts) exactly as written; others to 9 digits
    return exact.length <= 12 ? exact : x.toPrecision(9);
  }
  const s = typeof x === "string" ? x : JSON.stringify(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: unknown[]) => cells.map(cell).join(",");

/** sweep.csv: one row per finished job (rows in job order). */
export function jobsCsv(rows: MetricsRow[], gridKeys: string[]): string {
  const socs = rows.length ? rows[0].metrics.snapshots.map((s) => s.soc) : [];
  const header = ["id", "seed", ...gridKeys, ...RUN_METRICS, ...socs.flatMap((soc) => SNAPSHOT_METRICS.map((m) => `${m}@soc${socTag(soc)}`))];
  const body = rows.map((r) => {
    const snaps = socs.flatMap((soc) => {
      const s = r.metrics.snapshots.find((q) => q.soc === soc);
      return SNAPSHOT_METRICS.map((m) => (s ? s[m] : null));
    });
    return line([r.id, r.seed, ...gridKeys.map((k) => r.params[k]), ...RUN_METRICS.map((m) => r.metrics.run[m]), ...snaps]);
  });
  return `${header.join(",")}\n${body.map((b) => `${b}\n`).join("")}`;
}

/** stats.csv: per grid point, metric and SOC (empty for run metrics): n, mean, std, ci95_low, ci95_high. */
export function statsCsv(rows: StatsRow[], gridKeys: string[]): string {
  const header = [...gridKeys, "metric", "soc", "n", "mean", "std", "ci95_low", "ci95_high"];
  const body = rows.map((r) =>
    line([...gridKeys.map((k) => r.params[k]), r.metric, r.soc, r.stats.n, r.stats.mean, r.stats.std, r.stats.ci95?.[0] ?? null, r.stats.ci95?.[1] ?? null]),
  );
  return `${header.join(",")}\n${body.map((b) => `${b}\n`).join("")}`;
}
