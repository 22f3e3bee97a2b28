// 3 × 3 block CSR (BSR3) matrices for vector problems on a node-graph
// pattern: block (I, J) at pattern position p holds 9 f64 row-major at
// vals + 72 p. Scalar dof numbering is 3·node + component.

import { csrFind } from "./pattern";

/** y ← A x  (nb block rows, x and y have 3 nb entries) */
export function bsr3Spmv(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, x: usize, y: usize): void {
  let p = load<i32>(rowPtr);
  for (let i = 0; i < nb; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    // rows 0 and 1 of the block in f64x2 lanes, row 2 scalar: each lane does
    // the scalar sum's operations in its order (the same bits)
    let s01 = f64x2.splat(0.0), s2 = 0.0;
    for (; p < p1; p++) {
      const a = vals + <usize>p * 72;
      const xv = x + <usize>load<i32>(colIdx + (<usize>p << 2)) * 24;
      const x0 = load<f64>(xv), x1 = load<f64>(xv, 8), x2 = load<f64>(xv, 16);
      s01 = f64x2.add(s01, blockRows01Times(v128.load(a), v128.load(a, 16), v128.load(a, 32), x0, x1, x2));
      s2 += load<f64>(a, 48) * x0 + load<f64>(a, 56) * x1 + load<f64>(a, 64) * x2;
    }
    const yv = y + <usize>i * 24;
    v128.store(yv, s01);
    store<f64>(yv, s2, 16);
  }
}

/**
 * Rows 0 and 1 of a row-major 3 × 3 block times (x0, x1, x2), as an f64x2:
 * (a00 x0 + a01 x1 + a02 x2, a10 x0 + a11 x1 + a12 x2), each lane summed in
 * that order, so it equals the scalar expressions to the bit. The block's
 * first six values come as the pairs r0 = (a00 a01), r1 = (a02 a10),
 * r2 = (a11 a12), which the caller has loaded (the symmetric product uses
 * them again); shuffles gather its columns (a00, a10), (a01, a11), (a02, a12).
 */
// @ts-ignore: decorator
@inline export function blockRows01Times(r0: v128, r1: v128, r2: v128, x0: f64, x1: f64, x2: f64): v128 {
  const c0 = v128.shuffle<f64>(r0, r1, 0, 3), c1 = v128.shuffle<f64>(r0, r2, 1, 2), c2 = v128.shuffle<f64>(r1, r2, 0, 3);
  return f64x2.add(f64x2.add(f64x2.mul(c0, f64x2.splat(x0)), f64x2.mul(c1, f64x2.splat(x1))), f64x2.mul(c2, f64x2.splat(x2)));
}

/** out ← scalar diagonal of A (3 nb f64) */
export function bsr3Diagonal(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, out: usize): void {
  for (let i = 0; i < nb; i++) {
    const a = vals + <usize>csrFind(rowPtr, colIdx, i, i) * 72;
    store<f64>(out + <usize>i * 24, load<f64>(a));
    store<f64>(out + <usize>i * 24, load<f64>(a, 32), 8);
    store<f64>(out + <usize>i * 24, load<f64>(a, 64), 16);
  }
}

/**
 * Inverses of the 3 × 3 diagonal blocks (block-Jacobi preconditioner).
 * @param out nb × 9 f64
 * @returns −1, or the first block row whose diagonal block is singular
 */
export function bsr3BlockDiagonalInverse(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, out: usize): i32 {
  for (let i = 0; i < nb; i++) {
    if (!invertBlock3(vals + <usize>csrFind(rowPtr, colIdx, i, i) * 72, out + <usize>i * 72)) return i;
  }
  return -1;
}

/**
 * bsr3BlockDiagonalInverse for blocks stored one per row (the diagonal
 * blocks of sparse/bsr3-sym.ts): out_I = dBlk_I⁻¹.
 */
export function bsr3InvertBlocks(nb: i32, dBlk: usize, out: usize): i32 {
  for (let i = 0; i < nb; i++) if (!invertBlock3(dBlk + <usize>i * 72, out + <usize>i * 72)) return i;
  return -1;
}

