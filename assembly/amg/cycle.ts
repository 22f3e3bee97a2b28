// The AMG V-cycle used as a PCG preconditioner (solvers/preconditioner.ts,
// PC_AMG): on every level but the coarsest, Chebyshev smoothing with the
// Jacobi-scaled operator (point Jacobi; 3 × 3 block Jacobi on an elasticity
// fine level, amg/block-jacobi.ts) before and after the coarse correction;
// the coarsest level is solved exactly by a dense Cholesky factor. Pre- and
// post-smoothers are the same polynomial, so the cycle is a symmetric
// positive definite operator, as CG requires.
//
// The hierarchy lives in wasm memory: an Amg header pointing at nLevels
// AmgLevel records (written by TypeScript through amgSetLevel and the
// amgSet* refinements below: symmetric storage, node-CSR prolongator, block
// Jacobi); all arrays are owned by the TypeScript side (src/linalg/amg.ts).

// the cycle's products and vector updates run on the thread pool when it has more than one thread
import {
  parAxpy, parBlockChebyshevUpdate, parBlockScaledApply, parBsr3Spmv, parBsr3SymSpmv, parBsr6SymSpmv, parChebyshevUpdate, parCsrSpmv, parCsrSymSpmv, parCsrTransposeSpmv, parNodeCsrSpmv, parNodeCsrTransposeSpmv,
  parScaledMul, parXpay, parBlockJacobi3,
} from "../parallel/tasks";
import { bsr3SymAbsRowSums } from "../sparse/bsr3-sym";

export const AMG_LEVEL_BSR3: i32 = 1;
export const AMG_LEVEL_CSR: i32 = 0;
/** the fine level as symmetric BSR3 (diagonal blocks + upper triangle, sparse/bsr3-sym.ts) */
export const AMG_LEVEL_BSR3_SYM: i32 = 2;
/** a coarse level as symmetric CSR (diagonal + strict upper triangle, sparse/csr-sym.ts) */
export const AMG_LEVEL_CSR_SYM: i32 = 3;
/** a coarse level of 6-dof aggregates in symmetric 6 × 6 blocks (sparse/bsr6-sym.ts) */
export const AMG_LEVEL_BSR6_SYM: i32 = 4;

@unmanaged export class AmgLevel {
  /** scalar rows */
  n: i32;
  /** AMG_LEVEL_BSR3, AMG_LEVEL_CSR, AMG_LEVEL_BSR3_SYM, AMG_LEVEL_CSR_SYM or AMG_LEVEL_BSR6_SYM */
  kind: i32;
  rowPtr: usize;
  colIdx: usize;
  vals: usize;
  /** inverse point diagonal, n f64 (0 on decoupled rows) */
  dinv: usize;
  /** Chebyshev interval of D⁻¹A */
  lmin: f64;
  lmax: f64;
  /** prolongator P (n × nc CSR); the restriction is Pᵀ, applied as a product with the transpose (no stored R: on the fine elasticity level it would be as large as P) */
  nc: i32;
  pRow: usize;
  pCol: usize;
  pVal: usize;
  /** work: 5 n f64 (b, x, r, d, z) */
  work: usize;
  /** AMG_LEVEL_BSR3_SYM / BSR6_SYM: the diagonal blocks (rowPtr/colIdx/vals: the upper block triangle); AMG_LEVEL_CSR_SYM: the diagonal, n f64 */
  diagBlocks: usize;
  /** 1: P is node CSR (sparse/node-csr.ts: pRow = nodePtr of n / 3 nodes, pCol one column list per node) */
  pNodes: i32;
  /** the smoother's Jacobi part as inverse 3 × 3 diagonal blocks (n / 3 × 9 f64, amg/block-jacobi.ts), or 0: point Jacobi (dinv) */
  dinvBlocks: usize;
}

/** Bytes of one AmgLevel record (the stride of Amg.levels), for readers of the hierarchy outside the core. */
export const AMG_LEVEL_RECORD_BYTES: i32 = offsetof<AmgLevel>();

@unmanaged export class Amg {
  nLevels: i32;
  /** Chebyshev degree */
  degree: i32;
  /** nLevels AmgLevel records, contiguous */
  levels: usize;
  /** coarsest: dense Cholesky factor (nCoarse² f64, lower triangle) and size */
  nCoarse: i32;
  chol: usize;
}

