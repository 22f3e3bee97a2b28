/**
 * Checkpoint files (Node): `DIR/checkpoint.gfc`, one file written atomically
 * (temporary name, fsync, rename — io/files.ts), so a run killed at any
 * moment leaves either the previous checkpoint or the new one, never half of
 * one. Layout (little-endian):
 *
 *   bytes 0–7    magic "GFCKPT01"
 *   bytes 8–11   header length H (u32)
 *   12 … 12+H    header: UTF-8 JSON { config, checkpoint } where each typed
 *                array is replaced by { "$typed": kind, "offset": byte offset
 *                into the data block, "length": elements }
 *   then         data block: the arrays' bytes, each 8-byte aligned
 *
 * The file holds the resolved config too, so `grainfem run --resume DIR`
 * needs nothing else.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import type { GrainfemConfig } from "../config/types.js";
import type { SimulationCheckpoint } from "../solver/checkpoint.js";
import { writeFileAtomic } from "./files.js";

export const CHECKPOINT_FILE = "checkpoint.gfc";
const MAGIC = "GFCKPT01";

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
const KINDS: Record<string, new (b: ArrayBuffer, o: number, n: number) => Typed> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array,
};

/** Serialize { config, checkpoint } to the file format above. */
export function encodeCheckpoint(config: GrainfemConfig, checkpoint: SimulationCheckpoint): Uint8Array[] {
  const arrays: Typed[] = [];
  let offset = 0;
  const header = JSON.stringify({ config, checkpoint }, (_k, v) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as Typed;
      const kind = a.constructor.name;
      if (!(kind in KINDS)) throw new TypeError(`cannot checkpoint a ${kind}`);
      const entry = { $typed: kind, offset, length: a.length };
      arrays.push(a);
      offset += Math.ceil(a.byteLength / 8) * 8;
      return entry;
    }
    // JSON has no Infinity: the out-of-range bookkeeping starts at ±Infinity
    if (typeof v === "number" && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
  const head = new TextEncoder().encode(header);
  const pre = new Uint8Array(12);
  pre.set(new TextEncoder().encode(MAGIC));
  new DataView(pre.buffer).setUint32(8, head.length, true);
  const pad = (n: number) => new Uint8Array((8 - (n % 8)) % 8);
  const chunks: Uint8Array[] = [pre, head, pad(12 + head.length)];
  for (const a of arrays) chunks.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), pad(a.byteLength));
  return chunks;
}

/** Parse a checkpoint file's bytes. @throws InputError naming the file when it is not a complete checkpoint */
export function decodeCheckpoint(bytes: Uint8Array, file: string): { config: GrainfemConfig; checkpoint: SimulationCheckpoint } {
  const bad = (why: string) => new InputError(file, `not a usable grainfem checkpoint: ${why}`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw bad("wrong magic bytes");
  const H = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
  if (12 + H > bytes.length) throw bad("truncated header");
  const dataStart = 12 + H + ((8 - ((12 + H) % 8)) % 8);
  // the data block copied to an aligned buffer of its own (typed-array views need alignment)
  const data = new Uint8Array(bytes.subarray(dataStart)); // a copy (Buffer#slice would share the pooled buffer)
  let parsed: { config: GrainfemConfig; checkpoint: SimulationCheckpoint };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + H)), (_k, v) => {
      if (v && typeof v === "object" && typeof v.$typed === "string") {
        const Ctor = KINDS[v.$typed];
        if (!Ctor || !Number.isInteger(v.offset) || !Number.isInteger(v.length)) throw bad(`bad array entry ${JSON.stringify(v)}`);
        if (v.offset + v.length * Ctor.prototype.BYTES_PER_ELEMENT > data.length) throw bad("truncated data");
        return new Ctor(data.buffer, v.offset, v.length);
      }
      if (v && typeof v === "object" && typeof v.$number === "string") return Number(v.$number);
      return v;
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw bad(`header is not JSON (${(e as Error).message})`);
  }
  const version: number | undefined = (parsed?.checkpoint as { version?: number } | undefined)?.version;
  if (version === 1) throw bad("written by an earlier grainfem (version 1, which solved the stresses during the diffusion); start the run again");
  if (version !== 2 || !parsed.config) throw bad("unknown version");
  return parsed;
}

/** Write DIR/checkpoint.gfc atomically. */
export function writeCheckpoint(dir: string, config: GrainfemConfig, checkpoint: SimulationCheckpoint): void {
  writeFileAtomic(join(dir, CHECKPOINT_FILE), encodeCheckpoint(config, checkpoint));
}

/** Read DIR/checkpoint.gfc. @throws InputError when there is none or it is unusable */
export function readCheckpoint(dir: string): { config: GrainfemConfig; checkpoint: SimulationCheckpoint } {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) throw new InputError("--resume", `no checkpoint in ${dir} (${CHECKPOINT_FILE}); was the run started with checkpoints (--checkpoint-every)?`);
  return decodeCheckpoint(readFileSync(file), file);
}

/** Remove DIR/checkpoint.gfc (a finished run's, or a stale one before a fresh run). */
export function removeCheckpoint(dir: string): void {
  rmSync(join(dir, CHECKPOINT_FILE), { force: true });
}
