// The p-coarsening level of a quadratic elasticity hierarchy, A₁ = Iᵀ K I
// (src/linalg/amg.ts, AmgOptions.linearCoarseSpace), formed row by row of
// A₁ straight from K's symmetric storage (sparse/bsr3-sym.ts) instead of by
// two general sparse products (K I, then Iᵀ (K I)).
//
// I maps P1 vertex values to P2 nodes: a vertex keeps its own value, a
// mid-edge node takes w = ½ of each of its edge's two vertices, in the same
// component; a constrained dof's weight is 0 (src/linalg/linear-interpolation.ts).
// So, with par(I) the one or two parent vertices of fine node I and w_Ii its
// weight in component i,
//   A₁[(a, i), (b, j)] = Σ_{I: a ∈ par(I)} Σ_{J: b ∈ par(J)} w_Ii K_IJ[i][j] w_Jj.
// Row a of A₁ visits the children I of vertex a (a itself and the mid-edge
// nodes of its edges) and their whole rows of K: the diagonal block, the
// upper blocks (uRow) and the lower ones as transposed upper blocks (the
// lower index lRow/lCol/lPos). Every I, J in one tet have parents among that
// tet's vertices, so b is always a neighbour of a in the vertex graph — the
// P1 mesh's node graph, which is A₁'s block pattern.
//
// Layout of A₁: scalar CSR, rows 3a + i, each row the 3 columns 3b + j of
// every neighbour b of a in the vertex graph's (sorted) order; row 3a + i
// starts at 9 vRow[a] + 3 i deg(a). Same pattern as the general product
// (which stores I's zero weights too), values equal to rounding. Rows are
// independent: the pool splits the vertices (parallel/spgemm-tasks.ts).

import { SymBsr3 } from "../sparse/bsr3-sym";

/**
 * The scalar CSR pattern of A₁ from the vertex graph.
 * @param vRow nv + 1 i32; @param vCol vRow[nv] i32 (sorted rows, with the diagonal)
 * @param outRow 3 nv + 1 i32; @param outCol 9 vRow[nv] i32
 */
export function linearGalerkinPattern(nv: i32, vRow: usize, vCol: usize, outRow: usize, outCol: usize): void {
  store<i32>(outRow, 0);
  for (let a = 0; a < nv; a++) {
    const r0 = load<i32>(vRow + (<usize>a << 2)), r1 = load<i32>(vRow + (<usize>(a + 1) << 2));
    const deg = r1 - r0;
    for (let i = 0; i < 3; i++) {
      const o = 9 * r0 + 3 * deg * i;
      for (let p = r0; p < r1; p++) {
        const b = load<i32>(vCol + (<usize>p << 2));
        const q = outCol + (<usize>(o + 3 * (p - r0)) << 2);
        store<i32>(q, 3 * b); store<i32>(q, 3 * b + 1, 4); store<i32>(q, 3 * b + 2, 8);
      }
      store<i32>(outRow + (<usize>(3 * a + i + 1) << 2), o + 3 * deg);
    }
  }
}

/**
 * Values of rows a0 ≤ a < a1 (vertices) of A₁ = Iᵀ K I, into outVal (zeroed
 * by the caller, laid out as linearGalerkinPattern's).
 * @param childPtr nv + 1 i32, child: the fine nodes with vertex a as a parent
 * @param parents 2 nb i32: the parent vertices of each fine node (−1: none, a vertex's second)
 * @param w 3 nb f64: the weight of each fine dof (1, ½, or 0 if constrained)
 * @param S K's SymBsr3 record (sparse/bsr3-sym.ts: diagonal blocks, upper triangle, lower index)
 * @param marker nv i32 workspace, all −1 on entry and on return
 * @returns 0, or −1 − a when a fine node of vertex a's rows has a parent outside a's graph row (not a 10-node tet mesh's I)
 */
export function linearGalerkinRows(a0: i32, a1: i32, vRow: usize, vCol: usize, childPtr: usize, child: usize, parents: usize, w: usize,
  S: usize, marker: usize, outVal: usize): i32 {
  const K = changetype<SymBsr3>(S);
  for (let a = a0; a < a1; a++) {
    if (!galerkinRow(a, vRow, vCol, childPtr, child, parents, w, K, marker, outVal)) return -1 - a;
  }
  return 0;
}