/** Allocate a hierarchy header with nLevels (zeroed) level records; free with amgFree. */
export function amgCreate(nLevels: i32, degree: i32): usize {
  const h = changetype<Amg>(heap.alloc(offsetof<Amg>()));
  h.nLevels = nLevels;
  h.degree = degree;
  const bytes = <usize>nLevels * offsetof<AmgLevel>();
  h.levels = heap.alloc(bytes);
  memory.fill(h.levels, 0, bytes);
  h.nCoarse = 0;
  h.chol = 0;
  return changetype<usize>(h);
}

export function amgFree(amg: usize): void {
  if (amg == 0) return;
  heap.free(changetype<Amg>(amg).levels);
  heap.free(amg);
}

// @ts-ignore: decorator
@inline function level(h: Amg, l: i32): AmgLevel {
  return changetype<AmgLevel>(h.levels + <usize>l * offsetof<AmgLevel>());
}

/** Describe level l (arrays stay the caller's). The coarsest level needs only n and chol (amgSetCoarse). */
export function amgSetLevel(amg: usize, l: i32, n: i32, kind: i32, rowPtr: usize, colIdx: usize, vals: usize, dinv: usize,
  lmin: f64, lmax: f64, nc: i32, pRow: usize, pCol: usize, pVal: usize, work: usize): void {
  const L = level(changetype<Amg>(amg), l);
  L.n = n; L.kind = kind; L.rowPtr = rowPtr; L.colIdx = colIdx; L.vals = vals; L.dinv = dinv;
  L.lmin = lmin; L.lmax = lmax; L.nc = nc;
  L.pRow = pRow; L.pCol = pCol; L.pVal = pVal; L.work = work;
  L.diagBlocks = 0;
  L.pNodes = 0;
  L.dinvBlocks = 0;
}

/**
 * Smooth level l (a BSR3 level) with block Jacobi: Chebyshev on D_b⁻¹A, D_b
 * its 3 × 3 diagonal blocks, inverted in dinvB (n / 3 × 9 f64); the level's
 * [lmin, lmax] must bound D_b⁻¹A (amgLambdaMaxLanczos with the same blocks).
 * Call after amgSetLevel(…, l, …).
 */
export function amgSetLevelBlockJacobi(amg: usize, l: i32, dinvB: usize): void {
  level(changetype<Amg>(amg), l).dinvBlocks = dinvB;
}

/**
 * Let level l's prolongator be node CSR (sparse/node-csr.ts): its rows come
 * in node triples with one column list, so P x and Pᵀ r read a third of the
 * index bytes. Call after amgSetLevel(…, l, …); vals stay pVal, unchanged.
 */
export function amgSetProlongatorNodes(amg: usize, l: i32, nodePtr: usize, col: usize): void {
  const L = level(changetype<Amg>(amg), l);
  L.pRow = nodePtr;
  L.pCol = col;
  L.pNodes = 1;
}

/**
 * Let level 0 (a BSR3 level) multiply by a symmetric copy of its matrix —
 * half the bytes per product in the smoother — instead of the full one.
 * Call after amgSetLevel(…, 0, …); the copy must hold the same values.
 */
export function amgSetFineSymmetric(amg: usize, dBlk: usize, uRow: usize, uCol: usize, uVal: usize): void {
  const L = level(changetype<Amg>(amg), 0);
  L.kind = AMG_LEVEL_BSR3_SYM;
  L.diagBlocks = dBlk;
  L.rowPtr = uRow;
  L.colIdx = uCol;
  L.vals = uVal;
}

/**
 * Let level l (a CSR level above the coarsest) multiply by its diagonal and
 * strict upper triangle (sparse/csr-sym.ts) — half the bytes per product;
 * the first coarse level of an elasticity hierarchy has few rows but long
 * ones. Call after amgSetLevel(…, l, …).
 */
export function amgSetLevelSymmetric(amg: usize, l: i32, diag: usize, uRow: usize, uCol: usize, uVal: usize): void {
  const L = level(changetype<Amg>(amg), l);
  L.kind = AMG_LEVEL_CSR_SYM;
  L.diagBlocks = diag;
  L.rowPtr = uRow;
  L.colIdx = uCol;
  L.vals = uVal;
}

