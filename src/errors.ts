/**
 * The two kinds of failure a user must be able to tell apart (SPEC §3.1):
 * bad input (exit code 2: names the key, file or line) and numerical failure
 * (exit code 1: names the phase, step and value).
 */

/** Bad input: a config key, a file, an argument or a mesh element. */
export class InputError extends Error {
  /**
   * @param where the offending key, argument, or `file:line`
   */
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = "InputError";
  }
}

/** A computation that did not produce a trustworthy number. */
export class NumericalError extends Error {
  constructor(
    readonly phase: string,
    message: string,
    readonly step: number | null = null,
    readonly value: number | null = null,
  ) {
    super(`${phase}${step === null ? "" : ` step ${step}`}: ${message}`);
    this.name = "NumericalError";
  }
}
