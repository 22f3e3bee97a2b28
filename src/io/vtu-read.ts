/**
 * VTK XML UnstructuredGrid (.vtu) reading, independent of Node (compression
 * codecs are passed in): format ascii, binary (inline base64) and appended
 * (raw or base64), compressed or not, UInt32 or UInt64 headers.
 */
import { XMLParser } from "fast-xml-parser";
import { InputError } from "../errors.js";
import { concat, type VtkArray, type VtuCodec, type VtuDataArray, type VtuGrid } from "./vtu.js";

const enc = new TextEncoder();

interface ArrayNode {
  "@_type"?: string;
  "@_Name"?: string;
  "@_NumberOfComponents"?: string;
  "@_format"?: string;
  "@_offset"?: string;
  "#text"?: string;
}

/** Parse a .vtu file. @throws InputError naming the file and what is wrong */
export function parseVtu(bytes: Uint8Array, file: string, codec: VtuCodec = {}): VtuGrid {
  const fail = (msg: string) => new InputError(file, msg);
  const marker = findBytes(bytes, enc.encode("<AppendedData"));
  const headText = new TextDecoder().decode(marker >= 0 ? bytes.subarray(0, marker) : bytes);
  let appended: { start: number; encoding: string } | null = null;
  let xmlText = headText;
  if (marker >= 0) {
    const tagEnd = bytes.indexOf(0x3e /* > */, marker);
    const tag = new TextDecoder().decode(bytes.subarray(marker, tagEnd + 1));
    const encoding = /encoding="([^"]+)"/.exec(tag)?.[1] ?? "raw";
    const underscore = bytes.indexOf(0x5f /* _ */, tagEnd);
    if (underscore < 0) throw fail("AppendedData has no '_' marker");
    appended = { start: underscore + 1, encoding };
    xmlText = headText + "</VTKFile>";
  }
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, parseAttributeValue: false, isArray: (name) => name === "DataArray" || name === "Piece" }).parse(xmlText);
  } catch (e) {
    throw fail(`not valid XML: ${(e as Error).message.split("\n")[0]}`);
  }
  const vtk = doc.VTKFile as Record<string, unknown> | undefined;
  if (!vtk) throw fail("not a VTK XML file (no <VTKFile> element)");
  if (vtk["@_type"] !== "UnstructuredGrid") throw fail(`VTKFile type is "${vtk["@_type"]}", expected "UnstructuredGrid"`);
  if ((vtk["@_byte_order"] ?? "LittleEndian") !== "LittleEndian") throw fail("big-endian VTU files are not supported");
  const headerType = (vtk["@_header_type"] as string) ?? "UInt32";
  if (headerType !== "UInt32" && headerType !== "UInt64") throw fail(`unsupported header_type ${headerType}`);
  const compressor = vtk["@_compressor"] as string | undefined;
  if (compressor && compressor !== "vtkZLibDataCompressor") throw fail(`unsupported compressor ${compressor} (only zlib)`);
  if (compressor && !codec.inflate) throw fail("compressed VTU but no zlib codec available");
  const ug = vtk.UnstructuredGrid as Record<string, unknown> | undefined;
  const pieces = ug?.Piece as Array<Record<string, unknown>> | undefined;
  if (!pieces?.length) throw fail("no <Piece> in <UnstructuredGrid>");
  if (pieces.length > 1) throw fail(`${pieces.length} pieces; only single-piece files are supported`);
  const piece = pieces[0];
  const nPoints = Number(piece["@_NumberOfPoints"]), nCells = Number(piece["@_NumberOfCells"]);
  if (!Number.isInteger(nPoints) || !Number.isInteger(nCells) || nPoints < 0 || nCells < 0) throw fail("Piece has no valid NumberOfPoints/NumberOfCells");
  const ctx = { bytes, appended, headerType, compressor, codec, fail };
  const read = (node: ArrayNode, expectLen: number | null, what: string) => readArray(node, ctx, expectLen, what);
  const pointsNode = ((piece.Points as Record<string, unknown>)?.DataArray as ArrayNode[] | undefined)?.[0];
  if (!pointsNode) throw fail("no <Points> array");
  const points = toFloat64(read(pointsNode, 3 * nPoints, "Points"));
  const cellArrays = ((piece.Cells as Record<string, unknown>)?.DataArray as ArrayNode[] | undefined) ?? [];
  const byName = (n: string) => cellArrays.find((a) => a["@_Name"] === n);
  const cNode = byName("connectivity"), oNode = byName("offsets"), tNode = byName("types");
  if (!cNode || !oNode || !tNode) throw fail("<Cells> must have connectivity, offsets and types arrays");
  const offsets = toInt32(read(oNode, nCells, "offsets"), fail, "offsets");
  const connectivity = toInt32(read(cNode, nCells ? offsets[nCells - 1] : 0, "connectivity"), fail, "connectivity");
  const types = Uint8Array.from(read(tNode, nCells, "types") as ArrayLike<number>);
  const dataList = (sec: unknown, n: number, label: string): VtuDataArray[] =>
    (((sec as Record<string, unknown> | undefined)?.DataArray as ArrayNode[] | undefined) ?? []).map((a) => {
      const comps = Number(a["@_NumberOfComponents"] ?? 1);
      const name = a["@_Name"] ?? "";
      return { name, components: comps, data: read(a, n * comps, `${label} array "${name}"`) as VtkArray };
    });
  return {
    points, connectivity, offsets, types,
    pointData: dataList(piece.PointData, nPoints, "PointData"),
    cellData: dataList(piece.CellData, nCells, "CellData"),
  };
}

function findBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

type Ctx = {
  bytes: Uint8Array;
  appended: { start: number; encoding: string } | null;
  headerType: string;
  compressor?: string;
  codec: VtuCodec;
  fail: (m: string) => InputError;
};

function typedFromBytes(type: string, bytes: Uint8Array, fail: Ctx["fail"], what: string): VtkArray | BigInt64Array | BigUint64Array {
  const copy = bytes.slice();
  const b = copy.buffer;
  const size = ({ Float64: 8, Float32: 4, Int32: 4, UInt32: 4, Int64: 8, UInt64: 8, UInt8: 1, Int8: 1, Int16: 2, UInt16: 2 } as Record<string, number>)[type];
  if (!size) throw fail(`${what}: unsupported data type ${type}`);
  if (copy.byteLength % size) throw fail(`${what}: ${copy.byteLength} bytes is not a whole number of ${type} values`);
  switch (type) {
    case "Float64": return new Float64Array(b);
    case "Float32": return new Float32Array(b);
    case "Int32": return new Int32Array(b);
    case "UInt32": return new Uint32Array(b);
    case "Int64": return new BigInt64Array(b);
    case "UInt64": return new BigUint64Array(b);
    case "Int8": return new Int8Array(b);
    case "Int16": return new Int16Array(b);
    case "UInt16": return new Uint16Array(b);
    default: return new Uint8Array(b);
  }
}

function readArray(node: ArrayNode, ctx: Ctx, expectLen: number | null, what: string): VtkArray | number[] {
  const type = node["@_type"] ?? "";
  const format = node["@_format"] ?? "ascii";
  let out: VtkArray | BigInt64Array | BigUint64Array | number[];
  if (format === "ascii") {
    const text = (node["#text"] ?? "").toString().trim();
    const vals = text.length ? text.split(/\s+/).map(Number) : [];
    if (vals.some((v) => !Number.isFinite(v))) throw ctx.fail(`${what}: non-numeric value in ASCII data`);
    out = vals;
  } else if (format === "binary") {
    const text = (node["#text"] ?? "").toString().replace(/\s+/g, "");
    out = typedFromBytes(type, decodeBinaryInline(text, ctx, what), ctx.fail, what);
  } else if (format === "appended") {
    if (!ctx.appended) throw ctx.fail(`${what}: format="appended" but the file has no <AppendedData>`);
    const off = Number(node["@_offset"]);
    if (!Number.isInteger(off) || off < 0) throw ctx.fail(`${what}: invalid offset`);
    out = typedFromBytes(type, decodeAppended(off, ctx, what), ctx.fail, what);
  } else throw ctx.fail(`${what}: unknown format "${format}"`);
  const arr = out instanceof BigInt64Array || out instanceof BigUint64Array ? Array.from(out, (v) => {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw ctx.fail(`${what}: 64-bit value out of range`);
    return Number(v);
  }) : out;
  if (expectLen !== null && arr.length !== expectLen) throw ctx.fail(`${what}: ${arr.length} values, expected ${expectLen}`);
  return arr;
}

function headerSize(ctx: Ctx): number {
  return ctx.headerType === "UInt64" ? 8 : 4;
}

