/**
 * Plain-TypeScript versions of the core's sparse kernels (same algorithms,
 * same layouts), the baseline the wasm core is measured against.
 */

export function csrSpmvTs(n: number, rowPtr: Int32Array, colIdx: Int32Array, vals: Float64Array, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = rowPtr[i], p1 = rowPtr[i + 1]; p < p1; p++) s += vals[p] * x[colIdx[p]];
    y[i] = s;
  }
}

export function bsr3SpmvTs(nb: number, rowPtr: Int32Array, colIdx: Int32Array, vals: Float64Array, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < nb; i++) {
    let s0 = 0, s1 = 0, s2 = 0;
    for (let p = rowPtr[i], p1 = rowPtr[i + 1]; p < p1; p++) {
      const a = 9 * p, j = 3 * colIdx[p];
      const x0 = x[j], x1 = x[j + 1], x2 = x[j + 2];
      s0 += vals[a] * x0 + vals[a + 1] * x1 + vals[a + 2] * x2;
      s1 += vals[a + 3] * x0 + vals[a + 4] * x1 + vals[a + 5] * x2;
      s2 += vals[a + 6] * x0 + vals[a + 7] * x1 + vals[a + 8] * x2;
    }
    y[3 * i] = s0;
    y[3 * i + 1] = s1;
    y[3 * i + 2] = s2;
  }
}

export function csrFindTs(rowPtr: Int32Array, colIdx: Int32Array, row: number, col: number): number {
  let lo = rowPtr[row], hi = rowPtr[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = colIdx[mid];
    if (c === col) return mid;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Work vectors of one Jacobi-PCG iteration. */
export interface PcgState { x: Float64Array; r: Float64Array; z: Float64Array; p: Float64Array; q: Float64Array; dinv: Float64Array; rz: number }

/** One Jacobi-PCG iteration on a CSR matrix (the body of the core's pcg loop). */
export function pcgIterationTs(n: number, rowPtr: Int32Array, colIdx: Int32Array, vals: Float64Array, s: PcgState): number {
  csrSpmvTs(n, rowPtr, colIdx, vals, s.p, s.q);
  let pq = 0;
  for (let i = 0; i < n; i++) pq += s.p[i] * s.q[i];
  const alpha = s.rz / pq;
  let rr = 0;
  for (let i = 0; i < n; i++) {
    s.x[i] += alpha * s.p[i];
    s.r[i] -= alpha * s.q[i];
    rr += s.r[i] * s.r[i];
  }
  let rz = 0;
  for (let i = 0; i < n; i++) {
    s.z[i] = s.dinv[i] * s.r[i];
    rz += s.r[i] * s.z[i];
  }
  const beta = rz / s.rz;
  for (let i = 0; i < n; i++) s.p[i] = s.z[i] + beta * s.p[i];
  s.rz = rz;
  return Math.sqrt(rr);
}
