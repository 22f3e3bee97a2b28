/**
 * Wall-clock accounting of a run (summary.timingS). Phases may nest:
 * `diffusion` contains its `assemble` and `solve` shares.
 */
import type { Timing } from "./summary.js";

export class Timings implements Timing {
  mesh = 0;
  assemble = 0;
  solve = 0;
  diffusion = 0;
  elasticity = 0;
  preconditionerSetup = 0;
  export = 0;
  total = 0;

  /** Run fn and add its wall time (s) to `key`. */
  measure<T>(key: keyof Timing, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this[key] += (performance.now() - t0) / 1000;
    }
  }

  toJSON(): Timing {
    const r = (x: number) => Math.round(x * 1e4) / 1e4;
    return {
      mesh: r(this.mesh), assemble: r(this.assemble), solve: r(this.solve), diffusion: r(this.diffusion),
      elasticity: r(this.elasticity), preconditionerSetup: r(this.preconditionerSetup), export: r(this.export), total: r(this.total),
    };
  }
}
