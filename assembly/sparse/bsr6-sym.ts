// Symmetric matrices in 6 × 6 blocks, stored by their diagonal blocks and
// upper block triangle: the AMG's first coarse level of an elasticity
// hierarchy (6 dofs per aggregate, the rigid-body modes), whose rows are long
// (~280 entries at seed scale P1). As scalar CSR every entry carries a 4-byte
// column index and the product gathers x and scatters y one entry at a time;
// in blocks one index serves 36 entries, x_J and y_J are six contiguous
// values, and a block's two products (A_IJ x_J into y_I, A_IJᵀ x_I into y_J)
// run in f64x2 lanes.
//
// Layout (SymBsr6): dBlk (nb × 36 f64, the diagonal blocks), uRow (nb + 1
// i32), uCol (nbU i32, block columns J > I only), uVal (nbU × 36 f64, aligned
// with uCol). Every block is stored column by column: entry (r, c) of block
// row I, block column J (scalar row 6I + r, column 6J + c) at 6c + r, so
// that a column pair of rows (r, r + 1) is one f64x2 load.

/** y ← A x for A = D + U + Uᵀ in 6 × 6 blocks (layout above). */
export function bsr6SymSpmv(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>nb * 48);
  bsr6SymSpmvRows(0, nb, dBlk, uRow, uCol, uVal, x, y);
}

/**
 * y += (block rows i0 ≤ I < i1 of D + U) x  and  y += (those rows of U)ᵀ x_I:
 * the share of one thread in a parallel product (parallel/tasks.ts). Writes
 * y_J for J ≥ i0 only, so `y` may be a base pointer whose blocks below i0
 * are not backed by memory.
 */
export function bsr6SymSpmvRows(i0: i32, i1: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  let p = load<i32>(uRow + (<usize>i0 << 2));
  for (let I = i0; I < i1; I++) {
    const xi = x + <usize>I * 48;
    const x01 = v128.load(xi), x23 = v128.load(xi, 16), x45 = v128.load(xi, 32);
    // s = D_I x_I, rows in lane pairs (0, 1), (2, 3), (4, 5)
    const d = dBlk + <usize>I * 288;
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0), s45 = f64x2.splat(0);
    for (let c: usize = 0; c < 6; c++) {
      const col = d + c * 48, xc = v128.load64_splat(xi + (c << 3));
      s01 = f64x2.add(s01, f64x2.mul(v128.load(col), xc));
      s23 = f64x2.add(s23, f64x2.mul(v128.load(col, 16), xc));
      s45 = f64x2.add(s45, f64x2.mul(v128.load(col, 32), xc));
    }
    const p1 = load<i32>(uRow + (<usize>(I + 1) << 2));
    for (; p < p1; p++) {
      const a = uVal + <usize>p * 288;
      const J = <usize>load<i32>(uCol + (<usize>p << 2)) * 48;
      const xj = x + J, yj = y + J;
      // y_I += A_IJ x_J
      for (let c: usize = 0; c < 6; c++) {
        const col = a + c * 48, xc = v128.load64_splat(xj + (c << 3));
        s01 = f64x2.add(s01, f64x2.mul(v128.load(col), xc));
        s23 = f64x2.add(s23, f64x2.mul(v128.load(col, 16), xc));
        s45 = f64x2.add(s45, f64x2.mul(v128.load(col, 32), xc));
      }
      // y_J += A_IJᵀ x_I: entry c is column c · x_I, two columns per lane pair
      for (let c: usize = 0; c < 6; c += 2) {
        const ca = a + c * 48, cb = ca + 48;
        const ta = f64x2.add(f64x2.add(f64x2.mul(v128.load(ca), x01), f64x2.mul(v128.load(ca, 16), x23)), f64x2.mul(v128.load(ca, 32), x45));
        const tb = f64x2.add(f64x2.add(f64x2.mul(v128.load(cb), x01), f64x2.mul(v128.load(cb, 16), x23)), f64x2.mul(v128.load(cb, 32), x45));
        // (ta₀ + ta₁, tb₀ + tb₁)
        const t = f64x2.add(v128.shuffle<f64>(ta, tb, 0, 2), v128.shuffle<f64>(ta, tb, 1, 3));
        const o = yj + (c << 3);
        v128.store(o, f64x2.add(v128.load(o), t));
      }
    }
    const yi = y + <usize>I * 48;
    v128.store(yi, f64x2.add(v128.load(yi), s01));
    v128.store(yi, f64x2.add(v128.load(yi, 16), s23), 16);
    v128.store(yi, f64x2.add(v128.load(yi, 32), s45), 32);
  }
}
