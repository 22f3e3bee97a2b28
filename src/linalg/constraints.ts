/**
 * Essential boundary conditions and rigid-body modes.
 *
 * A free particle loaded only by eigenstrain (and uniform pressure) is in
 * self-equilibrium, so removing its 6 rigid-body modes with 6 point
 * constraints (3-2-1 pinning) produces zero reactions and adds no stress.
 */
import type { Core, WasmArray } from "../wasm/core.js";
import type { Matrix } from "./sparse.js";
import { checkLength } from "./pcg.js";

/**
 * Impose x_k = g_k for mask[k] ≠ 0, symmetrically (constrained rows and
 * columns zeroed, diagonal kept, b adjusted). g may be null for zero values.
 */
export function applyDirichlet(core: Core, A: Matrix, mask: WasmArray<Uint8Array>, g: WasmArray<Float64Array> | null,
  b: WasmArray<Float64Array>): void {
  checkLength("mask", mask, A.n);
  checkLength("b", b, A.n);
  if (g) checkLength("g", g, A.n);
  const { rowPtr, colIdx } = A.pattern;
  if (A.kind === "bsr3-sym") {
    const lower = A.pattern.lower;
    core.exports.bsr3SymApplyDirichlet(A.n / 3, A.diag.ptr, rowPtr.ptr, colIdx.ptr, A.vals.ptr, lower.rowPtr.ptr, lower.colIdx.ptr, lower.pos.ptr,
      mask.ptr, g?.ptr ?? 0, b.ptr);
  }
  else if (A.kind === "csr") core.exports.csrApplyDirichlet(A.n, rowPtr.ptr, colIdx.ptr, A.vals.ptr, mask.ptr, g?.ptr ?? 0, b.ptr);
  else core.exports.bsr3ApplyDirichlet(A.n / 3, rowPtr.ptr, colIdx.ptr, A.vals.ptr, mask.ptr, g?.ptr ?? 0, b.ptr);
}

/** The 6 rigid-body modes at point (x, y, z) about `c`: rows = dof (x, y, z), columns = mode. */
function rigidModesAt(x: number, y: number, z: number, c: readonly number[]): number[][] {
  const dx = x - c[0], dy = y - c[1], dz = z - c[2];
  // translations x, y, z; rotations about x, y, z (ω × d)
  return [
    [1, 0, 0, 0, dz, -dy],
    [0, 1, 0, -dz, 0, dx],
    [0, 0, 1, dy, -dx, 0],
  ];
}

function centroid(nodes: Float64Array, n: number): number[] {
  const c = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) c[k] += nodes[3 * i + k] / n;
  return c;
}

/** |det| of a small dense matrix (Gaussian elimination with partial pivoting). */
function absDet(M: number[][]): number {
  const A = M.map((r) => r.slice());
  const n = A.length;
  let det = 1;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(A[i][j]) > Math.abs(A[p][j])) p = i;
    if (A[p][j] === 0) return 0;
    [A[p], A[j]] = [A[j], A[p]];
    det *= A[j][j];
    for (let i = j + 1; i < n; i++) {
      const f = A[i][j] / A[j][j];
      for (let k = j; k < n; k++) A[i][k] -= f * A[j][k];
    }
  }
  return Math.abs(det);
}

export interface RigidPins {
  /** the three pinned nodes (A: 3 dofs, B: 2 dofs, C: 1 dof) */
  nodes: [number, number, number];
  /** the 6 constrained scalar dofs (3·node + component) */
  dofs: number[];
  /** |det| of the 6 × 6 rigid-mode matrix at the pinned dofs, scaled by L³ (≈ 1 is best) */
  conditioning: number;
}

/**
 * Choose 3-2-1 pins among the first `nCandidates` nodes (vertices): A near the
 * centroid, B far from A, C far from line AB; the dofs fixed at B and C are
 * those that make the rigid-mode matrix best conditioned.
 */
export function rigidBodyPins(nodes: Float64Array, nCandidates = nodes.length / 3): RigidPins {
  const c = centroid(nodes, nCandidates);
  const dist2 = (i: number, p: readonly number[]) =>
    (nodes[3 * i] - p[0]) ** 2 + (nodes[3 * i + 1] - p[1]) ** 2 + (nodes[3 * i + 2] - p[2]) ** 2;
  const pt = (i: number) => [nodes[3 * i], nodes[3 * i + 1], nodes[3 * i + 2]];
  let a = 0;
  for (let i = 1; i < nCandidates; i++) if (dist2(i, c) < dist2(a, c)) a = i;
  let b = a;
  for (let i = 0; i < nCandidates; i++) if (dist2(i, pt(a)) > dist2(b, pt(a))) b = i;
  const pa = pt(a), pb = pt(b);
  const d = [pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]];
  const L = Math.hypot(d[0], d[1], d[2]) || 1;
  let cNode = a, best = -1;
  for (let i = 0; i < nCandidates; i++) {
    const p = pt(i);
    const e = [p[0] - pa[0], p[1] - pa[1], p[2] - pa[2]];
    const cr = Math.hypot(d[1] * e[2] - d[2] * e[1], d[2] * e[0] - d[0] * e[2], d[0] * e[1] - d[1] * e[0]);
    if (cr > best) { best = cr; cNode = i; }
  }
  const rows = (node: number, comp: number) => rigidModesAt(nodes[3 * node], nodes[3 * node + 1], nodes[3 * node + 2], pa)[comp];
  let bestDofs: number[] = [];
  let bestDet = -1;
  for (let skipB = 0; skipB < 3; skipB++) {
    for (let fixC = 0; fixC < 3; fixC++) {
      const bComps = [0, 1, 2].filter((k) => k !== skipB);
      const M = [rows(a, 0), rows(a, 1), rows(a, 2), ...bComps.map((k) => rows(b, k)), rows(cNode, fixC)];
      const det = absDet(M) / L ** 3;
      if (det > bestDet) {
        bestDet = det;
        bestDofs = [3 * a, 3 * a + 1, 3 * a + 2, ...bComps.map((k) => 3 * b + k), 3 * cNode + fixC];
      }
    }
  }
  return { nodes: [a, b, cNode], dofs: bestDofs, conditioning: bestDet };
}
