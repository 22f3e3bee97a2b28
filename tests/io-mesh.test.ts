// Mesh files: every format round-trips exactly, meshio (an independent
// reader) sees the same arrays, and a suite of corrupt files is rejected with
// the file, line and what was expected — never a crash or a half-read mesh.
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { toQuadratic } from "../src/mesh/quadratic.js";
import type { TetMesh } from "../src/mesh/types.js";
import { writeMeshFile, NODE_ZLIB } from "../src/io/files.js";
import { readMeshFile } from "../src/io/read-mesh-file.js";
import { parseMsh, writeMsh } from "../src/io/msh.js";
import { writeVtu } from "../src/io/vtu.js";
import { parseVtu } from "../src/io/vtu-read.js";
import { meshToVtu } from "../src/io/mesh-vtu.js";
import { meshFromRaw } from "../src/mesh/import.js";
import { InputError } from "../src/errors.js";
import { hasPythonModule, runPython } from "./helpers/python.js";

let core: Core;
let dir: string;
beforeAll(async () => {
  core = await loadCore();
  dir = mkdtempSync(join(tmpdir(), "grainfem-io-"));
});

function grainedBox(order: 1 | 2): TetMesh {
  const m = boxMesh({ n: [3, 2, 2], size: [3, 2, 2], jitter: 0.2 });
  const out = order === 1 ? m : toQuadratic(core, m);
  out.nGrains = 3;
  const npe = order === 1 ? 4 : 10;
  for (let t = 0; t < out.tetGrain.length; t++) out.tetGrain[t] = Math.min(2, Math.floor(out.nodes[3 * out.tets[npe * t]] + 0.05 * t) % 3);
  for (let f = 0; f < out.triGrain.length; f++) out.triGrain[f] = -1;
  // recompute triGrain via an import round trip of the arrays
  return meshFromRaw({ nodes: out.nodes, tets: out.tets, npe, tetGrain: out.tetGrain }, "box").mesh;
}

function expectSameMesh(a: TetMesh, b: TetMesh): void {
  expect(b.order).toBe(a.order);
  expect(b.nGrains).toBe(a.nGrains);
  expect(b.nVertices).toBe(a.nVertices);
  expect(Array.from(b.tets)).toEqual(Array.from(a.tets));
  expect(Array.from(b.tetGrain)).toEqual(Array.from(a.tetGrain));
  expect(Array.from(b.nodes)).toEqual(Array.from(a.nodes));
  expect(b.triGrain.length).toBe(a.triGrain.length);
}

describe.each([1, 2] as const)("round trips, P%i", (order) => {
  it(".msh 4.1: write → read gives the identical mesh", () => {
    const m = grainedBox(order);
    const path = join(dir, `box${order}.msh`);
    writeMeshFile(path, m);
    expectSameMesh(m, readMeshFile(path).mesh);
    expect(readFileSync(path, "utf8")).toContain('3 1 "grain_0"');
  });
  it(".vtu (zlib): write → read gives the identical mesh", () => {
    const m = grainedBox(order);
    const path = join(dir, `box${order}.vtu`);
    writeMeshFile(path, m);
    expectSameMesh(m, readMeshFile(path).mesh);
  });
  it("TetGen .node/.ele (1-based, float region attributes) reads the same mesh", () => {
    const m = grainedBox(order);
    const npe = order === 1 ? 4 : 10;
    const nN = m.nodes.length / 3, nT = m.tetGrain.length;
    const node = [`# written by a test\n${nN} 3 0 0`];
    for (let i = 0; i < nN; i++) node.push(`${i + 1} ${m.nodes[3 * i]} ${m.nodes[3 * i + 1]} ${m.nodes[3 * i + 2]}`);
    // TetGen-style mid-edge order (differs from VTK): 01 12 20 03 13 23 → the reader matches by midpoints
    const perm = order === 1 ? [0, 1, 2, 3] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort(() => 0).map((i, k) => [0, 1, 2, 3, 4, 5, 6, 7, 9, 8][k]);
    const ele = [`${nT} ${npe} 1`];
    for (let t = 0; t < nT; t++) ele.push(`${t + 1} ${perm.map((a) => m.tets[npe * t + a] + 1).join(" ")} ${m.tetGrain[t] * 2.5 + 1}`);
    writeFileSync(join(dir, `tg${order}.node`), node.join("\n"));
    writeFileSync(join(dir, `tg${order}.ele`), ele.join("\n"));
    expectSameMesh(m, readMeshFile(join(dir, `tg${order}.ele`)).mesh);
  });
});

