// Global loops over elements: gather node data, call an element kernel,
// scatter into the sparse matrix / load vector. Mesh arrays (all wasm-owned):
//   coords   nNodes × 3 f64 (µm)
//   conn     nTets × npe i32 (VTK node order, see shape.ts)
//   tetGrain nTets i32 (grain id, 0-based) — selects per-grain material rows
//   tris     nTris × (3 | 6) i32, outward oriented
// Per-grain material tables: D 9 f64, C0/C1 36 f64, β 6 f64 per grain.
// Each loop allocates one workspace at entry (never per element).

import { KERNEL_SCRATCH_BYTES } from "./kernels/scratch";
import { diffusionElementP1, diffusionElementP2 } from "./kernels/diffusion";
import { elasticityElementP1, elasticityElementP2, elasticityElementStress, ELASTIC_QP } from "./kernels/elasticity";
import { triangleScalarLoad, trianglePressureLoad } from "./kernels/surface";
import { tetStressMeasures } from "./kernels/stress-measures";
import { affineTet, gatherCoords, gatherField, tetJacobian, tetPhysicalGradients, vertexJacobian } from "./geometry";
import { tetNodes, tetShapeRefGradients, tetShapeValues, triNodes } from "./shape";
import { tetRuleData, tetRulePoints, TET_RULE_4, TET_RULE_14 } from "./quadrature";
import { csrFind } from "./sparse/pattern";
import { parAssembleDiffusion, parAssembleElasticity, parComputeStress, parElementVolumes, parIntegrateGradient, parallelAssembly, PARALLEL_MIN_ELEMENTS } from "./parallel/assembly-tasks";
import { poolThreads } from "./parallel/pool";

// Pattern positions of all (a, b) pairs of one element -> pos[npe × npe].
function elementPositions(npe: i32, conn: usize, e: i32, rowPtr: usize, colIdx: usize, pos: usize): void {
  const c = conn + (<usize>(e * npe) << 2);
  for (let a = 0; a < npe; a++) {
    const row = load<i32>(c + (<usize>a << 2));
    for (let b = 0; b < npe; b++) {
      const p = csrFind(rowPtr, colIdx, row, load<i32>(c + (<usize>b << 2)));
      if (DEBUG) assert(p >= 0, "assembly: element pair missing from the sparsity pattern");
      store<i32>(pos + (<usize>(a * npe + b) << 2), p);
    }
  }
}

// vals[pos[k]] += Ke[k] for the npe² entries.
function scatterScalar(nn: i32, pos: usize, Ke: usize, vals: usize): void {
  for (let k = 0; k < nn; k++) {
    const o = vals + (<usize>load<i32>(pos + (<usize>k << 2)) << 3);
    store<f64>(o, load<f64>(o) + load<f64>(Ke + (<usize>k << 3)));
  }
}

// Symmetric (upper-triangle) storage, sparse/bsr3-sym.ts: pos[a, b] is the
// block's position in the upper pattern when conn[a] < conn[b], −2 − node for
// a diagonal block (in dBlk), and −1 when conn[a] > conn[b] (the transpose
// of a block that is stored: skipped).
function elementPositionsUpper(npe: i32, conn: usize, e: i32, uRow: usize, uCol: usize, pos: usize): void {
  const c = conn + (<usize>(e * npe) << 2);
  for (let a = 0; a < npe; a++) {
    const row = load<i32>(c + (<usize>a << 2));
    for (let b = 0; b < npe; b++) {
      const col = load<i32>(c + (<usize>b << 2));
      let p = -1;
      if (row == col) p = -2 - row;
      else if (row < col) {
        p = csrFind(uRow, uCol, row, col);
        if (DEBUG) assert(p >= 0, "assembly: element pair missing from the upper sparsity pattern");
      }
      store<i32>(pos + (<usize>(a * npe + b) << 2), p);
    }
  }
}

