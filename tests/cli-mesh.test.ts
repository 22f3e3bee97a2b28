// `grainfem mesh` end to end (compiled CLI): files, --json, exit codes.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readMeshFile } from "../src/io/read-mesh-file.js";

const cli = (args: string[]) => spawnSync(process.execPath, ["bin/grainfem.js", ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "grainfem-cli-"));

describe("grainfem mesh", () => {
  it("writes a .msh and a grains sidecar, and prints the SPEC mesh stats with --json", () => {
    const out = join(dir, "p.msh");
    const r = cli(["mesh", "--grains", "20", "--seed", "3", "--radius-um", "4", "--size-um", "0.8", "--out", out, "--json", "--quiet"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    for (const k of ["nodes", "tets", "order", "grains", "surfaceTriangles", "volumeUm3", "quality", "seconds"]) expect(s).toHaveProperty(k);
    for (const k of ["minRadiusRatio", "meanRadiusRatio", "minSkewness", "meanSkewness", "minDihedralDeg", "maxDihedralDeg"]) expect(s.quality).toHaveProperty(k);
    expect(s.grains).toBe(20);
    const m = readMeshFile(out).mesh;
    expect(m.tetGrain.length).toBe(s.tets);
    expect(m.nGrains).toBe(20);
    const g = JSON.parse(readFileSync(`${out}.grains.json`, "utf8"));
    expect(g.grains).toHaveLength(20);
    expect(g.grains[0].orientation).toHaveLength(4);
  });

  it("writes a P2 .vtu", () => {
    const out = join(dir, "p2.vtu");
    const r = cli(["mesh", "--grains", "10", "--size-um", "0.9", "--order", "2", "--out", out, "--quiet"]);
    expect(r.status).toBe(0);
    expect(readMeshFile(out).mesh.order).toBe(2);
  });

  it.each([
    [["mesh", "--grains", "abc", "--out", join(dir, "x.vtu")], /--grains: must be an integer/],
    [["mesh", "--size-um", "-1", "--out", join(dir, "x.vtu")], /--size-um: must be a positive number/],
    [["mesh", "--out", join(dir, "x.stl")], /--out: must end in \.vtu or \.msh/],
    [["mesh", "--size-um", "0.5", "--target-tets", "5000", "--out", join(dir, "x.vtu")], /give either --size-um or --target-tets/],
    [["mesh", "--seeds-file", join(dir, "missing.txt"), "--out", join(dir, "x.vtu")], /missing\.txt: cannot read seeds file/],
    [["mesh", "--grains", "5"], /required option '--out/],
  ])("bad input %j exits 2 with one line naming the option", (args, pattern) => {
    const r = cli(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, "x.vtu"))).toBe(false);
  });

  it("--help and --version exit 0", () => {
    expect(cli(["mesh", "--help"]).status).toBe(0);
    expect(cli(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
