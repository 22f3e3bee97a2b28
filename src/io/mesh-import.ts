/**
 * Reading a mesh from a file's bytes by its extension (browser-pure: the
 * browser app passes a file the user picked; io/files.ts passes a file read
 * from disk). Formats: gmsh .msh (ASCII 4.1/4.0/2.2) and VTK .vtu (XML,
 * ascii/base64/appended, zlib with the given codec). TetGen's .node/.ele is a
 * pair of files and is read by io/files.ts only.
 */
import { InputError } from "../errors.js";
import type { TetMesh } from "../mesh/types.js";
import { meshFromRaw, type ImportReport } from "../mesh/import.js";
import { parseMsh } from "./msh.js";
import type { VtuCodec } from "./vtu.js";
import { parseVtu } from "./vtu-read.js";
import { rawMeshFromVtu } from "./mesh-vtu.js";

/** Extensions importMeshBytes reads. */
export const MESH_EXTENSIONS = [".msh", ".vtu"] as const;

/**
 * Parse and check a mesh file's contents.
 * @param name file name (its extension picks the format; named in errors)
 * @param bytes the file's contents
 * @param codec zlib for compressed VTU data
 * @throws InputError naming the file and line/element of a problem
 */
export function importMeshBytes(name: string, bytes: Uint8Array, codec: VtuCodec = {}): { mesh: TetMesh; report: ImportReport } {
  const ext = name.slice(name.lastIndexOf(".")).toLowerCase();
  if (ext === ".msh") return meshFromRaw(parseMsh(new TextDecoder("utf-8").decode(bytes), name), name);
  if (ext === ".vtu") return meshFromRaw(rawMeshFromVtu(parseVtu(bytes, name, codec), name), name);
  throw new InputError(name, `unknown mesh format "${ext}" (supported here: ${MESH_EXTENSIONS.join(", ")})`);
}
