// Results on disk (issue 5): VTU/PVD/CSV/figures written by io/export.ts and
// figures/, read back by independent readers — meshio for the VTUs (every
// array, every value), pngjs for the PNGs (size, not blank), an XML parser
// for the PVD and SVG — plus the summary JSON Schema, atomic writes under a
// failure part-way, the cross-section rasterizer against exact fields, and
// ParaView's pvpython when it is installed.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { XMLParser } from "fast-xml-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import {
  loadCore, resolveConfig, runComparison, boxMesh, GRAIN_COLUMNS, PROFILE_COLUMNS, colorizeSection, rasterizeSection, colorTable,
  SUMMARY_SCHEMA, hydrostatic, principalExtremes, vonMises, type SimulationResult, type ComparisonResult,
} from "grainfem";
import { writeFigures, writeRunFiles, prepareOutputDir, writeFileAtomic, compareFigures, runFigures, type Figure } from "grainfem/node";
import { hasPythonModule, runPython } from "./helpers/python.js";

const dir = mkdtempSync(join(tmpdir(), "grainfem-export-"));
let run: SimulationResult;
let cmp: ComparisonResult;
let figs: Figure[];
let cmpFigs: Figure[];

beforeAll(async () => {
  const core = await loadCore();
  // P2, 8 grains, coarse: small but with curved tets, split nodes and θ out of range
  const config = resolveConfig({ geometry: { grains: 8, seed: 4, meshSizeUm: 1.2, order: 2 }, time: { stepsPerHour: 12 }, outputs: { profilePoints: 21 } });
  cmp = await runComparison(config, { core });
  run = cmp.asslb;
  prepareOutputDir(dir);
  writeRunFiles(dir, run, { vtu: true });
  figs = await runFigures(run, "ASSLB");
  cmpFigs = await compareFigures(cmp.asslb, cmp.lelb);
  writeFigures(dir, [...figs, ...cmpFigs]);
}, 120_000);

