// Symmetric block storage made from a scalar CSR matrix whose entries come in
// whole b × b blocks — an AMG coarse level: the linear level of a quadratic
// mesh (3 dofs per vertex) or an aggregation level (6 per aggregate). The
// setup builds these as scalar CSR (its products need whole rows); the
// cycle then multiplies by the diagonal blocks and upper block triangle.
//
// Block layouts: b = 3 as sparse/bsr3-sym.ts (each block row by row);
// b = 6 as sparse/bsr6-sym.ts (each block column by column).

/**
 * Count (uCol = 0) or fill the symmetric b × b block copy (b = 3 or 6) of a
 * symmetric scalar CSR matrix with n = b·nb rows, whose b rows of a block row
 * have one column pattern made of whole aligned column groups bJ … bJ + b − 1,
 * the diagonal block among them. Counting returns the number of upper blocks
 * (for sizing uCol and uVal); filling writes dBlk (nb × b² f64), uRow
 * (nb + 1 i32), uCol and uVal (b² f64 per block) and returns the same count.
 * Both return −1 − (block row) where the pattern is not of that form (the
 * caller keeps scalar storage then).
 */
export function csrToBlockSym(b: i32, nb: i32, rowPtr: usize, colIdx: usize, vals: usize, dBlk: usize, uRow: usize, uCol: usize, uVal: usize): i32 {
  const bb = <usize>(b * b) << 3;
  const colMajor = b == 6;
  let q = 0;
  if (uCol != 0) store<i32>(uRow, 0);
  for (let I = 0; I < nb; I++) {
    const r0 = b * I;
    const p0 = load<i32>(rowPtr + (<usize>r0 << 2)), len = load<i32>(rowPtr + (<usize>(r0 + 1) << 2)) - p0;
    if (len % b != 0) return -1 - I;
    // the first row's column groups are the block columns
    let upper = 0, hasDiag = false;
    for (let k = 0; k < len; k += b) {
      const c = load<i32>(colIdx + (<usize>(p0 + k) << 2));
      if (c % b != 0) return -1 - I;
      for (let e = 1; e < b; e++) if (load<i32>(colIdx + (<usize>(p0 + k + e) << 2)) != c + e) return -1 - I;
      const J = c / b;
      if (J == I) hasDiag = true;
      else if (J > I) upper++;
    }
    if (!hasDiag) return -1 - I;
    // the other rows of the block row: the same columns
    for (let r = 1; r < b; r++) {
      const pr = load<i32>(rowPtr + (<usize>(r0 + r) << 2));
      if (load<i32>(rowPtr + (<usize>(r0 + r + 1) << 2)) - pr != len) return -1 - I;
      for (let k = 0; k < len; k++) {
        if (load<i32>(colIdx + (<usize>(pr + k) << 2)) != load<i32>(colIdx + (<usize>(p0 + k) << 2))) return -1 - I;
      }
    }
    if (uCol != 0) {
      let t = q;
      for (let k = 0; k < len; k += b) {
        const J = load<i32>(colIdx + (<usize>(p0 + k) << 2)) / b;
        if (J < I) continue;
        const blk = J == I ? dBlk + <usize>I * bb : uVal + <usize>t * bb;
        if (J > I) store<i32>(uCol + (<usize>(t++) << 2), J);
        for (let r = 0; r < b; r++) {
          const pr = load<i32>(rowPtr + (<usize>(r0 + r) << 2)) + k;
          for (let c = 0; c < b; c++) {
            const at = colMajor ? b * c + r : b * r + c;
            store<f64>(blk + (<usize>at << 3), load<f64>(vals + (<usize>(pr + c) << 3)));
          }
        }
      }
      store<i32>(uRow + (<usize>(I + 1) << 2), q + upper);
    }
    q += upper;
  }
  return q;
}
