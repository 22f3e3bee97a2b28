/**
 * VTK XML UnstructuredGrid (.vtu) writing, and the grid's types, independent
 * of Node (compression codecs are passed in); reading is in vtu-read.ts (it
 * loads an XML parser, which writing does not need).
 *
 * Written: binary appended data (raw encoding), header_type UInt64, zlib
 * compression with 32 KiB blocks when a `deflate` codec is given (VTK's
 * vtkZLibDataCompressor layout: [nBlocks, blockSize, lastBlockSize,
 * compressedSize × nBlocks] then the compressed blocks).
 */

export type VtkArray = Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array;

export interface VtuDataArray {
  name: string;
  components: number;
  data: VtkArray;
}

export interface VtuGrid {
  /** nPoints × 3 */
  points: Float64Array;
  /** concatenated cell node lists */
  connectivity: Int32Array;
  /** end offset of each cell in connectivity */
  offsets: Int32Array;
  /** VTK cell type per cell (10 tetra, 24 quadratic tetra, 5 triangle, 22 quadratic triangle) */
  types: Uint8Array;
  pointData: VtuDataArray[];
  cellData: VtuDataArray[];
}

export interface VtuCodec {
  deflate?: (data: Uint8Array) => Uint8Array;
  inflate?: (data: Uint8Array) => Uint8Array;
}

const TYPE_NAMES: Array<[string, new (n: number) => VtkArray]> = [
  ["Float64", Float64Array], ["Float32", Float32Array], ["Int32", Int32Array], ["UInt8", Uint8Array],
  ["Int8", Int8Array], ["Int16", Int16Array], ["UInt16", Uint16Array], ["UInt32", Uint32Array],
];

function vtkTypeName(a: VtkArray): string {
  for (const [name, ctor] of TYPE_NAMES) if (a instanceof ctor) return name;
  throw new Error("unsupported array type");
}

const BLOCK = 32768;
const enc = new TextEncoder();

/** Serialize a grid. With `codec.deflate` the data are zlib-compressed. */
export function writeVtu(g: VtuGrid, codec: VtuCodec = {}, extraXml = ""): Uint8Array {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const arrays: string[] = [];
  const add = (a: VtkArray, attrs: string): string => {
    const raw = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const bin = encodeBlock(raw, codec.deflate);
    const xml = `<DataArray type="${vtkTypeName(a)}" ${attrs} format="appended" offset="${offset}"/>`;
    chunks.push(bin);
    offset += bin.byteLength;
    return xml;
  };
  const dataSection = (tag: string, list: VtuDataArray[]) => {
    if (!list.length) return `<${tag}/>`;
    const inner = list.map((d) => add(d.data, `Name="${escapeXml(d.name)}" NumberOfComponents="${d.components}"`)).join("\n        ");
    return `<${tag}>\n        ${inner}\n      </${tag}>`;
  };
  const nPoints = g.points.length / 3, nCells = g.types.length;
  const pd = dataSection("PointData", g.pointData);
  const cd = dataSection("CellData", g.cellData);
  const pts = add(g.points, `Name="Points" NumberOfComponents="3"`);
  const conn = add(g.connectivity, `Name="connectivity"`);
  const offs = add(g.offsets, `Name="offsets"`);
  const types = add(g.types, `Name="types"`);
  arrays.push(pd, cd);
  const head = `<?xml version="1.0"?>
<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64"${codec.deflate ? ` compressor="vtkZLibDataCompressor"` : ""}>
  <UnstructuredGrid>${extraXml}
    <Piece NumberOfPoints="${nPoints}" NumberOfCells="${nCells}">
      ${pd}
      ${cd}
      <Points>
        ${pts}
      </Points>
      <Cells>
        ${conn}
        ${offs}
        ${types}
      </Cells>
    </Piece>
  </UnstructuredGrid>
  <AppendedData encoding="raw">
   _`;
  const tail = "\n  </AppendedData>\n</VTKFile>\n";
  return concat([enc.encode(head), ...chunks, enc.encode(tail)]);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

function encodeBlock(raw: Uint8Array, deflate?: (d: Uint8Array) => Uint8Array): Uint8Array {
  if (!deflate) {
    const h = new BigUint64Array([BigInt(raw.byteLength)]);
    return concat([new Uint8Array(h.buffer), raw]);
  }
  const nBlocks = Math.max(1, Math.ceil(raw.byteLength / BLOCK));
  const parts: Uint8Array[] = [];
  for (let b = 0; b < nBlocks; b++) parts.push(deflate(raw.subarray(b * BLOCK, Math.min(raw.byteLength, (b + 1) * BLOCK))));
  const last = raw.byteLength - (nBlocks - 1) * BLOCK;
  const h = new BigUint64Array(3 + nBlocks);
  h[0] = BigInt(nBlocks);
  h[1] = BigInt(BLOCK);
  h[2] = BigInt(raw.byteLength === 0 ? 0 : last);
  parts.forEach((p, i) => (h[3 + i] = BigInt(p.byteLength)));
  return concat([new Uint8Array(h.buffer), ...parts]);
}

/** The parts one after another in one array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

// ---------------------------------------------------------------- reading
