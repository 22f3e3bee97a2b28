/**
 * Mesh files on disk (Node only): reading by extension, writing atomically.
 *   .msh         gmsh ASCII 4.1/4.0/2.2 (written: 4.1)
 *   .vtu         VTK XML unstructured grid (written: appended binary, zlib)
 *   .node/.ele   TetGen (read; either name may be given)
 */
import { readFileSync, writeFileSync, renameSync, unlinkSync, existsSync, mkdirSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { InputError } from "../errors.js";
import type { TetMesh } from "../mesh/types.js";
import { meshFromRaw, type ImportReport, type RawMesh } from "../mesh/import.js";
import { parseMsh, writeMsh } from "./msh.js";
import { parseTetgen } from "./tetgen.js";
import { parseVtu, writeVtu, type VtuCodec } from "./vtu.js";
import { meshToVtu, rawMeshFromVtu } from "./mesh-vtu.js";

/** zlib codec for VTU data (Node's zlib). */
export const NODE_ZLIB: VtuCodec = {
  deflate: (d) => deflateSync(d, { level: 6 }),
  inflate: (d) => inflateSync(d),
};

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
  let raw: RawMesh;
  if (ext === ".msh") raw = parseMsh(readText(path), path);
  else if (ext === ".vtu") {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new InputError(path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    raw = rawMeshFromVtu(parseVtu(bytes, path, NODE_ZLIB), path);
  } else if (ext === ".node" || ext === ".ele") {
    const stem = join(dirname(path), basename(path, ext));
    raw = parseTetgen(readText(`${stem}.node`), readText(`${stem}.ele`), `${stem}.node`, `${stem}.ele`);
  } else throw new InputError(path, `unknown mesh format "${ext}" (supported: .msh, .vtu, .node/.ele)`);
  return meshFromRaw(raw, path);
}

/** Write `data` to `path` atomically: a temporary file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}

/** Write a mesh as .msh (4.1 ASCII) or .vtu (binary, zlib), atomically. */
export function writeMeshFile(path: string, mesh: TetMesh): void {
  const ext = extname(path).toLowerCase();
  if (ext === ".msh") writeFileAtomic(path, writeMsh(mesh));
  else if (ext === ".vtu") writeFileAtomic(path, writeVtu(meshToVtu(mesh), NODE_ZLIB));
  else throw new InputError(path, `cannot write mesh format "${ext}" (supported: .msh, .vtu)`);
}
