// `grainfem serve` under a bounded load (loopback only, fixed request count):
// concurrent submissions, cancellations, malformed bodies and status polls.
// No job may be lost or duplicated (every 202 id ends in exactly one final
// state; every 429 created nothing), no request may get a 5xx, the process's
// memory must stay bounded, and the p99 latency of the status endpoints is
// reported. Also: the job time limit (--max-job-s) stops a long job.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildServer } from "../src/service/server.js";
import { shutdownPool } from "grainfem";

const tiny = { geometry: { grains: 4, seed: 1, radiusUm: 2, meshSizeUm: 1.0, order: 1 }, time: { stepsPerHour: 20 }, outputs: { soc: [1], profilePoints: 5, figures: false, vtu: false } };

afterAll(async () => {
  await shutdownPool();
});

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

describe("grainfem serve under load", () => {
  it("400 mixed requests from 16 concurrent clients: no 5xx, no lost or duplicated job, bounded memory, p99 of status reported", async () => {
    const app = buildServer({ resultsDir: mkdtempSync(join(tmpdir(), "grainfem-load-")), concurrency: 2, maxQueued: 12, retain: 10_000 });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const rss0 = process.memoryUsage().rss;
    const accepted: string[] = [];
    const statusLatency: number[] = [];
    const codes = new Map<number, number>();
    let refused = 0;
    const count = (c: number) => codes.set(c, (codes.get(c) ?? 0) + 1);
    const REQUESTS = 400, CLIENTS = 16;
    let next = 0;
    const client = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const kind = i % 5;
        let r: Response;
        if (kind === 0 || kind === 1) {
          // a valid tiny job (seeds differ so nothing is cached anywhere)
          r = await fetch(`${base}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ config: { ...tiny, geometry: { ...tiny.geometry, seed: i } } }) });
          if (r.status === 202) accepted.push((await r.json()).id);
          else {
            if (r.status === 429) refused++;
            await r.arrayBuffer();
          }
        } else if (kind === 2) {
          // malformed: broken JSON, wrong types, unknown keys
          const bodies = ["{", JSON.stringify({ config: { cycling: { cRate: "fast" } } }), JSON.stringify({ kind: "explode" }), JSON.stringify({ config: { nope: 1 } })];
          r = await fetch(`${base}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i % bodies.length] });
          expect(r.status).toBe(400);
          await r.arrayBuffer();
        } else if (kind === 3 && accepted.length) {
          // cancel a random accepted job (may already be done: 409)
          const id = accepted[(i * 7) % accepted.length];
          r = await fetch(`${base}/jobs/${id}`, { method: "DELETE" });
          await r.arrayBuffer();
        } else {
          const id = accepted.length ? accepted[(i * 13) % accepted.length] : "none";
          const t0 = performance.now();
          r = await fetch(`${base}/jobs/${id}`);
          await r.arrayBuffer();
          statusLatency.push(performance.now() - t0);
        }
        count(r.status);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    // wait for every accepted job to reach a final state
    const final = new Map<string, string>();
    const t0 = Date.now();
    while (final.size < accepted.length && Date.now() - t0 < 240_000) {
      for (const id of accepted) {
        if (final.has(id)) continue;
        const t = performance.now();
        const j = await (await fetch(`${base}/jobs/${id}`)).json();
        statusLatency.push(performance.now() - t);
        if (["done", "failed", "cancelled"].includes(j.state)) final.set(id, j.state);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const rss1 = process.memoryUsage().rss;
    await app.jobs.shutdown(0);
    await app.close();

    expect([...codes.keys()].every((c) => c < 500), JSON.stringify([...codes])).toBe(true);
    expect(new Set(accepted).size).toBe(accepted.length); // no duplicated ids
    expect(final.size).toBe(accepted.length); // none lost
    const states = [...final.values()];
    expect(states.filter((s) => s === "failed")).toEqual([]);
    const done = states.filter((s) => s === "done").length, cancelled = states.filter((s) => s === "cancelled").length;
    expect(done + cancelled).toBe(accepted.length);
    expect(refused).toBeGreaterThan(0); // the bounded queue pushed back
    expect(rss1 - rss0).toBeLessThan(300 * 2 ** 20);
    const p50 = quantile(statusLatency, 0.5), p99 = quantile(statusLatency, 0.99);
    expect(p99).toBeLessThan(500);
    console.log(`service load: ${REQUESTS} requests from ${CLIENTS} clients; ${accepted.length} jobs accepted (${done} done, ${cancelled} cancelled), ${refused} refused with 429; ` +
      `status latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${statusLatency.length} polls; RSS +${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB; codes ${JSON.stringify(Object.fromEntries(codes))}`);
  });

  it("a job running past --max-job-s is stopped and marked failed (TimeLimit)", async () => {
    const app = buildServer({ resultsDir: mkdtempSync(join(tmpdir(), "grainfem-limit-")), concurrency: 1, maxQueued: 2, retain: 10, maxJobSeconds: 1 });
    await app.ready();
    const slow = { ...tiny, geometry: { ...tiny.geometry, meshSizeUm: 0.3, order: 2 }, time: { stepsPerHour: 3000 } };
    const r = await app.inject({ method: "POST", url: "/jobs", payload: { config: slow } });
    expect(r.statusCode).toBe(202);
    const id = r.json().id;
    const t0 = Date.now();
    let j: any;
    do {
      await new Promise((res) => setTimeout(res, 100));
      j = (await app.inject({ method: "GET", url: `/jobs/${id}` })).json();
    } while (!["done", "failed", "cancelled"].includes(j.state) && Date.now() - t0 < 30_000);
    expect(j.state).toBe("failed");
    expect(j.error.name).toBe("TimeLimit");
    expect(j.error.message).toMatch(/time limit of 1 s/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await app.jobs.shutdown(0);
    await app.close();
  });
});
