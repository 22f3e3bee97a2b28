// Node CSR: a scalar sparse matrix whose rows come in node triples
// (3I, 3I+1, 3I+2) with one shared column sequence — the smoothed AMG
// prolongator of the elasticity fine level has this structure (its rows are
// a node's dofs, its columns an aggregate's modes). The column list is
// stored once per node instead of once per row: 1/3 of the index bytes and
// of the index loads, and the products gather (or scatter) one x entry per
// three values.
//
// Layout (nb nodes, n = 3 nb rows, nnz stored entries, m_I = nodePtr[I+1] − nodePtr[I]):
//   nodePtr  nb + 1 i32   node I's columns are col[nodePtr[I] … nodePtr[I+1])
//   col      nnz / 3 i32  column indices, in the order of the CSR rows they came from
//   vals     nnz f64      exactly the CSR values: node I's row j (0..2) at
//                         3·nodePtr[I] + j·m_I + k for its k-th column
// so a CSR matrix with that structure converts without touching its values.
// The products sum in the same order as the CSR ones (sparse/csr.ts): bit
// for bit the same results.

/**
 * Node CSR index arrays from a CSR matrix with 3 nb rows (rowPtr: 3 nb + 1
 * i32, colIdx). Checks that each node's three rows are laid out back to back
 * with one column sequence.
 * @param nodePtr out, nb + 1 i32
 * @param col     out, rowPtr[3 nb] / 3 i32
 * @returns 0, or −1 − I for the first node I whose rows differ
 */
export function nodeCsrFromCsr(nb: i32, rowPtr: usize, colIdx: usize, nodePtr: usize, col: usize): i32 {
  store<i32>(nodePtr, 0);
  let q = 0;
  for (let I = 0; I < nb; I++) {
    const p0 = load<i32>(rowPtr + (<usize>(3 * I) << 2)), m = nodeRowLength(rowPtr, I), p1 = p0 + m;
    if (m < 0 || p0 != 3 * q) return -1 - I;
    for (let k = 0; k < m; k++) {
      const c = load<i32>(colIdx + (<usize>(p0 + k) << 2));
      if (load<i32>(colIdx + (<usize>(p1 + k) << 2)) != c || load<i32>(colIdx + (<usize>(p1 + m + k) << 2)) != c) return -1 - I;
      store<i32>(col + (<usize>(q + k) << 2), c);
    }
    q += m;
    store<i32>(nodePtr + (<usize>(I + 1) << 2), q);
  }
  return 0;
}

/**
 * The length of node I's rows in a CSR matrix (rowPtr: scalar rows) whose
 * three rows 3I, 3I+1, 3I+2 lie back to back with equal lengths, or −1 if
 * they do not.
 */
// @ts-ignore: decorator
@inline export function nodeRowLength(rowPtr: usize, I: i32): i32 {
  const r = rowPtr + (<usize>(3 * I) << 2);
  const p0 = load<i32>(r), m = load<i32>(r, 4) - p0;
  return load<i32>(r, 8) == p0 + 2 * m && load<i32>(r, 12) == p0 + 3 * m ? m : -1;
}

/** y[3 I0 … 3 I1) ← rows of nodes I0 … I1 − 1 times x (y: absolute; one thread's share of the product). */
export function nodeCsrSpmvRows(I0: i32, I1: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  for (let I = I0; I < I1; I++) {
    const q0 = load<i32>(nodePtr + (<usize>I << 2)), q1 = load<i32>(nodePtr + (<usize>(I + 1) << 2));
    const mb = <usize>(q1 - q0) << 3;
    let v = vals + (<usize>(3 * q0) << 3);
    let s0 = 0.0, s1 = 0.0, s2 = 0.0;
    for (let q = q0; q < q1; q++) {
      const xc = load<f64>(x + (<usize>load<i32>(col + (<usize>q << 2)) << 3));
      s0 += load<f64>(v) * xc;
      s1 += load<f64>(v + mb) * xc;
      s2 += load<f64>(v + 2 * mb) * xc;
      v += 8;
    }
    const o = y + <usize>I * 24;
    store<f64>(o, s0); store<f64>(o, s1, 8); store<f64>(o, s2, 16);
  }
}

/** y ← A x (nb nodes). */
export function nodeCsrSpmv(nb: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  nodeCsrSpmvRows(0, nb, nodePtr, col, vals, x, y);
}

/**
 * y ← y + (rows of nodes I0 … I1 − 1)ᵀ x (x, y absolute). Each column gets
 * its node's three terms in row order, as csrTransposeSpmvRows adds them.
 */
export function nodeCsrTransposeSpmvRows(I0: i32, I1: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  for (let I = I0; I < I1; I++) {
    const q0 = load<i32>(nodePtr + (<usize>I << 2)), q1 = load<i32>(nodePtr + (<usize>(I + 1) << 2));
    const mb = <usize>(q1 - q0) << 3;
    const xi = x + <usize>I * 24;
    const x0 = load<f64>(xi), x1 = load<f64>(xi, 8), x2 = load<f64>(xi, 16);
    let v = vals + (<usize>(3 * q0) << 3);
    for (let q = q0; q < q1; q++) {
      const yc = y + (<usize>load<i32>(col + (<usize>q << 2)) << 3);
      store<f64>(yc, load<f64>(yc) + load<f64>(v) * x0 + load<f64>(v + mb) * x1 + load<f64>(v + 2 * mb) * x2);
      v += 8;
    }
  }
}

/** y ← Aᵀ x (nb nodes, m columns: y has m entries). */
export function nodeCsrTransposeSpmv(nb: i32, m: i32, nodePtr: usize, col: usize, vals: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  nodeCsrTransposeSpmvRows(0, nb, nodePtr, col, vals, x, y);
}