// Block (a, b) of the 3npe × 3npe Ke is added to the 9 values at pos[a, b]
// (with dBlk ≠ 0: the upper-triangle positions above).
function scatterBlock3(npe: i32, pos: usize, Ke: usize, vals: usize, dBlk: usize): void {
  const nd = 3 * npe;
  for (let a = 0; a < npe; a++) {
    for (let b = 0; b < npe; b++) {
      const p = load<i32>(pos + (<usize>(a * npe + b) << 2));
      if (p == -1) continue;
      const blk = p >= 0 ? vals + <usize>p * 72 : dBlk + <usize>(-2 - p) * 72;
      for (let i = 0; i < 3; i++) {
        const src = Ke + (<usize>((3 * a + i) * nd + 3 * b) << 3);
        const dst = blk + <usize>i * 24;
        v128.store(dst, f64x2.add(v128.load(dst), v128.load(src)));
        store<f64>(dst, load<f64>(dst, 16) + load<f64>(src, 16), 16);
      }
    }
  }
}

// f[conn[a]·ncomp + k] += fe[a·ncomp + k]
function scatterVector(npe: i32, ncomp: i32, conn: usize, e: i32, fe: usize, f: usize): void {
  const c = conn + (<usize>(e * npe) << 2);
  for (let a = 0; a < npe; a++) {
    const n = <usize>load<i32>(c + (<usize>a << 2));
    for (let k = 0; k < ncomp; k++) {
      const o = f + ((n * <usize>ncomp + <usize>k) << 3);
      store<f64>(o, load<f64>(o) + load<f64>(fe + (<usize>(a * ncomp + k) << 3)));
    }
  }
}

// The element loops below run over the elements e0 … e1 − 1 (all of them,
// or one chunk of a color of parallel/coloring.ts); `ws` is the loop's
// workspace (one per thread, of the size the …WorkspaceBytes function gives).

/** Workspace bytes of diffusionElements. */
export function diffusionWorkspaceBytes(order: i32): usize {
  const npe = tetNodes(order), nn = npe * npe;
  return KERNEL_SCRATCH_BYTES + <usize>(npe * 3 + 2 * nn) * 8 + (<usize>nn << 2);
}

/** Add the diffusion K and M of elements e0 … e1 − 1 (see above); returns their volume. */
export function diffusionElements(order: i32, e0: i32, e1: i32, conn: usize, coords: usize, tetGrain: usize, Dgrain: usize,
  rowPtr: usize, colIdx: usize, Kvals: usize, Mvals: usize, ws: usize): f64 {
  const npe = tetNodes(order);
  const nn = npe * npe;
  const scratch = ws, xe = ws + KERNEL_SCRATCH_BYTES, Ke = xe + <usize>npe * 24;
  const Me = Ke + (<usize>nn << 3), pos = Me + (<usize>nn << 3);
  let vol = 0.0;
  for (let e = e0; e < e1; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    const g = <usize>load<i32>(tetGrain + (<usize>e << 2));
    vol += order == 1 ? diffusionElementP1(xe, Dgrain + g * 72, Kvals != 0 ? Ke : 0, Mvals != 0 ? Me : 0, scratch)
      : diffusionElementP2(xe, Dgrain + g * 72, Kvals != 0 ? Ke : 0, Mvals != 0 ? Me : 0, scratch);
    elementPositions(npe, conn, e, rowPtr, colIdx, pos);
    if (Kvals != 0) scatterScalar(nn, pos, Ke, Kvals);
    if (Mvals != 0) scatterScalar(nn, pos, Me, Mvals);
  }
  return vol;
}

/**
 * Diffusion stiffness K and consistent mass M on the node-graph pattern.
 * Both value arrays (nnz f64) are overwritten; pass 0 to skip one.
 * With a thread pool and a coloring of element chunks (chunkSize, chunks,
 * colorPtr, nColors from parallel/coloring.ts; nColors = 0: none) the colors
 * are assembled one after the other, each shared by the threads.
 * @param Dgrain per-grain diffusivity, nGrains × 9 f64 (µm²/s)
 * @returns total volume (µm³)
 */
