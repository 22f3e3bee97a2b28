/**
 * Web Worker entry of the library's `simulate`/`compare` in browsers
 * (api/simulate-browser.ts); the job itself is api/worker-job.ts. VTU mesh
 * files are inflated with fflate (zlib in plain JS).
 */
import { unzlibSync, zlibSync } from "fflate";
import { runWorkerJob, type WorkerJob } from "./worker-job.js";

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerJob>) => void) | null; postMessage(m: unknown, transfer?: Transferable[]): void };

scope.onmessage = (e) => {
  // one job per worker (api/simulate-browser.ts): its core takes solver.threads — a pool of Web Workers where the page is cross-origin isolated
  void runWorkerJob(e.data, (m, transfer) => scope.postMessage(m, transfer ?? []), { inflate: unzlibSync, deflate: (d) => zlibSync(d, { level: 6 }) }, (c) => c.solver.threads);
};
