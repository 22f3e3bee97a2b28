/*
 * Native baseline of grainfem's AMG V-cycle (issue #10: each hot kernel
 * "within 1.25× of the same algorithm in C, gcc -O3"). The same algorithm
 * as amgApply in assembly/amg/cycle.ts, applied to a hierarchy built by the
 * wasm setup (src/linalg/amg.ts) and handed over array by array:
 *
 *   level l < last:  x = 0; Chebyshev(degree) on D⁻¹A over [lmin, lmax];
 *                    r = b − A x; b_{l+1} = Pᵀ r; recurse;
 *                    x += P x_{l+1}; Chebyshev(degree) again from x
 *   last level:      x = (L Lᵀ)⁻¹ b with the dense Cholesky factor
 *
 * Level operators are BSR3 (3 × 3 blocks on the node graph, the fine level)
 * or scalar CSR (coarse levels), either one whole or, for a coarse level,
 * by its diagonal and strict upper triangle (sparse/csr-sym.ts), scalar or in
 * 3 × 3 / 6 × 6 blocks (sparse/bsr3-sym.ts, bsr6-sym.ts: block_sym.h); P is scalar CSR, or node CSR on the fine
 * elasticity level (a node's three rows share one column list, stored once:
 * assembly/sparse/node-csr.ts), and the restriction is the product with its
 * transpose (scattered row by row, as the core does: no stored R). Same loops as the core's (CSR / BSR3 SpMV, vector updates,
 * triangular solves). Written
 * from the algorithm, not translated line by line.
 *
 * Input (argv[1]), little-endian, in this order:
 *   int32 nLevels, degree
 *   for each level l < nLevels − 1:
 *     int32 n (scalar rows), kind (1 BSR3, 0 CSR, 3 symmetric CSR, 2 / 4 symmetric 3 × 3 / 6 × 6
 *           blocks), nc (rows of level l + 1), nnzA (colIdx entries: blocks for the block kinds), nnzP (values of P),
 *           pNodes (1: P is node CSR, 0: CSR)
 *     f64   lmin, lmax                (Chebyshev interval of D⁻¹A)
 *     int32 rowPtr[rows + 1], colIdx[nnzA]   rows = n / b (b = 3 for kinds 1, 2; 6 for kind 4; else 1)
 *     f64   vals[nnzA × b²]           3 × 3 blocks row-major, 6 × 6 blocks column-major
 *     f64   diag[b n]                 kinds 2, 3, 4 only: the diagonal (blocks); rowPtr, colIdx, vals: the strict upper (block) triangle
 *     f64   dinv[n]                   inverse point diagonal
 *     int32 blocks (1: the smoother's Jacobi is block Jacobi); f64 dinvB[3 n] if 1
 *                                     (inverse 3 × 3 diagonal blocks, row-major, node by node)
 *     int32 pRow[n + 1], pCol[nnzP];  f64 pVal[nnzP]    P: n × nc, CSR
 *       or, node CSR: int32 nodePtr[n/3 + 1], col[nnzP / 3]; f64 pVal[nnzP]
 *       (node I's row j at 3 nodePtr[I] + j m_I + k, m_I its columns)
 *   last level: int32 n; f64 chol[n × n] (row-major, lower triangle holds L)
 *   f64 r[n_0]   the vector the cycle is applied to
 * Output (argv[2]): f64 z[n_0] = V-cycle(r).
 * Stdout: one JSON line with the mean ms per application.
 */
#include <math.h>
#include "common.h"
#include "csr_sym.h"
#include "block_sym.h"

#define KIND_BSR3 1
#define KIND_BSR3_SYM 2
#define KIND_CSR_SYM 3
#define KIND_BSR6_SYM 4

typedef struct {
  int n, kind, nc, pNodes;
  double lmin, lmax;
  const int *rowPtr, *colIdx, *pRow, *pCol;
  const double *vals, *dinv, *pVal, *diag, *dinvB;
  double *work; /* 5 n f64: b, x, r, d, z */
} Level;

