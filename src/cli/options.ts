/**
 * Option parsers for commander that fail with an InputError naming the
 * option (exit code 2, one line, no stack).
 */
import { InputError } from "../errors.js";

export function intOption(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^[-+]?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InputError(name, `must be an integer in [${min}, ${max}] (got "${v}")`);
    }
    return n;
  };
}

export function positiveNumberOption(name: string, max = Infinity) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || !(n > 0) || n > max) {
      throw new InputError(name, `must be a positive number${max < Infinity ? ` ≤ ${max}` : ""} (got "${v}")`);
    }
    return n;
  };
}

export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (v: string): T => {
    if (!choices.includes(v as T)) throw new InputError(name, `must be one of ${choices.join(", ")} (got "${v}")`);
    return v as T;
  };
}