export function assembleDiffusion(order: i32, nTets: i32, conn: usize, coords: usize, tetGrain: usize, Dgrain: usize,
  nNodes: i32, rowPtr: usize, colIdx: usize, Kvals: usize, Mvals: usize, chunkSize: i32, chunks: usize, colorPtr: usize, nColors: i32): f64 {
  const nnz = <usize>load<i32>(rowPtr + (<usize>nNodes << 2));
  if (Kvals != 0) memory.fill(Kvals, 0, nnz << 3);
  if (Mvals != 0) memory.fill(Mvals, 0, nnz << 3);
  if (parallelAssembly(nColors)) {
    return parAssembleDiffusion(order, nTets, chunkSize, chunks, colorPtr, nColors, conn, coords, tetGrain, Dgrain, rowPtr, colIdx, Kvals, Mvals);
  }
  const ws = heap.alloc(diffusionWorkspaceBytes(order));
  const vol = diffusionElements(order, 0, nTets, conn, coords, tetGrain, Dgrain, rowPtr, colIdx, Kvals, Mvals, ws);
  heap.free(ws);
  return vol;
}

/**
 * Elasticity stiffness (BSR3 on the node-graph pattern, or in the symmetric
 * storage of sparse/bsr3-sym.ts) and eigenstrain load for the nodal θ
 * field. Outputs are overwritten; pass 0 to skip one.
 * @param C0g, C1g  per-grain rotated stiffness at θ = 0 / 1, nGrains × 36 f64 (MPa)
 * @param betaG     per-grain rotated chemical strain, nGrains × 6 f64
 * @param theta     nodal θ, nNodes f64
 * @param rowPtr, colIdx  the node-graph pattern, or (dBlk ≠ 0) its strict upper triangle
 * @param Kvals     nnz × 9 f64 (the upper triangle's blocks when dBlk ≠ 0), or 0
 * @param dBlk      0, or the diagonal blocks (nNodes × 9 f64): K in symmetric storage
 * @param f         3 nNodes f64 (MPa·µm²), or 0
 * @param chunkSize, chunks, colorPtr, nColors  a chunk coloring for threaded assembly (as assembleDiffusion), or nColors = 0
 * @returns total volume (µm³)
 */
export function assembleElasticity(order: i32, nTets: i32, conn: usize, coords: usize, tetGrain: usize,
  C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64,
  nNodes: i32, rowPtr: usize, colIdx: usize, Kvals: usize, dBlk: usize, f: usize, chunkSize: i32, chunks: usize, colorPtr: usize, nColors: i32): f64 {
  const nnz = <usize>load<i32>(rowPtr + (<usize>nNodes << 2));
  if (Kvals != 0) memory.fill(Kvals, 0, nnz * 72);
  if (Kvals != 0 && dBlk != 0) memory.fill(dBlk, 0, <usize>nNodes * 72);
  if (f != 0) memory.fill(f, 0, <usize>nNodes * 24);
  if (parallelAssembly(nColors)) {
    return parAssembleElasticity(order, nTets, chunkSize, chunks, colorPtr, nColors, conn, coords, tetGrain, C0g, C1g, betaG, theta, thetaRef, rowPtr, colIdx, Kvals, dBlk, f);
  }
  const ws = heap.alloc(elasticityWorkspaceBytes(order));
  const vol = elasticityElements(order, 0, nTets, conn, coords, tetGrain, C0g, C1g, betaG, theta, thetaRef, rowPtr, colIdx, Kvals, dBlk, f, ws);
  heap.free(ws);
  return vol;
}

/** Workspace bytes of elasticityElements. */
export function elasticityWorkspaceBytes(order: i32): usize {
  const npe = tetNodes(order), nd = 3 * npe;
  return KERNEL_SCRATCH_BYTES + <usize>(npe * 3 + npe + nd * nd + nd) * 8 + (<usize>(npe * npe) << 2);
}