typedef struct {
  int nLevels, degree, nCoarse;
  Level *levels;
  const double *chol;
} Amg;

static void csr_spmv(int n, const int *rp, const int *ci, const double *v, const double *x, double *y) {
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int p = rp[i]; p < rp[i + 1]; p++) s += v[p] * x[ci[p]];
    y[i] = s;
  }
}

/* y = Aᵀ x (A: n rows, m columns), row i's entries scattered in row order */
static void csr_transpose_spmv(int n, int m, const int *rp, const int *ci, const double *v, const double *x, double *y) {
  memset(y, 0, (size_t)m * sizeof(double));
  for (int i = 0; i < n; i++) {
    double xi = x[i];
    for (int p = rp[i]; p < rp[i + 1]; p++) y[ci[p]] += v[p] * xi;
  }
}

/* node CSR (three rows per node, one column list): y = P x */
static void node_csr_spmv(int nb, const int *np, const int *ci, const double *v, const double *x, double *y) {
  for (int I = 0; I < nb; I++) {
    int q0 = np[I], m = np[I + 1] - q0;
    const double *v0 = v + 3 * (size_t)q0, *v1 = v0 + m, *v2 = v1 + m;
    double s0 = 0, s1 = 0, s2 = 0;
    for (int k = 0; k < m; k++) {
      double xc = x[ci[q0 + k]];
      s0 += v0[k] * xc; s1 += v1[k] * xc; s2 += v2[k] * xc;
    }
    y[3 * I] = s0; y[3 * I + 1] = s1; y[3 * I + 2] = s2;
  }
}

/* node CSR: y = Pᵀ x (m columns), a node's three terms per column in row order */
static void node_csr_transpose_spmv(int nb, int m, const int *np, const int *ci, const double *v, const double *x, double *y) {
  memset(y, 0, (size_t)m * sizeof(double));
  for (int I = 0; I < nb; I++) {
    int q0 = np[I], mi = np[I + 1] - q0;
    const double *v0 = v + 3 * (size_t)q0, *v1 = v0 + mi, *v2 = v1 + mi;
    double x0 = x[3 * I], x1 = x[3 * I + 1], x2 = x[3 * I + 2];
    for (int k = 0; k < mi; k++) {
      double *yc = y + ci[q0 + k];
      *yc = *yc + v0[k] * x0 + v1[k] * x1 + v2[k] * x2;
    }
  }
}

static void bsr3_spmv(int nb, const int *rp, const int *ci, const double *v, const double *x, double *y) {
  for (int i = 0; i < nb; i++) {
    double s0 = 0, s1 = 0, s2 = 0;
    for (int p = rp[i]; p < rp[i + 1]; p++) {
      const double *a = v + 9 * (size_t)p, *xj = x + 3 * (size_t)ci[p];
      double x0 = xj[0], x1 = xj[1], x2 = xj[2];
      s0 += a[0] * x0 + a[1] * x1 + a[2] * x2;
      s1 += a[3] * x0 + a[4] * x1 + a[5] * x2;
      s2 += a[6] * x0 + a[7] * x1 + a[8] * x2;
    }
    y[3 * i] = s0; y[3 * i + 1] = s1; y[3 * i + 2] = s2;
  }
}

static void apply(const Level *L, const double *x, double *y) {
  if (L->kind == KIND_BSR3) bsr3_spmv(L->n / 3, L->rowPtr, L->colIdx, L->vals, x, y);
  else if (L->kind == KIND_BSR3_SYM) bsr3_sym_spmv(L->n / 3, L->diag, L->rowPtr, L->colIdx, L->vals, x, y);
  else if (L->kind == KIND_BSR6_SYM) bsr6_sym_spmv(L->n / 6, L->diag, L->rowPtr, L->colIdx, L->vals, x, y);
  else if (L->kind == KIND_CSR_SYM) csr_sym_spmv(L->n, L->diag, L->rowPtr, L->colIdx, L->vals, x, y);
  else csr_spmv(L->n, L->rowPtr, L->colIdx, L->vals, x, y);
}