/**
 * Let coarse level l multiply by its diagonal blocks and upper block
 * triangle in bs × bs blocks (bs = 3: sparse/bsr3-sym.ts, the linear level of
 * a quadratic mesh; bs = 6: sparse/bsr6-sym.ts, an aggregation level) — one
 * column index per block and the blocks' products in f64x2 lanes, instead of
 * scalar entries. Call after amgSetLevel(…, l, …).
 */
export function amgSetLevelBlocks(amg: usize, l: i32, bs: i32, dBlk: usize, uRow: usize, uCol: usize, uVal: usize): void {
  assert(bs == 3 || bs == 6);
  const L = level(changetype<Amg>(amg), l);
  L.kind = bs == 3 ? AMG_LEVEL_BSR3_SYM : AMG_LEVEL_BSR6_SYM;
  L.diagBlocks = dBlk;
  L.rowPtr = uRow;
  L.colIdx = uCol;
  L.vals = uVal;
}

export function amgSetCoarse(amg: usize, n: i32, chol: usize, work: usize): void {
  const h = changetype<Amg>(amg);
  h.nCoarse = n;
  h.chol = chol;
  const L = level(h, h.nLevels - 1);
  L.n = n;
  L.work = work;
}

// @ts-ignore: decorator
@inline function apply(L: AmgLevel, x: usize, y: usize): void {
  levelProduct(L.n, L.kind, L.rowPtr, L.colIdx, L.vals, L.diagBlocks, x, y);
}

/** y ← A x for a level's matrix of any kind (n scalar rows; diagBlocks as in AmgLevel). */
function levelProduct(n: i32, kind: i32, rowPtr: usize, colIdx: usize, vals: usize, diagBlocks: usize, x: usize, y: usize): void {
  if (kind == AMG_LEVEL_BSR3) parBsr3Spmv(n / 3, rowPtr, colIdx, vals, x, y);
  else if (kind == AMG_LEVEL_BSR3_SYM) parBsr3SymSpmv(n / 3, diagBlocks, rowPtr, colIdx, vals, x, y);
  else if (kind == AMG_LEVEL_BSR6_SYM) parBsr6SymSpmv(n / 6, diagBlocks, rowPtr, colIdx, vals, x, y);
  else if (kind == AMG_LEVEL_CSR_SYM) parCsrSymSpmv(n, diagBlocks, rowPtr, colIdx, vals, x, y);
  else parCsrSpmv(n, rowPtr, colIdx, vals, x, y);
}

/** z ← V-cycle(r): one application of the preconditioner. */
export function amgApply(amg: usize, r: usize, z: usize): void {
  const h = changetype<Amg>(amg);
  const L0 = level(h, 0);
  memory.copy(L0.work, r, <usize>L0.n << 3); // b on level 0
  vcycle(h, 0);
  memory.copy(z, L0.work + (<usize>L0.n << 3), <usize>L0.n << 3); // x on level 0
}

function vcycle(h: Amg, l: i32): void {
  const L = level(h, l);
  const n = L.n, bytes = <usize>n << 3;
  const b = L.work, x = b + bytes, r = x + bytes, d = r + bytes, z = d + bytes;
  if (l == h.nLevels - 1) {
    choleskySolve(h.nCoarse, h.chol, b, x);
    return;
  }
  memory.fill(x, 0, bytes);
  chebyshev(L, h.degree, b, x, r, d, z, true);
  // r = b − A x, restrict to the next level's b
  apply(L, x, r);
  parXpay(n, b, -1.0, r); // r ← b − A x
  const C = level(h, l + 1);
  if (L.pNodes != 0) parNodeCsrTransposeSpmv(n / 3, L.nc, L.pRow, L.pCol, L.pVal, r, C.work);
  else parCsrTransposeSpmv(n, L.nc, L.pRow, L.pCol, L.pVal, r, C.work);
  vcycle(h, l + 1);
  // x += P x_c
  const xc = C.work + (<usize>C.n << 3);
  if (L.pNodes != 0) parNodeCsrSpmv(n / 3, L.pRow, L.pCol, L.pVal, xc, r);
  else parCsrSpmv(n, L.pRow, L.pCol, L.pVal, xc, r);
  parAxpy(n, 1.0, r, x);
  chebyshev(L, h.degree, b, x, r, d, z, false);
}

/**
 * `degree` steps of Chebyshev iteration for A x = b preconditioned by D⁻¹,
 * targeting the interval [lmin, lmax] of D⁻¹A (Saad, Iterative Methods,
 * Alg. 12.1). xZero: x is 0 on entry (saves one product).
 */
