/**
 * Nodal stress recovery that keeps grain-boundary jumps (SPEC §2).
 *
 * Stress is discontinuous across grain boundaries (the stiffness and the
 * eigenstrain jump there), so a node on a boundary gets one value per grain
 * that touches it: a "split node" for every (node, grain) pair.
 *
 * In each tet the stress at the 4 Gauss points of the stiffness rule (point k
 * at barycentric a on vertex k, b = (1 − a)/3 on the others) defines the
 * linear field through them; for a linear field f with vertex values f_i,
 * s_k = b Σ f_i + (a − b) f_k and Σ s_k = Σ f_i, hence
 *   f_k = (s_k − b Σ s) / (a − b).
 * This is exact for the linear stress of a P2 displacement on a straight
 * tet. Mid-edge nodes take the mean of their edge's vertices. Each split
 * node then averages its tets' values weighted by tet volume.
 */
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet } from "../mesh/types.js";
import type { Core, WasmArray } from "../wasm/core.js";

/** Nodes duplicated per grain. */
export interface SplitNodes {
  /** number of (node, grain) pairs */
  count: number;
  /** per tet node: split id, nTets × npe */
  conn: Int32Array;
  /** original node of each split node */
  node: Int32Array;
  /** grain of each split node */
  grain: Int32Array;
}

/** Split every node shared by several grains into one node per grain. */
export function splitNodesByGrain(mesh: TetMesh): SplitNodes {
  const npe = nodesPerTet(mesh.order);
  const nTets = mesh.tetGrain.length;
  const nNodes = mesh.nodes.length / 3;
  // first (node, grain) pair in arrays; further grains of a node in a map
  const firstGrain = new Int32Array(nNodes).fill(-1);
  const firstId = new Int32Array(nNodes);
  const extra = new Map<number, number>();
  const conn = new Int32Array(nTets * npe);
  const node: number[] = [], grain: number[] = [];
  for (let t = 0; t < nTets; t++) {
    const g = mesh.tetGrain[t];
    for (let k = 0; k < npe; k++) {
      const v = mesh.tets[t * npe + k];
      let id: number;
      if (firstGrain[v] === -1) {
        firstGrain[v] = g;
        id = firstId[v] = node.length;
        node.push(v);
        grain.push(g);
      } else if (firstGrain[v] === g) id = firstId[v];
      else {
        const key = v * mesh.nGrains + g;
        const found = extra.get(key);
        if (found === undefined) {
          id = node.length;
          extra.set(key, id);
          node.push(v);
          grain.push(g);
        } else id = found;
      }
      conn[t * npe + k] = id;
    }
  }
  return { count: node.length, conn, node: Int32Array.from(node), grain: Int32Array.from(grain) };
}

/**
 * The recovered nodal field on the split nodes, computed in wasm
 * (assembly/recovery.ts; each split node gathers from its tets, on the pool)
 * from values already in core memory — the stresses the elasticity system
 * has just formed, recovered before they are copied out. The split
 * nodes' incidence (their tets) and the tet volumes go to core memory once.
 */
export class NodalRecovery {
  private readonly incPtr: WasmArray<Int32Array>;
  private readonly inc: WasmArray<Int32Array>;
  private readonly volume: WasmArray<Float64Array>;
  private readonly nTets: number;

  /** @param tetVolume per tet volume (µm³), the averaging weight */
  constructor(private readonly core: Core, private readonly split: SplitNodes, private readonly order: 1 | 2, tetVolume: Float64Array) {
    const conn = core.fromI32(split.conn);
    this.incPtr = core.i32(split.count + 1, false);
    this.inc = core.i32(split.conn.length, false); // (both written whole)
    core.exports.recoveryIncidence(order, tetVolume.length, conn.ptr, split.count, this.incPtr.ptr, this.inc.ptr);
    conn.free();
    this.volume = core.fromF64(tetVolume);
    this.nTets = tetVolume.length;
  }

  /**
   * @param values quadrature-point values in core memory, nTets × 4 × ncomp
   * @returns split-node field, count × ncomp
   */
  recover(values: WasmArray<Float64Array>, ncomp: number): Float64Array {
    const core = this.core, count = this.split.count;
    if (values.length !== this.nTets * 4 * ncomp) throw new RangeError(`NodalRecovery: ${values.length} values for ${this.nTets} tets × 4 points × ${ncomp}`);
    const out = core.f64(count * ncomp, false); // (the kernel writes every row)
    try {
      core.exports.recoverSplitNodal(this.order, count, this.incPtr.ptr, this.inc.ptr, this.volume.ptr, values.ptr, ncomp, out.ptr);
      return out.copy();
    } finally {
      out.free();
    }
  }

  dispose(): void {
    this.incPtr.free();
    this.inc.free();
    this.volume.free();
  }
}

/** Gather a nodal field (nNodes × ncomp) onto the split nodes. */
export function toSplit(split: SplitNodes, field: ArrayLike<number>, ncomp: number): Float64Array {
  const out = new Float64Array(split.count * ncomp);
  for (let i = 0; i < split.count; i++) {
    const v = split.node[i];
    for (let c = 0; c < ncomp; c++) out[i * ncomp + c] = field[v * ncomp + c];
  }
  return out;
}
