// Shape functions: Kronecker property at the nodes, partition of unity, and
// reference gradients against central finite differences.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

// Reference coordinates of the 10 P2 nodes in VTK order.
const NODES10 = [
  [0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1],
  [0.5, 0, 0], [0.5, 0.5, 0], [0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0.5], [0, 0.5, 0.5],
];

function values(order: number, p: number[]): Float64Array {
  const npe = order === 1 ? 4 : 10;
  const out = core.f64(npe);
  core.exports.tetShapeValues(order, p[0], p[1], p[2], out.ptr);
  const v = out.copy();
  out.free();
  return v;
}

function grads(order: number, p: number[]): Float64Array {
  const npe = order === 1 ? 4 : 10;
  const out = core.f64(3 * npe);
  core.exports.tetShapeRefGradients(order, p[0], p[1], p[2], out.ptr);
  const v = out.copy();
  out.free();
  return v;
}

describe.each([1, 2])("P%i tetrahedron", (order) => {
  const npe = order === 1 ? 4 : 10;
  it("is 1 at its own node and 0 at the others", () => {
    for (let a = 0; a < npe; a++) {
      const N = values(order, NODES10[a]);
      for (let b = 0; b < npe; b++) expect(N[b]).toBeCloseTo(a === b ? 1 : 0, 14);
    }
  });
  it("sums to one and its gradients sum to zero; gradients match finite differences", () => {
    const pts = [[0.1, 0.2, 0.3], [0.25, 0.25, 0.25], [0.6, 0.1, 0.05]];
    const h = 1e-6;
    for (const p of pts) {
      const N = values(order, p);
      expect(N.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
      const G = grads(order, p);
      for (let k = 0; k < 3; k++) {
        let sum = 0;
        const pp = p.slice(), pm = p.slice();
        pp[k] += h;
        pm[k] -= h;
        const Np = values(order, pp), Nm = values(order, pm);
        for (let a = 0; a < npe; a++) {
          sum += G[3 * a + k];
          expect(Math.abs(G[3 * a + k] - (Np[a] - Nm[a]) / (2 * h))).toBeLessThan(1e-8);
        }
        expect(Math.abs(sum)).toBeLessThan(1e-13);
      }
    }
  });
});