function chebyshev(L: AmgLevel, degree: i32, b: usize, x: usize, r: usize, d: usize, z: usize, xZero: bool): void {
  const n = L.n;
  const theta = 0.5 * (L.lmax + L.lmin), delta = 0.5 * (L.lmax - L.lmin);
  const sigma = theta / delta;
  let rho = 1.0 / sigma;
  if (xZero) memory.copy(r, b, <usize>n << 3);
  else {
    apply(L, x, r);
    parXpay(n, b, -1.0, r); // r ← b − A x
  }
  const dinv = L.dinv, dinvB = L.dinvBlocks;
  // d ← θ⁻¹ D⁻¹ r (D: the point diagonal, or the 3 × 3 diagonal blocks)
  if (dinvB != 0) parBlockScaledApply(n / 3, 1.0 / theta, dinvB, r, d);
  else parScaledMul(n, 1.0 / theta, dinv, r, d);
  for (let k = 1; ; k++) {
    parAxpy(n, 1.0, d, x); // x ← x + d
    if (k >= degree) break;
    apply(L, d, z);
    const rhoNew = 1.0 / (2.0 * sigma - rho);
    if (dinvB != 0) parBlockChebyshevUpdate(n / 3, rhoNew * rho, 2.0 * rhoNew / delta, dinvB, z, r, d);
    else parChebyshevUpdate(n, rhoNew * rho, 2.0 * rhoNew / delta, dinv, z, r, d);
    rho = rhoNew;
  }
}

/** Inverse point diagonal of a CSR matrix (rows unsorted); 0 where the diagonal is 0. */
export function amgCsrDiagonalInverse(n: i32, rowPtr: usize, colIdx: usize, vals: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    let d = 0.0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      if (load<i32>(colIdx + (<usize>p << 2)) == i) d += load<f64>(vals + (<usize>p << 3));
    }
    store<f64>(out + (<usize>i << 3), d != 0.0 ? 1.0 / d : 0.0);
  }
}

/**
 * Dense Cholesky factor of a CSR matrix (n ≤ a few thousand), in place in
 * `L` (n² f64, lower triangle). Rows that are entirely zero (decoupled
 * coarse dofs) get a unit diagonal. Returns −1, or the first row with a
 * non-positive pivot.
 */
export function amgDenseCholesky(n: i32, rowPtr: usize, colIdx: usize, vals: usize, L: usize): i32 {
  memory.fill(L, 0, <usize>n * <usize>n << 3);
  for (let i = 0; i < n; i++) {
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) {
      const j = load<i32>(colIdx + (<usize>p << 2));
      const a = L + ((<usize>i * <usize>n + <usize>j) << 3);
      store<f64>(a, load<f64>(a) + load<f64>(vals + (<usize>p << 3)));
    }
  }
  for (let i = 0; i < n; i++) {
    const dii = L + ((<usize>i * <usize>n + <usize>i) << 3);
    if (load<f64>(dii) == 0.0) {
      let zero = true;
      for (let j = 0; j < n && zero; j++) zero = load<f64>(L + ((<usize>i * <usize>n + <usize>j) << 3)) == 0.0;
      if (zero) store<f64>(dii, 1.0);
    }
  }
  for (let j = 0; j < n; j++) {
    const rj = L + (<usize>j * <usize>n << 3);
    let s = load<f64>(rj + (<usize>j << 3));
    for (let k = 0; k < j; k++) s -= load<f64>(rj + (<usize>k << 3)) * load<f64>(rj + (<usize>k << 3));
    if (!(s > 0.0)) return j;
    const ljj = Math.sqrt(s);
    store<f64>(rj + (<usize>j << 3), ljj);
    for (let i = j + 1; i < n; i++) {
      const ri = L + (<usize>i * <usize>n << 3);
      let t = load<f64>(ri + (<usize>j << 3));
      for (let k = 0; k < j; k++) t -= load<f64>(ri + (<usize>k << 3)) * load<f64>(rj + (<usize>k << 3));
      store<f64>(ri + (<usize>j << 3), t / ljj);
    }
  }
  return -1;
}