describe("VTU series", () => {
  it("the PVD lists every snapshot file with its time, in order", () => {
    const pvd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(join(dir, "result.pvd"), "utf8"));
    const sets = [pvd.VTKFile.Collection.DataSet].flat();
    expect(pvd.VTKFile.type).toBe("Collection");
    expect(sets.map((d: any) => d.file)).toEqual(["result_soc50.vtu", "result_soc100.vtu"]);
    expect(sets.map((d: any) => Number(d.timestep))).toEqual(run.summary.snapshots.map((s) => s.timeS));
    for (const d of sets) expect(existsSync(join(dir, d.file))).toBe(true);
  });

  it("files are zlib-compressed binary, not ASCII", () => {
    const head = readFileSync(join(dir, "result_soc50.vtu")).subarray(0, 2000).toString("latin1");
    expect(head).toContain('compressor="vtkZLibDataCompressor"');
    expect(head).toContain('format="appended"');
    expect(head).not.toContain('format="ascii">\n'); // only the two FieldData scalars are inline
  });

  describe.skipIf(!hasPythonModule("meshio"))("meshio (independent reader)", () => {
    it("reads every VTU: quadratic tets, every array with the right name, shape and values", () => {
      const f = run.fields;
      for (let k = 0; k < f.snapshots.length; k++) {
        const file = join(dir, `result_soc${k === 0 ? 50 : 100}.vtu`);
        const out = runPython(`
import meshio, sys, json
m = meshio.read(sys.argv[1])
c = m.cells[0]
print(json.dumps({
  "cellType": c.type, "nCells": len(c.data), "conn": c.data.ravel().tolist(), "points": m.points.ravel().tolist(),
  "point": {k: {"shape": list(v.shape), "data": v.ravel().tolist()} for k, v in m.point_data.items()},
  "cell": {k: {"shape": list(v[0].shape), "data": v[0].ravel().tolist()} for k, v in m.cell_data.items()},
  "field": {k: v.ravel().tolist() for k, v in m.field_data.items()},
}))`, [file]);
        const r = JSON.parse(out);
        const snap = f.snapshots[k];
        const n = f.split.count, nT = f.mesh.tetGrain.length;
        expect(r.cellType).toBe("tetra10");
        expect(r.nCells).toBe(nT);
        expect(r.conn).toEqual(Array.from(f.split.conn));
        // points: the split nodes' coordinates
        for (const i of [0, n >> 1, n - 1]) {
          for (let c = 0; c < 3; c++) expect(r.points[3 * i + c]).toBe(f.mesh.nodes[3 * f.split.node[i] + c]);
        }
        const shapes: Record<string, number[]> = {
          theta: [n], displacement: [n, 3], vonMises: [n], hydrostatic: [n], maxPrincipal: [n], stress: [n, 6],
        };
        expect(Object.keys(r.point).sort()).toEqual(Object.keys(shapes).sort());
        // scalars come back as (n,) or (n, 1) depending on the reader's habits
        for (const [name, shape] of Object.entries(shapes)) expect(r.point[name].shape.filter((d: number, i: number) => i === 0 || d !== 1)).toEqual(shape);
        expect(r.point.stress.data).toEqual(Array.from(snap.stress));
        expect(r.point.theta.data).toEqual(Array.from(f.split.node, (v) => snap.theta[v]));
        expect(r.point.displacement.data.slice(0, 3)).toEqual(Array.from(snap.displacement.subarray(3 * f.split.node[0], 3 * f.split.node[0] + 3)));
        expect(r.point.vonMises.data).toEqual(Array.from(vonMises(snap.stress, new Float64Array(n))));
        expect(r.point.hydrostatic.data).toEqual(Array.from(hydrostatic(snap.stress, new Float64Array(n))));
        const p1 = new Float64Array(n);
        principalExtremes(snap.stress, p1);
        expect(r.point.maxPrincipal.data).toEqual(Array.from(p1));
        expect(Object.keys(r.cell).sort()).toEqual(["grain", "reactive", "stressCell", "vonMisesCell"]);
        expect(r.cell.grain.data).toEqual(Array.from(f.mesh.tetGrain));
        expect(r.cell.reactive.data).toEqual(Array.from(f.mesh.tetGrain, (g) => f.grainReactive[g]));
        expect(r.cell.vonMisesCell.data).toEqual(Array.from(snap.vonMisesCell));
        expect(r.cell.stressCell.shape).toEqual([nT, 6]);
        expect(r.field.TimeValue).toEqual([snap.timeS]);
        expect(r.field.SOC).toEqual([snap.soc]);
        // the reactive flag marks exactly the summary's reactive grains
        const reactiveGrains = new Set(run.summary.reactive.grainIds);
        expect(r.cell.reactive.data.every((v: number, t: number) => v === (reactiveGrains.has(f.mesh.tetGrain[t]) ? 1 : 0))).toBe(true);
      }
    });
  });

  const hasPvpython = spawnSync("sh", ["-c", "command -v pvpython"]).status === 0;
  describe.skipIf(!hasPvpython)("ParaView (pvpython)", () => {
    it("opens the series and sees the arrays and the von Mises range", () => {
      const out = spawnSync("pvpython", ["-c", `
from paraview.simple import *
import json, sys
r = PVDReader(FileName=sys.argv[1]); r.UpdatePipeline(r.TimestepValues[-1])
d = r.GetDataInformation()
pd = r.PointData
print(json.dumps({"times": list(r.TimestepValues), "cells": d.GetNumberOfCells(), "arrays": [pd.GetArray(i).Name for i in range(pd.GetNumberOfArrays())], "vm": list(pd["vonMises"].GetRange())}))`, join(dir, "result.pvd")], { encoding: "utf8" });
      const r = JSON.parse(out.stdout.trim().split("\n").pop()!);
      expect(r.times).toEqual(run.summary.snapshots.map((s) => s.timeS));
      expect(r.cells).toBe(run.fields.mesh.tetGrain.length);
      expect(r.arrays).toEqual(expect.arrayContaining(["theta", "displacement", "vonMises", "hydrostatic", "maxPrincipal", "stress"]));
      expect(r.vm[1]).toBeGreaterThan(0);
    });
  });
});

