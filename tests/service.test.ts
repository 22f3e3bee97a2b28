// The HTTP service (`grainfem serve`) over real HTTP on 127.0.0.1 (a free
// port per test): jobs through the whole life cycle, the error statuses of
// the contract (400 with the key, 413, 429 with Retry-After, 404/409),
// cancellation, retention, the OpenAPI document and a graceful shutdown.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { buildServer } from "../src/service/server.js";
import { shutdownPool } from "grainfem";

const small = {
  geometry: { grains: 6, seed: 3, radiusUm: 3, meshSizeUm: 0.9, order: 1 },
  material: { diffusivityM2s: [5e-15, 5e-15, 5e-15] },
  outputs: { soc: [0.5, 1], profilePoints: 11 },
};
const slow = { ...small, geometry: { ...small.geometry, meshSizeUm: 0.45 }, time: { stepsPerHour: 3000 }, outputs: { ...small.outputs, figures: false } };

afterAll(async () => {
  await shutdownPool();
});

interface Reply { statusCode: number; headers: Record<string, string>; body: string; rawPayload: Buffer; json(): any }
type Call = (req: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }) => Promise<Reply>;

/** A listening service and a fetch-based caller for it. */
async function start(opts: Parameters<typeof buildServer>[0]): Promise<{ app: ReturnType<typeof buildServer>; call: Call; base: string }> {
  const app = buildServer(opts);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const call: Call = async ({ method, url, payload, headers }) => {
    const body = payload === undefined ? undefined : typeof payload === "string" ? payload : JSON.stringify(payload);
    const r = await fetch(base + url, { method, body, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers } });
    const raw = Buffer.from(await r.arrayBuffer());
    return { statusCode: r.status, headers: Object.fromEntries([...(r.headers as unknown as Iterable<[string, string]>)]), body: raw.toString("utf8"), rawPayload: raw, json: () => JSON.parse(raw.toString("utf8")) };
  };
  return { app, call, base };
}

