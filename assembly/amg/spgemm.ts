// Sparse matrix–matrix products and transposes for the AMG setup (Galerkin
// products R·A·P, prolongator smoothing), Gustavson's row-by-row algorithm.
// Each product runs twice: symbolic (cCol = 0: count entries, fill cRow,
// return nnz) then numeric (fill cCol, cVal). Columns within a row come out
// in first-touch order, not sorted — nothing downstream needs them sorted.
//
// Layouts: CSR = rowPtr (rows + 1 i32), colIdx (nnz i32), vals (nnz f64);
// BSR3 = 3 × 3 blocks as in sparse/bsr3.ts. marker: nColsB i32 scratch.

/** C = A · B, A and B scalar CSR. */
export function csrSpgemm(nRows: i32, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  memory.fill(marker, 0xff, <usize>nColsB << 2);
  let nnz = 0;
  store<i32>(cRow, 0);
  for (let i = 0; i < nRows; i++) {
    const start = nnz;
    const p1 = load<i32>(aRow + (<usize>(i + 1) << 2));
    for (let p = load<i32>(aRow + (<usize>i << 2)); p < p1; p++) {
      const k = load<i32>(aCol + (<usize>p << 2));
      const a = cCol != 0 ? load<f64>(aVal + (<usize>p << 3)) : 0.0;
      nnz = accumulateRow(k, a, bRow, bCol, bVal, marker, start, nnz, cCol, cVal);
    }
    store<i32>(cRow + (<usize>(i + 1) << 2), nnz);
  }
  return nnz;
}

/** C = A · B, A in BSR3 (nb block rows, 3 nb scalar rows), B scalar CSR. */
export function bsr3CsrSpgemm(nb: i32, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  memory.fill(marker, 0xff, <usize>nColsB << 2);
  let nnz = 0;
  store<i32>(cRow, 0);
  for (let I = 0; I < nb; I++) {
    const p0 = load<i32>(aRow + (<usize>I << 2)), p1 = load<i32>(aRow + (<usize>(I + 1) << 2));
    for (let r = 0; r < 3; r++) {
      const start = nnz;
      for (let p = p0; p < p1; p++) {
        const J = load<i32>(aCol + (<usize>p << 2));
        const blk = aVal + <usize>p * 72 + (<usize>(3 * r) << 3);
        for (let c = 0; c < 3; c++) {
          const a = cCol != 0 ? load<f64>(blk + (<usize>c << 3)) : 0.0;
          nnz = accumulateRow(3 * J + c, a, bRow, bCol, bVal, marker, start, nnz, cCol, cVal);
        }
      }
      store<i32>(cRow + (<usize>(3 * I + r + 1) << 2), nnz);
    }
  }
  return nnz;
}

// add a · (row k of B) into the current row of C (entries from `start` on)
// @ts-ignore: decorator
@inline function accumulateRow(k: i32, a: f64, bRow: usize, bCol: usize, bVal: usize, marker: usize, start: i32, nnz: i32, cCol: usize, cVal: usize): i32 {
  const q1 = load<i32>(bRow + (<usize>(k + 1) << 2));
  for (let q = load<i32>(bRow + (<usize>k << 2)); q < q1; q++) {
    const j = load<i32>(bCol + (<usize>q << 2));
    const m = marker + (<usize>j << 2);
    let slot = load<i32>(m);
    if (slot < start) {
      slot = nnz++;
      store<i32>(m, slot);
      if (cCol != 0) {
        store<i32>(cCol + (<usize>slot << 2), j);
        store<f64>(cVal + (<usize>slot << 3), 0.0);
      }
    }
    if (cCol != 0) {
      const v = cVal + (<usize>slot << 3);
      store<f64>(v, load<f64>(v) + a * load<f64>(bVal + (<usize>q << 3)));
    }
  }
  return nnz;
}

/** T = Aᵀ (A: nRows × nCols CSR with nnz entries). tRow: nCols + 1 i32. */
export function csrTranspose(nRows: i32, nCols: i32, aRow: usize, aCol: usize, aVal: usize, tRow: usize, tCol: usize, tVal: usize): void {
  const nnz = load<i32>(aRow + (<usize>nRows << 2));
  memory.fill(tRow, 0, <usize>(nCols + 1) << 2);
  for (let p = 0; p < nnz; p++) {
    const c = load<i32>(aCol + (<usize>p << 2));
    store<i32>(tRow + (<usize>(c + 1) << 2), load<i32>(tRow + (<usize>(c + 1) << 2)) + 1);
  }
  for (let c = 0; c < nCols; c++) store<i32>(tRow + (<usize>(c + 1) << 2), load<i32>(tRow + (<usize>(c + 1) << 2)) + load<i32>(tRow + (<usize>c << 2)));
  // fill using tRow[c] as a cursor, then shift back
  for (let i = 0; i < nRows; i++) {
    const p1 = load<i32>(aRow + (<usize>(i + 1) << 2));
    for (let p = load<i32>(aRow + (<usize>i << 2)); p < p1; p++) {
      const c = load<i32>(aCol + (<usize>p << 2));
      const cur = tRow + (<usize>c << 2);
      const slot = load<i32>(cur);
      store<i32>(tCol + (<usize>slot << 2), i);
      store<f64>(tVal + (<usize>slot << 3), load<f64>(aVal + (<usize>p << 3)));
      store<i32>(cur, slot + 1);
    }
  }
  for (let c = nCols; c > 0; c--) store<i32>(tRow + (<usize>c << 2), load<i32>(tRow + (<usize>(c - 1) << 2)));
  store<i32>(tRow, 0);
}

/**
 * Prolongator smoothing in place: AP ← P_tent − ω D⁻¹ (A P_tent), where AP
 * holds A·P_tent and its pattern contains P_tent's (A has its diagonal).
 * @param dinv  nRows f64 inverse point diagonal of A (0 on decoupled rows)
 * @param Pcol, Pval  P_tent, 6 entries per row
 */
export function amgSmoothProlongator(nRows: i32, apRow: usize, apCol: usize, apVal: usize, Pcol: usize, Pval: usize, dinv: usize, omega: f64): i32 {
  let missing = 0;
  for (let r = 0; r < nRows; r++) {
    const s = -omega * load<f64>(dinv + (<usize>r << 3));
    const p0 = load<i32>(apRow + (<usize>r << 2)), p1 = load<i32>(apRow + (<usize>(r + 1) << 2));
    for (let p = p0; p < p1; p++) store<f64>(apVal + (<usize>p << 3), s * load<f64>(apVal + (<usize>p << 3)));
    for (let k = 0; k < 6; k++) {
      const o = <usize>(6 * r + k);
      const v = load<f64>(Pval + (o << 3));
      if (v == 0.0) continue;
      const c = load<i32>(Pcol + (o << 2));
      let found = false;
      for (let p = p0; p < p1; p++) {
        if (load<i32>(apCol + (<usize>p << 2)) == c) {
          store<f64>(apVal + (<usize>p << 3), load<f64>(apVal + (<usize>p << 3)) + v);
          found = true;
          break;
        }
      }
      if (!found) missing++;
    }
  }
  return missing;
}
