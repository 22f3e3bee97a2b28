// Bad input to the TypeScript entry points fails loudly, naming the element
// or argument — never a silent garbage result or a wasm trap.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { boxMesh } from "../src/mesh/box.js";
import { FeMesh } from "../src/fem/mesh.js";
import { InputError } from "../src/errors.js";
import type { TetMesh } from "../src/mesh/types.js";
import { DiffusionSystem } from "../src/fem/diffusion.js";
import { PcgSolver } from "../src/linalg/pcg.js";
import { applyDirichlet } from "../src/linalg/constraints.js";

let core: Core;
beforeAll(async () => {
  core = await loadCore();
});

const base = () => boxMesh({ n: [2, 2, 2] });

describe("mesh input checks", () => {
  it("names an inverted tet", () => {
    const m = base();
    const t = 5;
    [m.tets[4 * t + 1], m.tets[4 * t + 2]] = [m.tets[4 * t + 2], m.tets[4 * t + 1]];
    expect(() => FeMesh.create(core, m)).toThrow(InputError);
    expect(() => FeMesh.create(core, m)).toThrow(/tet 5 \(grain 0\) is inverted/);
  });
  it("names a degenerate (flat) tet", () => {
    const m = base();
    const t = 3;
    const v = m.tets.subarray(4 * t, 4 * t + 4);
    for (let c = 0; c < 3; c++) m.nodes[3 * v[3] + c] = (m.nodes[3 * v[0] + c] + m.nodes[3 * v[1] + c] + m.nodes[3 * v[2] + c]) / 3;
    expect(() => FeMesh.create(core, m)).toThrow(/inverted or degenerate/);
  });
  it("names an out-of-range node index", () => {
    const m = base();
    m.tets[7] = 10_000;
    expect(() => FeMesh.create(core, m)).toThrow(/mesh\.tets: tet 1 references node 10000/);
  });
  it("names a non-finite coordinate", () => {
    const m = base();
    m.nodes[10] = NaN;
    expect(() => FeMesh.create(core, m)).toThrow(/node 3 has a non-finite coordinate/);
  });
  it("names inconsistent array lengths and grain ids", () => {
    const m: TetMesh = { ...base(), tetGrain: new Int32Array(3) };
    expect(() => FeMesh.create(core, m)).toThrow(/mesh\.tets: length/);
    const g = base();
    g.tetGrain[2] = 4;
    expect(() => FeMesh.create(core, g)).toThrow(/mesh\.tetGrain: entry 2 has grain id 4/);
  });
  it("names a vector of the wrong length given to the solver or the constraints", () => {
    const fe = FeMesh.create(core, base());
    const sys = new DiffusionSystem(fe, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1));
    sys.assemble();
    const solver = new PcgSolver(core, sys.M);
    const short = core.f64(fe.nNodes - 1), ok = core.f64(fe.nNodes);
    expect(() => solver.solve(short, ok)).toThrow(/b has 26 entries, expected 27/);
    expect(() => solver.solve(ok, ok, { maxIt: -3 })).toThrow(/maxIt/);
    expect(() => applyDirichlet(core, sys.K, core.u8(3), null, ok)).toThrow(/mask has 3 entries/);
  });
  it("refuses allocations beyond the wasm address space", () => {
    expect(() => core.f64(1e9)).toThrow(/exceeds the 4 GiB/);
    expect(() => core.f64(-1)).toThrow(RangeError);
  });
});
