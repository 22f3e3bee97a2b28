/**
 * `npm run bench [-- SUITE ...]`: runs the benchmark suites and writes their
 * tables into bench/RESULTS.md. Suites: core, mesh, elasticity, api, web, scale, threads,
 * calculix, dolfinx (the seed-scale compare cases of scale, each also run in
 * dolfinx; only when named).
 */
import { writeSection } from "./lib/results.js";
import { runCoreBench } from "./core.bench.js";
import { runMeshBench } from "./mesh.bench.js";
import { runElasticityBench } from "./elasticity.bench.js";
import { runApiBench } from "./api.bench.js";
import { runWebBench } from "./web.bench.js";
import { runDolfinxBench, runScaleBench } from "./scale.bench.js";
import { runCalculixBench } from "./calculix.bench.js";
import { runThreadsBench } from "./threads.bench.js";

const SUITES: Record<string, () => Promise<string>> = {
  core: () => runCoreBench(),
  mesh: () => runMeshBench(),
  elasticity: () => runElasticityBench(),
  api: () => runApiBench(),
  web: () => runWebBench(),
  scale: () => runScaleBench(),
  calculix: () => runCalculixBench(),
  threads: () => runThreadsBench(),
  dolfinx: () => runDolfinxBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
// dolfinx repeats scale's seed-scale cases: only when asked for
const names = wanted.length ? wanted : Object.keys(SUITES).filter((n) => n !== "dolfinx");
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown bench suite "${name}" (available: ${Object.keys(SUITES).join(", ")})`);
    process.exit(2);
  }
  console.error(`running bench suite: ${name}`);
  const md = await suite();
  writeSection(name, md);
  console.log(md);
}
