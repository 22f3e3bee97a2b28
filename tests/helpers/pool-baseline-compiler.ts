// Run by tests/threads.test.ts in a child `node --liftoff-only`: the thread
// pool on V8's baseline wasm compiler only (the code a worker runs forever,
// and the main thread until it tiers up), blocking on every wait (spin 0).
// Prints one JSON line: how the threaded results compare with one thread's.
// Argument: the build (debug, the default, or release).
import { loadCore } from "../../src/wasm/core.js";
import { boxMesh } from "../../src/mesh/box.js";
import { toQuadratic } from "../../src/mesh/quadratic.js";
import { FeMesh } from "../../src/fem/mesh.js";
import { DiffusionSystem } from "../../src/fem/diffusion.js";
import { createMatrix } from "../../src/linalg/sparse.js";
import { grainMaterialTables } from "../../src/material/grains.js";
import { DEFAULT_MATERIAL } from "../../src/material/defaults.js";

const build = process.argv[2] === "release" ? "release" : "debug";
const core = await loadCore(build, { threads: 3 });
const ex = core.exports, threads = core.threads;
ex.poolSetSpin(0);
const fe = FeMesh.create(core, toQuadratic(core, boxMesh({ n: [13, 13, 13], size: [2, 2, 2], jitter: 0.15 })));
const ds = new DiffusionSystem(fe, grainMaterialTables(DEFAULT_MATERIAL, [1, 0, 0, 0]).D);
const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

// assembly: colored jobs on 3 threads, then on 1
const assemble = (t: number) => {
  ex.poolEnable(t);
  const volume = ds.assemble();
  return { volume, K: ds.K.vals.copy() };
};
const three = assemble(3), one = assemble(1);

// products with the thread count switched between jobs (workers sit some out)
const A = createMatrix(core, fe.pattern, "csr");
A.vals.set(three.K);
const op = ex.operatorCreate(ex.OP_CSR.value, A.n, fe.pattern.rowPtr.ptr, fe.pattern.colIdx.ptr, A.vals.ptr);
const x = core.f64(A.n), y = core.f64(A.n);
for (let i = 0; i < A.n; i++) x.view[i] = Math.cos(0.3 * i);
ex.poolEnable(1);
ex.operatorMultiply(op, x.ptr, y.ptr);
const reference = y.copy();
let jobs = 0, wrong = 0;
for (let round = 0; round < 40; round++) {
  for (const t of [3, 2, 3, 1, 2, 2, 3]) {
    ex.poolEnable(t);
    y.view.fill(0);
    ex.operatorMultiply(op, x.ptr, y.ptr);
    jobs++;
    if (maxDiff(y.view, reference) !== 0) wrong++;
  }
}
await core.dispose();
console.log(JSON.stringify({
  build, rows: A.n, threads, volume3: three.volume, volume1: one.volume,
  assemblyRelDiff: maxDiff(three.K, one.K) / maxAbs(one.K), jobs, wrong,
}));