/** Add K and f of elements e0 … e1 − 1 (see above); returns their volume. */
export function elasticityElements(order: i32, e0: i32, e1: i32, conn: usize, coords: usize, tetGrain: usize,
  C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64, rowPtr: usize, colIdx: usize, Kvals: usize, dBlk: usize, f: usize, ws: usize): f64 {
  const npe = tetNodes(order);
  const nd = 3 * npe;
  const scratch = ws, xe = ws + KERNEL_SCRATCH_BYTES, te = xe + <usize>npe * 24;
  const Ke = te + (<usize>npe << 3), fe = Ke + (<usize>(nd * nd) << 3), pos = fe + (<usize>nd << 3);
  let vol = 0.0;
  for (let e = e0; e < e1; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    gatherField(theta, 1, conn, e, npe, te);
    const g = <usize>load<i32>(tetGrain + (<usize>e << 2));
    vol += order == 1
      ? elasticityElementP1(xe, C0g + g * 288, C1g + g * 288, betaG + g * 48, te, thetaRef, Kvals != 0 ? Ke : 0, f != 0 ? fe : 0, scratch)
      : elasticityElementP2(xe, C0g + g * 288, C1g + g * 288, betaG + g * 48, te, thetaRef, Kvals != 0 ? Ke : 0, f != 0 ? fe : 0, scratch);
    if (Kvals != 0) {
      if (dBlk != 0) elementPositionsUpper(npe, conn, e, rowPtr, colIdx, pos);
      else elementPositions(npe, conn, e, rowPtr, colIdx, pos);
      scatterBlock3(npe, pos, Ke, Kvals, dBlk);
    }
    if (f != 0) scatterVector(npe, 3, conn, e, fe, f);
  }
  return vol;
}

/**
 * Stress at the 4 quadrature points of every tet.
 * @param u        nodal displacement, 3 nNodes f64 (µm)
 * @param outSigma nTets × 4 × 6 f64 (MPa)
 * @param outW     nTets × 4 f64 volume weights (µm³)
 * @param outTheta nTets × 4 f64 θ at the points, or 0
 * @param outMeasures the points' von Mises, hydrostatic and largest principal
 *   stress and the tets' weighted means, stressMeasuresLength(nTets) f64
 *   (layout in kernels/stress-measures.ts), or 0
 */
export function computeStress(order: i32, nTets: i32, conn: usize, coords: usize, tetGrain: usize,
  C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64, u: usize,
  outSigma: usize, outW: usize, outTheta: usize, outMeasures: usize): void {
  // per-element outputs: threads take contiguous element ranges, no coloring needed
  if (parallelAssembly(1)) {
    parComputeStress(order, nTets, conn, coords, tetGrain, C0g, C1g, betaG, theta, thetaRef, u, outSigma, outW, outTheta, outMeasures);
    return;
  }
  const ws = heap.alloc(stressWorkspaceBytes(order));
  stressElements(order, 0, nTets, nTets, conn, coords, tetGrain, C0g, C1g, betaG, theta, thetaRef, u, outSigma, outW, outTheta, outMeasures, ws);
  heap.free(ws);
}

/** Workspace bytes of stressElements. */
export function stressWorkspaceBytes(order: i32): usize {
  return KERNEL_SCRATCH_BYTES + <usize>(tetNodes(order) * 7) * 8;
}

/** Stress of elements e0 … e1 − 1 of the nTets (see computeStress). */
export function stressElements(order: i32, e0: i32, e1: i32, nTets: i32, conn: usize, coords: usize, tetGrain: usize,
  C0g: usize, C1g: usize, betaG: usize, theta: usize, thetaRef: f64, u: usize,
  outSigma: usize, outW: usize, outTheta: usize, outMeasures: usize, ws: usize): void {
  // the measures block's parts (kernels/stress-measures.ts)
  const nq = <usize>nTets << 2;
  const vm = outMeasures, hy = vm + (nq << 3), p1 = hy + (nq << 3), vmCell = p1 + (nq << 3), sCell = vmCell + (<usize>nTets << 3);
  const npe = tetNodes(order);
  const scratch = ws, xe = ws + KERNEL_SCRATCH_BYTES, te = xe + <usize>npe * 24, ue = te + (<usize>npe << 3);
  for (let e = e0; e < e1; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    gatherField(theta, 1, conn, e, npe, te);
    gatherField(u, 3, conn, e, npe, ue);
    const g = <usize>load<i32>(tetGrain + (<usize>e << 2));
    const q = <usize>(e * ELASTIC_QP);
    elasticityElementStress(order, xe, C0g + g * 288, C1g + g * 288, betaG + g * 48, te, thetaRef, ue,
      outSigma + q * 48, outW + (q << 3), outTheta != 0 ? outTheta + (q << 3) : 0, scratch);
    if (outMeasures != 0) {
      tetStressMeasures(outSigma + q * 48, outW + (q << 3), vm + (q << 3), hy + (q << 3), p1 + (q << 3), vmCell + (<usize>e << 3), sCell + <usize>e * 48);
    }
  }
}

