/**
 * Config files on disk (Node only): read, parse with line numbers for syntax
 * errors, resolve, and resolve a relative `geometry.meshFile` against the
 * config file's folder (SPEC §3.1).
 */
import * as jsonc from "jsonc-parser";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve as resolvePath } from "node:path";
import { InputError } from "../errors.js";
import { lineNumber, lineOf, resolveConfig } from "./resolve.js";
import type { GrainfemConfig } from "./types.js";

/**
 * Read and parse a JSON file (strict JSON: no comments or trailing commas).
 * @param what what the file is, for the read error ("config file")
 * @throws InputError naming the file, or `file:line` of a syntax error
 */
export function readJsonFile(path: string, what: string): { data: unknown; text: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const errors: jsonc.ParseError[] = [];
  const data = jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    throw new InputError(`${path}:${lineNumber(text, e.offset)}`, `invalid JSON: ${jsonc.printParseErrorCode(e.error)}`);
  }
  return { data, text };
}

/**
 * Read, parse and resolve a JSON config file.
 * @throws InputError naming the file and line of a syntax error or a bad key
 */
export function loadConfigFile(path: string): GrainfemConfig {
  const { data, text } = readJsonFile(path, "config file");
  const config = resolveConfig(data, { file: path, text });
  const mf = config.geometry.meshFile;
  if (mf !== null) {
    const abs = isAbsolute(mf) ? mf : resolvePath(dirname(resolvePath(path)), mf);
    if (!existsSync(abs)) throw new InputError(`geometry.meshFile${lineOf({ file: path, text }, ["geometry", "meshFile"])}`, `no such file: ${abs}`);
    config.geometry.meshFile = abs;
  }
  return config;
}
