// Cross-check against TetGen (Debian package `tetgen`; skipped when absent):
// our grain geometry — the outer surface and every grain boundary — goes to
// TetGen as a piecewise-linear complex. TetGen must find no intersecting
// facets (-d) and, remeshing it independently (-pA), must give every grain
// the same volume as ours.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meshParticle } from "../src/mesh/particle/generate.js";
import { writeSmesh } from "../src/io/smesh.js";
import { parseTetgen } from "../src/io/tetgen.js";

const hasTetgen = spawnSync("tetgen", ["-v"], { stdio: "ignore" }).error === undefined;

describe.skipIf(!hasTetgen)("TetGen cross-check", () => {
  it("finds no intersecting facets and meshes every grain to the same volume", async () => {
    const m = await meshParticle({ grains: 60, seed: 4, sizeUm: 0.45 });
    const dir = mkdtempSync(join(tmpdir(), "grainfem-tetgen-"));
    const file = join(dir, "p.smesh");
    writeFileSync(file, writeSmesh(m));
    const det = spawnSync("tetgen", ["-d", file], { encoding: "utf8" });
    expect(det.stdout).toContain("No faces are intersecting");
    const run = spawnSync("tetgen", ["-pAQ", file], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const raw = parseTetgen(readFileSync(join(dir, "p.1.node"), "utf8"), readFileSync(join(dir, "p.1.ele"), "utf8"), "p.1.node", "p.1.ele");
    const vol = new Float64Array(m.nGrains);
    const n = raw.nodes;
    for (let t = 0; t < raw.tetGrain.length; t++) {
      const v = raw.tets.subarray(4 * t, 4 * t + 4);
      const P = (a: number, k: number) => n[3 * v[a] + k] - n[3 * v[0] + k];
      const six = P(1, 0) * (P(2, 1) * P(3, 2) - P(2, 2) * P(3, 1)) - P(1, 1) * (P(2, 0) * P(3, 2) - P(2, 2) * P(3, 0)) + P(1, 2) * (P(2, 0) * P(3, 1) - P(2, 1) * P(3, 0));
      vol[raw.tetGrain[t] - 1] += Math.abs(six) / 6; // region attribute = grain + 1
    }
    // same geometry up to TetGen's own merge/coplanarity tolerance (≈1e-8 of the box): measured ≤ 5e-6
    let worst = 0;
    for (const g of m.grainStats) worst = Math.max(worst, Math.abs(vol[g.id] - g.volumeUm3) / g.volumeUm3);
    console.log(`TetGen vs grainfem, per-grain volume: max relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });
});

const hasGmsh = spawnSync("gmsh", ["--version"], { stdio: "ignore" }).error === undefined;

describe.skipIf(!hasGmsh)("gmsh reads our .msh and we read gmsh's", () => {
  it.each([1, 2] as const)("P%i: gmsh rewrites the file and it reads back as the same mesh", async (order) => {
    const { writeMeshFile } = await import("../src/io/files.js");
    const { readMeshFile } = await import("../src/io/read-mesh-file.js");
    const m = await meshParticle({ grains: 15, seed: 2, sizeUm: 0.9, order });
    const dir = mkdtempSync(join(tmpdir(), "grainfem-gmsh-"));
    const ours = join(dir, "ours.msh"), theirs = join(dir, "theirs.msh");
    writeMeshFile(ours, m);
    const run = spawnSync("gmsh", ["-0", ours, "-o", theirs, "-format", "msh41"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const back = readMeshFile(theirs).mesh;
    expect(back.order).toBe(order);
    expect(back.tetGrain.length).toBe(m.tetGrain.length);
    expect(back.nGrains).toBe(m.nGrains);
    // same tets with the same grains and the same corner/mid-edge coordinates, whatever the numbering
    const key = (mesh: { order: 1 | 2; tets: Int32Array; tetGrain: Int32Array; nodes: Float64Array }, t: number) => {
      const npe = mesh.order === 1 ? 4 : 10;
      return `${mesh.tetGrain[t]}:` + Array.from(mesh.tets.subarray(npe * t, npe * t + npe), (v) =>
        `${mesh.nodes[3 * v].toFixed(9)},${mesh.nodes[3 * v + 1].toFixed(9)},${mesh.nodes[3 * v + 2].toFixed(9)}`).join(";");
    };
    const a = new Set(Array.from({ length: m.tetGrain.length }, (_, t) => key(m, t)));
    for (let t = 0; t < back.tetGrain.length; t++) expect(a.has(key(back, t))).toBe(true);
  });
});