/* `degree` Chebyshev steps for A x = b preconditioned by D⁻¹ on [lmin, lmax] (Saad, Alg. 12.1); xZero: x = 0 on entry. */
static void chebyshev(const Level *L, int degree, const double *b, double *x, double *r, double *d, double *z, int xZero) {
  int n = L->n;
  double theta = 0.5 * (L->lmax + L->lmin), delta = 0.5 * (L->lmax - L->lmin);
  double sigma = theta / delta, rho = 1.0 / sigma;
  if (xZero) memcpy(r, b, (size_t)n * sizeof(double));
  else {
    apply(L, x, r);
    for (int i = 0; i < n; i++) r[i] = b[i] - r[i];
  }
  double invTheta = 1.0 / theta;
  const double *B = L->dinvB;
  if (B) {
    for (int i = 0; i < n / 3; i++) { /* d = θ⁻¹ D_b⁻¹ r, node by node */
      const double *b = B + 9 * (size_t)i, *ri = r + 3 * (size_t)i;
      double *di = d + 3 * (size_t)i;
      di[0] = invTheta * (b[0] * ri[0] + b[1] * ri[1] + b[2] * ri[2]);
      di[1] = invTheta * (b[3] * ri[0] + b[4] * ri[1] + b[5] * ri[2]);
      di[2] = invTheta * (b[6] * ri[0] + b[7] * ri[1] + b[8] * ri[2]);
    }
  } else {
    for (int i = 0; i < n; i++) d[i] = invTheta * L->dinv[i] * r[i];
  }
  for (int k = 1;; k++) {
    for (int i = 0; i < n; i++) x[i] += d[i];
    if (k >= degree) break;
    apply(L, d, z);
    double rhoNew = 1.0 / (2.0 * sigma - rho);
    double c1 = rhoNew * rho, c2 = 2.0 * rhoNew / delta;
    if (B) {
      for (int i = 0; i < n / 3; i++) { /* r -= z; d = c1 d + c2 D_b⁻¹ r */
        const double *b = B + 9 * (size_t)i;
        double *ri = r + 3 * (size_t)i, *di = d + 3 * (size_t)i;
        const double *zi = z + 3 * (size_t)i;
        double r0 = ri[0] - zi[0], r1 = ri[1] - zi[1], r2 = ri[2] - zi[2];
        ri[0] = r0; ri[1] = r1; ri[2] = r2;
        di[0] = c1 * di[0] + c2 * (b[0] * r0 + b[1] * r1 + b[2] * r2);
        di[1] = c1 * di[1] + c2 * (b[3] * r0 + b[4] * r1 + b[5] * r2);
        di[2] = c1 * di[2] + c2 * (b[6] * r0 + b[7] * r1 + b[8] * r2);
      }
    } else {
      for (int i = 0; i < n; i++) {
        double ri = r[i] - z[i];
        r[i] = ri;
        d[i] = c1 * d[i] + c2 * L->dinv[i] * ri;
      }
    }
    rho = rhoNew;
  }
}

/* x ← (L Lᵀ)⁻¹ b, L row-major n × n lower triangle. */
static void cholesky_solve(int n, const double *L, const double *b, double *x) {
  for (int i = 0; i < n; i++) {
    const double *ri = L + (size_t)i * n;
    double s = b[i];
    for (int k = 0; k < i; k++) s -= ri[k] * x[k];
    x[i] = s / ri[i];
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = x[i];
    for (int k = i + 1; k < n; k++) s -= L[(size_t)k * n + i] * x[k];
    x[i] = s / L[(size_t)i * n + i];
  }
}