/**
 * Surface flux load f_a = Σ_tri ∫ q_tri N_a dA (overwrites f, nNodes f64).
 * @param triFlux per-triangle flux density, nTris f64 (zero skips the triangle)
 * @returns total area of the triangles with non-zero flux (µm²)
 */
export function assembleSurfaceFlux(order: i32, nTris: i32, tris: usize, coords: usize, triFlux: usize,
  nNodes: i32, f: usize): f64 {
  const nt = triNodes(order);
  memory.fill(f, 0, <usize>nNodes << 3);
  const ws = heap.alloc(KERNEL_SCRATCH_BYTES + <usize>(nt * 4) * 8);
  const scratch = ws, xt = ws + KERNEL_SCRATCH_BYTES, fe = xt + <usize>nt * 24;
  let area = 0.0;
  for (let t = 0; t < nTris; t++) {
    const q = load<f64>(triFlux + (<usize>t << 3));
    if (q == 0.0) continue;
    gatherCoords(coords, tris, t, nt, xt);
    area += triangleScalarLoad(order, xt, q, fe, scratch);
    scatterVector(nt, 1, tris, t, fe, f);
  }
  heap.free(ws);
  return area;
}

/**
 * Surface pressure load f_a = −Σ_tri ∫ p_tri n N_a dA (overwrites f, 3 nNodes f64).
 * @param triPressure nTris f64 (MPa, positive compresses)
 */
export function assembleSurfacePressure(order: i32, nTris: i32, tris: usize, coords: usize, triPressure: usize,
  nNodes: i32, f: usize): void {
  const nt = triNodes(order);
  memory.fill(f, 0, <usize>nNodes * 24);
  const ws = heap.alloc(KERNEL_SCRATCH_BYTES + <usize>(nt * 6) * 8);
  const scratch = ws, xt = ws + KERNEL_SCRATCH_BYTES, fe = xt + <usize>nt * 24;
  for (let t = 0; t < nTris; t++) {
    const p = load<f64>(triPressure + (<usize>t << 3));
    if (p == 0.0) continue;
    gatherCoords(coords, tris, t, nt, xt);
    trianglePressureLoad(order, xt, p, fe, scratch);
    scatterVector(nt, 3, tris, t, fe, f);
  }
  heap.free(ws);
}

/** Area of every boundary triangle -> outArea (nTris f64, µm²). */
export function surfaceAreas(order: i32, nTris: i32, tris: usize, coords: usize, outArea: usize): void {
  const nt = triNodes(order);
  const ws = heap.alloc(KERNEL_SCRATCH_BYTES + <usize>(nt * 3) * 8);
  const scratch = ws, xt = ws + KERNEL_SCRATCH_BYTES;
  for (let t = 0; t < nTris; t++) {
    gatherCoords(coords, tris, t, nt, xt);
    store<f64>(outArea + (<usize>t << 3), triangleScalarLoad(order, xt, 0.0, 0, scratch));
  }
  heap.free(ws);
}

/**
 * Volume of every tet and the smallest Jacobian determinant over the 14
 * quadrature points and the 4 vertices (≤ 0: inverted or degenerate); a
 * straight tet (geometry.ts affineTet) has one determinant, det/6 its
 * volume, from its vertices alone. On the thread pool from
 * PARALLEL_MIN_ELEMENTS tets (per-element outputs: the same bits as one
 * thread).
 * @param outVol nTets f64 (µm³); @param outMinDet nTets f64 (or 0)
 */
export function elementVolumes(order: i32, nTets: i32, conn: usize, coords: usize, outVol: usize, outMinDet: usize): void {
  if (poolThreads() > 1 && nTets >= PARALLEL_MIN_ELEMENTS) { parElementVolumes(order, nTets, conn, coords, outVol, outMinDet); return; }
  const ws = heap.alloc(volumesWorkspaceBytes(order));
  volumesRange(order, 0, nTets, conn, coords, outVol, outMinDet, ws);
  heap.free(ws);
}