async function waitFor(call: Call, id: string, states: string[], ms = 60_000) {
  const t0 = Date.now();
  for (;;) {
    const r = await call({ method: "GET", url: `/jobs/${id}` });
    const j = r.json();
    if (states.includes(j.state)) return j;
    if (Date.now() - t0 > ms) throw new Error(`job ${id} still ${j.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe("grainfem serve", () => {
  it("runs a job: 202 + Location, progress, summary, files (JSON, VTU, PNG) with content types", async () => {
    const { app, call } = await start({ resultsDir: mkdtempSync(join(tmpdir(), "gf-svc-")), concurrency: 1, maxQueued: 4, retain: 10 });
    const r = await call({ method: "POST", url: "/jobs", payload: { config: small } });
    expect(r.statusCode).toBe(202);
    const { id } = r.json();
    expect(r.headers.location).toBe(`/jobs/${id}`);
    const early = await call({ method: "GET", url: `/jobs/${id}/summary` });
    expect([200, 409]).toContain(early.statusCode);
    const j = await waitFor(call, id, ["done", "failed"]);
    expect(j.state).toBe("done");
    expect(j.progress.phase).toBe("post");
    expect(j.files).toEqual(expect.arrayContaining(["summary.json", "result.pvd", "result_soc50.vtu", "profile_soc100.csv", "figures/section_soc50.png"]));
    const s = await call({ method: "GET", url: `/jobs/${id}/summary` });
    expect(s.statusCode).toBe(200);
    expect(s.json().snapshots.map((p: { thetaMean: number }) => p.thetaMean)).toEqual([expect.closeTo(0.69, 9), expect.closeTo(0.38, 9)]);
    const vtu = await call({ method: "GET", url: `/jobs/${id}/files/result_soc50.vtu` });
    expect(vtu.statusCode).toBe(200);
    expect(vtu.headers["content-type"]).toMatch(/xml/);
    expect(vtu.body).toContain("vtkZLibDataCompressor");
    const png = await call({ method: "GET", url: `/jobs/${id}/files/figures/section_soc50.png` });
    expect(png.headers["content-type"]).toBe("image/png");
    expect(PNG.sync.read(png.rawPayload).width).toBeGreaterThan(600);
    expect((await call({ method: "GET", url: `/jobs/${id}/files/..%2F..%2Fetc%2Fpasswd` })).statusCode).toBe(404);
    expect((await call({ method: "GET", url: `/jobs/${id}/files/nope.csv` })).statusCode).toBe(404);
    expect((await call({ method: "DELETE", url: `/jobs/${id}` })).statusCode).toBe(409);
    expect((await call({ method: "GET", url: "/jobs/00000000-0000-0000-0000-000000000000" })).statusCode).toBe(404);
    await app.close();
  });

  it("bad input: 400 naming the key; 413 over the body limit; a failed run reports the numerical failure", async () => {
    const { app, call } = await start({ resultsDir: mkdtempSync(join(tmpdir(), "gf-svc-")), concurrency: 1, maxQueued: 4, retain: 10, bodyLimit: 4096 });
    const bad = await call({ method: "POST", url: "/jobs", payload: { config: { geometry: { radiusUm: -2 } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().key).toBe("geometry.radiusUm");
    expect(bad.json().error).toMatch(/accepted/);
    const unknown = await call({ method: "POST", url: "/jobs", payload: { config: { geometri: {} } } });
    expect(unknown.statusCode).toBe(400);
    expect((await call({ method: "POST", url: "/jobs", payload: { kind: "sweep" } })).json().key).toBe("kind");
    const notJson = await call({ method: "POST", url: "/jobs", payload: "{ nope", headers: { "content-type": "application/json" } });
    expect(notJson.statusCode).toBe(400);
    const big = await call({ method: "POST", url: "/jobs", payload: { config: { material: { orientations: Array.from({ length: 2000 }, () => [1, 0, 0, 0]) } } } });
    expect(big.statusCode).toBe(413);
    const fail = await call({ method: "POST", url: "/jobs", payload: { config: { ...small, solver: { maxIterations: 2 } } } });
    const j = await waitFor(call, fail.json().id, ["done", "failed"]);
    expect(j.state).toBe("failed");
    expect(j.error.name).toBe("NumericalError");
    expect(j.error.message).toMatch(/diffusion step 1: CG max-iterations/);
    expect((await call({ method: "GET", url: `/jobs/${fail.json().id}/summary` })).statusCode).toBe(409);
    await app.close();
  });

  it("a bounded queue: 429 with Retry-After when full; cancelling queued and running jobs; retention deletes the oldest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gf-svc-"));
    const { app, call } = await start({ resultsDir: dir, concurrency: 1, maxQueued: 1, retain: 2 });
    const a = (await call({ method: "POST", url: "/jobs", payload: { config: slow } })).json();
    await waitFor(call, a.id, ["running"]);
    const b = (await call({ method: "POST", url: "/jobs", payload: { config: slow } })).json();
    const c = await call({ method: "POST", url: "/jobs", payload: { config: slow } });
    expect(c.statusCode).toBe(429);
    expect(Number(c.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // cancel the queued one, then the running one
    expect((await call({ method: "DELETE", url: `/jobs/${b.id}` })).json().state).toBe("cancelled");
    const t0 = Date.now();
    expect((await call({ method: "DELETE", url: `/jobs/${a.id}` })).statusCode).toBe(202);
    expect((await waitFor(call, a.id, ["cancelled", "done", "failed"])).state).toBe("cancelled");
    expect(Date.now() - t0).toBeLessThan(3000);
    const health = (await call({ method: "GET", url: "/health" })).json();
    expect(health).toMatchObject({ status: "ok", queued: 0, running: 0, concurrency: 1, maxQueued: 1 });
    // retention: 2 finished jobs kept; each further one removes the oldest finished (and its folder)
    const d = (await call({ method: "POST", url: "/jobs", payload: { config: small } })).json();
    await waitFor(call, d.id, ["done"]);
    expect((await call({ method: "GET", url: `/jobs/${b.id}` })).statusCode).toBe(404); // cancelled first
    expect((await call({ method: "GET", url: `/jobs/${a.id}` })).statusCode).toBe(200);
    expect(existsSync(join(dir, a.id))).toBe(true);
    const e = (await call({ method: "POST", url: "/jobs", payload: { config: small } })).json();
    await waitFor(call, e.id, ["done"]);
    expect((await call({ method: "GET", url: `/jobs/${a.id}` })).statusCode).toBe(404);
    expect(existsSync(join(dir, a.id))).toBe(false);
    expect(existsSync(join(dir, d.id, "summary.json"))).toBe(true);
    await app.close();
  });

  it("compare jobs write both cases and the side-by-side figures; OpenAPI lists the paths", async () => {
    const { app, call } = await start({ resultsDir: mkdtempSync(join(tmpdir(), "gf-svc-")), concurrency: 1, maxQueued: 4, retain: 10 });
    const r = (await call({ method: "POST", url: "/jobs", payload: { kind: "compare", config: small } })).json();
    const j = await waitFor(call, r.id, ["done", "failed"]);
    expect(j.state).toBe("done");
    expect(j.files).toEqual(expect.arrayContaining(["asslb/result.pvd", "lelb/summary.json", "figures/compare_soc50.png", "summary.json"]));
    const s = (await call({ method: "GET", url: `/jobs/${r.id}/summary` })).json();
    expect(Object.keys(s)).toEqual(["asslb", "lelb"]);
    const api = (await call({ method: "GET", url: "/openapi.json" })).json();
    expect(api.openapi).toBe("3.1.0");
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(["/jobs", "/jobs/{id}", "/jobs/{id}/summary", "/jobs/{id}/files/{name}", "/health"]));
    await app.close();
  });

  it("shuts down gracefully: a running job finishes, new submissions get 503", async () => {
    const { app, call } = await start({ resultsDir: mkdtempSync(join(tmpdir(), "gf-svc-")), concurrency: 1, maxQueued: 4, retain: 10 });
    const res = await call({ method: "POST", url: "/jobs", payload: { config: { ...small, outputs: { ...small.outputs, figures: false } } } });
    expect(res.statusCode).toBe(202);
    const { id } = res.json();
    expect((await call({ method: "GET", url: "/health" })).json().status).toBe("ok");
    const stopping = app.jobs.shutdown(60_000); // what SIGTERM does before close
    expect((await call({ method: "POST", url: "/jobs", payload: { config: small } })).statusCode).toBe(503);
    await stopping;
    expect(app.jobs.get(id)!.state).toBe("done");
    await app.close();
  });
});
