/**
 * The HTTP JSON service (`grainfem serve`, Fastify):
 *
 *   POST   /jobs                  {kind?: "run" | "compare", config}  → 202 {id, state}
 *                                  400 bad config (key and reason), 413 body over the limit,
 *                                  429 queue full (Retry-After), 503 shutting down
 *   GET    /jobs/:id              state, progress, error, warnings, files
 *   GET    /jobs/:id/summary      summary.json of a finished job (409 while it runs)
 *   GET    /jobs/:id/files/*      a result file (VTU, PVD, CSV, PNG, SVG, JSON)
 *   DELETE /jobs/:id              cancel (202), 409 when already finished
 *   GET    /health                queue and pool occupancy
 *   GET    /openapi.json          this API as OpenAPI 3.1 (also /docs)
 */
import Fastify, { type FastifyInstance } from "fastify";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { InputError } from "../errors.js";
import { JobManager, QueueFullError, type Job, type JobManagerOptions } from "./jobs.js";
import { OPENAPI } from "./openapi.js";
import { VERSION } from "../version.js";

export interface ServerOptions extends JobManagerOptions {
  /** request body limit in bytes (default 1 MiB) */
  bodyLimit?: number;
  logger?: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  ".json": "application/json", ".vtu": "application/xml", ".pvd": "application/xml", ".csv": "text/csv; charset=utf-8",
  ".png": "image/png", ".svg": "image/svg+xml",
};

function view(j: Job) {
  return {
    id: j.id, kind: j.kind, state: j.state, createdAt: j.createdAt, startedAt: j.startedAt, finishedAt: j.finishedAt,
    progress: j.progress, error: j.error, warnings: j.warnings, files: j.state === "done" ? j.files : [],
  };
}

/** Build the service (not listening yet); `app.jobs` is its JobManager. */
export function buildServer(opts: ServerOptions): FastifyInstance & { jobs: JobManager } {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 1 << 20 });
  const jobs = new JobManager(opts);
  app.decorate("jobs", jobs);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.code(413).send({ error: "payload too large", limitBytes: opts.bodyLimit ?? 1 << 20 });
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
    return reply.code(500).send({ error: "internal error", message: err.message });
  });

  app.post("/jobs", async (req, reply) => {
    const body = req.body as { kind?: unknown; config?: unknown } | null;
    if (!body || typeof body !== "object" || Array.isArray(body)) return reply.code(400).send({ error: "the body must be a JSON object { kind?, config }" });
    const kind = body.kind ?? "run";
    if (kind !== "run" && kind !== "compare") return reply.code(400).send({ error: "kind: must be \"run\" or \"compare\"", key: "kind" });
    const config = body.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) return reply.code(400).send({ error: "config: must be an object", key: "config" });
    try {
      const job = jobs.submit(kind, config as never);
      return reply.code(202).header("location", `/jobs/${job.id}`).send({ id: job.id, state: job.state });
    } catch (e) {
      if (e instanceof InputError) return reply.code(400).send({ error: e.message, key: e.where.replace(/ \(.*\)$/, "") });
      if (e instanceof QueueFullError) return reply.code(429).header("retry-after", String(e.retryAfterS)).send({ error: e.message, retryAfterS: e.retryAfterS });
      return reply.code(503).send({ error: (e as Error).message });
    }
  });

  app.get("/jobs/:id", async (req, reply) => {
    const job = jobs.get((req.params as { id: string }).id);
    return job ? view(job) : reply.code(404).send({ error: "no such job" });
  });

  app.get("/jobs/:id/summary", async (req, reply) => {
    const { id } = req.params as { id: string };
    const job = jobs.get(id);
    if (!job) return reply.code(404).send({ error: "no such job" });
    if (job.state !== "done") return reply.code(409).send({ error: `job is ${job.state}`, state: job.state });
    return reply.type("application/json").send(createReadStream(join(jobs.dir(id), "summary.json")));
  });

  app.get("/jobs/:id/files/*", async (req, reply) => {
    const { id, "*": name } = req.params as { id: string; "*": string };
    const job = jobs.get(id);
    if (!job) return reply.code(404).send({ error: "no such job" });
    if (job.state !== "done") return reply.code(409).send({ error: `job is ${job.state}`, state: job.state });
    // only the job's listed files; no path escapes
    const rel = normalize(name);
    if (rel.startsWith("..") || rel.includes(`..${sep}`) || !job.files.includes(rel.split(sep).join("/"))) return reply.code(404).send({ error: "no such file", files: job.files });
    const path = join(jobs.dir(id), rel);
    if (!existsSync(path)) return reply.code(404).send({ error: "no such file" });
    return reply.type(CONTENT_TYPES[extname(path)] ?? "application/octet-stream").header("content-length", statSync(path).size).send(createReadStream(path));
  });

  app.delete("/jobs/:id", async (req, reply) => {
    const job = jobs.get((req.params as { id: string }).id);
    if (!job) return reply.code(404).send({ error: "no such job" });
    const wasQueued = job.state === "queued";
    if (!jobs.cancel(job.id)) return reply.code(409).send({ error: `job is already ${job.state}`, state: job.state });
    return reply.code(202).send({ id: job.id, state: wasQueued ? "cancelled" : "cancelling" });
  });

  app.get("/health", async () => ({ status: "ok", version: VERSION, ...jobs.counts(), concurrency: opts.concurrency, maxQueued: opts.maxQueued }));
  app.get("/openapi.json", async () => OPENAPI);
  app.get("/docs", async () => OPENAPI);

  app.addHook("onClose", async () => {
    await jobs.shutdown();
  });
  return app as unknown as FastifyInstance & { jobs: JobManager };
}
