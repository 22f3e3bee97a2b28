// Scalar CSR matrices on a node-graph pattern (see pattern.ts).
// vals: nnz f64, aligned with colIdx.

import { csrFind } from "./pattern";

/**
 * y ← A x  (n rows). The row sum runs in index order (one accumulator); the
 * loop takes two entries per trip, which halves the engine's per-iteration
 * loop overhead (V8 checks for interrupts on every back edge) on rows of
 * ~15–30 entries.
 */
export function csrSpmv(n: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  let p = load<i32>(rowPtr);
  for (let i = 0; i < n; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    let s = 0.0;
    for (; p + 1 < p1; p += 2) {
      const v = vals + (<usize>p << 3), c = colIdx + (<usize>p << 2);
      s += load<f64>(v) * load<f64>(x + (<usize>load<i32>(c) << 3));
      s += load<f64>(v, 8) * load<f64>(x + (<usize>load<i32>(c, 4) << 3));
    }
    if (p < p1) {
      s += load<f64>(vals + (<usize>p << 3)) * load<f64>(x + (<usize>load<i32>(colIdx + (<usize>p << 2)) << 3));
      p++;
    }
    store<f64>(y + (<usize>i << 3), s);
  }
}

/**
 * y ← Aᵀ x  (A: n rows, m columns; y: m entries). Row i's entries times x_i
 * are scattered into y in row order, so every y_j sums its terms in
 * increasing i: the order of csrSpmv with a stored transpose (csrTranspose
 * keeps a column's entries in row order), bit for bit. The AMG cycle
 * restricts with it (R = Pᵀ is not stored).
 */
export function csrTransposeSpmv(n: i32, m: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  csrTransposeSpmvRows(0, n, rowPtr, colIdx, vals, x, y);
}

/** y ← y + (rows r0 … r1 − 1 of A)ᵀ x[r0 … r1 − 1]: one thread's share of csrTransposeSpmv. */
export function csrTransposeSpmvRows(r0: i32, r1: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  let p = load<i32>(rowPtr + (<usize>r0 << 2));
  for (let i = r0; i < r1; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const xi = load<f64>(x + (<usize>i << 3));
    for (; p < p1; p++) {
      const yj = y + (<usize>load<i32>(colIdx + (<usize>p << 2)) << 3);
      store<f64>(yj, load<f64>(yj) + load<f64>(vals + (<usize>p << 3)) * xi);
    }
  }
}

/** out ← diag(A) */
export function csrDiagonal(n: i32, rowPtr: usize, colIdx: usize, vals: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const p = csrFind(rowPtr, colIdx, i, i);
    store<f64>(out + (<usize>i << 3), p < 0 ? 0.0 : load<f64>(vals + (<usize>p << 3)));
  }
}

/**
 * Impose u_i = g_i on the rows with mask[i] ≠ 0, keeping A symmetric:
 * b_i −= A_ij g_j for free i, constrained rows and columns zeroed, the
 * diagonal kept (1 if it was 0) and b_i = A_ii g_i on constrained rows.
 * @param mask n u8; @param g n f64 (may be 0 for homogeneous); @param b n f64
 */
export function csrApplyDirichlet(n: i32, rowPtr: usize, colIdx: usize, vals: usize, mask: usize, g: usize, b: usize): void {
  for (let i = 0; i < n; i++) {
    const fixedRow = load<u8>(mask + <usize>i) != 0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      const vp = vals + (<usize>p << 3);
      if (fixedRow) {
        if (j == i) {
          let d = load<f64>(vp);
          if (d == 0.0) { d = 1.0; store<f64>(vp, d); }
          store<f64>(b + (<usize>i << 3), g == 0 ? 0.0 : d * load<f64>(g + (<usize>i << 3)));
        } else store<f64>(vp, 0.0);
      } else if (load<u8>(mask + <usize>j) != 0) {
        if (g != 0) {
          const bi = b + (<usize>i << 3);
          store<f64>(bi, load<f64>(bi) - load<f64>(vp) * load<f64>(g + (<usize>j << 3)));
        }
        store<f64>(vp, 0.0);
      }
    }
  }
}