// One row of A₁ (a function of its own: V8 optimizes a wasm function for its next call, so the loop above calls a small hot one).
// @ts-ignore: decorator
@inline(never) function galerkinRow(a: i32, vRow: usize, vCol: usize, childPtr: usize, child: usize, parents: usize, w: usize,
  K: SymBsr3, marker: usize, outVal: usize): bool {
  const dBlk = K.dBlk, uRow = K.uRow, uCol = K.uCol, uVal = K.uVal, lRow = K.lRow, lCol = K.lCol, lPos = K.lPos;
  const r0 = load<i32>(vRow + (<usize>a << 2)), r1 = load<i32>(vRow + (<usize>(a + 1) << 2));
  for (let p = r0; p < r1; p++) store<i32>(marker + (<usize>load<i32>(vCol + (<usize>p << 2)) << 2), p - r0);
  const row = outVal + (<usize>(9 * r0) << 3), stride = <usize>(3 * (r1 - r0)) << 3;
  let ok = true;
  const c1 = load<i32>(childPtr + (<usize>(a + 1) << 2));
  for (let c = load<i32>(childPtr + (<usize>a << 2)); c < c1 && ok; c++) {
    const I = load<i32>(child + (<usize>c << 2));
    const wi = w + <usize>I * 24;
    const w0 = load<f64>(wi), w1 = load<f64>(wi, 8), w2 = load<f64>(wi, 16);
    if (w0 == 0.0 && w1 == 0.0 && w2 == 0.0) continue;
    ok = addBlock(I, dBlk + <usize>I * 72, false, w0, w1, w2, parents, w, marker, row, stride);
    const q1 = load<i32>(uRow + (<usize>(I + 1) << 2));
    for (let q = load<i32>(uRow + (<usize>I << 2)); q < q1 && ok; q++) {
      ok = addBlock(load<i32>(uCol + (<usize>q << 2)), uVal + <usize>q * 72, false, w0, w1, w2, parents, w, marker, row, stride);
    }
    const t1 = load<i32>(lRow + (<usize>(I + 1) << 2));
    for (let t = load<i32>(lRow + (<usize>I << 2)); t < t1 && ok; t++) {
      ok = addBlock(load<i32>(lCol + (<usize>t << 2)), uVal + <usize>load<i32>(lPos + (<usize>t << 2)) * 72, true, w0, w1, w2, parents, w, marker, row, stride);
    }
  }
  for (let p = r0; p < r1; p++) store<i32>(marker + (<usize>load<i32>(vCol + (<usize>p << 2)) << 2), -1);
  return ok;
}

/**
 * Row a += w_I K_IJ w_J at the parents of J: blk is K_IJ (row-major), or
 * K_JI when transposed. Row 3a + i of the vertex row starts at row + i stride.
 * @returns false when a parent of J is not in the row (marker −1)
 */
// @ts-ignore: decorator
@inline function addBlock(J: i32, blk: usize, transposed: bool, w0: f64, w1: f64, w2: f64, parents: usize, w: usize, marker: usize,
  row: usize, stride: usize): bool {
  const wj = w + <usize>J * 24;
  const v0 = load<f64>(wj), v1 = load<f64>(wj, 8), v2 = load<f64>(wj, 16);
  if (v0 == 0.0 && v1 == 0.0 && v2 == 0.0) return true;
  // S = diag(w_I) K_IJ diag(w_J)
  let m01: f64, m02: f64, m10: f64, m12: f64, m20: f64, m21: f64;
  if (transposed) {
    m01 = load<f64>(blk, 24); m02 = load<f64>(blk, 48); m10 = load<f64>(blk, 8);
    m12 = load<f64>(blk, 56); m20 = load<f64>(blk, 16); m21 = load<f64>(blk, 40);
  } else {
    m01 = load<f64>(blk, 8); m02 = load<f64>(blk, 16); m10 = load<f64>(blk, 24);
    m12 = load<f64>(blk, 40); m20 = load<f64>(blk, 48); m21 = load<f64>(blk, 56);
  }
  const s00 = w0 * load<f64>(blk) * v0, s01 = w0 * m01 * v1, s02 = w0 * m02 * v2;
  const s10 = w1 * m10 * v0, s11 = w1 * load<f64>(blk, 32) * v1, s12 = w1 * m12 * v2;
  const s20 = w2 * m20 * v0, s21 = w2 * m21 * v1, s22 = w2 * load<f64>(blk, 64) * v2;
  for (let s = 0; s < 2; s++) {
    const b = load<i32>(parents + (<usize>(2 * J + s) << 2));
    if (b < 0) break;
    const k = load<i32>(marker + (<usize>b << 2));
    if (k < 0) return false;
    const o0 = row + (<usize>(3 * k) << 3), o1 = o0 + stride, o2 = o1 + stride;
    store<f64>(o0, load<f64>(o0) + s00); store<f64>(o0, load<f64>(o0, 8) + s01, 8); store<f64>(o0, load<f64>(o0, 16) + s02, 16);
    store<f64>(o1, load<f64>(o1) + s10); store<f64>(o1, load<f64>(o1, 8) + s11, 8); store<f64>(o1, load<f64>(o1, 16) + s12, 16);
    store<f64>(o2, load<f64>(o2) + s20); store<f64>(o2, load<f64>(o2, 8) + s21, 8); store<f64>(o2, load<f64>(o2, 16) + s22, 16);
  }
  return true;
}
