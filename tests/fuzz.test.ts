// Property-based fuzzing (fast-check) of every entry that takes outside
// input: the config validator, the mesh importers (.msh, .vtu, .node/.ele,
// mutated and truncated) and the HTTP service's request bodies. Each input
// must give either a valid result or a clear error (InputError; HTTP 4xx) —
// never another exception (TypeError, RangeError, a wasm trap), a hang or a
// 5xx. The number of inputs tried is printed (docs/reliability.md counts them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { defaults, resolveConfig } from "../src/config/resolve.js";
import { InputError } from "../src/errors.js";
import { boxMesh } from "../src/mesh/box.js";
import type { TetMesh } from "../src/mesh/types.js";
import { writeMsh } from "../src/io/msh.js";
import { writeVtu } from "../src/io/vtu.js";
import { meshToVtu } from "../src/io/mesh-vtu.js";
import { importMeshBytes } from "../src/io/mesh-import.js";
import { parseTetgen } from "../src/io/tetgen.js";
import { meshFromRaw } from "../src/mesh/import.js";
import { NODE_ZLIB } from "../src/io/files.js";
import { validateMeshArrays } from "../src/mesh/validate.js";
import { buildServer } from "../src/service/server.js";
import { shutdownPool } from "grainfem";

const SEED = 20261123; // fixed: the same inputs every run (a failure prints its counterexample and path)
const tried: Record<string, number> = {};
afterAll(() => {
  console.log(`fuzz inputs tried: ${Object.entries(tried).map(([k, n]) => `${k} ${n}`).join(", ")}`);
});