// x ← (L Lᵀ)⁻¹ b
function choleskySolve(n: i32, L: usize, b: usize, x: usize): void {
  for (let i = 0; i < n; i++) {
    const ri = L + (<usize>i * <usize>n << 3);
    let s = load<f64>(b + (<usize>i << 3));
    for (let k = 0; k < i; k++) s -= load<f64>(ri + (<usize>k << 3)) * load<f64>(x + (<usize>k << 3));
    store<f64>(x + (<usize>i << 3), s / load<f64>(ri + (<usize>i << 3)));
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = load<f64>(x + (<usize>i << 3));
    for (let k = i + 1; k < n; k++) s -= load<f64>(L + ((<usize>k * <usize>n + <usize>i) << 3)) * load<f64>(x + (<usize>k << 3));
    store<f64>(x + (<usize>i << 3), s / load<f64>(L + ((<usize>i * <usize>n + <usize>i) << 3)));
  }
}

/**
 * Gershgorin bound on the spectrum of D⁻¹A: max_i |d_i⁻¹| Σ_j |a_ij|, an
 * upper bound on λ_max that power iteration (which approaches from below)
 * cannot give. kind AMG_LEVEL_BSR3_SYM: rowPtr/colIdx/vals are the upper
 * block triangle and diagBlocks the diagonal blocks (else unused).
 */
export function amgGershgorin(n: i32, kind: i32, rowPtr: usize, colIdx: usize, vals: usize, dinv: usize, diagBlocks: usize): f64 {
  // (the setup bounds its levels before any coarse level leaves scalar CSR)
  assert(kind != AMG_LEVEL_CSR_SYM && kind != AMG_LEVEL_BSR6_SYM);
  let m = 0.0;
  if (kind == AMG_LEVEL_BSR3_SYM) {
    const sums = heap.alloc(<usize>n << 3);
    bsr3SymAbsRowSums(n / 3, diagBlocks, rowPtr, colIdx, vals, sums);
    for (let i = 0; i < n; i++) {
      const v = load<f64>(sums + (<usize>i << 3)) * Math.abs(load<f64>(dinv + (<usize>i << 3)));
      if (v > m) m = v;
    }
    heap.free(sums);
    return m;
  }
  if (kind == AMG_LEVEL_BSR3) {
    const nb = n / 3;
    for (let I = 0; I < nb; I++) {
      const p0 = load<i32>(rowPtr + (<usize>I << 2)), p1 = load<i32>(rowPtr + (<usize>(I + 1) << 2));
      for (let a = 0; a < 3; a++) {
        let s = 0.0;
        for (let p = p0; p < p1; p++) {
          const blk = vals + <usize>p * 72 + (<usize>(3 * a) << 3);
          s += Math.abs(load<f64>(blk)) + Math.abs(load<f64>(blk, 8)) + Math.abs(load<f64>(blk, 16));
        }
        const v = s * Math.abs(load<f64>(dinv + (<usize>(3 * I + a) << 3)));
        if (v > m) m = v;
      }
    }
    return m;
  }
  for (let i = 0; i < n; i++) {
    let s = 0.0;
    const p1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    for (let p = load<i32>(rowPtr + (<usize>i << 2)); p < p1; p++) s += Math.abs(load<f64>(vals + (<usize>p << 3)));
    const v = s * Math.abs(load<f64>(dinv + (<usize>i << 3)));
    if (v > m) m = v;
  }
  return m;
}

/**
 * Entry i of the Lanczos start vector: a fixed pseudo-random number in
 * [−0.5, 0.5) from an integer hash of i (murmur3's finalizer) — cheap for
 * any n (the sin(12.99 i)-style hash used before reaches arguments where
 * sin's argument reduction is slow: 0.13 s of a profiled seed-scale P2
 * compare, over its four fine-level bounds).
 */
// @ts-ignore: decorator
@inline function lanczosStart(i: i32): f64 {
  let h = <u32>i * 0x9e3779b1;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return <f64>h * (1.0 / 4294967296.0) - 0.5;
}

/**
 * λ_max(D⁻¹A) from `steps` steps of Jacobi-preconditioned CG (Lanczos): the
 * CG coefficients give the Lanczos tridiagonal T, whose largest eigenvalue
 * (by Sturm bisection) approaches λ_max from below much faster than power
 * iteration — the estimate PETSc's Chebyshev smoother uses.
 * @param diagBlocks the diagonal (blocks) of a symmetric kind (as AmgLevel), else 0
 * @param dinvB inverse 3 × 3 diagonal blocks (n / 3 × 9 f64): λ_max(D_b⁻¹A) for the block-Jacobi smoother; 0: point Jacobi with dinv
 * @param work 4 n f64 + 2 steps f64
 */
