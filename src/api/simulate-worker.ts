/**
 * Worker-thread entry of the library's `simulate`/`compare` in Node
 * (api/simulate-node.ts); the job itself is api/worker-job.ts.
 */
import { parentPort } from "node:worker_threads";
import { NODE_ZLIB } from "../io/files.js";
import { runWorkerJob, type WorkerJob } from "./worker-job.js";

export type { WorkerJob } from "./worker-job.js";

parentPort!.on("message", (job: WorkerJob) => {
  void runWorkerJob(job, (m, transfer) => parentPort!.postMessage(m, transfer), NODE_ZLIB);
});
