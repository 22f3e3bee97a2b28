/**
 * Types of the library's asynchronous API (SPEC §3.4), the same in Node
 * (worker threads, api/simulate-node.ts) and browsers (Web Workers,
 * api/simulate-browser.ts).
 */
import type { Progress, SimulationFields } from "../solver/simulate.js";
import type { Summary } from "../solver/summary.js";

export interface SimulateOptions {
  signal?: AbortSignal;
  /** progress events { phase, step, steps, soc, etaS } (SPEC §3.4) */
  onProgress?: (p: Progress) => void;
  /** θ-out-of-range warnings and similar */
  onWarning?: (message: string) => void;
  /** θ leaving [0, 1] rejects with a NumericalError */
  strict?: boolean;
  /** run on this mesh file's contents (.msh or .vtu) instead of generating a particle (in Node, config geometry.meshFile reads a path) */
  meshFile?: { name: string; bytes: Uint8Array };
}

export interface SimulateResult {
  summary: Summary;
  fields: SimulationFields;
  /** seconds the worker took to instantiate its wasm core (0 when it was already warm) */
  coreSetupS: number;
}

export interface CompareResult {
  asslb: { summary: Summary; fields: SimulationFields };
  lelb: { summary: Summary; fields: SimulationFields };
  coreSetupS: number;
}
