// Symmetric scalar CSR matrices stored by their upper triangle: half the
// bytes of the full matrix per product, for the memory-bound PCG of the
// diffusion steps (the matrix is read once per iteration; x and y stay in
// cache-friendly reach because nodes are numbered locally).
//
// Layout (SymCsr): diag (n f64, the diagonal), uRow (n + 1 i32), uCol
// (nnzU i32, columns j > i only), uVal (nnzU f64, aligned with uCol).

/**
 * Fill the upper-triangle copy (pattern and values) of a full symmetric CSR
 * matrix. Values only (uCol = 0 after a first call fills it): refresh uVal and
 * diag from new values on the same pattern. uVal may be vals itself (in
 * place: entry q is written after entry p ≥ q was read).
 */
export function csrExtractUpper(n: i32, rowPtr: usize, colIdx: usize, vals: usize, diag: usize, uRow: usize, uCol: usize, uVal: usize): void {
  let q = 0;
  store<i32>(uRow, 0);
  for (let i = 0; i < n; i++) {
    let d = 0.0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      const v = load<f64>(vals + (<usize>p << 3));
      if (j == i) d = v;
      else if (j > i) {
        if (uCol != 0) store<i32>(uCol + (<usize>q << 2), j);
        store<f64>(uVal + (<usize>q << 3), v);
        q++;
      }
    }
    store<f64>(diag + (<usize>i << 3), d);
    store<i32>(uRow + (<usize>(i + 1) << 2), q);
  }
}

/**
 * y ← A x for A = D + U + Uᵀ (upper-triangle storage above). Two stored
 * entries per loop trip (fewer loop-control instructions per entry; the row
 * sum still adds them in index order, and no two entries of a row scatter to
 * the same y_j, so the result is that of the one-entry loop).
 */
export function csrSymSpmv(n: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>n << 3);
  csrSymSpmvRows(0, n, diag, uRow, uCol, uVal, x, y);
}

/**
 * y += (rows i0 ≤ i < i1 of D + U) x  and  y += (those rows of U)ᵀ x_rows:
 * the share of one thread in a parallel product (parallel/tasks.ts). Writes
 * y_i for i ≥ i0 only, so `y` may be a base pointer whose entries below i0
 * are not backed by memory.
 */
export function csrSymSpmvRows(i0: i32, i1: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  let p = load<i32>(uRow + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    const xi = load<f64>(x + (<usize>i << 3));
    let s = load<f64>(diag + (<usize>i << 3)) * xi;
    const p1 = load<i32>(uRow + (<usize>(i + 1) << 2));
    for (; p + 1 < p1; p += 2) {
      const c = uCol + (<usize>p << 2), v = uVal + (<usize>p << 3);
      const j0 = <usize>load<i32>(c) << 3, j1 = <usize>load<i32>(c, 4) << 3;
      const a0 = load<f64>(v), a1 = load<f64>(v, 8);
      s += a0 * load<f64>(x + j0);
      s += a1 * load<f64>(x + j1);
      store<f64>(y + j0, load<f64>(y + j0) + a0 * xi);
      store<f64>(y + j1, load<f64>(y + j1) + a1 * xi);
    }
    if (p < p1) {
      const j = <usize>load<i32>(uCol + (<usize>p << 2)) << 3;
      const a = load<f64>(uVal + (<usize>p << 3));
      s += a * load<f64>(x + j);
      store<f64>(y + j, load<f64>(y + j) + a * xi);
      p++;
    }
    const yi = y + (<usize>i << 3);
    store<f64>(yi, load<f64>(yi) + s);
  }
}

/**
 * y ← A x and y2 ← A x2 in one pass over the stored triangle: two right-hand
 * sides for the bytes of one (the two cases of a comparison step their
 * diffusion with one matrix, solver/simulate.ts). Each vector's sums are
 * formed in the order of csrSymSpmv, so y and y2 equal two single products
 * bit for bit.
 */
export function csrSymSpmvPair(n: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, x2: usize, y: usize, y2: usize): void {
  memory.fill(y, 0, <usize>n << 3);
  memory.fill(y2, 0, <usize>n << 3);
  csrSymSpmvPairRows(0, n, diag, uRow, uCol, uVal, x, x2, y, y2);
}

/** csrSymSpmvRows for two vectors at once (see csrSymSpmvPair); y and y2 may be base pointers as there. */
export function csrSymSpmvPairRows(i0: i32, i1: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, x2: usize, y: usize, y2: usize): void {
  let p = load<i32>(uRow + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    const o = <usize>i << 3;
    const xi = load<f64>(x + o), x2i = load<f64>(x2 + o);
    const d = load<f64>(diag + o);
    let s = d * xi, s2 = d * x2i;
    const p1 = load<i32>(uRow + (<usize>(i + 1) << 2));
    for (; p < p1; p++) {
      const j = <usize>load<i32>(uCol + (<usize>p << 2)) << 3;
      const a = load<f64>(uVal + (<usize>p << 3));
      s += a * load<f64>(x + j);
      s2 += a * load<f64>(x2 + j);
      store<f64>(y + j, load<f64>(y + j) + a * xi);
      store<f64>(y2 + j, load<f64>(y2 + j) + a * x2i);
    }
    store<f64>(y + o, load<f64>(y + o) + s);
    store<f64>(y2 + o, load<f64>(y2 + o) + s2);
  }
}
