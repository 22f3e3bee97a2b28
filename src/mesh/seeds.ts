/**
 * Grain seeds: points uniform in the ball (rejection sampling in the cube),
 * optionally Lloyd-relaxed towards the centroids of their Voronoi cells ∩ ball
 * for more equal grain sizes, and one random orientation per grain.
 */
import { createRandom, randomQuaternion } from "./random.js";

/**
 * `n` points uniform in the ball of radius `radius` centred at the origin.
 * @returns n × 3 (µm)
 */
export function seedsInBall(n: number, radius: number, seed: number): Float64Array {
  const r = createRandom(seed);
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; ) {
    const x = 2 * r.float() - 1, y = 2 * r.float() - 1, z = 2 * r.float() - 1;
    if (x * x + y * y + z * z > 1) continue;
    out[3 * i] = x * radius;
    out[3 * i + 1] = y * radius;
    out[3 * i + 2] = z * radius;
    i++;
  }
  return out;
}

/**
 * Uniform random orientations, one per grain, as [w, x, y, z] quaternions.
 * Drawn from a stream independent of the seed positions.
 * @returns nGrains × 4
 */
export function randomOrientations(nGrains: number, seed: number): Float64Array {
  const r = createRandom(seed ^ 0x5eed0123);
  const out = new Float64Array(4 * nGrains);
  for (let g = 0; g < nGrains; g++) out.set(randomQuaternion(r), 4 * g);
  return out;
}

/**
 * Lloyd relaxation: move every seed to the centroid of its Voronoi cell ∩ ball,
 * `iterations` times. Centroids are integrated on a regular grid of
 * `samples`³ points (deterministic), nearest seed found through a bucket grid.
 * @returns relaxed seeds, n × 3
 */
export function lloydRelax(seeds: Float64Array, radius: number, iterations: number, samples = 64): Float64Array {
  const n = seeds.length / 3;
  let cur = seeds.slice();
  const h = (2 * radius) / samples;
  for (let it = 0; it < iterations; it++) {
    const sum = new Float64Array(3 * n), cnt = new Float64Array(n);
    const finder = new NearestSeed(cur, radius);
    for (let k = 0; k < samples; k++) {
      const z = -radius + (k + 0.5) * h;
      for (let j = 0; j < samples; j++) {
        const y = -radius + (j + 0.5) * h;
        for (let i = 0; i < samples; i++) {
          const x = -radius + (i + 0.5) * h;
          if (x * x + y * y + z * z > radius * radius) continue;
          const s = finder.nearest(x, y, z);
          sum[3 * s] += x;
          sum[3 * s + 1] += y;
          sum[3 * s + 2] += z;
          cnt[s]++;
        }
      }
    }
    const next = cur.slice();
    for (let s = 0; s < n; s++) {
      if (cnt[s] > 0) for (let c = 0; c < 3; c++) next[3 * s + c] = sum[3 * s + c] / cnt[s];
    }
    cur = next;
  }
  return cur;
}

/** Nearest-seed queries through a uniform bucket grid over [−R, R]³. */
export class NearestSeed {
  private readonly cells: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  private readonly cellSize: number;

  constructor(private readonly seeds: Float64Array, private readonly radius: number) {
    const n = seeds.length / 3;
    this.cells = Math.max(1, Math.round(Math.cbrt(n)));
    this.cellSize = (2 * radius) / this.cells;
    const m = this.cells ** 3;
    this.start = new Int32Array(m + 1);
    const cellOf = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      cellOf[s] = this.cellIndex(seeds[3 * s], seeds[3 * s + 1], seeds[3 * s + 2]);
      this.start[cellOf[s] + 1]++;
    }
    for (let c = 0; c < m; c++) this.start[c + 1] += this.start[c];
    this.items = new Int32Array(n);
    const cur = this.start.slice(0, m);
    for (let s = 0; s < n; s++) this.items[cur[cellOf[s]]++] = s;
  }

  private coord(v: number): number {
    return Math.min(this.cells - 1, Math.max(0, Math.floor((v + this.radius) / this.cellSize)));
  }

  private cellIndex(x: number, y: number, z: number): number {
    return this.coord(x) + this.cells * (this.coord(y) + this.cells * this.coord(z));
  }

  /** Index of the seed nearest to (x, y, z); ties go to the lower index. */
  nearest(x: number, y: number, z: number): number {
    const ci = this.coord(x), cj = this.coord(y), ck = this.coord(z);
    let best = -1, bestD = Infinity;
    // search rings of cells until the ring is farther than the best distance
    for (let ring = 0; ring <= this.cells; ring++) {
      const ringDist = (ring - 1) * this.cellSize;
      if (best >= 0 && ringDist > 0 && ringDist * ringDist > bestD) break;
      for (let k = ck - ring; k <= ck + ring; k++) {
        if (k < 0 || k >= this.cells) continue;
        for (let j = cj - ring; j <= cj + ring; j++) {
          if (j < 0 || j >= this.cells) continue;
          for (let i = ci - ring; i <= ci + ring; i++) {
            if (i < 0 || i >= this.cells) continue;
            if (Math.max(Math.abs(i - ci), Math.abs(j - cj), Math.abs(k - ck)) !== ring) continue;
            const c = i + this.cells * (j + this.cells * k);
            for (let p = this.start[c]; p < this.start[c + 1]; p++) {
              const s = this.items[p];
              const dx = this.seeds[3 * s] - x, dy = this.seeds[3 * s + 1] - y, dz = this.seeds[3 * s + 2] - z;
              const d = dx * dx + dy * dy + dz * dz;
              if (d < bestD || (d === bestD && s < best)) {
                bestD = d;
                best = s;
              }
            }
          }
        }
      }
    }
    return best;
  }
}
