// Quality measures on tets whose values are known in closed form.
import { describe, expect, it } from "vitest";
import { tetQuality, tetRadiusRatio, tetSkewness, tetFloorQuality, REGULAR_DIHEDRAL_DEG } from "../src/mesh/quality.js";

const q = (p: number[]) => {
  const out = new Float64Array(4);
  tetQuality(p, out);
  return out;
};

describe("tet quality", () => {
  it("is 1 for the regular tet (radius ratio and skewness), all dihedral angles 70.53°", () => {
    const s = Math.SQRT1_2;
    const r = q([1, 0, -s, -1, 0, -s, 0, -1, s, 0, 1, s]);
    expect(r[0]).toBeCloseTo(1, 12);
    expect(r[1]).toBeCloseTo(1, 12);
    expect(r[2]).toBeCloseTo(REGULAR_DIHEDRAL_DEG, 10);
    expect(r[3]).toBeCloseTo(REGULAR_DIHEDRAL_DEG, 10);
  });
  it("matches the closed form for the right-corner tet", () => {
    // vertices 0, e1, e2, e3: dihedral angles 90° (×3) and arccos(1/√3) = 54.74° (×3);
    // r_in = 1/(3 + √3), r_circ = √3/2
    const r = q([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(r[0]).toBeCloseTo((3 * (1 / (3 + Math.sqrt(3)))) / (Math.sqrt(3) / 2), 12);
    expect(r[2]).toBeCloseTo((Math.acos(1 / Math.sqrt(3)) * 180) / Math.PI, 10);
    expect(r[3]).toBeCloseTo(90, 10);
    const te = REGULAR_DIHEDRAL_DEG;
    expect(r[1]).toBeCloseTo(1 - Math.max((90 - te) / (180 - te), (te - 54.735610317) / te), 8);
  });
  it("goes to 0 for a sliver and is 0 for an inverted tet", () => {
    const sliver = q([0, 0, 0, 1, 0, 0, 0.5, 0.5, 1e-4, 0.5, -0.5, 1e-4]);
    expect(sliver[0]).toBeLessThan(1e-3);
    const inv = q([0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
    expect(inv[0]).toBe(0);
    expect(inv[1]).toBe(0);
  });
});

describe("allocation-free radius ratio", () => {
  it("radius ratio and skewness agree with tetQuality on random tets", () => {
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const out = new Float64Array(4);
    for (let k = 0; k < 200; k++) {
      const p = Array.from({ length: 12 }, rnd);
      tetQuality(p, out);
      expect(tetRadiusRatio(p)).toBeCloseTo(out[0], 12);
      expect(tetSkewness(p)).toBeCloseTo(out[1], 10);
      expect(tetFloorQuality(p)).toBeCloseTo(Math.min(out[0], 2 * out[1]), 10);
    }
  });
  it("with a floor: the same number above it, a number at or below it otherwise", () => {
    let s = 11;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    let below = 0, early = 0;
    for (let k = 0; k < 2000; k++) {
      const p = Array.from({ length: 12 }, rnd);
      const exact = tetFloorQuality(p);
      for (const floor of [0.05, 0.2, 0.35]) {
        const q = tetFloorQuality(p, floor);
        if (exact > floor) expect(q).toBe(exact);
        else {
          below++;
          expect(q).toBeLessThanOrEqual(floor);
          if (q !== exact) early++;
        }
      }
    }
    // random tets are poor: most are below the floors; where the skewness is the smaller
    // measure, the early answer (the radius ratio) differs from the exact one
    expect(below).toBeGreaterThan(1000);
    expect(early).toBeGreaterThan(10);
  });
});
