// Quadrature exactness per degree: every monomial up to the rule's degree is
// integrated exactly over the reference tet/triangle, and some monomial of
// the next degree is not (so the claimed degree is the true one).
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
// ∫_T ξ^a η^b ζ^c = a! b! c! / (a + b + c + 3)!
const exactTet = (a: number, b: number, c: number) => (fact(a) * fact(b) * fact(c)) / fact(a + b + c + 3);
const exactTri = (a: number, b: number) => (fact(a) * fact(b)) / fact(a + b + 2);

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

function tetRule(id: number): Float64Array {
  const n = core.exports.tetRulePoints(id);
  return new Float64Array(core.memory.buffer, core.exports.tetRuleData(id), 4 * n).slice();
}

function maxTetError(q: Float64Array, degree: number): number {
  let worst = 0;
  for (let a = 0; a <= degree; a++) {
    for (let b = 0; a + b <= degree; b++) {
      const c = degree - a - b;
      let s = 0;
      for (let p = 0; p < q.length / 4; p++) s += q[4 * p + 3] * q[4 * p] ** a * q[4 * p + 1] ** b * q[4 * p + 2] ** c;
      worst = Math.max(worst, Math.abs(s - exactTet(a, b, c)) / exactTet(a, b, c));
    }
  }
  return worst;
}

describe("tetrahedral rules", () => {
  const cases = [
    ["1-point", "TET_RULE_1", 1],
    ["4-point", "TET_RULE_4", 2],
    ["14-point", "TET_RULE_14", 5],
  ] as const;
  for (const [name, key, degree] of cases) {
    it(`${name} rule is exact to degree ${degree} and not beyond`, () => {
      const q = tetRule(core.exports[key].value);
      for (let d = 0; d <= degree; d++) expect(maxTetError(q, d)).toBeLessThan(1e-13);
      expect(maxTetError(q, degree + 1)).toBeGreaterThan(1e-6);
      for (let p = 0; p < q.length / 4; p++) expect(q[4 * p + 3]).toBeGreaterThan(0);
    });
  }
});

describe("triangle rule", () => {
  it("6-point rule is exact to degree 4 and not 5, weights sum to 1/2", () => {
    const n = core.exports.TRI_RULE_POINTS.value;
    const q = new Float64Array(core.memory.buffer, core.exports.triRuleData(), 3 * n).slice();
    const err = (degree: number) => {
      let worst = 0;
      for (let a = 0; a <= degree; a++) {
        const b = degree - a;
        let s = 0;
        for (let p = 0; p < n; p++) s += q[3 * p + 2] * q[3 * p] ** a * q[3 * p + 1] ** b;
        worst = Math.max(worst, Math.abs(s - exactTri(a, b)) / exactTri(a, b));
      }
      return worst;
    };
    for (let d = 0; d <= 4; d++) expect(err(d)).toBeLessThan(1e-13);
    expect(err(5)).toBeGreaterThan(1e-6);
  });
});
