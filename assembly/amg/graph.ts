// Strength-of-connection graphs for smoothed-aggregation AMG.
//
// Aggregation works on "nodes": groups of bs scalar dofs (3 on the fine
// elasticity level, 6 on coarse levels where each aggregate carries the 6
// rigid-body modes). The node graph has one entry per coupled node pair with
// the squared Frobenius norm of their bs × bs block as its weight.
//
// Layouts: rowPtr (n + 1 i32), colIdx (nnz i32), weights (nnz f64).

import { SymBsr3 } from "../sparse/bsr3-sym";

/** Squared Frobenius norms of the blocks of a BSR3 matrix: out (nnzb f64). */
export function bsr3BlockNorms2(nb: i32, rowPtr: usize, vals: usize, out: usize): void {
  const nnz = load<i32>(rowPtr + (<usize>nb << 2));
  for (let p = 0; p < nnz; p++) {
    store<f64>(out + (<usize>p << 3), norm2Block(vals + <usize>p * 72));
  }
}

/**
 * Node graph of a scalar CSR matrix whose dofs come in groups of bs
 * (dof = bs·node + component). Pass 1 (weights = 0): fills gRowPtr and
 * returns the entry count. Pass 2 (weights ≠ 0): fills gColIdx and weights.
 * @param marker scratch, nNodes i32
 */
export function csrNodeGraph(nNodes: i32, bs: i32, rowPtr: usize, colIdx: usize, vals: usize,
  marker: usize, gRowPtr: usize, gColIdx: usize, weights: usize): i32 {
  memory.fill(marker, 0xff, <usize>nNodes << 2);
  let nnz = 0;
  store<i32>(gRowPtr, 0);
  for (let I = 0; I < nNodes; I++) {
    const start = nnz;
    for (let a = 0; a < bs; a++) {
      const r = bs * I + a;
      const p1 = load<i32>(rowPtr + (<usize>(r + 1) << 2));
      for (let p = load<i32>(rowPtr + (<usize>r << 2)); p < p1; p++) {
        const J = load<i32>(colIdx + (<usize>p << 2)) / bs;
        let slot = load<i32>(marker + (<usize>J << 2));
        if (slot < start) {
          slot = nnz++;
          store<i32>(marker + (<usize>J << 2), slot);
          if (weights != 0) {
            store<i32>(gColIdx + (<usize>slot << 2), J);
            store<f64>(weights + (<usize>slot << 3), 0.0);
          }
        }
        if (weights != 0) {
          const v = load<f64>(vals + (<usize>p << 3));
          const w = weights + (<usize>slot << 3);
          store<f64>(w, load<f64>(w) + v * v);
        }
      }
    }
    store<i32>(gRowPtr + (<usize>(I + 1) << 2), nnz);
  }
  return nnz;
}

/**
 * The node graph of a symmetric BSR3 matrix (sparse/bsr3-sym.ts, S: a
 * SymBsr3 record) with squared block norms as weights: whole rows (lower
 * part, diagonal, upper part), i.e. the full pattern in its column order,
 * with the weights bsr3BlockNorms2 gives the full matrix.
 * @param gRowPtr nb + 1 i32; gColIdx, weights: nb + 2 nnzU entries
 */
export function bsr3SymNodeGraph(nb: i32, S: usize, gRowPtr: usize, gColIdx: usize, weights: usize): void {
  const s = changetype<SymBsr3>(S);
  let q = 0;
  store<i32>(gRowPtr, 0);
  for (let I = 0; I < nb; I++) {
    const l1 = load<i32>(s.lRow + (<usize>(I + 1) << 2));
    for (let t = load<i32>(s.lRow + (<usize>I << 2)); t < l1; t++) {
      store<i32>(gColIdx + (<usize>q << 2), load<i32>(s.lCol + (<usize>t << 2)));
      store<f64>(weights + (<usize>(q++) << 3), norm2Block(s.uVal + <usize>load<i32>(s.lPos + (<usize>t << 2)) * 72));
    }
    store<i32>(gColIdx + (<usize>q << 2), I);
    store<f64>(weights + (<usize>(q++) << 3), norm2Block(s.dBlk + <usize>I * 72));
    const p1 = load<i32>(s.uRow + (<usize>(I + 1) << 2));
    for (let p = load<i32>(s.uRow + (<usize>I << 2)); p < p1; p++) {
      store<i32>(gColIdx + (<usize>q << 2), load<i32>(s.uCol + (<usize>p << 2)));
      store<f64>(weights + (<usize>(q++) << 3), norm2Block(s.uVal + <usize>p * 72));
    }
    store<i32>(gRowPtr + (<usize>(I + 1) << 2), q);
  }
}

// @ts-ignore: decorator
@inline function norm2Block(a: usize): f64 {
  let s = 0.0;
  for (let k = 0; k < 9; k++) {
    const v = load<f64>(a + (<usize>k << 3));
    s += v * v;
  }
  return s;
}
