// The run configuration (SPEC §3.2): defaults, the shipped schema, and one-line
// errors naming the key, file and line with the accepted range.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_SCHEMA, defaults, InputError, resolveConfig } from "grainfem";
import { loadConfigFile } from "../src/config/file.js";
import { SWEEP_SCHEMA } from "../src/sweep/spec.js";
import { Ajv2020 } from "ajv/dist/2020.js";

const dir = mkdtempSync(join(tmpdir(), "grainfem-config-"));

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("defaults", () => {
  it("are the SPEC §3.2 values, with θ0 resolved", () => {
    const d = defaults();
    expect(d.geometry).toEqual({ radiusUm: 5, grains: 100, seed: 1, meshSizeUm: 0.35, order: 2, lloyd: 0, meshFile: null });
    expect(d.material.diffusivityM2s).toEqual([5e-15, 5e-15, 1e-20]);
    expect(d.material.chemicalStrain).toEqual([0.028, 0.028, -0.04]);
    expect(d.material.stiffnessGPa.lithiated).toEqual({ C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 });
    expect(d.material.stiffnessGPa.delithiated).toEqual({ C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 });
    expect(d.material.isotropic).toBeNull();
    expect(d.material.orientations).toBeNull();
    expect(d.cycling).toEqual({ cRate: 1, capacityWindow: 0.62, reactiveFraction: 0.667, reactiveSeed: 1, direction: "charge", initialTheta: 1 });
    expect(d.time).toEqual({ stepsPerHour: 60 });
    expect(d.mechanics).toEqual({ pressureMPa: 0 });
    expect(d.outputs).toEqual({ soc: [0.5, 1.0], profileDirection: [1, 0, 0], profilePoints: 101, vtu: true, figures: true });
  });

  it("fill only what is missing and leave the input untouched", () => {
    const input = { geometry: { grains: 7 }, cycling: { direction: "discharge" } };
    const c = resolveConfig(input);
    expect(c.geometry.grains).toBe(7);
    expect(c.geometry.radiusUm).toBe(5);
    expect(input).toEqual({ geometry: { grains: 7 }, cycling: { direction: "discharge" } });
    // discharge starts from the low end of the window
    expect(c.cycling.initialTheta).toBeCloseTo(1 - 0.62, 15);
  });

  it("the shipped schema file is the validator's schema", () => {
    const shipped = JSON.parse(readFileSync(new URL("../schema/config.schema.json", import.meta.url), "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });

  it("the config and sweep schemas are valid JSON Schema 2020-12 (the runtime validators skip this check)", () => {
    const meta = new Ajv2020({ strict: true, allowUnionTypes: true });
    for (const schema of [CONFIG_SCHEMA, SWEEP_SCHEMA]) expect(meta.validateSchema(schema), JSON.stringify(meta.errors)).toBe(true);
    // the check can fail: a type that is not a JSON type
    const broken = JSON.parse(JSON.stringify(CONFIG_SCHEMA));
    broken.properties.geometry.type = "objekt";
    expect(meta.validateSchema(broken)).toBe(false);
  });
});

describe("bad input", () => {
  it.each([
    [{ geometry: { radiusUm: -1 } }, "geometry.radiusUm", /must be > 0.*accepted: a number > 0/],
    [{ cycling: { reactiveFraction: 0 } }, "cycling.reactiveFraction", /accepted: a number in \(0, 1\]/],
    [{ cycling: { reactiveFraction: 1.2 } }, "cycling.reactiveFraction", /must be <= 1/],
    [{ outputs: { soc: [0.5, 1.5] } }, "outputs.soc[1]", /accepted: strictly increasing numbers in \(0, 1\]/],
    [{ outputs: { soc: [0] } }, "outputs.soc[0]", /must be > 0/],
    [{ outputs: { soc: [1, 0.5] } }, "outputs.soc[1]", /strictly increasing/],
    [{ outputs: { profileDirection: [0, 0, 0] } }, "outputs.profileDirection", /zero vector/],
    [{ material: { diffusivityM2s: [5e-15, -1, 1e-20] } }, "material.diffusivityM2s[1]", /must be > 0/],
    [{ material: { stiffnessGPa: { delithiated: { C11: 100, C22: 100, C33: 100, C12: 150, C13: 0, C23: 0, C44: 40, C55: 40, C66: 40 } } } },
      "material.stiffnessGPa.delithiated", /not positive definite.*accepted/],
    [{ material: { isotropic: { EGPa: 100, nu: 0.5 } } }, "material.isotropic.nu", /accepted: a number in \(−1, 0\.5\)/],
    [{ material: { isotropic: { EGPa: 100, nu: 0.3, G: 1 } } }, "material.isotropic.G", /unknown key; accepted keys here: EGPa, nu/],
    [{ material: { orientations: [[1, 0, 0, 0]] } }, "material.orientations", /one \[w, x, y, z\] per grain/],
    [{ geometry: { grains: 1 }, material: { orientations: [[1, 1, 0, 0]] } }, "material.orientations[0]", /norm/],
    [{ geometry: { order: 3 } }, "geometry.order", /must be one of 1, 2/],
    [{ geometry: { grains: 2.5 } }, "geometry.grains", /must be integer/],
    [{ geometry: { meshSizeUm: 6 } }, "geometry.meshSizeUm", /radiusUm/],
    [{ cycling: { direction: "sideways" } }, "cycling.direction", /"charge", "discharge"/],
    [{ cycling: { initialTheta: 0.2 } }, "cycling.initialTheta", /cannot fall by capacityWindow/],
    [{ colour: "red" }, "colour", /unknown key; accepted keys here: geometry, material/],
    [{ geometry: { radius: 5 } }, "geometry.radius", /unknown key.*radiusUm/],
    [{ time: { stepsPerHour: "60" } }, "time.stepsPerHour", /must be integer/],
  ])("%j → %s", (input, key, message) => {
    const e = errorOf(() => resolveConfig(input));
    expect(e.where).toBe(key);
    expect(e.message).toMatch(message);
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("names the file and line of a bad key", () => {
    const f = join(dir, "bad-range.json");
    writeFileSync(f, '{\n  "geometry": {\n    "radiusUm": 5,\n    "grains": -3\n  }\n}\n');
    const e = errorOf(() => loadConfigFile(f));
    expect(e.message).toMatch(new RegExp(`^geometry\\.grains \\(${f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4\\): must be >= 1`));
  });

  it("names the file and line of an unknown nested key and of a JSON syntax error", () => {
    const f = join(dir, "unknown.json");
    writeFileSync(f, '{\n  "cycling": {\n    "cRate": 2,\n\n    "rate": 1\n  }\n}\n');
    expect(errorOf(() => loadConfigFile(f)).message).toMatch(/^cycling\.rate \(.*unknown\.json:5\): unknown key/);
    const g = join(dir, "syntax.json");
    writeFileSync(g, '{\n  "geometry": {\n    "grains": 10,\n  }\n}\n');
    expect(errorOf(() => loadConfigFile(g)).message).toMatch(/syntax\.json:4: invalid JSON/);
    expect(errorOf(() => loadConfigFile(join(dir, "missing.json"))).message).toMatch(/missing\.json: cannot read the config file \(ENOENT\)/);
  });

  it("resolves a relative meshFile against the config file's folder", () => {
    const f = join(dir, "with-mesh.json");
    writeFileSync(f, JSON.stringify({ geometry: { meshFile: "meshes/p.msh" } }));
    expect(errorOf(() => loadConfigFile(f)).message).toMatch(/^geometry\.meshFile \(.*with-mesh\.json:1\): no such file: .*meshes\/p\.msh$/);
    mkdirSync(join(dir, "meshes"));
    writeFileSync(join(dir, "meshes", "p.msh"), "");
    expect(loadConfigFile(f).geometry.meshFile).toBe(join(dir, "meshes", "p.msh"));
  });
});
