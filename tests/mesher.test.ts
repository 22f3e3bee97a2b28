// The particle mesher (src/mesh/particle): determinism, topology, conformity
// to the Voronoi facets and the sphere, volume convergence, quality bounds,
// P2 lifting, Lloyd relaxation, target tet counts and input checks.
import { describe, expect, it, beforeAll } from "vitest";
import { loadCore, type Core } from "../src/wasm/core.js";
import { meshParticle, type ParticleMesh } from "../src/mesh/particle/generate.js";
import { classifyFaces, faceMates } from "../src/mesh/boundary.js";
import { NearestSeed } from "../src/mesh/seeds.js";
import { FeMesh } from "../src/fem/mesh.js";
import { InputError } from "../src/errors.js";

let core: Core;
let dflt: ParticleMesh; // the default configuration: 100 grains, R = 5 µm, h = 0.35 µm
beforeAll(async () => {
  core = await loadCore();
  dflt = await meshParticle({ grains: 100, seed: 1, sizeUm: 0.35 });
});

function signedVolume(m: ParticleMesh, t: number): number {
  const x = m.nodes, v = m.tets.subarray(4 * t, 4 * t + 4);
  const P = (a: number, k: number) => x[3 * v[a] + k] - x[3 * v[0] + k];
  return (P(1, 0) * (P(2, 1) * P(3, 2) - P(2, 2) * P(3, 1)) - P(1, 1) * (P(2, 0) * P(3, 2) - P(2, 2) * P(3, 0)) +
    P(1, 2) * (P(2, 0) * P(3, 1) - P(2, 1) * P(3, 0))) / 6;
}

/** Euler characteristic V − E + F of a triangle set, and its number of connected components. */
function surfaceTopology(tris: ArrayLike<number>): { euler: number; components: number } {
  const nF = tris.length / 3;
  const verts = new Set<number>();
  const edges = new Set<string>();
  const parent = new Map<number, number>();
  const find = (x: number): number => { let r = x; while (parent.get(r) !== r) r = parent.get(r)!; return r; };
  for (let f = 0; f < nF; f++) for (let k = 0; k < 3; k++) {
    const u = tris[3 * f + k], v = tris[3 * f + (k + 1) % 3];
    verts.add(u);
    if (!parent.has(u)) parent.set(u, u);
    edges.add(u < v ? `${u},${v}` : `${v},${u}`);
  }
  for (let f = 0; f < nF; f++) {
    const a = find(tris[3 * f]);
    for (let k = 1; k < 3; k++) { const b = find(tris[3 * f + k]); if (a !== b) parent.set(b, a); }
  }
  return { euler: verts.size - edges.size + nF, components: new Set([...verts].map(find)).size };
}