/** Workspace of volumesRange (bytes). */
export function volumesWorkspaceBytes(order: i32): usize {
  return <usize>(tetNodes(order) * 6 + 9) * 8;
}

/** elementVolumes on tets e0 ≤ e < e1 (the share of one thread), with workspace ws (volumesWorkspaceBytes). */
export function volumesRange(order: i32, e0: i32, e1: i32, conn: usize, coords: usize, outVol: usize, outMinDet: usize, ws: usize): void {
  const npe = tetNodes(order);
  const xe = ws, dN = ws + <usize>npe * 24, J = dN + <usize>npe * 24;
  const q = tetRuleData(TET_RULE_14);
  const nq = tetRulePoints(TET_RULE_14);
  for (let e = e0; e < e1; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    if (affineTet(npe, xe)) {
      // straight: one Jacobian everywhere, the volume det/6
      const det = vertexJacobian(xe, J);
      store<f64>(outVol + (<usize>e << 3), det / 6.0);
      if (outMinDet != 0) store<f64>(outMinDet + (<usize>e << 3), det);
      continue;
    }
    let vol = 0.0, minDet = Infinity;
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), dN);
      const det = tetJacobian(npe, xe, dN, J);
      vol += load<f64>(qp, 24) * det;
      minDet = Math.min(minDet, det);
    }
    for (let v = 0; v < 4; v++) {
      tetShapeRefGradients(order, v == 1 ? 1.0 : 0.0, v == 2 ? 1.0 : 0.0, v == 3 ? 1.0 : 0.0, dN);
      minDet = Math.min(minDet, tetJacobian(npe, xe, dN, J));
    }
    store<f64>(outVol + (<usize>e << 3), vol);
    if (outMinDet != 0) store<f64>(outMinDet + (<usize>e << 3), minDet);
  }
}

/**
 * Physical quadrature points and weights of tet rule `rule` on every tet.
 * @param outX nTets × nq × 3 f64 (µm); @param outW nTets × nq f64 (w·detJ, µm³)
 */
export function quadraturePoints(order: i32, nTets: i32, conn: usize, coords: usize, rule: i32, outX: usize, outW: usize): void {
  const npe = tetNodes(order);
  const nq = tetRulePoints(rule);
  const q = tetRuleData(rule);
  const ws = heap.alloc(<usize>(npe * 7 + 9) * 8);
  const xe = ws, dN = xe + <usize>npe * 24, N = dN + <usize>npe * 24, J = N + (<usize>npe << 3);
  for (let e = 0; e < nTets; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      const xi = load<f64>(qp), eta = load<f64>(qp, 8), zeta = load<f64>(qp, 16);
      tetShapeValues(order, xi, eta, zeta, N);
      tetShapeRefGradients(order, xi, eta, zeta, dN);
      const k = <usize>(e * nq + p);
      store<f64>(outW + (k << 3), load<f64>(qp, 24) * tetJacobian(npe, xe, dN, J));
      let x = 0.0, y = 0.0, z = 0.0;
      for (let a = 0; a < npe; a++) {
        const Na = load<f64>(N + (<usize>a << 3));
        const xa = xe + <usize>a * 24;
        x += Na * load<f64>(xa); y += Na * load<f64>(xa, 8); z += Na * load<f64>(xa, 16);
      }
      store<f64>(outX + k * 24, x); store<f64>(outX + k * 24, y, 8); store<f64>(outX + k * 24, z, 16);
    }
  }
  heap.free(ws);
}

/**
 * Interpolate a nodal field (ncomp per node) to the points of tet rule `rule`.
 * @param out nTets × nq × ncomp f64
 */
export function interpolateAtQuadrature(order: i32, nTets: i32, conn: usize, rule: i32, field: usize, ncomp: i32, out: usize): void {
  const npe = tetNodes(order);
  const nq = tetRulePoints(rule);
  const q = tetRuleData(rule);
  const ws = heap.alloc(<usize>(npe * (ncomp + 1)) * 8);
  const N = ws, fe = ws + (<usize>npe << 3);
  for (let e = 0; e < nTets; e++) {
    gatherField(field, ncomp, conn, e, npe, fe);
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      tetShapeValues(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), N);
      const o = out + (<usize>((e * nq + p) * ncomp) << 3);
      for (let k = 0; k < ncomp; k++) {
        let s = 0.0;
        for (let a = 0; a < npe; a++) s += load<f64>(N + (<usize>a << 3)) * load<f64>(fe + (<usize>(a * ncomp + k) << 3));
        store<f64>(o + (<usize>k << 3), s);
      }
    }
  }
  heap.free(ws);
}

