/**
 * Seeded randomness for everything that must be reproducible bit for bit in
 * Node and in browsers: pure-rand's xoroshiro128+ (integer arithmetic only),
 * doubles with 53 random bits.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

export interface Random {
  /** uniform in [0, 1) */
  float(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
}

/** A deterministic generator for `seed` (any integer; taken modulo 2³²). */
export function createRandom(seed: number): Random {
  const rng: RandomGenerator = xoroshiro128plus(seed | 0);
  return {
    float: () => uniformFloat64(rng),
    int: (n: number) => Math.min(n - 1, Math.floor(uniformFloat64(rng) * n)),
  };
}

/**
 * A uniformly random unit quaternion [w, x, y, z] (Shoemake's method: the
 * same construction as gl-matrix's quat.random, driven by a seeded generator).
 */
export function randomQuaternion(r: Random): [number, number, number, number] {
  const u1 = r.float(), u2 = r.float(), u3 = r.float();
  const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
  const x = a * Math.sin(2 * Math.PI * u2), y = a * Math.cos(2 * Math.PI * u2);
  const z = b * Math.sin(2 * Math.PI * u3), w = b * Math.cos(2 * Math.PI * u3);
  return [w, x, y, z];
}
