// Sparse matrix–matrix products and transposes for the AMG setup (Galerkin
// products R·A·P, prolongator smoothing), Gustavson's row-by-row algorithm
// over groups of rows that share a pattern (a node's or an aggregate's dofs).
// Each product runs twice: symbolic (cCol = 0: count entries, fill cRow,
// return nnz) then numeric (fill cCol, cVal). Columns within a row come out
// in first-touch order, not sorted — nothing downstream needs them sorted.
//
// Layouts: CSR = rowPtr (rows + 1 i32), colIdx (nnz i32), vals (nnz f64);
// BSR3 = 3 × 3 blocks as in sparse/bsr3.ts. marker: nColsB i32 scratch.
// Both products work on any range of A's rows (pointers offset to its first
// row; entries of cRow are absolute positions): parallel/spgemm-tasks.ts
// runs them by row ranges on the thread pool. Their *Selected forms take a
// list of A's nodes (row groups) instead: the blocked Galerkin product
// forms only the rows of A·P a block of R reaches.

import { SymBsr3 } from "../sparse/bsr3-sym";
import { nodeRowLength } from "../sparse/node-csr";

/**
 * C = A · B for scalar CSR matrices with the block structure of the AMG
 * setup: A's rows come in groups of g consecutive rows with identical column
 * sequences, those columns come in runs of gb consecutive indices
 * (gb·K, …, gb·K + gb − 1: the dofs of one node or aggregate), and the gb
 * rows of B in a run share their column sequence. A g × gb block of A then
 * meets a gb-row slab of B, and one column lookup (the marker, Gustavson's
 * sparse accumulator) serves g·gb products; C's rows come out grouped by g.
 * Symbolic pass (cCol = 0) returns nnz; the numeric pass returns −1 − (first
 * row of the group) if the structure does not hold.
 * @param av scratch, g·gb f64
 */
export function csrSpgemmGrouped(nRows: i32, g: i32, gb: i32, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize, av: usize): i32 {
  return csrSpgemmGroupedSelected(nRows, g, gb, 0, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, marker, cRow, cCol, cVal, av);
}

/**
 * csrSpgemmGrouped on selected groups of A's rows: group t of C is A's group
 * aGroups[t] (rows g·aGroups[t] … + g − 1; aGroups: nRows / g i32); aGroups = 0
 * takes groups 0, 1, … (the plain product). C's rows are numbered t·g + j.
 */