/**
 * Body load f_a = ∫ b N_a dV from values of b at the points of tet rule
 * `rule` (overwrites f, nNodes × ncomp f64).
 * @param bq nTets × nq × ncomp f64
 */
export function assembleBodyLoad(order: i32, nTets: i32, conn: usize, coords: usize, rule: i32, bq: usize, ncomp: i32,
  nNodes: i32, f: usize): void {
  const npe = tetNodes(order);
  const nq = tetRulePoints(rule);
  const q = tetRuleData(rule);
  memory.fill(f, 0, <usize>(nNodes * ncomp) << 3);
  const ws = heap.alloc(<usize>(npe * 7 + 9 + npe * ncomp) * 8);
  const xe = ws, dN = xe + <usize>npe * 24, N = dN + <usize>npe * 24, J = N + (<usize>npe << 3), fe = J + 72;
  for (let e = 0; e < nTets; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    memory.fill(fe, 0, <usize>(npe * ncomp) << 3);
    for (let p = 0; p < nq; p++) {
      const qp = q + (<usize>p << 5);
      const xi = load<f64>(qp), eta = load<f64>(qp, 8), zeta = load<f64>(qp, 16);
      tetShapeValues(order, xi, eta, zeta, N);
      tetShapeRefGradients(order, xi, eta, zeta, dN);
      const wdet = load<f64>(qp, 24) * tetJacobian(npe, xe, dN, J);
      const bv = bq + (<usize>((e * nq + p) * ncomp) << 3);
      for (let a = 0; a < npe; a++) {
        const s = wdet * load<f64>(N + (<usize>a << 3));
        for (let k = 0; k < ncomp; k++) {
          const o = fe + (<usize>(a * ncomp + k) << 3);
          store<f64>(o, load<f64>(o) + s * load<f64>(bv + (<usize>k << 3)));
        }
      }
    }
    scatterVector(npe, ncomp, conn, e, fe, f);
  }
  heap.free(ws);
}

/**
 * ∫_Ω ∇u dV of a nodal field with ncomp components (4-point rule; exact for
 * P1 and straight P2, whose tets take one Jacobian each: addAffineGradient).
 * On the thread pool from PARALLEL_MIN_ELEMENTS tets, the threads' sums
 * added in thread order (rounding differs from one thread's).
 * @param out ncomp × 3 f64: out[3c + k] = ∫ ∂u_c/∂x_k dV
 */
export function integrateGradient(order: i32, nTets: i32, conn: usize, coords: usize, field: usize, ncomp: i32, out: usize): void {
  memory.fill(out, 0, <usize>(ncomp * 3) << 3);
  if (poolThreads() > 1 && nTets >= PARALLEL_MIN_ELEMENTS) { parIntegrateGradient(order, nTets, conn, coords, field, ncomp, out); return; }
  const ws = heap.alloc(gradientWorkspaceBytes(order, ncomp));
  integrateGradientRange(order, 0, nTets, conn, coords, field, ncomp, out, ws);
  heap.free(ws);
}

/** Workspace of integrateGradientRange (bytes). */
export function gradientWorkspaceBytes(order: i32, ncomp: i32): usize {
  const npe = tetNodes(order);
  return <usize>(npe * 12 + 9 + npe * ncomp) * 8;
}

