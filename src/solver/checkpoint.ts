/**
 * Checkpoints of a running simulation (browser-pure): everything the rest of
 * a run depends on, taken between diffusion steps and at each output SOC, so
 * that a run continued from one gives the same numbers, bit for bit, as a run
 * never interrupted — the diffusion state (θ, time, step counters,
 * out-of-range bookkeeping) and θ at the output SOCs already reached. The
 * elasticity solves come after the whole diffusion (simulate.ts, runCases),
 * so a checkpoint holds no solver state of theirs: a run resumed from the
 * last one (diffusion done) solves them all, as the uninterrupted run did.
 * The mesh is not stored: it is rebuilt from the config (the mesher is
 * deterministic) and checked against `meshHash`.
 *
 * Writing one to disk is the caller's business (io/checkpoint.ts in Node).
 */
import type { TetMesh } from "../mesh/types.js";
import type { DiffusedOutput } from "./simulate.js";
import type { TransportState } from "./transport.js";

export interface SimulationCheckpoint {
  /** 2 since the stresses are solved after the diffusion (version 1 held solved snapshots) */
  version: 2;
  /** grainfem version and core build that wrote it (a resumed run must use the same to continue bit for bit) */
  producer: string;
  /** meshHash of the run's mesh */
  meshHash: string;
  /** output segment in progress (index into the output SOCs; their count when the diffusion is done) */
  segment: number;
  /** diffusion steps of that segment already taken */
  stepInSegment: number;
  /** time step of that segment (s) */
  segmentDt: number;
  transport: TransportState;
  /** θ at the output SOCs reached so far */
  outputs: DiffusedOutput[];
  /** θ-range warnings already given */
  warned: { low: boolean; high: boolean };
}

export interface CheckpointOptions {
  /** take a checkpoint every this many diffusion steps (and at each output SOC) */
  everySteps: number;
  /** store it (synchronously: the run continues when this returns) */
  save: (checkpoint: SimulationCheckpoint) => void;
}

/** FNV-1a over the bytes of an array, continuing from `h` (32-bit). */
function fnv(bytes: Uint8Array, h: number): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return h;
}

/** A fingerprint of a mesh (coordinates, connectivity, grains): equal meshes give equal hashes. */
export function meshHash(m: TetMesh): string {
  const parts = [m.nodes, m.tets, m.tetGrain].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const h1 = parts.reduce((h, b) => fnv(b, h), 2166136261);
  const h2 = parts.reduceRight((h, b) => fnv(b, h), 0x811c9dc5 ^ 0x5bd1e995);
  return `${m.order}-${m.tetGrain.length}-${h1.toString(16).padStart(8, "0")}${h2.toString(16).padStart(8, "0")}`;
}
