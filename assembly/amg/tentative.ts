// Tentative prolongator of smoothed aggregation: for each aggregate, the
// near-nullspace rows of its dofs, B_a (m × k), are factored B_a = Q_a R_a
// (modified Gram–Schmidt); Q_a fills the aggregate's k columns of P_tent and
// R_a becomes the coarse near-nullspace, so that B = P_tent · B_c exactly.
// A column that is (numerically) dependent on the previous ones — a small or
// flat aggregate does not see all 6 rigid modes — is dropped: its Q column
// and R row are zero (the coarse dof is then decoupled and left alone).
// k = 6 (rigid-body modes) for elasticity, k = 1 (constants) for diffusion.
//
// Layouts:
//   B      nDofs × k f64 row-major (dof = bs·node + component)
//   P_tent CSR with exactly k entries per row: row r has columns k·agg(r)+j,
//          j = 0…k−1 (Pcol, Pval: nDofs × k); rows of nodes with agg = −1 are 0
//   Bc     (k·nAgg) × k f64 row-major

/**
 * @param aggPtr  scratch (nAgg + 1) i32;  @param aggNodes scratch n i32
 * @returns number of dropped columns
 */
export function amgTentative(n: i32, bs: i32, K: i32, agg: usize, nAgg: i32, B: usize, Pcol: usize, Pval: usize, Bc: usize,
  aggPtr: usize, aggNodes: usize): i32 {
  // nodes of each aggregate (counting sort)
  memory.fill(aggPtr, 0, <usize>(nAgg + 1) << 2);
  for (let i = 0; i < n; i++) {
    const a = load<i32>(agg + (<usize>i << 2));
    if (a >= 0) store<i32>(aggPtr + (<usize>(a + 1) << 2), load<i32>(aggPtr + (<usize>(a + 1) << 2)) + 1);
  }
  for (let a = 0; a < nAgg; a++) store<i32>(aggPtr + (<usize>(a + 1) << 2), load<i32>(aggPtr + (<usize>(a + 1) << 2)) + load<i32>(aggPtr + (<usize>a << 2)));
  for (let i = 0; i < n; i++) {
    const a = load<i32>(agg + (<usize>i << 2));
    if (a < 0) continue;
    const slot = aggPtr + (<usize>a << 2);
    const k = load<i32>(slot);
    store<i32>(aggNodes + (<usize>k << 2), i);
    store<i32>(slot, k + 1);
  }
  for (let a = nAgg; a > 0; a--) store<i32>(aggPtr + (<usize>a << 2), load<i32>(aggPtr + (<usize>(a - 1) << 2)));
  store<i32>(aggPtr, 0);

  // P_tent ← B (then orthonormalized in place per aggregate)
  const nDofs = n * bs;
  for (let r = 0; r < nDofs; r++) {
    const a = load<i32>(agg + (<usize>(r / bs) << 2));
    for (let k = 0; k < K; k++) {
      const o = (<usize>(K * r + k));
      // left-out nodes: explicit zeros in aggregate 0's columns (a whole group, so
      // the rows of every coarse node keep sharing one pattern; see spgemm.ts)
      store<i32>(Pcol + (o << 2), a >= 0 ? K * a + k : k);
      store<f64>(Pval + (o << 3), a >= 0 ? load<f64>(B + (o << 3)) : 0.0);
    }
  }
  memory.fill(Bc, 0, <usize>(K * nAgg * K) << 3);
  let dropped = 0;
  for (let a = 0; a < nAgg; a++) {
    const q0 = load<i32>(aggPtr + (<usize>a << 2)), q1 = load<i32>(aggPtr + (<usize>(a + 1) << 2));
    const R = Bc + (<usize>(K * a * K) << 3); // R[k][j] at R + 8(K·k + j)
    for (let j = 0; j < K; j++) {
      const orig = Math.sqrt(colDot(K, q0, q1, bs, aggNodes, Pval, j, j));
      for (let k = 0; k < j; k++) {
        const rkj = colDot(K, q0, q1, bs, aggNodes, Pval, k, j);
        store<f64>(R + (<usize>(K * k + j) << 3), rkj);
        colAxpy(K, q0, q1, bs, aggNodes, Pval, -rkj, k, j);
      }
      const rjj = Math.sqrt(colDot(K, q0, q1, bs, aggNodes, Pval, j, j));
      if (!(rjj > 1e-10 * orig) || orig == 0.0) {
        // keep R[k][j], k < j: column j is (numerically) a combination of the previous ones
        colScale(K, q0, q1, bs, aggNodes, Pval, 0.0, j);
        dropped++;
        continue;
      }
      store<f64>(R + (<usize>(K * j + j) << 3), rjj);
      colScale(K, q0, q1, bs, aggNodes, Pval, 1.0 / rjj, j);
    }
  }
  return dropped;
}

function colDot(K: i32, q0: i32, q1: i32, bs: i32, nodes: usize, P: usize, i: i32, j: i32): f64 {
  let s = 0.0;
  for (let q = q0; q < q1; q++) {
    const base = bs * load<i32>(nodes + (<usize>q << 2));
    for (let c = 0; c < bs; c++) {
      const row = P + (<usize>(K * (base + c)) << 3);
      s += load<f64>(row + (<usize>i << 3)) * load<f64>(row + (<usize>j << 3));
    }
  }
  return s;
}

// column j += alpha · column i
function colAxpy(K: i32, q0: i32, q1: i32, bs: i32, nodes: usize, P: usize, alpha: f64, i: i32, j: i32): void {
  for (let q = q0; q < q1; q++) {
    const base = bs * load<i32>(nodes + (<usize>q << 2));
    for (let c = 0; c < bs; c++) {
      const row = P + (<usize>(K * (base + c)) << 3);
      store<f64>(row + (<usize>j << 3), load<f64>(row + (<usize>j << 3)) + alpha * load<f64>(row + (<usize>i << 3)));
    }
  }
}

function colScale(K: i32, q0: i32, q1: i32, bs: i32, nodes: usize, P: usize, s: f64, j: i32): void {
  for (let q = q0; q < q1; q++) {
    const base = bs * load<i32>(nodes + (<usize>q << 2));
    for (let c = 0; c < bs; c++) {
      const v = P + (<usize>(K * (base + c) + j) << 3);
      store<f64>(v, load<f64>(v) * s);
    }
  }
}
