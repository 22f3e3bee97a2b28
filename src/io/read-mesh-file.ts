/**
 * Mesh files read from disk (Node only), by extension, through the import
 * checks:
 *   .msh         gmsh ASCII 4.1/4.0/2.2
 *   .vtu         VTK XML unstructured grid
 *   .node/.ele   TetGen (either name may be given)
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { InputError } from "../errors.js";
import type { TetMesh } from "../mesh/types.js";
import { meshFromRaw, type ImportReport } from "../mesh/import.js";
import { parseTetgen } from "./tetgen.js";
import { importMeshBytes } from "./mesh-import.js";
import { NODE_ZLIB } from "./files.js";

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Read a mesh file and run the import checks. */
export function readMeshFile(path: string): { mesh: TetMesh; report: ImportReport } {
  const ext = extname(path).toLowerCase();
  if (ext === ".node" || ext === ".ele") {
    const stem = join(dirname(path), basename(path, ext));
    return meshFromRaw(parseTetgen(readText(`${stem}.node`), readText(`${stem}.ele`), `${stem}.node`, `${stem}.ele`), path);
  }
  if (ext !== ".msh" && ext !== ".vtu") throw new InputError(path, `unknown mesh format "${ext}" (supported: .msh, .vtu, .node/.ele)`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return importMeshBytes(path, bytes, NODE_ZLIB);
}
