// Resource limits: a run whose estimated solver memory exceeds the budget
// (solver.memoryLimitGiB, at most WebAssembly's 4 GiB) is refused before
// anything is allocated — by the CLI with exit code 2 and the numbers, by the
// library with an InputError — while the paper's default mesh fits.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaults, resolveConfig } from "../src/config/resolve.js";
import { estimateTets } from "../src/mesh/particle/generate.js";
import { checkMemoryBudget, estimateNodes, estimateRunBytes } from "../src/solver/memory.js";
import { InputError } from "../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "grainfem-limits-"));
const cli = (args: string[]) => spawnSync(process.execPath, ["bin/grainfem.js", ...args], { encoding: "utf8" });

describe("memory budget", () => {
  it("the paper's mesh size (282k P2 tets) fits the 4 GiB default; 4× more tets do not", () => {
    const tets = 282_000;
    const bytes = estimateRunBytes(estimateNodes(tets, 2));
    expect(bytes).toBeGreaterThan(2 * 2 ** 30);
    expect(bytes).toBeLessThan(4 * 2 ** 30);
    expect(() => checkMemoryBudget(estimateNodes(tets, 2), tets, 2, 4, "geometry.meshSizeUm")).not.toThrow();
    expect(() => checkMemoryBudget(estimateNodes(4 * tets, 2), 4 * tets, 2, 4, "geometry.meshSizeUm")).toThrow(InputError);
    // the model bounds, with ≥ 15 % to spare (1.16× at the 2M-tet P1 run), the highest core address measured on 1 and 2 threads (docs in src/solver/memory.ts)
    for (const [order, nodes, gib] of [[2, 115_467, 0.557], [2, 400_841, 1.258], [1, 52_946, 0.250], [1, 349_395, 1.864]] as const) {
      expect(estimateRunBytes(nodes), `P${order}, ${nodes} nodes`).toBeGreaterThan(1.15 * gib * 2 ** 30);
    }
    // the default config's own estimate is well inside
    const g = defaults().geometry;
    expect(estimateRunBytes(estimateNodes(estimateTets(g.radiusUm, g.meshSizeUm), 2))).toBeLessThan(4 * 2 ** 30);
  });

  it("the CLI refuses a too-fine mesh at once with exit 2, naming the key, the estimate and the budget", () => {
    const f = join(dir, "fine.json");
    writeFileSync(f, JSON.stringify({ geometry: { meshSizeUm: 0.15, order: 2 } }));
    const t0 = Date.now();
    const r = cli(["run", f, "--out", join(dir, "out"), "--quiet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^grainfem: error: geometry\.meshSizeUm: the run would need ≈ [\d.]+ GiB \([\d,]+ P2 tets, [\d,]+ nodes × [\d.]+ kB\) but the budget is 4 GiB/);
    expect(r.stderr).toMatch(/use a coarser mesh or P1 elements/);
    expect(Date.now() - t0).toBeLessThan(10_000); // refused before meshing
  });

  it("a smaller budget is honoured; the key's range is checked", () => {
    const f = join(dir, "budget.json");
    writeFileSync(f, JSON.stringify({ geometry: { grains: 6, meshSizeUm: 0.9 }, solver: { memoryLimitGiB: 0.01 } }));
    const r = cli(["run", f, "--out", join(dir, "out2"), "--quiet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/budget is 0\.01 GiB \(solver\.memoryLimitGiB/);
    expect(() => resolveConfig({ solver: { memoryLimitGiB: 5 } })).toThrow(/solver\.memoryLimitGiB: .*accepted: a number in \(0, 4\]/);
  });
});