static void vcycle(const Amg *h, int l) {
  const Level *L = &h->levels[l];
  int n = L->n;
  double *b = L->work, *x = b + n, *r = x + n, *d = r + n, *z = d + n;
  if (l == h->nLevels - 1) {
    cholesky_solve(h->nCoarse, h->chol, b, x);
    return;
  }
  memset(x, 0, (size_t)n * sizeof(double));
  chebyshev(L, h->degree, b, x, r, d, z, 1);
  apply(L, x, r);
  for (int i = 0; i < n; i++) r[i] = b[i] - r[i];
  const Level *C = &h->levels[l + 1];
  if (L->pNodes) node_csr_transpose_spmv(n / 3, L->nc, L->pRow, L->pCol, L->pVal, r, C->work);
  else csr_transpose_spmv(n, L->nc, L->pRow, L->pCol, L->pVal, r, C->work);
  vcycle(h, l + 1);
  if (L->pNodes) node_csr_spmv(n / 3, L->pRow, L->pCol, L->pVal, C->work + C->n, r);
  else csr_spmv(n, L->pRow, L->pCol, L->pVal, C->work + C->n, r);
  for (int i = 0; i < n; i++) x[i] += r[i];
  chebyshev(L, h->degree, b, x, r, d, z, 0);
}

static void amg_apply(const Amg *h, const double *r, double *z) {
  Level *L0 = &h->levels[0];
  memcpy(L0->work, r, (size_t)L0->n * sizeof(double));
  vcycle(h, 0);
  memcpy(z, L0->work + L0->n, (size_t)L0->n * sizeof(double));
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: amg_cycle INPUT OUTPUT [min_ms]\n"); return 2; }
  double min_ms = argc > 3 ? atof(argv[3]) : 1500;
  FILE *in = fopen(argv[1], "rb");
  if (!in) { perror(argv[1]); return 2; }
  Amg h;
  h.nLevels = take_i32(in);
  h.degree = take_i32(in);
  h.levels = calloc((size_t)h.nLevels, sizeof(Level));
  for (int l = 0; l < h.nLevels - 1; l++) {
    Level *L = &h.levels[l];
    L->n = take_i32(in); L->kind = take_i32(in); L->nc = take_i32(in);
    int nnzA = take_i32(in), nnzP = take_i32(in);
    L->pNodes = take_i32(in);
    L->lmin = take_f64(in); L->lmax = take_f64(in);
    int b = L->kind == KIND_BSR3 || L->kind == KIND_BSR3_SYM ? 3 : L->kind == KIND_BSR6_SYM ? 6 : 1;
    int rows = L->n / b, blk = b * b;
    L->rowPtr = take(in, ((size_t)rows + 1) * sizeof(int));
    L->colIdx = take(in, (size_t)nnzA * sizeof(int));
    L->vals = take(in, (size_t)blk * nnzA * sizeof(double));
    /* the symmetric kinds' diagonal (blocks): b² per block row, b n in all */
    L->diag = L->kind == KIND_CSR_SYM || L->kind == KIND_BSR3_SYM || L->kind == KIND_BSR6_SYM ? take(in, (size_t)b * L->n * sizeof(double)) : NULL;
    L->dinv = take(in, (size_t)L->n * sizeof(double));
    L->dinvB = take_i32(in) ? take(in, 3 * (size_t)L->n * sizeof(double)) : NULL;
    int pRows = L->pNodes ? L->n / 3 : L->n;
    L->pRow = take(in, ((size_t)pRows + 1) * sizeof(int));
    L->pCol = take(in, (size_t)(L->pNodes ? nnzP / 3 : nnzP) * sizeof(int));
    L->pVal = take(in, (size_t)nnzP * sizeof(double));
    L->work = calloc(5 * (size_t)L->n, sizeof(double));
  }
  Level *last = &h.levels[h.nLevels - 1];
  last->n = h.nCoarse = take_i32(in);
  h.chol = take(in, (size_t)h.nCoarse * h.nCoarse * sizeof(double));
  last->work = calloc(5 * (size_t)last->n, sizeof(double));
  int n0 = h.levels[0].n;
  const double *r = take(in, (size_t)n0 * sizeof(double));
  fclose(in);

  double *z = malloc((size_t)n0 * sizeof(double)), t;
  TIME(amg_apply(&h, r, z), min_ms, t);

  FILE *out = fopen(argv[2], "wb");
  if (!out) { perror(argv[2]); return 2; }
  put_f64(out, z, n0);
  fclose(out);
  printf("{\"vcycleMs\":%.6f}\n", t);
  return 0;
}
