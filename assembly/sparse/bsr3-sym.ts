// Symmetric 3 × 3 block CSR matrices stored by their diagonal blocks and
// strict upper block triangle: half the bytes of the full BSR3 matrix per
// product, for the memory-bound elasticity CG and its AMG smoother.
//
// Layout: dBlk (nb × 9 f64, the diagonal blocks, row-major), uRow (nb + 1
// i32), uCol (nnzU i32, block columns J > I only), uVal (nnzU × 9 f64,
// row-major blocks aligned with uCol). Kernels that need whole rows (the
// AMG setup's products and strength graph) also take the lower index of
// sparse/pattern.ts (lRow, lCol, lPos): block (I, J), J < I, is U_JIᵀ at
// uVal + 72 lPos. The elasticity matrix is assembled straight into this
// storage (assemble.ts), so its lower triangle never exists.

import { blockRows01Times, constrainBlock } from "./bsr3";

/** A symmetric BSR3 matrix's arrays, in one record for kernels that take them all (free with `free`). */
@unmanaged export class SymBsr3 {
  dBlk: usize;
  uRow: usize;
  uCol: usize;
  uVal: usize;
  lRow: usize;
  lCol: usize;
  lPos: usize;
}

/** A SymBsr3 record of the given arrays. */
export function symBsr3Create(dBlk: usize, uRow: usize, uCol: usize, uVal: usize, lRow: usize, lCol: usize, lPos: usize): usize {
  const s = changetype<SymBsr3>(heap.alloc(offsetof<SymBsr3>()));
  s.dBlk = dBlk; s.uRow = uRow; s.uCol = uCol; s.uVal = uVal; s.lRow = lRow; s.lCol = lCol; s.lPos = lPos;
  return changetype<usize>(s);
}

/** out ← scalar diagonal (3 nb f64) */
export function bsr3SymDiagonal(nb: i32, dBlk: usize, out: usize): void {
  for (let i = 0; i < nb; i++) {
    const a = dBlk + <usize>i * 72, o = out + <usize>i * 24;
    store<f64>(o, load<f64>(a));
    store<f64>(o, load<f64>(a, 32), 8);
    store<f64>(o, load<f64>(a, 64), 16);
  }
}

/**
 * bsr3ApplyDirichlet (sparse/bsr3.ts) on the symmetric storage: the same
 * matrix and right-hand side. A stored upper block stands for itself and
 * its transpose, so it is cleared in the rows and the columns of
 * constrained dofs, and with g ≠ 0 moves g into b on both sides.
 * Only blocks with a constrained node on either side can change, so only
 * those are visited: a constrained node's diagonal block, its upper row
 * (uRow) and its upper column (the lower index lRow/lCol/lPos of
 * sparse/pattern.ts) — a few dozen blocks for the pins of a free particle
 * instead of all of them. A block between two constrained nodes is visited
 * twice; the second visit finds its constrained entries already cleared
 * and changes nothing.
 * @param mask 3 nb u8; @param g 3 nb f64 or 0; @param b 3 nb f64
 */
export function bsr3SymApplyDirichlet(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, lRow: usize, lCol: usize, lPos: usize,
  mask: usize, g: usize, b: usize): void {
  for (let I = 0; I < nb; I++) {
    const m = mask + <usize>(3 * I);
    if ((load<u8>(m) | load<u8>(m, 1) | load<u8>(m, 2)) == 0) continue;
    constrainBlock(I, I, dBlk + <usize>I * 72, mask, g, b); // the diagonal block: as in the full matrix
    const p1 = load<i32>(uRow + (<usize>(I + 1) << 2));
    for (let p = load<i32>(uRow + (<usize>I << 2)); p < p1; p++) {
      constrainUpperBlock(I, load<i32>(uCol + (<usize>p << 2)), uVal + <usize>p * 72, mask, g, b);
    }
    // the stored blocks U_JI, J < I, of column I (lower index: J = lCol, position lPos)
    const t1 = load<i32>(lRow + (<usize>(I + 1) << 2));
    for (let t = load<i32>(lRow + (<usize>I << 2)); t < t1; t++) {
      constrainUpperBlock(load<i32>(lCol + (<usize>t << 2)), I, uVal + <usize>load<i32>(lPos + (<usize>t << 2)) * 72, mask, g, b);
    }
  }
}

