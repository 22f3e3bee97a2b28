/*
 * Native baseline of grainfem's sparse kernels (issue #10: "within 1.25× of
 * the same algorithm in C, gcc -O3"). The same algorithms as assembly/sparse
 * and assembly/solvers: CSR SpMV, 3×3-block (BSR3) SpMV on the node pattern,
 * the same two products with the matrices stored by their diagonal and upper
 * triangle (sparse/csr-sym.ts, sparse/bsr3-sym.ts; the copies are made here
 * from the full arrays, as the core makes them), and Jacobi-preconditioned CG iterations (the same passes over the vectors
 * as the core's pcg, see pcg below). Written from the algorithms, not
 * translated line by line; built and run by bench/native/run.ts. Element
 * assembly and the AMG V-cycle have their own baselines (assembly.c,
 * amg_cycle.c).
 *
 * Input (argv[1]), little-endian: int32 n, int32 nnz; int32 rowPtr[n+1];
 * int32 colIdx[nnz]; f64 K[nnz] (scalar matrix); f64 E[9 nnz] (block matrix,
 * row-major blocks); f64 A[nnz] (PCG matrix); f64 dinv[n]; f64 b[n];
 * f64 xs[n]; f64 xv[3n].
 * Output: one JSON line with the median milliseconds per call of each kernel and
 * checksums of its results (compared with the wasm results by the caller).
 */
#include <math.h>
#include "common.h"
#include "csr_sym.h"
#include "block_sym.h"

static void csr_spmv(int n, const int *rp, const int *ci, const double *v, const double *x, double *y) {
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int p = rp[i]; p < rp[i + 1]; p++) s += v[p] * x[ci[p]];
    y[i] = s;
  }
}

static void bsr3_spmv(int n, const int *rp, const int *ci, const double *v, const double *x, double *y) {
  for (int i = 0; i < n; i++) {
    double s0 = 0, s1 = 0, s2 = 0;
    for (int p = rp[i]; p < rp[i + 1]; p++) {
      const double *b = v + 9 * (size_t)p, *xj = x + 3 * (size_t)ci[p];
      s0 += b[0] * xj[0] + b[1] * xj[1] + b[2] * xj[2];
      s1 += b[3] * xj[0] + b[4] * xj[1] + b[5] * xj[2];
      s2 += b[6] * xj[0] + b[7] * xj[1] + b[8] * xj[2];
    }
    y[3 * i] = s0; y[3 * i + 1] = s1; y[3 * i + 2] = s2;
  }
}

/* Upper-triangle copies: diagonal (blocks) d, strict upper rows ur/uc/uv (bs = 1 or 9 values per entry). */
static int upper_count(int n, const int *rp, const int *ci) {
  int c = 0;
  for (int i = 0; i < n; i++) for (int p = rp[i]; p < rp[i + 1]; p++) c += ci[p] > i;
  return c;
}
static void extract_upper(int n, int bs, const int *rp, const int *ci, const double *v, double *d, int *ur, int *uc, double *uv) {
  int q = 0;
  ur[0] = 0;
  for (int i = 0; i < n; i++) {
    for (int p = rp[i]; p < rp[i + 1]; p++) {
      if (ci[p] == i) memcpy(d + (size_t)bs * i, v + (size_t)bs * p, bs * sizeof(double));
      else if (ci[p] > i) { uc[q] = ci[p]; memcpy(uv + (size_t)bs * q, v + (size_t)bs * p, bs * sizeof(double)); q++; }
    }
    ur[i + 1] = q;
  }
}

/* x · y with two interleaved partial sums, even and odd entries (the core's
 * vecDot: one f64x2 accumulator), then the odd-n tail. */
static double dot(int n, const double *x, const double *y) {
  double s0 = 0, s1 = 0;
  int i = 0;
  for (; i + 1 < n; i += 2) { s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]; }
  double s = s0 + s1;
  for (; i < n; i++) s += x[i] * y[i];
  return s;
}

/* Σ x_i y_i in index order (the checksums, as the caller sums in JS) */
static double dot_seq(int n, const double *x, const double *y) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

static void axpy(int n, double a, const double *x, double *y) { for (int i = 0; i < n; i++) y[i] += a * x[i]; }
static void xpay(int n, const double *x, double a, double *y) { for (int i = 0; i < n; i++) y[i] = x[i] + a * y[i]; }

/* r = b − A x; returns ‖r‖ / ‖b‖ */
static double true_residual(int n, const int *rp, const int *ci, const double *A, const double *b, const double *x, double *r, double bnorm) {
  csr_spmv(n, rp, ci, A, x, r);
  for (int i = 0; i < n; i++) r[i] = b[i] - r[i];
  return sqrt(dot(n, r, r)) / bnorm;
}

