/**
 * Files on disk (Node only): atomic writes, and mesh files written by
 * extension (.msh gmsh ASCII 4.1, .vtu VTK XML appended binary with zlib);
 * reading them is in read-mesh-file.ts (it loads the importers and an XML
 * parser, which writing does not need).
 */
import { renameSync, unlinkSync, existsSync, mkdirSync, openSync, writeSync, fsyncSync, closeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { InputError } from "../errors.js";
import type { TetMesh } from "../mesh/types.js";
import { writeMsh } from "./msh.js";
import { writeVtu, type VtuCodec } from "./vtu.js";
import { meshToVtu } from "./mesh-vtu.js";

/** zlib codec for VTU data (Node's zlib). */
export const NODE_ZLIB: VtuCodec = {
  deflate: (d) => deflateSync(d, { level: 6 }),
  inflate: (d) => inflateSync(d),
};

/**
 * Write `data` to `path` atomically: into a temporary file in the same folder
 * (flushed to disk), then renamed over `path`. If anything fails part-way —
 * including a chunk source that throws — the temporary file is removed and
 * an existing `path` is left as it was, so a reader never sees a truncated
 * file under the final name.
 * @param data text, bytes, or a sequence of byte chunks
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<Uint8Array>): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "w");
    if (typeof data === "string" || data instanceof Uint8Array) writeAll(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    else for (const chunk of data) writeAll(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
}

/** Write a mesh as .msh (4.1 ASCII) or .vtu (binary, zlib), atomically. */
export function writeMeshFile(path: string, mesh: TetMesh): void {
  const ext = extname(path).toLowerCase();
  if (ext === ".msh") writeFileAtomic(path, writeMsh(mesh));
  else if (ext === ".vtu") writeFileAtomic(path, writeVtu(meshToVtu(mesh), NODE_ZLIB));
  else throw new InputError(path, `cannot write mesh format "${ext}" (supported: .msh, .vtu)`);
}