describe("msh versions", () => {
  it("reads MSH 2.2 and 4.0 with physical tags as grains", () => {
    const m = grainedBox(1);
    const nN = m.nodes.length / 3, nT = m.tetGrain.length;
    const v22 = ["$MeshFormat", "2.2 0 8", "$EndMeshFormat", "$Nodes", String(nN)];
    for (let i = 0; i < nN; i++) v22.push(`${i + 1} ${m.nodes[3 * i]} ${m.nodes[3 * i + 1]} ${m.nodes[3 * i + 2]}`);
    v22.push("$EndNodes", "$Elements", String(nT));
    for (let t = 0; t < nT; t++) v22.push(`${t + 1} 4 2 ${m.tetGrain[t] + 1} 7 ${Array.from(m.tets.subarray(4 * t, 4 * t + 4), (v) => v + 1).join(" ")}`);
    v22.push("$EndElements");
    expectSameMesh(m, meshFromRaw(parseMsh(v22.join("\n"), "v22.msh"), "v22.msh").mesh);
    const v40 = ["$MeshFormat", "4 0 8", "$EndMeshFormat", "$Entities", "0 0 0 3"];
    for (let g = 0; g < 3; g++) v40.push(`${g + 1} 0 0 0 1 1 1 1 ${g + 1} 0`);
    v40.push("$EndEntities", "$Nodes", `1 ${nN}`, `1 3 0 ${nN}`);
    for (let i = 0; i < nN; i++) v40.push(`${i + 1} ${m.nodes[3 * i]} ${m.nodes[3 * i + 1]} ${m.nodes[3 * i + 2]}`);
    v40.push("$EndNodes", "$Elements", `3 ${nT}`);
    for (let g = 0; g < 3; g++) {
      const ts = [...Array(nT).keys()].filter((t) => m.tetGrain[t] === g);
      v40.push(`${g + 1} 3 4 ${ts.length}`);
      for (const t of ts) v40.push(`${t + 1} ${Array.from(m.tets.subarray(4 * t, 4 * t + 4), (v) => v + 1).join(" ")}`);
    }
    v40.push("$EndElements");
    const r = meshFromRaw(parseMsh(v40.join("\n"), "v40.msh"), "v40.msh").mesh;
    expect(r.nGrains).toBe(3);
    expect(r.tetGrain.reduce((s, g) => s + g, 0)).toBe(m.tetGrain.reduce((s, g) => s + g, 0));
  });
});

describe.skipIf(!hasPythonModule("meshio"))("meshio reads what we write", () => {
  it.each([1, 2] as const)("P%i .vtu and .msh: same points, cells and grain array", (order) => {
    const m = grainedBox(order);
    const vtu = join(dir, `mio${order}.vtu`), msh = join(dir, `mio${order}.msh`);
    writeMeshFile(vtu, m);
    writeMeshFile(msh, m);
    const out = runPython(`
import meshio, sys, json
v = meshio.read(sys.argv[1]); g = meshio.read(sys.argv[2])
def info(mesh, key):
    blocks = [(c, d) for c, d in zip(mesh.cells, mesh.cell_data[key]) if c.type.startswith("tetra")]
    cells = blocks[0][0]
    return {"type": cells.type, "n": sum(len(c.data) for c, _ in blocks), "conn0": [int(x) for x in cells.data[0]],
            "grainsum": int(sum(d.sum() for _, d in blocks)),
            "pts": len(mesh.points), "x0": [float(x) for x in mesh.points[0]]}
print(json.dumps({"vtu": info(v, "grain"), "msh": info(g, "gmsh:physical")}))`, [vtu, msh]);
    const r = JSON.parse(out);
    const npe = order === 1 ? 4 : 10;
    const gsum = m.tetGrain.reduce((s, g) => s + g, 0);
    expect(r.vtu.type).toBe(order === 1 ? "tetra" : "tetra10");
    expect(r.vtu.n).toBe(m.tetGrain.length);
    expect(r.vtu.conn0).toEqual(Array.from(m.tets.subarray(0, npe)));
    expect(r.vtu.grainsum).toBe(gsum);
    expect(r.vtu.x0).toEqual(Array.from(m.nodes.subarray(0, 3)));
    expect(r.msh.n).toBe(m.tetGrain.length);
    expect(r.msh.grainsum).toBe(gsum + m.tetGrain.length); // physical tag = grain + 1
    expect(r.msh.conn0).toEqual(Array.from(m.tets.subarray(0, npe))); // meshio applies the tet10 permutation
  });
});