/** Clear the entries of stored upper block (I, J) in constrained rows or columns; with g, move them into b on both sides. */
function constrainUpperBlock(I: i32, J: i32, blk: usize, mask: usize, g: usize, b: usize): void {
  for (let i = 0; i < 3; i++) {
    const r = 3 * I + i;
    const fr = load<u8>(mask + <usize>r) != 0;
    for (let j = 0; j < 3; j++) {
      const c = 3 * J + j;
      const fc = load<u8>(mask + <usize>c) != 0;
      if (!fr && !fc) continue;
      const vp = blk + (<usize>(3 * i + j) << 3);
      if (g != 0) {
        // entry (r, c) of a free row r, and its mirror (c, r) of a free row c
        if (!fr) store<f64>(b + (<usize>r << 3), load<f64>(b + (<usize>r << 3)) - load<f64>(vp) * load<f64>(g + (<usize>c << 3)));
        if (!fc) store<f64>(b + (<usize>c << 3), load<f64>(b + (<usize>c << 3)) - load<f64>(vp) * load<f64>(g + (<usize>r << 3)));
      }
      store<f64>(vp, 0.0);
    }
  }
}

/**
 * Scalar row sums of |A| (3 nb f64): each upper block counts in its own
 * rows and, transposed, in its column's rows (Gershgorin bounds).
 */
export function bsr3SymAbsRowSums(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, out: usize): void {
  for (let I = 0; I < nb; I++) {
    const d = dBlk + <usize>I * 72, o = out + <usize>I * 24;
    for (let i = 0; i < 3; i++) {
      store<f64>(o + (<usize>i << 3), Math.abs(load<f64>(d + (<usize>(3 * i) << 3))) + Math.abs(load<f64>(d + (<usize>(3 * i + 1) << 3))) + Math.abs(load<f64>(d + (<usize>(3 * i + 2) << 3))));
    }
  }
  for (let I = 0; I < nb; I++) {
    const p1 = load<i32>(uRow + (<usize>(I + 1) << 2));
    const oi = out + <usize>I * 24;
    for (let p = load<i32>(uRow + (<usize>I << 2)); p < p1; p++) {
      const a = uVal + <usize>p * 72, oj = out + <usize>load<i32>(uCol + (<usize>p << 2)) * 24;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const v = Math.abs(load<f64>(a + (<usize>(3 * i + j) << 3)));
          store<f64>(oi + (<usize>i << 3), load<f64>(oi + (<usize>i << 3)) + v);
          store<f64>(oj + (<usize>j << 3), load<f64>(oj + (<usize>j << 3)) + v);
        }
      }
    }
  }
}

/**
 * Fill the diagonal blocks and upper block triangle of a full symmetric BSR3
 * matrix. Values only with uCol = 0 (same pattern as a first call).
 * uVal may be vals itself (the triangle written over the front of the full
 * values, PcgStorage.inPlace): entry q of the triangle is written only after
 * full entry p ≥ q has been read, and blocks are whole 72-byte units.
 */
export function bsr3ExtractUpper(nb: i32, rowPtr: usize, colIdx: usize, vals: usize, dBlk: usize, uRow: usize, uCol: usize, uVal: usize): void {
  let q = 0;
  store<i32>(uRow, 0);
  for (let i = 0; i < nb; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      if (j == i) memory.copy(dBlk + <usize>i * 72, vals + <usize>p * 72, 72);
      else if (j > i) {
        if (uCol != 0) store<i32>(uCol + (<usize>q << 2), j);
        memory.copy(uVal + <usize>q * 72, vals + <usize>p * 72, 72);
        q++;
      }
    }
    store<i32>(uRow + (<usize>(i + 1) << 2), q);
  }
}