describe("particle mesher: structure of the default mesh", () => {
  it("has 100 grains, positive tets, and a closed manifold surface that is a topological sphere", () => {
    const m = dflt;
    expect(new Set(m.tetGrain).size).toBe(100);
    expect(m.stats.grains).toBe(100);
    for (let t = 0; t < m.tetGrain.length; t++) expect(signedVolume(m, t)).toBeGreaterThan(0);
    const f = classifyFaces(m.tets, 4, m.nodes.length / 3);
    expect(f.nonManifold).toBe(0);
    // every face in one tet (boundary) or two (interior)
    expect(4 * m.tetGrain.length).toBe(f.boundary.length / 3 + 2 * (f.interior.length / 3));
    expect(surfaceTopology(f.boundary)).toEqual({ euler: 2, components: 1 });
    // the solid is a ball: V − E + F − T = 1
    const V = m.nodes.length / 3, T = m.tetGrain.length, F = f.boundary.length / 3 + f.interior.length / 3;
    const edges = new Set<number>();
    for (let t = 0; t < T; t++) for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) {
      const u = m.tets[4 * t + a], w = m.tets[4 * t + b];
      edges.add(Math.min(u, w) * V + Math.max(u, w));
    }
    expect(V - edges.size + F - T).toBe(1);
  });

  it("every grain is a closed region: its boundary surface has Euler characteristic 2", () => {
    const m = dflt;
    const f = classifyFaces(m.tets, 4, m.nodes.length / 3);
    const perGrain: number[][] = Array.from({ length: m.nGrains }, () => []);
    for (let i = 0; i < f.boundaryTet.length; i++) perGrain[m.tetGrain[f.boundaryTet[i]]].push(...f.boundary.subarray(3 * i, 3 * i + 3));
    for (let i = 0; i < f.interiorTets.length / 2; i++) {
      const a = m.tetGrain[f.interiorTets[2 * i]], b = m.tetGrain[f.interiorTets[2 * i + 1]];
      if (a === b) continue;
      const tri = Array.from(f.interior.subarray(3 * i, 3 * i + 3));
      perGrain[a].push(...tri);
      perGrain[b].push(...tri);
    }
    const bad = perGrain.map((tris, g) => [g, surfaceTopology(tris)] as const).filter(([, t]) => t.euler !== 2 || t.components !== 1);
    expect(bad).toEqual([]);
  });

  it("puts every surface node on the sphere and the volume within 1 % of 4/3 π R³", () => {
    const m = dflt;
    for (const v of new Set(m.tris)) {
      expect(Math.abs(Math.hypot(m.nodes[3 * v], m.nodes[3 * v + 1], m.nodes[3 * v + 2]) - 5)).toBeLessThan(1e-12);
    }
    expect(Math.abs(m.stats.volumeUm3 / ((4 / 3) * Math.PI * 125) - 1)).toBeLessThan(0.01);
  });

  it("follows the Voronoi facets: grain-boundary faces lie on their bisector planes", () => {
    const m = dflt;
    const f = classifyFaces(m.tets, 4, m.nodes.length / 3);
    let exact = 0, total = 0, worst = 0;
    for (let i = 0; i < f.interiorTets.length / 2; i++) {
      const a = m.tetGrain[f.interiorTets[2 * i]], b = m.tetGrain[f.interiorTets[2 * i + 1]];
      if (a === b) continue;
      const s = m.seeds;
      const n = [s[3 * b] - s[3 * a], s[3 * b + 1] - s[3 * a + 1], s[3 * b + 2] - s[3 * a + 2]];
      const c = 0.5 * (s[3 * b] ** 2 + s[3 * b + 1] ** 2 + s[3 * b + 2] ** 2 - s[3 * a] ** 2 - s[3 * a + 1] ** 2 - s[3 * a + 2] ** 2);
      let d = 0;
      for (let k = 0; k < 3; k++) {
        const v = f.interior[3 * i + k];
        d = Math.max(d, Math.abs(n[0] * m.nodes[3 * v] + n[1] * m.nodes[3 * v + 1] + n[2] * m.nodes[3 * v + 2] - c) / Math.hypot(...n));
      }
      total++;
      if (d < 1e-9) exact++;
      worst = Math.max(worst, d);
    }
    // most facets are exact; the regularized ones stay within the mesh size
    expect(exact / total).toBeGreaterThan(0.8); // measured: 84 % at seed 1
    expect(worst).toBeLessThan(0.35);
    expect(m.boundaryDeviation.maxUm).toBeCloseTo(worst, 12);
  });

  it("gives each grain nearly the volume of its Voronoi cell ∩ ball (independent dense sampling)", () => {
    const m = dflt;
    const ns = new NearestSeed(m.seeds, 5);
    const M = 100, d = 10 / M, ref = new Float64Array(100);
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) for (let k = 0; k < M; k++) {
      const x = -5 + (i + 0.5) * d, y = -5 + (j + 0.5) * d, z = -5 + (k + 0.5) * d;
      if (x * x + y * y + z * z <= 25) ref[ns.nearest(x, y, z)] += d ** 3;
    }
    const rel = m.grainStats.map((g) => Math.abs(g.volumeUm3 - ref[g.id]) / ref[g.id]).sort((a, b) => a - b);
    expect(rel[50]).toBeLessThan(0.01); // median grain within 1 %
    expect(rel[90]).toBeLessThan(0.03);
  });
});

describe("particle mesher: quality", () => {
  it.each([1, 2, 3])("beats the seed paper's COMSOL mesh at the default size (seed %i)", async (seed) => {
    const m = seed === 1 ? dflt : await meshParticle({ grains: 100, seed, sizeUm: 0.35 });
    const q = m.stats.quality;
    expect(q.minRadiusRatio).toBeGreaterThanOrEqual(0.2);
    expect(q.meanRadiusRatio).toBeGreaterThanOrEqual(0.66);
    expect(q.minSkewness).toBeGreaterThanOrEqual(0.1);
    expect(q.meanSkewness).toBeGreaterThanOrEqual(0.662);
  });
});