/** out += integrateGradient's sums over tets e0 ≤ e < e1 (the share of one thread), with workspace ws (gradientWorkspaceBytes). */
export function integrateGradientRange(order: i32, e0: i32, e1: i32, conn: usize, coords: usize, field: usize, ncomp: i32, out: usize, ws: usize): void {
  const npe = tetNodes(order);
  const xe = ws, dN = xe + <usize>npe * 24, G = dN + <usize>npe * 24, J = G + <usize>npe * 24, fe = J + 72;
  const gRef = fe + (<usize>(npe * ncomp) << 3);
  const q = tetRuleData(TET_RULE_4);
  // ∫ ∇_ξ N_a dξ over the reference tet (npe × 3; the 4-point rule is exact for P2's linear gradients)
  memory.fill(gRef, 0, <usize>npe * 24);
  for (let p = 0; p < 4; p++) {
    const qp = q + (<usize>p << 5);
    tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), dN);
    const w = load<f64>(qp, 24);
    for (let i = 0; i < npe * 3; i++) {
      const o = gRef + (<usize>i << 3);
      store<f64>(o, load<f64>(o) + w * load<f64>(dN + (<usize>i << 3)));
    }
  }
  for (let e = e0; e < e1; e++) {
    gatherCoords(coords, conn, e, npe, xe);
    gatherField(field, ncomp, conn, e, npe, fe);
    if (affineTet(npe, xe)) { addAffineGradient(npe, xe, fe, ncomp, gRef, J, out); continue; }
    for (let p = 0; p < 4; p++) {
      const qp = q + (<usize>p << 5);
      tetShapeRefGradients(order, load<f64>(qp), load<f64>(qp, 8), load<f64>(qp, 16), dN);
      const wdet = load<f64>(qp, 24) * tetPhysicalGradients(npe, xe, dN, J, G);
      for (let c = 0; c < ncomp; c++) {
        for (let k = 0; k < 3; k++) {
          let s = 0.0;
          for (let a = 0; a < npe; a++) s += load<f64>(fe + (<usize>(a * ncomp + c) << 3)) * load<f64>(G + (<usize>(3 * a + k) << 3));
          const o = out + (<usize>(3 * c + k) << 3);
          store<f64>(o, load<f64>(o) + wdet * s);
        }
      }
    }
  }
}

/**
 * out += ∫ ∇u dV over one straight tet: with its constant Jacobian J,
 * ∫ ∂u_c/∂x_i dV = det J Σ_k (Σ_a u_ac ∫∇_ξN_a,k dξ) (J⁻¹)_ki — one
 * Jacobian instead of one per quadrature point.
 * @param fe npe × ncomp nodal values; @param gRef npe × 3 reference integrals; @param J 9 f64 workspace
 */
function addAffineGradient(npe: i32, xe: usize, fe: usize, ncomp: i32, gRef: usize, J: usize, out: usize): void {
  const det = vertexJacobian(xe, J);
  const j00 = load<f64>(J), j01 = load<f64>(J, 8), j02 = load<f64>(J, 16);
  const j10 = load<f64>(J, 24), j11 = load<f64>(J, 32), j12 = load<f64>(J, 40);
  const j20 = load<f64>(J, 48), j21 = load<f64>(J, 56), j22 = load<f64>(J, 64);
  // det J · J⁻¹ = adj J (rows k: ∂ξ_k/∂x times det)
  const k00 = j11 * j22 - j12 * j21, k01 = j02 * j21 - j01 * j22, k02 = j01 * j12 - j02 * j11;
  const k10 = j12 * j20 - j10 * j22, k11 = j00 * j22 - j02 * j20, k12 = j02 * j10 - j00 * j12;
  const k20 = j10 * j21 - j11 * j20, k21 = j01 * j20 - j00 * j21, k22 = j00 * j11 - j01 * j10;
  for (let c = 0; c < ncomp; c++) {
    let s0 = 0.0, s1 = 0.0, s2 = 0.0;
    for (let a = 0; a < npe; a++) {
      const u = load<f64>(fe + (<usize>(a * ncomp + c) << 3)), g = gRef + <usize>a * 24;
      s0 += u * load<f64>(g); s1 += u * load<f64>(g, 8); s2 += u * load<f64>(g, 16);
    }
    const o = out + <usize>(3 * c) * 8;
    store<f64>(o, load<f64>(o) + s0 * k00 + s1 * k10 + s2 * k20);
    store<f64>(o, load<f64>(o, 8) + s0 * k01 + s1 * k11 + s2 * k21, 8);
    store<f64>(o, load<f64>(o, 16) + s0 * k02 + s1 * k12 + s2 * k22, 16);
  }
}
