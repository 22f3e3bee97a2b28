// `grainfem run` and `grainfem compare` end to end (compiled CLI): the
// summary.json contract (SPEC §3.3), exit codes 0 / 1 / 2, and no summary
// left behind by a failed run.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cli = (args: string[]) => spawnSync(process.execPath, ["bin/grainfem.js", ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "grainfem-run-"));
const config = (name: string, c: object) => {
  const f = join(dir, name);
  writeFileSync(f, `${JSON.stringify(c, null, 2)}\n`);
  return f;
};
// small and fast: P1, 6 grains; isotropic D so θ stays in [0, 1]
const small = {
  geometry: { grains: 6, seed: 3, radiusUm: 3, meshSizeUm: 0.9, order: 1 },
  material: { diffusivityM2s: [5e-15, 5e-15, 5e-15] },
  outputs: { soc: [0.5, 1], profilePoints: 11 },
};

/** The SPEC §3.3 template: every key the contract names. */
const SNAPSHOT_KEYS = ["soc", "timeS", "thetaMean", "thetaMin", "thetaMax", "vonMisesMPa", "hydrostaticMPa", "heterogeneity", "grains", "profile"];
function checkSummary(s: any) {
  expect(s.version).toBe(1);
  for (const k of ["config", "mesh", "reactive", "grains", "snapshots", "massBalanceRelError", "thetaOutOfRange", "solver", "timingS"]) expect(s).toHaveProperty(k);
  for (const k of ["nodes", "tets", "order", "grains", "surfaceTriangles", "volumeUm3", "quality"]) expect(s.mesh).toHaveProperty(k);
  for (const k of ["minRadiusRatio", "meanRadiusRatio", "minSkewness", "meanSkewness", "minDihedralDeg", "maxDihedralDeg"]) expect(typeof s.mesh.quality[k]).toBe("number");
  for (const k of ["grainIds", "countFraction", "areaFraction", "fluxMs"]) expect(s.reactive).toHaveProperty(k);
  for (const k of ["id", "orientation", "volumeUm3", "surfaceAreaUm2", "reactive"]) expect(s.grains[0]).toHaveProperty(k);
  for (const p of s.snapshots) {
    for (const k of SNAPSHOT_KEYS) expect(p).toHaveProperty(k);
    for (const k of ["max", "mean", "std", "p99"]) expect(typeof p.vonMisesMPa[k]).toBe("number");
    for (const k of ["max", "min", "mean"]) expect(typeof p.hydrostaticMPa[k]).toBe("number");
    for (const k of ["id", "thetaMean", "vonMisesMeanMPa", "reactive"]) expect(p.grains[0]).toHaveProperty(k);
    for (const k of ["rUm", "theta", "sigmaRrMPa", "sigmaTtMPa", "vonMisesMPa"]) expect(p.profile[k]).toHaveLength(s.config.outputs.profilePoints);
  }
  for (const k of ["nodes", "firstTimeS", "min", "max"]) expect(s.thetaOutOfRange).toHaveProperty(k);
  for (const k of ["steps", "itersMean", "itersMax"]) expect(typeof s.solver.diffusion[k]).toBe("number");
  for (const k of ["solves", "itersMean", "itersMax", "relResidualMax"]) expect(typeof s.solver.elasticity[k]).toBe("number");
  for (const k of ["mesh", "assemble", "solve", "diffusion", "elasticity", "preconditionerSetup", "export", "total"]) expect(typeof s.timingS[k]).toBe("number");
  expect(s.solver.elasticity.relResidualMax).toBeLessThanOrEqual(1e-8);
  expect(s.massBalanceRelError).toBeLessThan(1e-10);
}