export function csrSpgemmGroupedSelected(nRows: i32, g: i32, gb: i32, aGroups: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize, av: usize): i32 {
  memory.fill(marker, 0xff, <usize>nColsB << 2);
  let pat = 0; // running count of group-pattern entries (marker values)
  if (cCol == 0) store<i32>(cRow, 0); // the numeric pass only reads cRow (a thread's share points into the middle of it)
  const aRow0 = aRow;
  for (let r0 = 0; r0 < nRows; r0 += g) {
    // A's row pointer, shifted so that entry r0 is the selected group's first row (wrapping usize arithmetic)
    aRow = aGroups != 0 ? aRow0 + ((<usize>(load<i32>(aGroups + (<usize>(r0 / g) << 2)) * g - r0)) << 2) : aRow0;
    const patStart = pat;
    const q0 = load<i32>(aRow + (<usize>r0 << 2)), q1 = load<i32>(aRow + (<usize>(r0 + 1) << 2));
    const base = load<i32>(cRow + (<usize>r0 << 2));
    const m = cCol != 0 ? load<i32>(cRow + (<usize>(r0 + 1) << 2)) - base : 0;
    if (cCol != 0) {
      if ((q1 - q0) % gb != 0) return -1 - r0;
      for (let j = 1; j < g; j++) {
        const rj = aRow + (<usize>(r0 + j) << 2);
        if (load<i32>(rj + 4) - load<i32>(rj) != q1 - q0) return -1 - r0;
      }
    }
    for (let q = q0; q < q1; q += gb) {
      const k0 = load<i32>(aCol + (<usize>q << 2));
      const p0 = load<i32>(bRow + (<usize>k0 << 2)), p1 = load<i32>(bRow + (<usize>(k0 + 1) << 2));
      if (cCol != 0) {
        // structure checks, and the g × gb block of A into av (row-major)
        if (k0 % gb != 0) return -1 - r0;
        for (let b = 0; b < gb; b++) {
          const len = load<i32>(bRow + (<usize>(k0 + b + 1) << 2)) - load<i32>(bRow + (<usize>(k0 + b) << 2));
          if (len != p1 - p0) return -1 - r0;
          for (let j = 0; j < g; j++) {
            const pos = load<i32>(aRow + (<usize>(r0 + j) << 2)) + q - q0 + b;
            if (load<i32>(aCol + (<usize>pos << 2)) != k0 + b) return -1 - r0;
            store<f64>(av + (<usize>(j * gb + b) << 3), load<f64>(aVal + (<usize>pos << 3)));
          }
        }
      }
      if (cCol != 0 && gb == 3) {
        pat = groupTimesRuns3(g, av, p0, p1, load<i32>(bRow + (<usize>(k0 + 1) << 2)) - p0, load<i32>(bRow + (<usize>(k0 + 2) << 2)) - p0,
          bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
        continue;
      }
      if (cCol != 0 && gb == 6) {
        pat = groupTimesRuns6(g, av, k0, p0, p1, bRow, bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
        continue;
      }
      for (let p = p0; p < p1; p++) {
        const c = load<i32>(bCol + (<usize>p << 2));
        const slot = columnSlot(c, marker, pat, patStart, cCol, cVal, base, m, g);
        if (slot == pat) pat++;
        if (cCol != 0) {
          for (let j = 0; j < g; j++) {
            let sum = 0.0;
            for (let b = 0; b < gb; b++) {
              const pb = load<i32>(bRow + (<usize>(k0 + b) << 2)) + p - p0;
              if (DEBUG) assert(load<i32>(bCol + (<usize>pb << 2)) == c, "csrSpgemmGrouped: B rows of a run differ in pattern");
              sum += load<f64>(av + (<usize>(j * gb + b) << 3)) * load<f64>(bVal + (<usize>pb << 3));
            }
            const o = cVal + (<usize>(base + j * m + slot - patStart) << 3);
            store<f64>(o, load<f64>(o) + sum);
          }
        }
      }
    }
    if (cCol == 0) {
      const len = pat - patStart;
      for (let j = 0; j < g; j++) store<i32>(cRow + (<usize>(r0 + j + 1) << 2), base + (j + 1) * len);
    }
  }
  return cCol == 0 ? load<i32>(cRow + (<usize>nRows << 2)) : 0;
}

/**
 * C's column slot of column c in the current row group (the marker,
 * Gustavson's sparse accumulator): its slot when the group has it, else
 * slot `pat`, taken (marker set; in the numeric pass, cCol ≠ 0, also
 * opened: g zero entries with column c) — the caller then counts it
 * (slot == pat). Every product of this file finds its columns here.
 */
// @ts-ignore: decorator
@inline function columnSlot(c: i32, marker: usize, pat: i32, patStart: i32, cCol: usize, cVal: usize, base: i32, m: i32, g: i32): i32 {
  const mk = marker + (<usize>c << 2);
  const slot = load<i32>(mk);
  if (slot >= patStart) return slot;
  store<i32>(mk, pat);
  if (cCol != 0) openColumn(cCol, cVal, base, m, g, pat - patStart, c);
  return pat;
}

/**
 * Numeric pass of csrSpgemmGrouped for one g × 3 block of A (av, row-major)
 * times its 3-row slab of B (entries p0 … p1 − 1 of the first row; the
 * other two rows at offsets o1, o2 from it): the slab's three values per
 * column are loaded once and serve the g rows (the general loop reloads the
 * row pointers for every product). Returns the updated pattern count.
 */
@inline(never)
function groupTimesRuns3(g: i32, av: usize, p0: i32, p1: i32, o1: i32, o2: i32, bCol: usize, bVal: usize,
  marker: usize, pat: i32, patStart: i32, cCol: usize, cVal: usize, base: i32, m: i32): i32 {
  for (let p = p0; p < p1; p++) {
    const c = load<i32>(bCol + (<usize>p << 2));
    const slot = columnSlot(c, marker, pat, patStart, cCol, cVal, base, m, g);
    if (slot == pat) pat++;
    if (DEBUG) assert(load<i32>(bCol + (<usize>(p + o1) << 2)) == c && load<i32>(bCol + (<usize>(p + o2) << 2)) == c, "csrSpgemmGrouped: B rows of a run differ in pattern");
    const v0 = load<f64>(bVal + (<usize>p << 3)), v1 = load<f64>(bVal + (<usize>(p + o1) << 3)), v2 = load<f64>(bVal + (<usize>(p + o2) << 3));
    let o = cVal + (<usize>(base + slot - patStart) << 3);
    let a = av;
    for (let j = 0; j < g; j++) {
      // summed in the general loop's order: the same bits
      store<f64>(o, load<f64>(o) + (load<f64>(a) * v0 + load<f64>(a, 8) * v1 + load<f64>(a, 16) * v2));
      o += <usize>m << 3;
      a += 24;
    }
  }
  return pat;
}

/** groupTimesRuns3 for runs of 6 columns (the coarse levels: 6 dofs per aggregate); B's row pointers at k0 … k0 + 5. */
@inline(never)
function groupTimesRuns6(g: i32, av: usize, k0: i32, p0: i32, p1: i32, bRow: usize, bCol: usize, bVal: usize,
  marker: usize, pat: i32, patStart: i32, cCol: usize, cVal: usize, base: i32, m: i32): i32 {
  const r = bRow + (<usize>k0 << 2);
  const o1 = load<i32>(r, 4) - p0, o2 = load<i32>(r, 8) - p0, o3 = load<i32>(r, 12) - p0, o4 = load<i32>(r, 16) - p0, o5 = load<i32>(r, 20) - p0;
  for (let p = p0; p < p1; p++) {
    const c = load<i32>(bCol + (<usize>p << 2));
    const slot = columnSlot(c, marker, pat, patStart, cCol, cVal, base, m, g);
    if (slot == pat) pat++;
    if (DEBUG) assert(load<i32>(bCol + (<usize>(p + o5) << 2)) == c, "csrSpgemmGrouped: B rows of a run differ in pattern");
    const v0 = load<f64>(bVal + (<usize>p << 3)), v1 = load<f64>(bVal + (<usize>(p + o1) << 3)), v2 = load<f64>(bVal + (<usize>(p + o2) << 3));
    const v3 = load<f64>(bVal + (<usize>(p + o3) << 3)), v4 = load<f64>(bVal + (<usize>(p + o4) << 3)), v5 = load<f64>(bVal + (<usize>(p + o5) << 3));
    let o = cVal + (<usize>(base + slot - patStart) << 3);
    let a = av;
    for (let j = 0; j < g; j++) {
      store<f64>(o, load<f64>(o) + (load<f64>(a) * v0 + load<f64>(a, 8) * v1 + load<f64>(a, 16) * v2
        + load<f64>(a, 24) * v3 + load<f64>(a, 32) * v4 + load<f64>(a, 40) * v5));
      o += <usize>m << 3;
      a += 48;
    }
  }
  return pat;
}

/**
 * C = A · B, A in BSR3 (nb block rows, 3 nb scalar rows), B scalar CSR whose
 * rows come in node triples (3J, 3J+1, 3J+2) with identical column sequences
 * (P_tent and smoothed prolongators do). A 3 × 3 block then meets a 3-row
 * slab of B, and the column lookup is shared by the 9 products; C's three
 * rows per block row share their pattern (grouped by 3).
 * Numeric pass returns −1 − (block row) if a triple of B rows differs in pattern.
 */
export function bsr3CsrSpgemm(nb: i32, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  return bsr3CsrSpgemmSelected(nb, 0, aRow, aCol, aVal, bRow, bCol, bVal, nColsB, marker, cRow, cCol, cVal);
}

/**
 * bsr3CsrSpgemm on selected block rows: C's block row t is A's block row
 * aNodes[t] (nb i32); aNodes = 0 takes 0, 1, … (the plain product).
 */
export function bsr3CsrSpgemmSelected(nb: i32, aNodes: usize, aRow: usize, aCol: usize, aVal: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  memory.fill(marker, 0xff, <usize>nColsB << 2);
  let pat = 0;
  if (cCol == 0) store<i32>(cRow, 0); // the numeric pass only reads cRow (a thread's share points into the middle of it)
  for (let I = 0; I < nb; I++) {
    const patStart = pat;
    const base = load<i32>(cRow + (<usize>(3 * I) << 2));
    const m = cCol != 0 ? load<i32>(cRow + (<usize>(3 * I + 1) << 2)) - base : 0;
    const Ia = aNodes != 0 ? load<i32>(aNodes + (<usize>I << 2)) : I;
    const p1 = load<i32>(aRow + (<usize>(Ia + 1) << 2));
    for (let p = load<i32>(aRow + (<usize>Ia << 2)); p < p1; p++) {
      pat = blockTimesRows(load<i32>(aCol + (<usize>p << 2)), aVal + <usize>p * 72, false, bRow, bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
      if (pat < 0) return -1 - I;
    }
    if (cCol == 0) closeRows(cRow, I, base, pat - patStart);
  }
  return cCol == 0 ? load<i32>(cRow + (<usize>(3 * nb) << 2)) : 0;
}

/**
 * bsr3CsrSpgemmSelected with A symmetric in the storage of
 * sparse/bsr3-sym.ts (S: a SymBsr3 record), read by whole rows: the lower
 * blocks (transposed upper ones, through the lower index), the diagonal
 * block, the upper blocks — the full pattern's column order, so C's rows
 * come out as from the full matrix. C's block row t is A's block row
 * aNodes[t], or i0 + t with aNodes = 0 (a thread's range).
 */
export function bsr3SymCsrSpgemmSelected(nb: i32, i0: i32, aNodes: usize, S: usize, bRow: usize, bCol: usize, bVal: usize,
  nColsB: i32, marker: usize, cRow: usize, cCol: usize, cVal: usize): i32 {
  const s = changetype<SymBsr3>(S);
  memory.fill(marker, 0xff, <usize>nColsB << 2);
  let pat = 0;
  if (cCol == 0) store<i32>(cRow, 0);
  for (let I = 0; I < nb; I++) {
    const patStart = pat;
    const base = load<i32>(cRow + (<usize>(3 * I) << 2));
    const m = cCol != 0 ? load<i32>(cRow + (<usize>(3 * I + 1) << 2)) - base : 0;
    const Ia = aNodes != 0 ? load<i32>(aNodes + (<usize>I << 2)) : i0 + I;
    const l1 = load<i32>(s.lRow + (<usize>(Ia + 1) << 2));
    for (let t = load<i32>(s.lRow + (<usize>Ia << 2)); t < l1; t++) {
      const blk = s.uVal + <usize>load<i32>(s.lPos + (<usize>t << 2)) * 72;
      pat = blockTimesRows(load<i32>(s.lCol + (<usize>t << 2)), blk, true, bRow, bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
      if (pat < 0) return -1 - I;
    }
    pat = blockTimesRows(Ia, s.dBlk + <usize>Ia * 72, false, bRow, bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
    if (pat < 0) return -1 - I;
    const p1 = load<i32>(s.uRow + (<usize>(Ia + 1) << 2));
    for (let p = load<i32>(s.uRow + (<usize>Ia << 2)); p < p1; p++) {
      pat = blockTimesRows(load<i32>(s.uCol + (<usize>p << 2)), s.uVal + <usize>p * 72, false, bRow, bCol, bVal, marker, pat, patStart, cCol, cVal, base, m);
      if (pat < 0) return -1 - I;
    }
    if (cCol == 0) closeRows(cRow, I, base, pat - patStart);
  }
  return cCol == 0 ? load<i32>(cRow + (<usize>(3 * nb) << 2)) : 0;
}

/**
 * One 3 × 3 block A_IJ (at blk; its transpose when `tr`) times the 3-row
 * slab of B at node J, added into C's block row (base, m: its first entry
 * and row length; the symbolic pass only opens columns). B's three rows of
 * J must share their column sequence (P_tent and smoothed prolongators do).
 * @returns the new running pattern count, or −1 if B's rows of J differ in pattern
 */
// @ts-ignore: decorator
@inline function blockTimesRows(J: i32, blk: usize, tr: bool, bRow: usize, bCol: usize, bVal: usize, marker: usize, pat: i32, patStart: i32,
  cCol: usize, cVal: usize, base: i32, m: i32): i32 {
  const q0 = load<i32>(bRow + (<usize>(3 * J) << 2)), q1 = load<i32>(bRow + (<usize>(3 * J + 1) << 2));
  const q2 = load<i32>(bRow + (<usize>(3 * J + 2) << 2)), q3 = load<i32>(bRow + (<usize>(3 * J + 3) << 2));
  const len = q1 - q0;
  const s1 = len, s2 = q2 - q0; // offsets of rows 3J+1, 3J+2 from row 3J
  if (cCol != 0 && (q2 - q1 != len || q3 - q2 != len)) return -1;
  const mb = <usize>m << 3;
  const a00 = load<f64>(blk), a11 = load<f64>(blk, 32), a22 = load<f64>(blk, 64);
  const a01 = tr ? load<f64>(blk, 24) : load<f64>(blk, 8), a02 = tr ? load<f64>(blk, 48) : load<f64>(blk, 16);
  const a10 = tr ? load<f64>(blk, 8) : load<f64>(blk, 24), a12 = tr ? load<f64>(blk, 56) : load<f64>(blk, 40);
  const a20 = tr ? load<f64>(blk, 16) : load<f64>(blk, 48), a21 = tr ? load<f64>(blk, 40) : load<f64>(blk, 56);
  for (let q = q0; q < q1; q++) {
    const c = load<i32>(bCol + (<usize>q << 2));
    const slot = columnSlot(c, marker, pat, patStart, cCol, cVal, base, m, 3);
    if (slot == pat) pat++;
    if (cCol != 0) {
      if (DEBUG) {
        assert(load<i32>(bCol + (<usize>(q + s1) << 2)) == c && load<i32>(bCol + (<usize>(q + s2) << 2)) == c, "bsr3CsrSpgemm: B rows of a node differ in pattern");
      }
      const w0 = load<f64>(bVal + (<usize>q << 3)), w1 = load<f64>(bVal + (<usize>(q + s1) << 3)), w2 = load<f64>(bVal + (<usize>(q + s2) << 3));
      const o = cVal + (<usize>(base + slot - patStart) << 3);
      store<f64>(o, load<f64>(o) + a00 * w0 + a01 * w1 + a02 * w2);
      store<f64>(o + mb, load<f64>(o + mb) + a10 * w0 + a11 * w1 + a12 * w2);
      store<f64>(o + 2 * mb, load<f64>(o + 2 * mb) + a20 * w0 + a21 * w1 + a22 * w2);
    }
  }
  return pat;
}

// symbolic pass: block row I's three rows, each of `len` entries, from base on
// @ts-ignore: decorator
@inline function closeRows(cRow: usize, I: i32, base: i32, len: i32): void {
  for (let j = 0; j < 3; j++) store<i32>(cRow + (<usize>(3 * I + j + 1) << 2), base + (j + 1) * len);
}

// a new column c at group-local position `local`: entered, with value 0, in each of the group's g rows
// (row j of the group starts at base + j·m)
// @ts-ignore: decorator
@inline function openColumn(cCol: usize, cVal: usize, base: i32, m: i32, g: i32, local: i32, c: i32): void {
  for (let j = 0; j < g; j++) {
    const o = <usize>(base + j * m + local);
    store<i32>(cCol + (o << 2), c);
    store<f64>(cVal + (o << 3), 0.0);
  }
}

/** T = Aᵀ (A: nRows × nCols CSR with nnz entries). tRow: nCols + 1 i32. */
export function csrTranspose(nRows: i32, nCols: i32, aRow: usize, aCol: usize, aVal: usize, tRow: usize, tCol: usize, tVal: usize): void {
  csrTransposeColumns(nRows, 0, nCols, aRow, aCol, aVal, tRow, tCol, tVal); // counts, then fills
}

/**
 * T = rows c0 … c1 − 1 of Aᵀ: the transpose of A's columns [c0, c1) (a block
 * of the AMG restriction R = Pᵀ, made from P when the Galerkin product needs
 * it instead of storing R). Each row of T lists its entries in increasing
 * row of A. With tCol = 0 only tRow (c1 − c0 + 1 i32) is filled; call again
 * with tCol/tVal of tRow[c1 − c0] entries. (parallel/spgemm-tasks.ts:
 * parCsrTransposeColumns, the same by ranges of A's rows.)
 * @returns the entries of T
 */
export function csrTransposeColumns(nRows: i32, c0: i32, c1: i32, aRow: usize, aCol: usize, aVal: usize, tRow: usize, tCol: usize, tVal: usize): i32 {
  const m = c1 - c0;
  memory.fill(tRow, 0, <usize>(m + 1) << 2);
  csrColumnCountsRows(0, nRows, c0, m, aRow, aCol, tRow + 4);
  for (let c = 0; c < m; c++) store<i32>(tRow + (<usize>(c + 1) << 2), load<i32>(tRow + (<usize>(c + 1) << 2)) + load<i32>(tRow + (<usize>c << 2)));
  const total = load<i32>(tRow + (<usize>m << 2));
  if (tCol == 0) return total;
  // fill using tRow[c] as a cursor, then shift back
  csrTransposeFillRows(0, nRows, c0, m, aRow, aCol, aVal, tRow, tCol, tVal);
  for (let c = m; c > 0; c--) store<i32>(tRow + (<usize>c << 2), load<i32>(tRow + (<usize>(c - 1) << 2)));
  store<i32>(tRow, 0);
  return total;
}

/** counts[c] += the entries of A's rows r0 … r1 − 1 in column c0 + c, c < m (counts: m i32). */
export function csrColumnCountsRows(r0: i32, r1: i32, c0: i32, m: i32, aRow: usize, aCol: usize, counts: usize): void {
  const p1 = load<i32>(aRow + (<usize>r1 << 2));
  for (let p = load<i32>(aRow + (<usize>r0 << 2)); p < p1; p++) {
    const c = load<i32>(aCol + (<usize>p << 2)) - c0;
    if (<u32>c >= <u32>m) continue;
    const o = counts + (<usize>c << 2);
    store<i32>(o, load<i32>(o) + 1);
  }
}

/**
 * The entries of A's rows r0 … r1 − 1 in columns [c0, c0 + m) into T's rows,
 * in row order, each at its row's cursor (cursor: m i32, advanced).
 */
export function csrTransposeFillRows(r0: i32, r1: i32, c0: i32, m: i32, aRow: usize, aCol: usize, aVal: usize, cursor: usize, tCol: usize, tVal: usize): void {
  for (let i = r0; i < r1; i++) {
    const q1 = load<i32>(aRow + (<usize>(i + 1) << 2));
    for (let p = load<i32>(aRow + (<usize>i << 2)); p < q1; p++) {
      const c = load<i32>(aCol + (<usize>p << 2)) - c0;
      if (<u32>c >= <u32>m) continue;
      const cur = cursor + (<usize>c << 2);
      const slot = load<i32>(cur);
      store<i32>(tCol + (<usize>slot << 2), i);
      store<f64>(tVal + (<usize>slot << 3), load<f64>(aVal + (<usize>p << 3)));
      store<i32>(cur, slot + 1);
    }
  }
}

/**
 * The aggregation nodes a block of the restriction touches: the distinct
 * fine nodes (column / bs) among its nCol column entries, increasing, into
 * out (at most nNodes i32).
 * @param mark nNodes u8 scratch (overwritten)
 * @returns how many
 */
export function restrictionNodes(nCol: i32, col: usize, bs: i32, nNodes: i32, mark: usize, out: usize): i32 {
  memory.fill(mark, 0, <usize>nNodes);
  for (let q = 0; q < nCol; q++) store<u8>(mark + <usize>(load<i32>(col + (<usize>q << 2)) / bs), 1);
  let m = 0;
  for (let i = 0; i < nNodes; i++) {
    if (load<u8>(mark + <usize>i) == 0) continue;
    store<i32>(out + (<usize>m << 2), i);
    m++;
  }
  return m;
}

/**
 * Prolongator smoothing in place: AP ← P_tent − ω D⁻¹ (A P_tent), where AP
 * holds A·P_tent and its pattern contains P_tent's (A has its diagonal).
 * @param dinv  nRows f64 inverse point diagonal of A (0 on decoupled rows)
 * @param Pcol, Pval  P_tent, k entries per row
 * @returns P_tent entries not found in AP's pattern (0 unless a bug)
 */
export function amgSmoothProlongator(nRows: i32, k: i32, apRow: usize, apCol: usize, apVal: usize, Pcol: usize, Pval: usize, dinv: usize, omega: f64): i32 {
  let missing = 0;
  for (let r = 0; r < nRows; r++) {
    const s = -omega * load<f64>(dinv + (<usize>r << 3));
    const p0 = load<i32>(apRow + (<usize>r << 2)), p1 = load<i32>(apRow + (<usize>(r + 1) << 2));
    for (let p = p0; p < p1; p++) store<f64>(apVal + (<usize>p << 3), s * load<f64>(apVal + (<usize>p << 3)));
    missing += addTentativeRow(r, k, p0, p1, apCol, apVal, Pcol, Pval);
  }
  return missing;
}

/**
 * The same with block Jacobi: AP ← P_tent − ω D_b⁻¹ (A P_tent), D_b the 3 × 3
 * diagonal blocks of a BSR3 A (nb nodes; dinvB: their inverses, nb × 9 f64),
 * ω from λ_max(D_b⁻¹A) — the prolongator smoothed by the same operator the
 * fine level's smoother uses. AP's three rows of a node are back to back
 * with one column sequence (as bsr3CsrSpgemm makes them).
 * @returns P_tent entries not found in AP's pattern, or −1 − I if node I's rows are not so laid out
 */
export function amgSmoothProlongatorBlocks(nb: i32, k: i32, apRow: usize, apCol: usize, apVal: usize, Pcol: usize, Pval: usize, dinvB: usize, omega: f64): i32 {
  let missing = 0;
  for (let I = 0; I < nb; I++) {
    const base = load<i32>(apRow + (<usize>(3 * I) << 2)), m = nodeRowLength(apRow, I);
    if (m < 0) return -1 - I;
    const b = dinvB + <usize>I * 72, mb = <usize>m << 3;
    const d00 = -omega * load<f64>(b), d01 = -omega * load<f64>(b, 8), d02 = -omega * load<f64>(b, 16);
    const d10 = -omega * load<f64>(b, 24), d11 = -omega * load<f64>(b, 32), d12 = -omega * load<f64>(b, 40);
    const d20 = -omega * load<f64>(b, 48), d21 = -omega * load<f64>(b, 56), d22 = -omega * load<f64>(b, 64);
    for (let q = 0; q < m; q++) {
      const o = apVal + (<usize>(base + q) << 3);
      const v0 = load<f64>(o), v1 = load<f64>(o + mb), v2 = load<f64>(o + 2 * mb);
      store<f64>(o, d00 * v0 + d01 * v1 + d02 * v2);
      store<f64>(o + mb, d10 * v0 + d11 * v1 + d12 * v2);
      store<f64>(o + 2 * mb, d20 * v0 + d21 * v1 + d22 * v2);
    }
    for (let j = 0; j < 3; j++) {
      const r = 3 * I + j, p0 = base + j * m;
      missing += addTentativeRow(r, k, p0, p0 + m, apCol, apVal, Pcol, Pval);
    }
  }
  return missing;
}

// AP row r (entries p0 … p1) += P_tent row r (k entries); returns the P_tent entries not in the row's pattern
function addTentativeRow(r: i32, k: i32, p0: i32, p1: i32, apCol: usize, apVal: usize, Pcol: usize, Pval: usize): i32 {
  let missing = 0;
  for (let j = 0; j < k; j++) {
    const o = <usize>(k * r + j);
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
  return missing;
}
