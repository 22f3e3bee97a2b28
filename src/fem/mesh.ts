/**
 * A mesh bound to a core instance: its arrays copied into core memory once,
 * its node-graph sparsity built once, and the mesh-level integrals (volumes,
 * areas, quadrature points, loads) that the problems need.
 */
import type { Core, WasmArray } from "../wasm/core.js";
import type { TetMesh } from "../mesh/types.js";
import { nodesPerTet, nodesPerTri } from "../mesh/types.js";
import { validateMeshArrays } from "../mesh/validate.js";
import { buildPattern, type NodePattern } from "../linalg/sparse.js";
import { InputError } from "../errors.js";

/** Tet quadrature rules of the core: 1, 4 (degree 2) and 14 (degree 5) points. */
export type TetRule = "tet1" | "tet4" | "tet14";

export class FeMesh {
  readonly order: 1 | 2;
  readonly nNodes: number;
  readonly nTets: number;
  readonly nTris: number;
  /** nodes per tet */
  readonly npe: number;
  readonly coords: WasmArray<Float64Array>;
  readonly conn: WasmArray<Int32Array>;
  readonly tetGrain: WasmArray<Int32Array>;
  readonly tris: WasmArray<Int32Array>;
  readonly pattern: NodePattern;
  /**
   * Element chunks sorted by color (no two chunks of a color share a node)
   * for threaded assembly (assembly/parallel/coloring.ts); null on a
   * single-threaded core.
   */
  readonly coloring: ElementColoring | null;
  private nodalVolumeCache: Float64Array | null = null;
  /** volume of every tet (µm³; nTets), kept from create()'s check */
  private elementVolumeCache: Float64Array | null = null;

  private constructor(readonly core: Core, readonly mesh: TetMesh) {
    this.order = mesh.order;
    this.nNodes = mesh.nodes.length / 3;
    this.nTets = mesh.tetGrain.length;
    this.nTris = mesh.triGrain.length;
    this.npe = nodesPerTet(mesh.order);
    this.coords = core.fromF64(mesh.nodes);
    this.conn = core.fromI32(mesh.tets);
    this.tetGrain = core.fromI32(mesh.tetGrain);
    this.tris = core.fromI32(mesh.tris.length ? mesh.tris : new Int32Array(nodesPerTri(mesh.order)));
    this.pattern = buildPattern(core, this.conn, this.npe, this.nNodes);
    this.coloring = core.threads > 1 ? colorElements(core, this.conn, this.npe, this.nNodes) : null;
  }

  /** The coloring arguments of the core's assembly routines: chunkSize, chunks, colorPtr, nColors (0: assemble serially). */
  get colorArgs(): [number, number, number, number] {
    const c = this.coloring;
    return c ? [c.chunkSize, c.chunks.ptr, c.colorPtr.ptr, c.nColors] : [0, 0, 0, 0];
  }

  /**
   * Check a mesh (indices, finite coordinates, positive Jacobians at every
   * quadrature point and vertex) and bind it to `core`.
   * @throws InputError naming the first offending element
   */
  static create(core: Core, mesh: TetMesh): FeMesh {
    validateMeshArrays(mesh);
    const fe = new FeMesh(core, mesh);
    const { volume, minDet } = fe.tetVolumes();
    fe.elementVolumeCache = volume;
    for (let e = 0; e < fe.nTets; e++) {
      if (!(minDet[e] > 0)) {
        fe.dispose();
        throw new InputError("mesh.tets", `tet ${e} (grain ${mesh.tetGrain[e]}) is inverted or degenerate: ` +
          `min Jacobian determinant ${minDet[e].toExponential(3)}, volume ${volume[e].toExponential(3)} µm³`);
      }
    }
    return fe;
  }

  private ruleId(rule: TetRule): number {
    const ex = this.core.exports;
    return rule === "tet1" ? ex.TET_RULE_1.value : rule === "tet4" ? ex.TET_RULE_4.value : ex.TET_RULE_14.value;
  }

  /** Number of points of a rule. */
  rulePoints(rule: TetRule): number {
    return this.core.exports.tetRulePoints(this.ruleId(rule));
  }

  /** Volume of every tet (µm³; nTets), kept from create()'s check: one array, shared by its callers (read only). */
  elementVolumes(): Float64Array {
    return (this.elementVolumeCache ??= this.tetVolumes().volume);
  }

  /** Volume (µm³) and smallest Jacobian determinant of every tet, computed anew. */
  tetVolumes(): { volume: Float64Array; minDet: Float64Array } {
    const vol = this.core.f64(this.nTets), det = this.core.f64(this.nTets);
    this.core.exports.elementVolumes(this.order, this.nTets, this.conn.ptr, this.coords.ptr, vol.ptr, det.ptr);
    const out = { volume: vol.copy(), minDet: det.copy() };
    vol.free();
    det.free();
    return out;
  }

  /** Area (µm²) of every boundary triangle. */
  triangleAreas(): Float64Array {
    const a = this.core.f64(this.nTris);
    this.core.exports.surfaceAreas(this.order, this.nTris, this.tris.ptr, this.coords.ptr, a.ptr);
    const out = a.copy();
    a.free();
    return out;
  }

