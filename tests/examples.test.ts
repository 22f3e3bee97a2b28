// The numbered examples run in CI; their key numbers are checked against the
// values stored here (recorded from a run of the example, release or debug
// build alike — the arithmetic is identical).
import { describe, expect, it } from "vitest";
import { main as example00 } from "../examples/00-verification-ladder.js";
import { main as example03 } from "../examples/03-sweep.js";

describe("examples/00-verification-ladder", () => {
  it("reproduces its stored errors and convergence orders", async () => {
    const lines: string[] = [];
    const { studies, free } = await example00((s) => lines.push(s));
    const stored: Record<string, number[]> = {
      "diffusion P1": [2.920e-1, 9.214e-2, 2.496e-2],
      "diffusion P2": [1.836e-1, 2.547e-2, 2.995e-3],
      "elasticity P1": [3.542e-4, 1.047e-4, 2.771e-5],
      "elasticity P2": [2.295e-4, 3.193e-5, 3.939e-6],
    };
    for (const s of studies) {
      const want = stored[`${s.problem} P${s.order}`];
      s.errors.forEach((e, i) => expect(Math.abs(e - want[i]) / want[i]).toBeLessThan(2e-3));
      expect(s.orders[s.orders.length - 1]).toBeCloseTo(s.order + 1, 0);
    }
    expect(free.stressRatio).toBeLessThan(1e-8);
    expect(lines.length).toBe(6);
  });
});

describe("examples/03-sweep", () => {
  it("16 jobs; ASSLB more heterogeneous than LELB across microstructures at SOC 0.5 (paired 95 % CI above zero)", async () => {
    const { report, paired } = await example03(() => {});
    expect(report.counts).toMatchObject({ total: 16, done: 16, failed: 0 });
    const [half, full] = paired;
    expect(half.soc).toBe(0.5);
    // stored from a run: mean paired difference 0.0369 [0.0027, 0.0711] at SOC 0.5, 0.0174 [−0.0039, 0.0386] at SOC 1
    expect(half.stats.mean).toBeCloseTo(0.0369, 3);
    expect(half.stats.ci95![0]).toBeGreaterThan(0);
    expect(half.d.filter((x) => x > 0).length).toBe(6);
    expect(full.stats.mean).toBeCloseTo(0.0174, 3);
  });
});