/*
 * Jacobi-PCG from x = 0 for at most `its` iterations: the core's pcg
 * (assembly/solvers/pcg.ts) pass for pass — ‖b‖, the true initial residual,
 * per iteration one SpMV, pᵀq, two axpys, ‖r‖ for the convergence test,
 * z = D⁻¹r, rᵀz and p = z + βp, and the true residual at the end. The bench
 * passes a tolerance it never reaches, so both run exactly `its` iterations.
 * Returns the final true relative residual.
 */
static double pcg(int n, const int *rp, const int *ci, const double *A, const double *dinv, const double *b, double *x,
                  double *r, double *z, double *p, double *q, double tol, int its) {
  memset(x, 0, n * sizeof(double));
  double bnorm = sqrt(dot(n, b, b));
  double rel = true_residual(n, rp, ci, A, b, x, r, bnorm);
  if (rel <= tol) return rel;
  for (int i = 0; i < n; i++) z[i] = dinv[i] * r[i];
  memcpy(p, z, n * sizeof(double));
  double rz = dot(n, r, z);
  for (int k = 0; k < its; k++) {
    csr_spmv(n, rp, ci, A, p, q);
    double alpha = rz / dot(n, p, q);
    axpy(n, alpha, p, x);
    axpy(n, -alpha, q, r);
    rel = sqrt(dot(n, r, r)) / bnorm;
    if (rel <= tol) break;
    for (int i = 0; i < n; i++) z[i] = dinv[i] * r[i];
    double rzNew = dot(n, r, z);
    xpay(n, z, rzNew / rz, p);
    rz = rzNew;
  }
  return true_residual(n, rp, ci, A, b, x, r, bnorm);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: kernels INPUT [min_ms]\n"); return 2; }
  double min_ms = argc > 2 ? atof(argv[2]) : 1500;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  int hdr[2];
  if (fread(hdr, sizeof(int), 2, f) != 2) return 2;
  int n = hdr[0], nnz = hdr[1];
  int *rp = take(f, (n + 1) * sizeof(int)), *ci = take(f, nnz * sizeof(int));
  double *K = take(f, nnz * sizeof(double)), *E = take(f, 9 * (size_t)nnz * sizeof(double)), *A = take(f, nnz * sizeof(double));
  double *dinv = take(f, n * sizeof(double)), *b = take(f, n * sizeof(double));
  double *xs = take(f, n * sizeof(double)), *xv = take(f, 3 * (size_t)n * sizeof(double));
  fclose(f);
  double *ys = malloc(n * sizeof(double)), *yv = malloc(3 * (size_t)n * sizeof(double));
  double *x = malloc(n * sizeof(double)), *r = malloc(n * sizeof(double)), *z = malloc(n * sizeof(double));
  double *p = malloc(n * sizeof(double)), *q = malloc(n * sizeof(double));
  double t_csr, t_bsr, t_pcg, t_csym, t_bsym;
  TIME(csr_spmv(n, rp, ci, K, xs, ys), min_ms, t_csr);
  TIME(bsr3_spmv(n, rp, ci, E, xv, yv), min_ms, t_bsr);
  TIME(pcg(n, rp, ci, A, dinv, b, x, r, z, p, q, 1e-30, 10), min_ms, t_pcg);
  double csrSum = dot_seq(n, ys, ys), bsrSum = dot_seq(3 * n, yv, yv);
  int nu = upper_count(n, rp, ci);
  int *ur = malloc((n + 1) * sizeof(int)), *uc = malloc(nu * sizeof(int));
  double *dS = malloc(n * sizeof(double)), *uS = malloc(nu * sizeof(double));
  double *dB = malloc(9 * (size_t)n * sizeof(double)), *uB = malloc(9 * (size_t)nu * sizeof(double));
  extract_upper(n, 1, rp, ci, K, dS, ur, uc, uS);
  extract_upper(n, 9, rp, ci, E, dB, ur, uc, uB);
  TIME(csr_sym_spmv(n, dS, ur, uc, uS, xs, ys), min_ms, t_csym);
  TIME(bsr3_sym_spmv(n, dB, ur, uc, uB, xv, yv), min_ms, t_bsym);
  printf("{\"csrSpmvMs\":%.6f,\"bsr3SpmvMs\":%.6f,\"pcg10Ms\":%.6f,\"csrSymSpmvMs\":%.6f,\"bsr3SymSpmvMs\":%.6f,"
         "\"csrSum\":%.17g,\"bsrSum\":%.17g,\"pcgSum\":%.17g,\"csrSymSum\":%.17g,\"bsrSymSum\":%.17g}\n",
         t_csr, t_bsr, t_pcg, t_csym, t_bsym, csrSum, bsrSum, dot_seq(n, x, x), dot_seq(n, ys, ys), dot_seq(3 * n, yv, yv));
  return 0;
}