export function amgLambdaMaxLanczos(n: i32, kind: i32, rowPtr: usize, colIdx: usize, vals: usize, dinv: usize, diagBlocks: usize, dinvB: usize, steps: i32, work: usize): f64 {
  const bytes = <usize>n << 3;
  const r = work, z = r + bytes, p = z + bytes, q = p + bytes;
  const alphas = q + bytes, betas = alphas + (<usize>steps << 3);
  for (let i = 0; i < n; i++) store<f64>(r + (<usize>i << 3), lanczosStart(i));
  let rz = 0.0;
  jacobi(n, dinv, dinvB, r, z);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const zi = load<f64>(z + o);
    store<f64>(p + o, zi);
    rz += zi * load<f64>(r + o);
  }
  let m = 0;
  for (let k = 0; k < steps; k++) {
    if (!(rz > 0.0)) break;
    // row-partitioned products: the same bits on any number of threads
    levelProduct(n, kind, rowPtr, colIdx, vals, diagBlocks, p, q);
    let pq = 0.0;
    for (let i = 0; i < n; i++) pq += load<f64>(p + (<usize>i << 3)) * load<f64>(q + (<usize>i << 3));
    if (!(pq > 0.0)) break;
    const alpha = rz / pq;
    // (the updates and block Jacobi are elementwise, on the pool with the same bits; the dots stay serial, so the bound is the same on any number of threads)
    parAxpy(n, -alpha, q, r);
    jacobi(n, dinv, dinvB, r, z);
    let rzNew = 0.0;
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      rzNew += load<f64>(r + o) * load<f64>(z + o);
    }
    const beta = rzNew / rz;
    parXpay(n, z, beta, p);
    store<f64>(alphas + (<usize>k << 3), alpha);
    store<f64>(betas + (<usize>k << 3), beta);
    rz = rzNew;
    m = k + 1;
  }
  if (m == 0) return 0.0;
  // T: d_k = 1/α_k + β_{k−1}/α_{k−1}, e_k = √β_k / α_k (k, k+1); Gershgorin interval, then bisection
  let lo = 0.0, hi = 0.0;
  for (let k = 0; k < m; k++) {
    const d = tDiag(alphas, betas, k), e0 = k > 0 ? tOff(alphas, betas, k - 1) : 0.0, e1 = k < m - 1 ? tOff(alphas, betas, k) : 0.0;
    if (d + e0 + e1 > hi) hi = d + e0 + e1;
  }
  for (let it = 0; it < 100; it++) {
    const mid = 0.5 * (lo + hi);
    if (sturmCountAbove(alphas, betas, m, mid) > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

// z ← D⁻¹ r: point (dinv) or, with dinvB ≠ 0, 3 × 3 blocks
function jacobi(n: i32, dinv: usize, dinvB: usize, r: usize, z: usize): void {
  if (dinvB != 0) { parBlockJacobi3(n / 3, dinvB, r, z); return; }
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(z + o, load<f64>(dinv + o) * load<f64>(r + o));
  }
}

// @ts-ignore: decorator
@inline function tDiag(alphas: usize, betas: usize, k: i32): f64 {
  let d = 1.0 / load<f64>(alphas + (<usize>k << 3));
  if (k > 0) d += load<f64>(betas + (<usize>(k - 1) << 3)) / load<f64>(alphas + (<usize>(k - 1) << 3));
  return d;
}

// @ts-ignore: decorator
@inline function tOff(alphas: usize, betas: usize, k: i32): f64 {
  return Math.sqrt(load<f64>(betas + (<usize>k << 3))) / load<f64>(alphas + (<usize>k << 3));
}

// number of eigenvalues of T greater than x (Sturm sequence of T − x I)
function sturmCountAbove(alphas: usize, betas: usize, m: i32, x: f64): i32 {
  let below = 0;
  let q = tDiag(alphas, betas, 0) - x;
  if (q < 0.0) below++;
  for (let k = 1; k < m; k++) {
    const e = tOff(alphas, betas, k - 1);
    if (q == 0.0) q = 1e-300;
    q = tDiag(alphas, betas, k) - x - e * e / q;
    if (q < 0.0) below++;
  }
  return m - below;
}