describe("grainfem run", () => {
  it("writes summary.json per SPEC §3.3 and prints the table", () => {
    const out = join(dir, "run1");
    const r = cli(["run", config("small.json", small), "--out", out, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/case\s+SOC\s+mean θ\s+vM max MPa\s+vM mean MPa\s+vM std MPa\s+heterogeneity/);
    const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    checkSummary(s);
    expect(s.config.geometry.grains).toBe(6);
    expect(s.config.cycling.reactiveFraction).toBe(0.667);
    expect(s.snapshots.map((p: any) => p.thetaMean)).toEqual([expect.closeTo(0.69, 9), expect.closeTo(0.38, 9)]);
    expect(s.thetaOutOfRange).toEqual({ nodes: 0, firstTimeS: null, min: expect.any(Number), max: expect.any(Number) });
  });

  it("options in any order; progress on stderr", () => {
    const out = join(dir, "run2");
    const r = cli(["run", "--out", out, config("small2.json", { ...small, outputs: { soc: [0.2], profilePoints: 3 } })]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\[diffusion\] step \d+\/12/);
    expect(r.stderr).toMatch(/\[elasticity\]/);
  });

  it.each([
    ["bad-range.json", '{\n  "geometry": {\n    "grains": 0\n  }\n}\n', /^grainfem: error: geometry\.grains \(.*bad-range\.json:3\): must be >= 1 .*accepted: an integer in \[1, 20000\]$/],
    ["bad-key.json", '{\n  "outputs": { "socs": [0.5] }\n}\n', /^grainfem: error: outputs\.socs \(.*bad-key\.json:2\): unknown key; accepted keys here: soc, /],
    ["bad-soc.json", '{ "outputs": { "soc": [0.5, 1.5] } }', /^grainfem: error: outputs\.soc\[1\] .*accepted: strictly increasing numbers in \(0, 1\]$/],
    ["bad-json.json", '{ "geometry": { "grains": 10, } }', /^grainfem: error: .*bad-json\.json:1: invalid JSON/],
    ["bad-d.json", '{ "material": { "diffusivityM2s": [5e-15, 5e-15, 0] } }', /^grainfem: error: material\.diffusivityM2s\[2\] .*must be > 0/],
    ["bad-mesh.json", '{ "geometry": { "meshFile": "nowhere.msh" } }', /^grainfem: error: geometry\.meshFile \(.*bad-mesh\.json:1\): no such file: .*nowhere\.msh$/],
  ])("bad config %s: exit 2, one line naming key, file and line", (name, text, message) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    const r = cli(["run", f, "--out", join(dir, "bad")]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("numerical failure: exit 1 with phase, step and residual; no summary.json, not even a stale one", () => {
    const out = join(dir, "fail");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "summary.json"), "{}");
    const r = cli(["run", config("fail.json", { ...small, solver: { maxIterations: 2 } }), "--out", out, "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^grainfem: numerical failure: diffusion step 1: CG max-iterations after 2 iterations.*relative residual/);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
  });

  it("--strict: θ leaving [0, 1] (default anisotropic D) is exit 1; without it, a warning and exit 0", () => {
    const c = config("aniso.json", { ...small, material: {}, outputs: { soc: [0.5], profilePoints: 3 } });
    const strict = cli(["run", c, "--out", join(dir, "strict"), "--strict", "--quiet"]);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^grainfem: numerical failure: diffusion step \d+: θ left \[0, 1\]/);
    const lax = cli(["run", c, "--out", join(dir, "lax"), "--quiet"]);
    expect(lax.status).toBe(0);
    expect(lax.stderr).toMatch(/^grainfem: warning: θ left \[0, 1\] at t = /);
    const s = JSON.parse(readFileSync(join(dir, "lax", "summary.json"), "utf8"));
    expect(s.thetaOutOfRange.nodes).toBeGreaterThan(0);
    expect(s.thetaOutOfRange.firstTimeS).toBeGreaterThan(0);
  });
});

describe("a run on a mesh file", () => {
  it("reproduces the run on the generated mesh when given its orientations (relative meshFile, P1 lifted to P2)", () => {
    const geometry = { grains: 6, seed: 3, radiusUm: 3, meshSizeUm: 0.9, order: 2 };
    mkdirSync(join(dir, "meshes"), { recursive: true });
    const m = cli(["mesh", "--grains", "6", "--seed", "3", "--radius-um", "3", "--size-um", "0.9", "--out", join(dir, "meshes", "p.msh"), "--quiet"]);
    expect(m.status).toBe(0);
    const orientations = JSON.parse(readFileSync(join(dir, "meshes", "p.msh.grains.json"), "utf8")).grains.map((g: any) => g.orientation);
    const base = { ...small, outputs: { soc: [0.5], profilePoints: 11 } };
    const a = cli(["run", config("gen.json", { ...base, geometry }), "--out", join(dir, "gen"), "--quiet"]);
    const b = cli(["run", config("file.json", { ...base, geometry: { meshFile: "meshes/p.msh", order: 2 }, material: { ...base.material, orientations } }),
      "--out", join(dir, "file"), "--quiet"]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const sa = JSON.parse(readFileSync(join(dir, "gen", "summary.json"), "utf8")), sb = JSON.parse(readFileSync(join(dir, "file", "summary.json"), "utf8"));
    expect(sb.mesh.tets).toBe(sa.mesh.tets);
    expect(sb.mesh.order).toBe(2);
    expect(sb.reactive.grainIds).toEqual(sa.reactive.grainIds);
    const pa = sa.snapshots[0], pb = sb.snapshots[0];
    expect(pb.vonMisesMPa.mean).toBeCloseTo(pa.vonMisesMPa.mean, 4);
    expect(pb.heterogeneity).toBeCloseTo(pa.heterogeneity, 6);
    expect(pb.profile.sigmaTtMPa[10]).toBeCloseTo(pa.profile.sigmaTtMPa[10], 3);
  });
});

const hasScript = spawnSync("sh", ["-c", "command -v script"]).status === 0;
describe.skipIf(!hasScript)("progress on a terminal", () => {
  it("is a live bar (cursor control, k/n steps, SOC, ETA) when stderr is a TTY", () => {
    const out = join(dir, "tty");
    const cmd = `${JSON.stringify(process.execPath)} bin/grainfem.js run ${JSON.stringify(config("tty.json", { ...small, outputs: { ...small.outputs, figures: false } }))} --out ${JSON.stringify(out)} > /dev/null`;
    // util-linux script(1) runs the command on a pseudo-terminal
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[/); // terminal control sequences: redrawn in place
    // (the bar redraws at most 10×/s, so a short run may show only some phases)
    expect(r.stdout).toMatch(/(mesh|diffusion|elasticity|post)\s+\|[^|]+\| \d+\/\d+ steps, SOC \d\.\d{3}, ETA (\d+|\?) s/);
    expect(r.stdout).toMatch(/\| 60\/60 steps, SOC 1\.000, ETA 0 s/);
    expect(r.stdout).not.toMatch(/\[diffusion\] step/); // not the log-style lines
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });
});

describe("grainfem compare", () => {
  it("writes both cases on one mesh: summary.json {asslb, lelb}, asslb/, lelb/", () => {
    const out = join(dir, "cmp");
    const r = cli(["compare", config("cmp.json", small), "--out", out, "--quiet"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ASSLB\s+0\.50/m);
    expect(r.stdout).toMatch(/^LELB\s+1\.00/m);
    const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(Object.keys(s)).toEqual(["asslb", "lelb"]);
    checkSummary(s.asslb);
    checkSummary(s.lelb);
    expect(s.asslb.mesh).toEqual(s.lelb.mesh);
    expect(s.asslb.reactive.countFraction).toBeLessThan(1);
    expect(s.lelb.reactive.countFraction).toBe(1);
    expect(JSON.parse(readFileSync(join(out, "asslb", "summary.json"), "utf8")).reactive).toEqual(s.asslb.reactive);
    expect(JSON.parse(readFileSync(join(out, "lelb", "summary.json"), "utf8")).reactive).toEqual(s.lelb.reactive);
    // SPEC §3.1 layout: each case's files in its folder, the side-by-side figures on top
    for (const c of ["asslb", "lelb"]) {
      for (const f of ["result.pvd", "result_soc50.vtu", "result_soc100.vtu", "profile_soc50.csv", "grains_soc100.csv", "figures/section_soc50.png", "figures/profile.svg", "figures/histogram.png"]) {
        expect(existsSync(join(out, c, f)), `${c}/${f}`).toBe(true);
      }
    }
    for (const f of ["compare_soc50.png", "compare_soc50.svg", "compare_soc100.png"]) expect(existsSync(join(out, "figures", f)), f).toBe(true);
    expect(s.asslb.timingS.export).toBeGreaterThan(0);
    expect(s.asslb.timingS.total).toBeGreaterThanOrEqual(s.asslb.timingS.export);
  });

  it("--json prints the summary on stdout (the same as summary.json); outputs.vtu/figures false skip those files", () => {
    const out = join(dir, "cmpjson");
    const r = cli(["compare", "--json", "--quiet", "--out", out, config("cmpjson.json", { ...small, outputs: { ...small.outputs, vtu: false, figures: false } })]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")));
    expect(existsSync(join(out, "asslb", "result.pvd"))).toBe(false);
    expect(existsSync(join(out, "figures"))).toBe(false);
    expect(existsSync(join(out, "asslb", "profile_soc50.csv"))).toBe(true);
  });

  it("a new run clears the previous run's outputs (no stale VTU next to a new PVD), and leaves other files alone", () => {
    const out = join(dir, "rerun");
    expect(cli(["run", "--quiet", "--out", out, config("rr1.json", { ...small, outputs: { ...small.outputs, soc: [0.5, 1], figures: false } })]).status).toBe(0);
    writeFileSync(join(out, "notes.txt"), "mine");
    expect(existsSync(join(out, "result_soc100.vtu"))).toBe(true);
    expect(cli(["run", "--quiet", "--out", out, config("rr2.json", { ...small, outputs: { ...small.outputs, soc: [0.5], figures: false } })]).status).toBe(0);
    expect(existsSync(join(out, "result_soc100.vtu"))).toBe(false);
    expect(existsSync(join(out, "result_soc50.vtu"))).toBe(true);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
  });
});
