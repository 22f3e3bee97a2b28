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
 * Read, parse and resolve a JSON config file.
 * @throws InputError naming the file and line of a syntax error or a bad key
 */
export function loadConfigFile(path: string): GrainfemConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const errors: jsonc.ParseError[] = [];
  const data = jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const e = errors[0];
    throw new InputError(`${path}:${lineNumber(text, e.offset)}`, `invalid JSON: ${jsonc.printParseErrorCode(e.error)}`);
  }
  const config = resolveConfig(data, { file: path, text });
  const mf = config.geometry.meshFile;
  if (mf !== null) {
    const abs = isAbsolute(mf) ? mf : resolvePath(dirname(resolvePath(path)), mf);
    if (!existsSync(abs)) throw new InputError(`geometry.meshFile${lineOf({ file: path, text }, ["geometry", "meshFile"])}`, `no such file: ${abs}`);
    config.geometry.meshFile = abs;
  }
  return config;
}