function readHeaderInts(bytes: Uint8Array, count: number, size: number, fail: Ctx["fail"], what: string): number[] {
  if (bytes.byteLength < count * size) throw fail(`${what}: truncated data header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, count * size);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(size === 8 ? Number(dv.getBigUint64(8 * i, true)) : dv.getUint32(4 * i, true));
  return out;
}

function inflateBlocks(header: number[], data: Uint8Array, ctx: Ctx, what: string): Uint8Array {
  const [nb, , last] = header;
  const sizes = header.slice(3);
  const parts: Uint8Array[] = [];
  let o = 0;
  for (let b = 0; b < nb; b++) {
    if (o + sizes[b] > data.byteLength) throw ctx.fail(`${what}: truncated compressed data`);
    let block: Uint8Array;
    try {
      block = ctx.codec.inflate!(data.subarray(o, o + sizes[b]));
    } catch {
      throw ctx.fail(`${what}: corrupt zlib block ${b}`);
    }
    parts.push(block);
    o += sizes[b];
  }
  const out = concat(parts);
  const expected = nb === 0 ? 0 : (nb - 1) * header[1] + (last || header[1]);
  if (out.byteLength !== expected) throw ctx.fail(`${what}: decompressed ${out.byteLength} bytes, header says ${expected}`);
  return out;
}

function b64(text: string, ctx: Ctx, what: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw ctx.fail(`${what}: invalid base64 data`);
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Base64 data: uncompressed = header and data encoded together; compressed =
// header encoded on its own, then the blocks. `text` may run past the array.
function decodeBinaryInline(text: string, ctx: Ctx, what: string): Uint8Array {
  const s = headerSize(ctx);
  const chars = (bytes: number) => 4 * Math.ceil(bytes / 3);
  if (!ctx.compressor) {
    const [n] = readHeaderInts(b64(text.slice(0, chars(s)), ctx, what), 1, s, ctx.fail, what);
    if (text.length < chars(s + n)) throw ctx.fail(`${what}: truncated data (needs ${n} bytes)`);
    return b64(text.slice(0, chars(s + n)), ctx, what).subarray(s, s + n);
  }
  const [nb] = readHeaderInts(b64(text.slice(0, chars(3 * s)), ctx, what), 1, s, ctx.fail, what);
  if (nb > 1e7) throw ctx.fail(`${what}: corrupt data header (${nb} blocks)`);
  const hChars = chars((3 + nb) * s);
  const header = readHeaderInts(b64(text.slice(0, hChars), ctx, what), 3 + nb, s, ctx.fail, what);
  let total = 0;
  for (let b = 0; b < nb; b++) total += header[3 + b];
  if (text.length < hChars + chars(total)) throw ctx.fail(`${what}: truncated compressed data`);
  return inflateBlocks(header, b64(text.slice(hChars, hChars + chars(total)), ctx, what), ctx, what);
}

function decodeAppended(offset: number, ctx: Ctx, what: string): Uint8Array {
  const s = headerSize(ctx);
  const app = ctx.appended!;
  if (app.encoding === "base64") {
    const end = ctx.bytes.indexOf(0x3c /* < */, app.start);
    const text = new TextDecoder().decode(ctx.bytes.subarray(app.start + offset, end < 0 ? undefined : end)).replace(/\s+/g, "");
    return decodeBinaryInline(text, ctx, what);
  }
  const start = app.start + offset;
  if (start >= ctx.bytes.byteLength) throw ctx.fail(`${what}: offset ${offset} is past the end of the appended data`);
  const view = ctx.bytes.subarray(start);
  if (!ctx.compressor) {
    const [n] = readHeaderInts(view, 1, s, ctx.fail, what);
    if (view.byteLength < s + n) throw ctx.fail(`${what}: truncated data (needs ${n} bytes)`);
    return view.subarray(s, s + n);
  }
  const [nb] = readHeaderInts(view, 1, s, ctx.fail, what);
  if (nb > 1e7) throw ctx.fail(`${what}: corrupt data header (${nb} blocks)`);
  const header = readHeaderInts(view, 3 + nb, s, ctx.fail, what);
  return inflateBlocks(header, view.subarray((3 + nb) * s), ctx, what);
}

function toFloat64(a: VtkArray | number[]): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a as ArrayLike<number>);
}

function toInt32(a: VtkArray | number[], fail: Ctx["fail"], what: string): Int32Array {
  const out = a instanceof Int32Array ? a : Int32Array.from(a as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) if (out[i] < 0) throw fail(`${what}: negative index ${out[i]} at entry ${i}`);
  return out;
}