/** Run `f`; an InputError is an accepted outcome, anything else thrown fails the property. */
function inputErrorOr<T>(f: () => T): T | InputError {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`not an InputError: ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

/** Every numeric leaf of a resolved config is finite. */
function allFinite(x: unknown): boolean {
  if (typeof x === "number") return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === "object") return Object.values(x).every(allFinite);
  return true;
}

/** Dotted paths of every leaf (and array) of the default config. */
function leafPaths(x: unknown, prefix: string[] = []): string[][] {
  if (x && typeof x === "object" && !Array.isArray(x)) return Object.entries(x).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return [prefix];
}

const nasty = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, −0, subnormals
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 2 ** 31, -(2 ** 31) - 1, 0, -1),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.double(), { maxLength: 20 }),
  fc.array(fc.double(), { minLength: 5000, maxLength: 20000 }), // huge arrays
  fc.array(fc.array(fc.double(), { maxLength: 5 }), { maxLength: 5 }),
  fc.object(),
);

describe("fuzz: config validation", () => {
  it("arbitrary values: a resolved config (all numbers finite) or an InputError", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }), (input) => {
        tried.configAnything = (tried.configAnything ?? 0) + 1;
        const r = inputErrorOr(() => resolveConfig(input));
        if (!(r instanceof InputError)) expect(allFinite(r)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("a valid config with one to three keys replaced by hostile values", () => {
    const paths = leafPaths(defaults());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), nasty), { minLength: 1, maxLength: 3 }), (edits) => {
        tried.configMutated = (tried.configMutated ?? 0) + 1;
        const c: any = structuredClone(defaults());
        for (const [path, v] of edits) {
          let node = c;
          for (const k of path.slice(0, -1)) node = node[k];
          node[path[path.length - 1]] = v;
        }
        const r = inputErrorOr(() => resolveConfig(c));
        if (r instanceof InputError) expect(r.where.length).toBeGreaterThan(0);
        else expect(allFinite(r)).toBe(true);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------- mesh importers

const mesh: TetMesh = (() => {
  const m = boxMesh({ n: [2, 2, 2], size: [2, 2, 2], jitter: 0.15 });
  m.tetGrain = m.tetGrain.map((_, t) => t % 3);
  m.triGrain = m.triGrain.map((_, t) => t % 3);
  m.nGrains = 3;
  return m;
})();

function tetgenFiles(m: TetMesh): [string, string] {
  const nv = m.nodes.length / 3, nt = m.tetGrain.length;
  const node = [`${nv} 3 0 0`, ...Array.from({ length: nv }, (_, i) => `${i} ${m.nodes[3 * i]} ${m.nodes[3 * i + 1]} ${m.nodes[3 * i + 2]}`)].join("\n");
  const ele = [`${nt} 4 1`, ...Array.from({ length: nt }, (_, t) => `${t} ${Array.from(m.tets.subarray(4 * t, 4 * t + 4)).join(" ")} ${m.tetGrain[t] + 1}`)].join("\n");
  return [`${node}\n`, `${ele}\n`];
}

/** Mutations of a text file: truncation, deleted/duplicated/swapped lines, replaced tokens, inserted garbage. */
function mutatedText(text: string): fc.Arbitrary<string> {
  const lines = text.split("\n");
  const token = fc.oneof(fc.constantFrom("-1", "0", "1e308", "nan", "inf", "99999999999", "-2147483649", "", "$EndNodes", "$Elements", "#", "1.5", "x"), fc.string({ maxLength: 12 }));
  return fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 5 })).map(([i, k]) => [...lines.slice(0, i), ...lines.slice(i + k)].join("\n")),
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 3 })).map(([i, k]) => [...lines.slice(0, i), ...Array(k + 1).fill(lines[i]), ...lines.slice(i + 1)].join("\n")),
    fc.array(fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 8 }), token), { minLength: 1, maxLength: 4 }).map((edits) => {
      const out = lines.map((l) => l.split(" "));
      for (const [i, j, t] of edits) out[i][Math.min(j, out[i].length - 1)] = t;
      return out.map((l) => l.join(" ")).join("\n");
    }),
    fc.tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 40 })).map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  );
}

/** Mutations of bytes: truncation, flipped bytes, zeroed spans. */
function mutatedBytes(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.nat({ max: bytes.length }).map((n) => bytes.slice(0, n)),
    fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = bytes.slice();
      for (const [i, v] of flips) b[i] = v;
      return b;
    }),
    fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.nat({ max: 64 })).map(([i, n]) => {
      const b = bytes.slice();
      b.fill(0, i, i + n);
      return b;
    }),
  );
}

/** An imported mesh must be internally consistent (the checks the simulation relies on). */
function checkImported(r: { mesh: TetMesh } | InputError) {
  if (r instanceof InputError) return;
  expect(() => validateMeshArrays(r.mesh)).not.toThrow();
}

describe("fuzz: mesh importers", () => {
  it(".msh (gmsh 4.1 text): mutated and truncated files", () => {
    const text = writeMsh(mesh);
    expect(importMeshBytes("ok.msh", new TextEncoder().encode(text)).mesh.tetGrain.length).toBe(mesh.tetGrain.length);
    fc.assert(
      fc.property(mutatedText(text), (t) => {
        tried.msh = (tried.msh ?? 0) + 1;
        checkImported(inputErrorOr(() => importMeshBytes("fuzz.msh", new TextEncoder().encode(t))));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it(".vtu (raw and zlib-compressed appended binary): mutated and truncated files", () => {
    const grid = meshToVtu(mesh);
    const raw = writeVtu(grid, {});
    const zlib = writeVtu(grid, { deflate: (d) => deflateSync(d) });
    for (const b of [raw, zlib]) expect(importMeshBytes("ok.vtu", b, NODE_ZLIB).mesh.tetGrain.length).toBe(mesh.tetGrain.length);
    fc.assert(
      fc.property(fc.oneof(mutatedBytes(raw), mutatedBytes(zlib)), (b) => {
        tried.vtu = (tried.vtu ?? 0) + 1;
        checkImported(inputErrorOr(() => importMeshBytes("fuzz.vtu", b, NODE_ZLIB)));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it(".node/.ele (TetGen): mutated and truncated files", () => {
    const [node, ele] = tetgenFiles(mesh);
    expect(meshFromRaw(parseTetgen(node, ele, "ok.node", "ok.ele"), "ok.node").mesh.tetGrain.length).toBe(mesh.tetGrain.length);
    fc.assert(
      fc.property(fc.oneof(fc.tuple(mutatedText(node), fc.constant(ele)), fc.tuple(fc.constant(node), mutatedText(ele))), ([n, e]) => {
        tried.tetgen = (tried.tetgen ?? 0) + 1;
        checkImported(inputErrorOr(() => meshFromRaw(parseTetgen(n, e, "fuzz.node", "fuzz.ele"), "fuzz.node")));
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------- service bodies

describe("fuzz: HTTP service request bodies", () => {
  let app: ReturnType<typeof buildServer>;
  beforeAll(async () => {
    app = buildServer({ resultsDir: mkdtempSync(join(tmpdir(), "grainfem-fuzz-svc-")), concurrency: 1, maxQueued: 1000, retain: 1000, bodyLimit: 64 * 1024 });
    await app.ready();
  });
  afterAll(async () => {
    await app.jobs.shutdown(0);
    await app.close();
    await shutdownPool();
  });

  it("random JSON and raw bodies on POST /jobs: 202 or a 4xx with a message, never a 5xx", async () => {
    const body = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ config: v })),
      fc.tuple(fc.constantFrom(...leafPaths(defaults())), nasty).map(([path, v]) => {
        const c: any = {};
        let n = c;
        for (const k of path.slice(0, -1)) n = n[k] = {};
        n[path[path.length - 1]] = v;
        return JSON.stringify({ kind: "run", config: c }) ?? "null";
      }),
      fc.string({ maxLength: 200 }),
      fc.constant("x".repeat(70 * 1024)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"), async (payload, type) => {
        tried.httpBodies = (tried.httpBodies ?? 0) + 1;
        const r = await app.inject({ method: "POST", url: "/jobs", payload, headers: { "content-type": type } });
        expect(r.statusCode, `${r.statusCode} ${r.body}`).toBeLessThan(500);
        if (r.statusCode === 202) {
          // a valid job: cancel it at once (the property is about the request, not the run)
          const { id } = r.json();
          await app.inject({ method: "DELETE", url: `/jobs/${id}` });
        } else {
          expect([400, 413, 415, 429]).toContain(r.statusCode);
          expect(typeof r.json().error).toBe("string");
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