describe("CSV tables", () => {
  const parse = (file: string) => {
    const [head, ...rows] = readFileSync(join(dir, file), "utf8").trim().split("\n");
    return { head: head.split(","), rows: rows.map((r) => r.split(",").map(Number)) };
  };
  it("profile: header with units, one row per profile point, values of the summary (9 digits)", () => {
    for (const [k, s] of run.summary.snapshots.entries()) {
      const { head, rows } = parse(`profile_soc${k === 0 ? 50 : 100}.csv`);
      expect(head).toEqual([...PROFILE_COLUMNS]);
      expect(head.filter((h) => /_(um|MPa)$/.test(h))).toEqual(["r_um", "sigma_rr_MPa", "sigma_tt_MPa", "von_mises_MPa"]);
      expect(rows).toHaveLength(s.profile.rUm.length);
      const cols = [s.profile.rUm, s.profile.theta, s.profile.sigmaRrMPa, s.profile.sigmaTtMPa, s.profile.vonMisesMPa, s.profile.grain];
      rows.forEach((row, i) => cols.forEach((col, c) => expect(Math.abs(row[c] - col[i])).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(col[i])))));
    }
  });
  it("grains: id, reactive, volume, surface area, mean θ, mean and max von Mises", () => {
    const s = run.summary.snapshots[1];
    const { head, rows } = parse("grains_soc100.csv");
    expect(head).toEqual([...GRAIN_COLUMNS]);
    expect(rows).toHaveLength(run.summary.grains.length);
    const vol = rows.reduce((a, r) => a + r[2], 0);
    expect(vol).toBeCloseTo(run.summary.mesh.volumeUm3, 4);
    for (const r of rows) {
      const g = s.grains[r[0]];
      expect(r[1]).toBe(g.reactive ? 1 : 0);
      expect(r[4]).toBeCloseTo(g.thetaMean, 6);
      expect(r[6]).toBeGreaterThanOrEqual(r[5]); // max ≥ mean
    }
    // the largest grain max is the snapshot's max von Mises
    expect(Math.max(...rows.map((r) => r[6]))).toBeCloseTo(s.vonMisesMPa.max, 3);
  });
});

