/** Dense linear algebra for small verification problems (independent of the core). */

/** Solve A x = b (row-major n × n) by Gaussian elimination with partial pivoting. */
export function denseSolve(A: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(M[i * n + j]) > Math.abs(M[p * n + j])) p = i;
    if (p !== j) {
      for (let k = 0; k < n; k++) [M[j * n + k], M[p * n + k]] = [M[p * n + k], M[j * n + k]];
      [x[j], x[p]] = [x[p], x[j]];
    }
    for (let i = j + 1; i < n; i++) {
      const f = M[i * n + j] / M[j * n + j];
      if (f === 0) continue;
      for (let k = j; k < n; k++) M[i * n + k] -= f * M[j * n + k];
      x[i] -= f * x[j];
    }
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = x[j];
    for (let k = j + 1; k < n; k++) s -= M[j * n + k] * x[k];
    x[j] = s / M[j * n + j];
  }
  return x;
}

/** y = A x (row-major). */
export function denseMatVec(A: ArrayLike<number>, x: ArrayLike<number>, n: number, m = x.length): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[i * m + j] * x[j];
    y[i] = s;
  }
  return y;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