describe("corrupt files are rejected with file, line and expectation", () => {
  const good = () => writeMsh(grainedBox(1));
  const cases: Array<[string, (s: string) => string, RegExp]> = [
    ["truncated in $Nodes", (s) => s.slice(0, s.indexOf("$EndNodes") - 40), /bad\.msh:\d+: (unexpected end of file|expected)/],
    ["a coordinate that is not a number", (s) => s.replace(/(\$Nodes\n[^$]*?\n)(\S+) (\S+) (\S+)\n/, "$1$2 abc $4\n"), /bad\.msh:\d+: expected node coordinates 'x y z', "abc" is not a number/],
    ["a bad file type", (s) => s.replace("4.1 0 8", "4.1 x 8"), /bad\.msh:2: expected file type 0/],
    ["an element with too few nodes", (s) => s.replace(/\n(\d+) (\d+) (\d+) (\d+) (\d+)\n\$EndElements/, "\n$1 $2 $3 $4\n$EndElements"), /bad\.msh:\d+: expected an element line with 4 node tags/],
    ["an unknown element type", (s) => s.replace(/\n3 1 4 /, "\n3 1 99 "), /bad\.msh:\d+: unknown element type 99/],
    ["a missing $End marker", (s) => s.replace("$EndMeshFormat", "$EndFormat"), /bad\.msh:3: expected "\$EndMeshFormat"/],
    ["binary format", (s) => s.replace("4.1 0 8", "4.1 1 8"), /bad\.msh:2: binary \.msh files are not supported/],
    ["not an msh file", () => "hello\n", /bad\.msh:1: not a gmsh \.msh file/],
    ["a node tag that does not exist", (s) => s.replace(/\n3 1 4 (\d+)\n(\d+) (\d+)/, "\n3 1 4 $1\n$2 99999"), /references node tag 99999/],
  ];
  it.each(cases)("%s", (_name, mutate, pattern) => {
    const path = join(dir, "bad.msh");
    writeFileSync(path, mutate(good()));
    let err: unknown;
    try {
      readMeshFile(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(pattern);
  });

  it("tets without a grain tag are named with count and first tet", () => {
    const lines = good().split("\n");
    const e = lines.indexOf("$Entities");
    const [, , nS] = lines[e + 1].split(" ").map(Number);
    const vol = e + 2 + nS; // first volume entity: "tag box… 1 phys 0" -> no physical tag
    lines[vol] = lines[vol].replace(/ 1 (\d+) 0$/, " 0 0");
    const path = join(dir, "nograin.msh");
    writeFileSync(path, lines.join("\n"));
    expect(() => readMeshFile(path)).toThrow(/nograin\.msh: \d+ of \d+ tets have no grain tag \(first: tet \d+\)/);
  });

  it("inverted tets are counted; a file inverted throughout is flipped with a note", () => {
    const m = grainedBox(1);
    const one = { nodes: m.nodes, tets: m.tets.slice(), npe: 4 as const, tetGrain: m.tetGrain };
    [one.tets[5], one.tets[6]] = [one.tets[6], one.tets[5]];
    expect(() => meshFromRaw(one, "x.vtu")).toThrow(/x\.vtu: 1 inverted tets \(negative volume\), first: tet 1/);
    const all = { ...one, tets: m.tets.slice() };
    for (let t = 0; t < all.tets.length / 4; t++) [all.tets[4 * t + 1], all.tets[4 * t + 2]] = [all.tets[4 * t + 2], all.tets[4 * t + 1]];
    const r = meshFromRaw(all, "x.vtu");
    expect(r.report.flippedTets).toBe(m.tetGrain.length);
    expect(Array.from(r.mesh.tets)).toEqual(Array.from(m.tets));
  });

  it("unreferenced nodes are dropped and reported; non-manifold meshes are rejected", () => {
    const m = grainedBox(1);
    const nodes = new Float64Array(m.nodes.length + 3);
    nodes.set([9, 9, 9]);
    nodes.set(m.nodes, 3);
    const r = meshFromRaw({ nodes, tets: m.tets.map((v) => v + 1), npe: 4, tetGrain: m.tetGrain }, "u.msh");
    expect(r.report.unreferencedNodes).toBe(1);
    expect(r.report.notes.join(" ")).toMatch(/1 unreferenced nodes dropped \(first: node 0\)/);
    // two tets touching at one edge only: a non-manifold surface
    const pts = Float64Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 1, 1, -1);
    const tets = Int32Array.of(0, 1, 2, 3, 0, 1, 4, 5);
    expect(() => meshFromRaw({ nodes: pts, tets, npe: 4, tetGrain: new Int32Array(2) }, "nm.vtu")).toThrow(/non-manifold surface: \d+ boundary edges/);
  });

  it("corrupt VTU files: truncated data, bad zlib, no grain array, wrong counts", () => {
    const m = grainedBox(1);
    const bytes = writeVtu(meshToVtu(m), NODE_ZLIB);
    const cut = bytes.slice(0, bytes.length - 200);
    expect(() => parseVtu(cut, "t.vtu", NODE_ZLIB)).toThrow(/t\.vtu: .*(truncated|corrupt)/);
    const flipped = bytes.slice();
    const at = new TextDecoder().decode(flipped).indexOf("_", new TextDecoder().decode(flipped).indexOf("<AppendedData")) + 200;
    for (let i = at; i < at + 16; i++) flipped[i] ^= 0xff;
    expect(() => parseVtu(flipped, "z.vtu", NODE_ZLIB)).toThrow(/z\.vtu: .*(corrupt|values|bytes|truncated)/);
    const noGrain = writeVtu({ ...meshToVtu(m), cellData: [] }, NODE_ZLIB);
    const path = join(dir, "nog.vtu");
    writeFileSync(path, noGrain);
    expect(() => readMeshFile(path)).toThrow(/no grain cell array/);
    // edit the XML header in place (same length, so the binary offsets stay valid)
    const edited = bytes.slice();
    const head = new TextDecoder("latin1").decode(edited.subarray(0, 2000));
    const at2 = head.indexOf('NumberOfPoints="') + 16;
    const digits = head.slice(at2, head.indexOf('"', at2));
    edited.set(new TextEncoder().encode("7".padStart(digits.length, "0")), at2);
    expect(() => parseVtu(edited, "n.vtu", NODE_ZLIB)).toThrow(/n\.vtu: Points: \d+ values, expected 21/);
    expect(() => parseVtu(new TextEncoder().encode("<html></html>"), "h.vtu")).toThrow(/not a VTK XML file/);
  });

  it("corrupt TetGen files: wrong dimension, gaps in numbering, no region attribute", () => {
    const node = "4 3 0 0\n0 0 0 0\n1 1 0 0\n2 0 1 0\n3 0 0 1\n";
    const ele = "1 4 1\n0 0 1 2 3 5\n";
    const w = (n: string, e: string) => {
      writeFileSync(join(dir, "c.node"), n);
      writeFileSync(join(dir, "c.ele"), e);
      return () => readMeshFile(join(dir, "c.node"));
    };
    expect(w(node, ele)().mesh.tetGrain[0]).toBe(5);
    expect(w(node.replace("4 3 0 0", "4 2 0 0"), ele)).toThrow(/c\.node:1: dimension must be 3/);
    expect(w(node.replace("\n2 0 1 0", "\n7 0 1 0"), ele)).toThrow(/c\.node:4: points must be numbered consecutively: expected 2, found 7/);
    expect(w(node, "1 4 0\n0 0 1 2 3\n")).toThrow(/c\.ele:1: the \.ele file has no region attribute/);
    expect(w(node, "1 4 1\n0 0 1 2 9 0\n")).toThrow(/c\.ele:2: tet 0 references point 9/);
    expect(w(node, "2 4 1\n0 0 1 2 3 0\n")).toThrow(/c\.ele:\d+: unexpected end of file, expected tet 1/);
  });
});
