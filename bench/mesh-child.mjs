// One meshing run of the compiled mesher (dist/), in its own process so that
// peak memory is the mesher's: prints {tets, seconds, maxRssMB, quality} as JSON.
import { meshParticle } from "../dist/mesh/particle/generate.js";

const [targetTets, seed] = process.argv.slice(2).map(Number);
const t0 = performance.now();
const m = await meshParticle({ grains: 100, seed: seed || 1, radiusUm: 5, targetTets });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({
  tets: m.stats.tets, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024,
  quality: m.stats.quality, hUm: m.hUm, deviation: m.boundaryDeviation,
}));
