/** JSON text with non-finite numbers written as null (JSON has no NaN), 2-space indented, newline-terminated. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}