// o ← a⁻¹ (3 × 3 row-major, by cofactors); false if a is singular
// @ts-ignore: decorator
@inline function invertBlock3(a: usize, o: usize): bool {
  const a00 = load<f64>(a), a01 = load<f64>(a, 8), a02 = load<f64>(a, 16);
  const a10 = load<f64>(a, 24), a11 = load<f64>(a, 32), a12 = load<f64>(a, 40);
  const a20 = load<f64>(a, 48), a21 = load<f64>(a, 56), a22 = load<f64>(a, 64);
  const c00 = a11 * a22 - a12 * a21, c01 = a12 * a20 - a10 * a22, c02 = a10 * a21 - a11 * a20;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(Math.abs(det) > 0.0)) return false;
  const r = 1.0 / det;
  store<f64>(o, c00 * r); store<f64>(o, (a02 * a21 - a01 * a22) * r, 8); store<f64>(o, (a01 * a12 - a02 * a11) * r, 16);
  store<f64>(o, c01 * r, 24); store<f64>(o, (a00 * a22 - a02 * a20) * r, 32); store<f64>(o, (a02 * a10 - a00 * a12) * r, 40);
  store<f64>(o, c02 * r, 48); store<f64>(o, (a01 * a20 - a00 * a21) * r, 56); store<f64>(o, (a00 * a11 - a01 * a10) * r, 64);
  return true;
}

/** z_I ← Dinv_I r_I for every block row (Dinv from bsr3BlockDiagonalInverse). */
export function bsr3BlockDiagonalApply(nb: i32, dinv: usize, r: usize, z: usize): void {
  for (let i = 0; i < nb; i++) {
    const d = dinv + <usize>i * 72;
    const rv = r + <usize>i * 24;
    const r0 = load<f64>(rv), r1 = load<f64>(rv, 8), r2 = load<f64>(rv, 16);
    const zv = z + <usize>i * 24;
    store<f64>(zv, load<f64>(d) * r0 + load<f64>(d, 8) * r1 + load<f64>(d, 16) * r2);
    store<f64>(zv, load<f64>(d, 24) * r0 + load<f64>(d, 32) * r1 + load<f64>(d, 40) * r2, 8);
    store<f64>(zv, load<f64>(d, 48) * r0 + load<f64>(d, 56) * r1 + load<f64>(d, 64) * r2, 16);
  }
}

/**
 * Impose u_k = g_k on scalar dofs with mask[k] ≠ 0, symmetrically (see
 * csrApplyDirichlet). @param mask 3 nb u8; @param g 3 nb f64 or 0; @param b 3 nb f64
 */
export function bsr3ApplyDirichlet(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, mask: usize, g: usize, b: usize): void {
  for (let I = 0; I < nb; I++) {
    const p1 = load<i32>(rowPtr + (<usize>(I + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>I << 2)); p < p1; p++) {
      const J = load<i32>(colIdx + (<usize>p << 2));
      const blk = vals + <usize>p * 72;
      constrainBlock(I, J, blk, mask, g, b);
    }
  }
}

/**
 * The constraint of bsr3ApplyDirichlet on one stored 3 × 3 block (I, J) of
 * the full matrix: a constrained row keeps only its diagonal (1 if it was 0)
 * and b_r = A_rr g_r; a free row's entry in a constrained column moves
 * A_rc g_c into b and is cleared.
 */
// @ts-ignore: decorator
@inline export function constrainBlock(I: i32, J: i32, blk: usize, mask: usize, g: usize, b: usize): void {
  for (let i = 0; i < 3; i++) {
    const r = 3 * I + i;
    const fixedRow = load<u8>(mask + <usize>r) != 0;
    for (let j = 0; j < 3; j++) {
      const c = 3 * J + j;
      const vp = blk + (<usize>(3 * i + j) << 3);
      if (fixedRow) {
        if (r == c) {
          let d = load<f64>(vp);
          if (d == 0.0) { d = 1.0; store<f64>(vp, d); }
          store<f64>(b + (<usize>r << 3), g == 0 ? 0.0 : d * load<f64>(g + (<usize>r << 3)));
        } else store<f64>(vp, 0.0);
      } else if (load<u8>(mask + <usize>c) != 0) {
        if (g != 0) {
          const br = b + (<usize>r << 3);
          store<f64>(br, load<f64>(br) - load<f64>(vp) * load<f64>(g + (<usize>c << 3)));
        }
        store<f64>(vp, 0.0);
      }
    }
  }
}