describe("figures", () => {
  const names = () => readdirSync(join(dir, "figures")).sort();
  it("section per SOC, profile, histogram and the side-by-side comparison, each as SVG and PNG", () => {
    const stems = ["compare_soc100", "compare_soc50", "histogram", "profile", "section_soc100", "section_soc50"];
    expect(names()).toEqual(stems.flatMap((s) => [`${s}.png`, `${s}.svg`]).sort());
  });

  it("PNGs are valid, of the SVG's size at 2×, and not blank", () => {
    for (const f of [...figs, ...cmpFigs]) {
      const png = PNG.sync.read(Buffer.from(readFileSync(join(dir, "figures", `${f.name}.png`))));
      const svg = readFileSync(join(dir, "figures", `${f.name}.svg`), "utf8");
      const w = Number(svg.match(/^<svg[^>]* width="(\d+)"/)![1]), h = Number(svg.match(/^<svg[^>]* height="(\d+)"/)![1]);
      expect(png.width).toBe(2 * w);
      expect(png.height).toBe(2 * h);
      expect(png.width).toBeGreaterThan(600);
      // pixel variance of the luminance: a blank or single-colour image has ~0
      let s = 0, s2 = 0;
      const n = png.width * png.height;
      for (let p = 0; p < n; p++) {
        const y = 0.299 * png.data[4 * p] + 0.587 * png.data[4 * p + 1] + 0.114 * png.data[4 * p + 2];
        s += y;
        s2 += y * y;
      }
      const variance = s2 / n - (s / n) ** 2;
      expect(variance).toBeGreaterThan(100);
    }
  });

  it("SVGs parse as XML and carry labelled axes with units", () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    for (const f of [...figs, ...cmpFigs]) {
      const svg = readFileSync(join(dir, "figures", `${f.name}.svg`), "utf8");
      expect(() => parser.parse(svg)).not.toThrow();
      expect(svg).toMatch(/\((µm|MPa)\)/);
    }
    const section = readFileSync(join(dir, "figures", "section_soc50.svg"), "utf8");
    for (const label of ["x (µm)", "y (µm)", "θ (–)", "MPa", "von Mises"]) expect(section).toContain(label);
    expect(section).toContain("data:image/png;base64,");
    const profile = readFileSync(join(dir, "figures", "profile.svg"), "utf8");
    for (const label of ["r (µm)", "σ_rr (MPa)", "σ_θθ (MPa)", "σ_vM (MPa)", "θ (–)"]) expect(profile).toContain(label);
  });

  it("the comparison's θ and von Mises panels share one colour scale per row (one colour bar each)", () => {
    const svg = readFileSync(join(dir, "figures", "compare_soc50.svg"), "utf8");
    expect(svg.match(/role-legend"/g)?.length).toBe(2);
    expect(svg.match(/<image /g)?.length).toBe(4);
  });
});

describe("cross-section rasterizer", () => {
  it("a linear field on a box is reproduced at every covered pixel; the covered area is the section's", () => {
    const mesh = boxMesh({ n: [4, 4, 4], size: [2, 2, 2] });
    const f = new Float64Array(mesh.nodes.length / 3);
    for (let i = 0; i < f.length; i++) f[i] = 3 * mesh.nodes[3 * i] - 2 * mesh.nodes[3 * i + 1] + 0.5;
    const view = { axis: 2 as const, offset: 1.1, uMin: -0.5, uMax: 2.5, vMin: -0.5, vMax: 2.5, width: 300, height: 300 };
    const img = rasterizeSection(mesh, mesh.tets, f, view);
    let covered = 0, maxErr = 0;
    for (let j = 0; j < 300; j++) {
      for (let i = 0; i < 300; i++) {
        const p = j * 300 + i;
        if (img.grain[p] < 0) continue;
        covered++;
        const u = -0.5 + (i + 0.5) * 0.01, v = 2.5 - (j + 0.5) * 0.01;
        maxErr = Math.max(maxErr, Math.abs(img.values[p] - (3 * u - 2 * v + 0.5)));
      }
    }
    expect(maxErr).toBeLessThan(1e-5); // float32 image
    expect(covered * 1e-4).toBeCloseTo(4, 1); // the 2 × 2 µm square
    // colouring: transparent outside, opaque inside
    const rgba = colorizeSection(img, colorTable("viridis"), -4, 6.5);
    expect(rgba[3]).toBe(0);
    expect(rgba[4 * (150 * 300 + 150) + 3]).toBe(255);
  });

  it("the particle's centre section covers the disc π R² (P2, curved boundary tets) and every grain it cuts", () => {
    const f = run.fields;
    const R = run.summary.config.geometry.radiusUm;
    const view = { axis: 2 as const, offset: 0, uMin: -1.05 * R, uMax: 1.05 * R, vMin: -1.05 * R, vMax: 1.05 * R, width: 400, height: 400 };
    const img = rasterizeSection(f.mesh, f.mesh.tets, f.snapshots[0].theta, view);
    const px = (2.1 * R) / 400;
    let covered = 0;
    const grains = new Set<number>();
    for (let p = 0; p < img.grain.length; p++) if (img.grain[p] >= 0) { covered++; grains.add(img.grain[p]); }
    expect(Math.abs((covered * px * px) / (Math.PI * R * R) - 1)).toBeLessThan(0.01);
    expect(grains.size).toBeGreaterThan(1);
  });
});

describe("summary JSON Schema (schema/summary.schema.json)", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(SUMMARY_SCHEMA);
  const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
  it("accepts a run's and a comparison's summary", () => {
    expect(validate(roundTrip(run.summary)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(roundTrip({ asslb: cmp.asslb.summary, lelb: cmp.lelb.summary })), JSON.stringify(validate.errors)).toBe(true);
  });
  it("rejects a summary missing a SPEC field or with a wrong type", () => {
    const s = roundTrip(run.summary);
    delete s.snapshots[0].heterogeneity;
    expect(validate(s)).toBe(false);
    const t = roundTrip(run.summary);
    t.mesh.tets = "many";
    expect(validate(t)).toBe(false);
  });
  it("is shipped in the package as schema/summary.schema.json (built)", () => {
    const shipped = JSON.parse(readFileSync(new URL("../schema/summary.schema.json", import.meta.url), "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(SUMMARY_SCHEMA)));
  });
});

describe("atomic writes", () => {
  it("a failure part-way leaves the previous file intact and no temporary file", () => {
    const d = mkdtempSync(join(tmpdir(), "grainfem-atomic-"));
    const target = join(d, "result.vtu");
    writeFileSync(target, "the previous, complete file");
    function* failing() {
      yield new Uint8Array(1 << 20).fill(65); // 1 MiB written …
      throw new Error("disk full (simulated)"); // … then the writer fails
    }
    expect(() => writeFileAtomic(target, failing())).toThrow(/disk full/);
    expect(readFileSync(target, "utf8")).toBe("the previous, complete file");
    expect(readdirSync(d)).toEqual(["result.vtu"]);
    // and a successful write replaces it whole
    writeFileAtomic(target, [new Uint8Array([1, 2]), new Uint8Array([3])]);
    expect(Array.from(readFileSync(target))).toEqual([1, 2, 3]);
  });
});

describe("outputs.vtu = false", () => {
  it("writes the CSV tables only", () => {
    const d = mkdtempSync(join(tmpdir(), "grainfem-novtu-"));
    const r = writeRunFiles(d, run, { vtu: false });
    expect(r.files.sort()).toEqual(["grains_soc100.csv", "grains_soc50.csv", "profile_soc100.csv", "profile_soc50.csv"]);
    expect(readdirSync(d).sort()).toEqual(r.files.sort());
  });
});
