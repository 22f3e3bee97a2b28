/**
 * Line-oriented reading of text mesh formats with exact error locations:
 * every failure is an InputError naming `file:line` and what was expected.
 */
import { InputError } from "../errors.js";

export class LineReader {
  private readonly lines: string[];
  private pos = 0;
  /** 1-based number of the line last returned */
  line = 0;

  constructor(text: string, readonly file: string, private readonly comment: string | null = null) {
    this.lines = text.split(/\r?\n/);
  }

  /** Next non-empty line (trimmed, comments removed), or null at the end. */
  next(): string | null {
    while (this.pos < this.lines.length) {
      let s = this.lines[this.pos++];
      if (this.comment !== null) {
        const c = s.indexOf(this.comment);
        if (c >= 0) s = s.slice(0, c);
      }
      s = s.trim();
      if (s.length) {
        this.line = this.pos;
        return s;
      }
    }
    this.line = this.lines.length;
    return null;
  }

  /** Next line, failing at the end of the file with what was expected. */
  require(what: string): string {
    const s = this.next();
    if (s === null) throw this.error(`unexpected end of file, expected ${what}`);
    return s;
  }

  /** Require the next line to be exactly `s`. */
  expect(s: string): void {
    const got = this.require(s);
    if (got !== s) throw this.error(`expected "${s}", found "${got.slice(0, 40)}"`);
  }

  /**
   * Parse the next line as numbers.
   * @param what description for messages; @param min minimum count; @param max maximum count
   */
  numbers(what: string, min: number, max = min): number[] {
    const s = this.require(what);
    const parts = s.split(/\s+/);
    if (parts.length < min || parts.length > max) {
      throw this.error(`expected ${what} (${min === max ? min : `${min}–${max}`} numbers), found ${parts.length}: "${s.slice(0, 60)}"`);
    }
    const out = new Array<number>(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const v = Number(parts[i]);
      if (!Number.isFinite(v) || parts[i] === "") throw this.error(`expected ${what}, "${parts[i].slice(0, 30)}" is not a number`);
      out[i] = v;
    }
    return out;
  }

  /** Integers (checked) of the next line. */
  integers(what: string, min: number, max = min): number[] {
    const v = this.numbers(what, min, max);
    for (const x of v) if (!Number.isInteger(x)) throw this.error(`expected ${what}, ${x} is not an integer`);
    return v;
  }

  error(message: string): InputError {
    return new InputError(`${this.file}:${this.line}`, message);
  }
}