describe("particle mesher: pinch repair", () => {
  it("leaves every grain's tets around every vertex and every edge face-connected there (a mesh whose repair relabeled tets)", async () => {
    const m = await meshParticle({ grains: 100, seed: 3, radiusUm: 5, sizeUm: 0.6 });
    expect(m.stages.pinchRelabeled).toBeGreaterThan(0);
    const { tets, tetGrain } = m, nT = tetGrain.length, nN = m.nodes.length / 3;
    const start = new Int32Array(nN + 1);
    for (const v of tets) start[v + 1]++;
    for (let v = 0; v < nN; v++) start[v + 1] += start[v];
    const list = new Int32Array(4 * nT), fill = start.slice(0, nN);
    for (let t = 0; t < nT; t++) for (let k = 0; k < 4; k++) list[fill[tets[4 * t + k]]++] = t;
    // components of one grain's tets in `around`, glued through faces that contain all of `pivot`
    const components = (around: number[], pivot: number[]): Map<number, number> => {
      const parent = new Map<number, number>(around.map((t) => [t, t]));
      const find = (t: number): number => { while (parent.get(t) !== t) t = parent.get(t)!; return t; };
      const byFace = new Map<string, number>();
      for (const t of around) {
        const vs = Array.from(tets.subarray(4 * t, 4 * t + 4));
        for (let skip = 0; skip < 4; skip++) {
          const face = vs.filter((_, k) => k !== skip);
          if (!pivot.every((p) => face.includes(p))) continue;
          const key = `${tetGrain[t]}:${face.sort((a, b) => a - b).join(",")}`;
          const other = byFace.get(key);
          if (other === undefined) byFace.set(key, t);
          else parent.set(find(t), find(other));
        }
      }
      const count = new Map<number, number>();
      for (const t of around) if (find(t) === t) count.set(tetGrain[t], (count.get(tetGrain[t]) ?? 0) + 1);
      return count;
    };
    let pinched = 0, edges = 0;
    for (let v = 0; v < nN; v++) {
      const around = Array.from(list.subarray(start[v], start[v + 1]));
      for (const n of components(around, [v]).values()) if (n > 1) pinched++;
      const ends = new Set<number>();
      for (const t of around) for (let k = 0; k < 4; k++) if (tets[4 * t + k] > v) ends.add(tets[4 * t + k]);
      for (const w of ends) {
        edges++;
        const onEdge = around.filter((t) => tets.subarray(4 * t, 4 * t + 4).includes(w));
        for (const n of components(onEdge, [v, w]).values()) if (n > 1) pinched++;
      }
    }
    expect(edges).toBeGreaterThan(nN);
    expect(pinched).toBe(0);
  });
});