/** y ← A x for A = D + U + Uᵀ in the block storage above (x, y: 3 nb f64). */
export function bsr3SymSpmv(nb: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>nb * 24);
  bsr3SymSpmvRows(0, nb, dBlk, uRow, uCol, uVal, x, y);
}

/**
 * y += (block rows i0 ≤ I < i1 of D + U) x  and  y += (those rows of U)ᵀ x:
 * one thread's share of a parallel product (parallel/tasks.ts). Writes
 * blocks J ≥ i0 only, so `y` may be a base pointer whose blocks below i0 are
 * not backed by memory.
 */
export function bsr3SymSpmvRows(i0: i32, i1: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize, x: usize, y: usize): void {
  let p = load<i32>(uRow + (<usize>i0 << 2));
  for (let i = i0; i < i1; i++) {
    const xi = x + <usize>i * 24;
    const x0 = load<f64>(xi), x1 = load<f64>(xi, 8), x2 = load<f64>(xi, 16);
    const d = dBlk + <usize>i * 72;
    let s0 = load<f64>(d) * x0 + load<f64>(d, 8) * x1 + load<f64>(d, 16) * x2;
    let s1 = load<f64>(d, 24) * x0 + load<f64>(d, 32) * x1 + load<f64>(d, 40) * x2;
    let s2 = load<f64>(d, 48) * x0 + load<f64>(d, 56) * x1 + load<f64>(d, 64) * x2;
    const p1 = load<i32>(uRow + (<usize>(i + 1) << 2));
    // components 0 and 1 of the row sum and of y_J in f64x2 lanes, component
    // 2 scalar; each lane does the scalar loop's operations in its order, so
    // the result is the same to the bit
    let s01 = f64x2(s0, s1);
    const x0v = f64x2.splat(x0), x1v = f64x2.splat(x1), x2v = f64x2.splat(x2);
    for (; p < p1; p++) {
      const a = uVal + <usize>p * 72;
      const J = <usize>load<i32>(uCol + (<usize>p << 2)) * 24;
      const xj = x + J, yj = y + J;
      // block rows as pairs: (a00 a01), (a02 a10), (a11 a12), (a20 a21), a22
      const r0 = v128.load(a), r1 = v128.load(a, 16), r2 = v128.load(a, 32), r3 = v128.load(a, 48);
      const a02 = load<f64>(a, 16), a12 = load<f64>(a, 40), a22 = load<f64>(a, 64);
      const u0 = load<f64>(xj), u1 = load<f64>(xj, 8), u2 = load<f64>(xj, 16);
      // y_I += A_IJ x_J: rows 0 and 1 in the lanes
      s01 = f64x2.add(s01, blockRows01Times(r0, r1, r2, u0, u1, u2));
      s2 += load<f64>(a, 48) * u0 + load<f64>(a, 56) * u1 + a22 * u2;
      // y_J += A_IJᵀ x_I: (y0, y1) += (a00, a01) x0 + (a10, a11) x1 + (a20, a21) x2
      const t1 = v128.shuffle<f64>(r1, r2, 1, 2);
      v128.store(yj, f64x2.add(f64x2.add(f64x2.add(v128.load(yj), f64x2.mul(r0, x0v)), f64x2.mul(t1, x1v)), f64x2.mul(r3, x2v)));
      store<f64>(yj, load<f64>(yj, 16) + a02 * x0 + a12 * x1 + a22 * x2, 16);
    }
    s0 = f64x2.extract_lane(s01, 0);
    s1 = f64x2.extract_lane(s01, 1);
    const yi = y + <usize>i * 24;
    store<f64>(yi, load<f64>(yi) + s0);
    store<f64>(yi, load<f64>(yi, 8) + s1, 8);
    store<f64>(yi, load<f64>(yi, 16) + s2, 16);
  }
}
