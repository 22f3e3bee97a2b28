/**
 * Turning failures into the exit codes of SPEC §3.1: 2 for bad input (one
 * line naming the key, file or line), 1 for numerical failure (phase, step,
 * value); no stack traces unless GRAINFEM_DEBUG is set.
 */
import { InputError, NumericalError } from "../errors.js";

export const EXIT_OK = 0;
export const EXIT_NUMERICAL = 1;
export const EXIT_INPUT = 2;

/** Print a failure on stderr and return the exit code it maps to. */
export function reportFailure(err: unknown): number {
  const debug = !!process.env.GRAINFEM_DEBUG;
  if (err instanceof InputError) {
    process.stderr.write(`grainfem: error: ${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return EXIT_INPUT;
  }
  if (err instanceof NumericalError) {
    process.stderr.write(`grainfem: numerical failure: ${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return EXIT_NUMERICAL;
  }
  const e = err as { code?: string; message?: string };
  if (e && typeof e.code === "string" && e.code.startsWith("commander.")) return EXIT_INPUT;
  process.stderr.write(`grainfem: internal error: ${e?.message ?? String(err)}\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT_NUMERICAL;
}