describe("particle mesher: determinism, sizes, options", () => {
  it("is bit-for-bit deterministic for the same inputs", async () => {
    const a = await meshParticle({ grains: 30, seed: 7, sizeUm: 0.7 });
    const b = await meshParticle({ grains: 30, seed: 7, sizeUm: 0.7 });
    expect(Buffer.from(a.nodes.buffer).equals(Buffer.from(b.nodes.buffer))).toBe(true);
    expect(Array.from(a.tets)).toEqual(Array.from(b.tets));
    expect(Array.from(a.tetGrain)).toEqual(Array.from(b.tetGrain));
    expect(Array.from(a.orientations)).toEqual(Array.from(b.orientations));
    const c = await meshParticle({ grains: 30, seed: 8, sizeUm: 0.7 });
    expect(Array.from(c.tetGrain)).not.toEqual(Array.from(a.tetGrain));
  });

  it("converges to the sphere volume as h decreases", async () => {
    const exact = (4 / 3) * Math.PI * 125;
    const errs = [];
    for (const h of [1.0, 0.6, 0.35]) {
      const m = h === 0.35 ? dflt : await meshParticle({ grains: 100, seed: 1, sizeUm: h });
      errs.push(Math.abs(m.stats.volumeUm3 - exact) / exact);
    }
    expect(errs[1]).toBeLessThan(errs[0]);
    expect(errs[2]).toBeLessThan(errs[1]);
    expect(errs[2]).toBeLessThan(0.01);
  });

  it("lands within ±15 % of a target tet count", async () => {
    const m = await meshParticle({ grains: 40, seed: 3, targetTets: 60000 });
    expect(Math.abs(m.stats.tets / 60000 - 1)).toBeLessThan(0.15);
  });

  it("Lloyd relaxation makes grain volumes more equal", async () => {
    const cv = (m: ParticleMesh) => {
      const v = m.grainStats.map((g) => g.volumeUm3);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      return Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) / mean;
    };
    const plain = await meshParticle({ grains: 40, seed: 2, sizeUm: 0.6 });
    const relaxed = await meshParticle({ grains: 40, seed: 2, sizeUm: 0.6, lloyd: 5 });
    expect(cv(relaxed)).toBeLessThan(0.7 * cv(plain));
  });

  it("P2: boundary mid-edge nodes on the sphere, curved volume closer to the sphere", async () => {
    const p1 = await meshParticle({ grains: 30, seed: 5, sizeUm: 0.7 });
    const p2 = await meshParticle({ grains: 30, seed: 5, sizeUm: 0.7, order: 2 }, core);
    expect(p2.order).toBe(2);
    expect(p2.tets.length).toBe(10 * p1.tetGrain.length);
    for (const v of new Set(p2.tris)) expect(Math.abs(Math.hypot(p2.nodes[3 * v], p2.nodes[3 * v + 1], p2.nodes[3 * v + 2]) - 5)).toBeLessThan(1e-12);
    const fe = FeMesh.create(core, p2); // also checks every quadrature-point Jacobian is positive
    const v2 = fe.tetVolumes().volume.reduce((s, x) => s + x, 0);
    fe.dispose();
    const exact = (4 / 3) * Math.PI * 125;
    expect(Math.abs(v2 - exact)).toBeLessThan(0.1 * Math.abs(p1.stats.volumeUm3 - exact));
  });

  it("uses explicit seeds and orientations when given", async () => {
    const seeds = Float64Array.of(-2, 0, 0, 2, 0, 0, 0, 2.5, 0);
    const ori = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
    const m = await meshParticle({ seeds, orientations: ori, sizeUm: 0.8 });
    expect(m.stats.grains).toBe(3);
    expect(Array.from(m.orientations)).toEqual(Array.from(ori));
    // the tet nearest each seed belongs to that seed's grain
    for (let g = 0; g < 3; g++) {
      let best = -1, bestD = Infinity;
      for (let t = 0; t < m.tetGrain.length; t++) {
        let cx = 0, cy = 0, cz = 0;
        for (let a = 0; a < 4; a++) { const v = m.tets[4 * t + a]; cx += m.nodes[3 * v] / 4; cy += m.nodes[3 * v + 1] / 4; cz += m.nodes[3 * v + 2] / 4; }
        const d = (cx - seeds[3 * g]) ** 2 + (cy - seeds[3 * g + 1]) ** 2 + (cz - seeds[3 * g + 2]) ** 2;
        if (d < bestD) { bestD = d; best = t; }
      }
      expect(m.tetGrain[best]).toBe(g);
    }
  });

  it("rejects bad options naming the option", async () => {
    await expect(meshParticle({ radiusUm: -1 })).rejects.toThrow(/radiusUm: must be a positive number/);
    await expect(meshParticle({ grains: 0 })).rejects.toThrow(/grains: must be an integer in \[1, 20000\]/);
    await expect(meshParticle({ sizeUm: 0.5, targetTets: 1000 })).rejects.toThrow(InputError);
    await expect(meshParticle({ seeds: Float64Array.of(9, 0, 0) })).rejects.toThrow(/seeds: seed 0 is not inside the particle/);
    await expect(meshParticle({ order: 3 as 1 })).rejects.toThrow(/order: must be 1 or 2/);
  });
});

describe("face pairing (faceMates)", () => {
  // two tets glued on face (1, 2, 3): apexes 0 and 4
  const pair = [0, 1, 2, 3, 4, 1, 3, 2];
  it("pairs the glued face and leaves the six outer faces on the boundary", () => {
    const f = faceMates(Int32Array.from(pair), 4, 5);
    // face i = 4·tet + local face; local face 0 of tet 0 is (1, 2, 3), of tet 1 (1, 3, 2)
    expect(f.mate[0]).toBe(4);
    expect(f.mate[4]).toBe(0);
    expect([...f.mate].filter((m) => m === -1)).toHaveLength(6);
    expect(f.nonManifold).toBe(0);
    expect([f.ka[0], f.kb[0], f.kc[0]]).toEqual([1, 2, 3]);
  });
  it("pairs the first two occurrences of a face and marks a third as non-manifold", () => {
    // a copy of tet 0 as tet 2: face (1, 2, 3) is in three tets; tet 2's other faces pair with tet 0's
    const f = faceMates(Int32Array.from([...pair, 0, 1, 2, 3]), 4, 5);
    expect(f.mate[0]).toBe(4);
    expect(f.mate[8]).toBe(-2);
    expect(f.nonManifold).toBe(1);
    expect(f.firstNonManifold).toEqual([1, 2, 3]);
    for (const k of [1, 2, 3]) {
      expect(f.mate[k]).toBe(8 + k);
      expect(f.mate[8 + k]).toBe(k);
    }
    const c = classifyFaces(Int32Array.from([...pair, 0, 1, 2, 3]), 4, 5);
    expect(c.boundary.length / 3).toBe(3); // tet 1's outer faces
    expect(c.nonManifold).toBe(1);
  });
});
