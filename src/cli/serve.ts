/**
 * `grainfem serve`: the HTTP service (service/server.ts) on a port, with a
 * graceful shutdown on SIGINT/SIGTERM (stop accepting, let running jobs
 * finish for up to --grace seconds, cancel the rest).
 */
import { availableParallelism } from "node:os";
import { buildServer } from "../service/server.js";

export interface ServeOptions {
  port: number;
  host: string;
  results: string;
  concurrency?: number;
  queue: number;
  retain: number;
  grace: number;
  maxJobS?: number;
}

export async function serveCommand(o: ServeOptions): Promise<void> {
  const app = buildServer({ resultsDir: o.results, concurrency: o.concurrency ?? availableParallelism(), maxQueued: o.queue, retain: o.retain, maxJobSeconds: o.maxJobS });
  const address = await app.listen({ port: o.port, host: o.host });
  process.stderr.write(`grainfem serve: listening on ${address} (results in ${o.results}; OpenAPI at ${address}/openapi.json)\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      process.stderr.write(`grainfem serve: ${sig}, finishing running jobs (up to ${o.grace} s)\n`);
      void app.jobs.shutdown(o.grace * 1000).then(() => app.close()).then(resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}