  /**
   * Consistent nodal load of a per-triangle scalar flux (overwrites `out`, nNodes f64).
   * @returns area of the triangles with non-zero flux (µm²)
   */
  surfaceFluxLoad(triFlux: WasmArray<Float64Array>, out: WasmArray<Float64Array>): number {
    return this.core.exports.assembleSurfaceFlux(this.order, this.nTris, this.tris.ptr, this.coords.ptr, triFlux.ptr, this.nNodes, out.ptr);
  }

  /** Consistent nodal load of a per-triangle pressure in MPa (overwrites `out`, 3 nNodes f64). */
  surfacePressureLoad(triPressure: WasmArray<Float64Array>, out: WasmArray<Float64Array>): void {
    this.core.exports.assembleSurfacePressure(this.order, this.nTris, this.tris.ptr, this.coords.ptr, triPressure.ptr, this.nNodes, out.ptr);
  }

  /** Physical points (nTets × nq × 3, µm) and weights (nTets × nq, µm³) of a rule. */
  quadraturePoints(rule: TetRule): { x: Float64Array; w: Float64Array } {
    const nq = this.rulePoints(rule);
    const x = this.core.f64(3 * nq * this.nTets), w = this.core.f64(nq * this.nTets);
    this.core.exports.quadraturePoints(this.order, this.nTets, this.conn.ptr, this.coords.ptr, this.ruleId(rule), x.ptr, w.ptr);
    const out = { x: x.copy(), w: w.copy() };
    x.free();
    w.free();
    return out;
  }

  /** Nodal field (nNodes × ncomp) interpolated to a rule's points: nTets × nq × ncomp. */
  interpolate(field: WasmArray<Float64Array>, ncomp: number, rule: TetRule): Float64Array {
    const out = this.core.f64(ncomp * this.rulePoints(rule) * this.nTets);
    this.core.exports.interpolateAtQuadrature(this.order, this.nTets, this.conn.ptr, this.ruleId(rule), field.ptr, ncomp, out.ptr);
    const r = out.copy();
    out.free();
    return r;
  }

  /**
   * ∫ N_a dV per node (µm³; nNodes), by the 4-point rule — the weights that
   * turn nodal values into volume integrals, ∫ u dV = Σ_a u_a ∫ N_a dV, as
   * the 4-point rule at the points would give it. Computed once per mesh.
   * On a linear mesh ∫ N_a dV = V_e / 4 over each tet (the rule is exact
   * there; equal to rounding), from the volumes create() computed.
   */
  nodalVolumes(): Float64Array {
    if (!this.nodalVolumeCache && this.order === 1) {
      const vol = this.elementVolumes(), T = this.mesh.tets;
      const m = new Float64Array(this.nNodes);
      for (let e = 0; e < this.nTets; e++) {
        const q = 0.25 * vol[e];
        m[T[4 * e]] += q; m[T[4 * e + 1]] += q; m[T[4 * e + 2]] += q; m[T[4 * e + 3]] += q;
      }
      this.nodalVolumeCache = m;
    }
    if (!this.nodalVolumeCache) {
      const out = this.core.f64(this.nNodes);
      this.bodyLoad("tet4", new Float64Array(this.rulePoints("tet4") * this.nTets).fill(1), 1, out);
      this.nodalVolumeCache = out.copy();
      out.free();
    }
    return this.nodalVolumeCache;
  }

  /** Body load ∫ b N_a dV from values at a rule's points (nTets × nq × ncomp); overwrites `out`. */
  bodyLoad(rule: TetRule, values: Float64Array, ncomp: number, out: WasmArray<Float64Array>): void {
    const v = this.core.fromF64(values);
    this.core.exports.assembleBodyLoad(this.order, this.nTets, this.conn.ptr, this.coords.ptr, this.ruleId(rule), v.ptr, ncomp, this.nNodes, out.ptr);
    v.free();
  }

  dispose(): void {
    for (const a of [this.coords, this.conn, this.tetGrain, this.tris, this.pattern.rowPtr, this.pattern.colIdx]) a.free();
    this.coloring?.chunks.free();
    this.coloring?.colorPtr.free();
  }
}

/** Chunks of consecutive elements grouped by color: color c is chunks[colorPtr[c] … colorPtr[c + 1]). */
export interface ElementColoring {
  /** elements per chunk (the last chunk may be shorter) */
  chunkSize: number;
  nColors: number;
  /** chunk ids, sorted by color */
  chunks: WasmArray<Int32Array>;
  /** nColors + 1 i32 */
  colorPtr: WasmArray<Int32Array>;
}

/** Elements per chunk: enough work per chunk to hide the hand-out, enough chunks per color to balance two to four threads. */
const CHUNK_SIZE = 256;
/** Most colors a coloring may use. */
const MAX_COLORS = 1024;

function colorElements(core: Core, conn: WasmArray<Int32Array>, npe: number, nNodes: number): ElementColoring {
  const nElems = conn.length / npe;
  const ex = core.exports;
  const chunks = core.i32(ex.chunkCount(nElems, CHUNK_SIZE)), colorPtr = core.i32(MAX_COLORS + 1);
  const nColors = ex.elementColoring(nElems, npe, conn.ptr, nNodes, CHUNK_SIZE, MAX_COLORS, chunks.ptr, colorPtr.ptr);
  if (nColors < 0) throw new Error(`element coloring needs more than ${MAX_COLORS} colors`);
  return { chunkSize: CHUNK_SIZE, nColors, chunks, colorPtr };
}
