/*
 * y = (D + U + Uᵀ) x for symmetric matrices in b × b blocks stored by their
 * diagonal blocks d and upper block triangle (ur, uc, uv), as the core's
 * sparse/bsr3-sym.ts (b = 3, each block row by row) and sparse/bsr6-sym.ts
 * (b = 6, each block column by column: entry (r, c) at 6c + r): block row I
 * multiplies its blocks into y_I and their transposes times x_I into y_J.
 * Shared by kernels.c and amg_cycle.c.
 */
#ifndef BLOCK_SYM_H
#define BLOCK_SYM_H
#include <string.h>

static inline void bsr3_sym_spmv(int n, const double *d, const int *ur, const int *uc, const double *uv, const double *x, double *y) {
  memset(y, 0, 3 * (size_t)n * sizeof(double));
  for (int i = 0; i < n; i++) {
    const double *di = d + 9 * (size_t)i, *xi = x + 3 * (size_t)i;
    double x0 = xi[0], x1 = xi[1], x2 = xi[2];
    double s0 = di[0] * x0 + di[1] * x1 + di[2] * x2;
    double s1 = di[3] * x0 + di[4] * x1 + di[5] * x2;
    double s2 = di[6] * x0 + di[7] * x1 + di[8] * x2;
    for (int p = ur[i]; p < ur[i + 1]; p++) {
      const double *a = uv + 9 * (size_t)p, *xj = x + 3 * (size_t)uc[p];
      double *yj = y + 3 * (size_t)uc[p];
      s0 += a[0] * xj[0] + a[1] * xj[1] + a[2] * xj[2];
      s1 += a[3] * xj[0] + a[4] * xj[1] + a[5] * xj[2];
      s2 += a[6] * xj[0] + a[7] * xj[1] + a[8] * xj[2];
      /* added term by term to y_j, in the core's order */
      yj[0] = yj[0] + a[0] * x0 + a[3] * x1 + a[6] * x2;
      yj[1] = yj[1] + a[1] * x0 + a[4] * x1 + a[7] * x2;
      yj[2] = yj[2] + a[2] * x0 + a[5] * x1 + a[8] * x2;
    }
    y[3 * i] += s0; y[3 * i + 1] += s1; y[3 * i + 2] += s2;
  }
}

/* nb block rows of 6; the row sums accumulate column by column (the core's f64x2 lanes do the same). */
static inline void bsr6_sym_spmv(int nb, const double *d, const int *ur, const int *uc, const double *uv, const double *x, double *y) {
  memset(y, 0, 6 * (size_t)nb * sizeof(double));
  for (int I = 0; I < nb; I++) {
    const double *xi = x + 6 * (size_t)I, *di = d + 36 * (size_t)I;
    double s[6] = {0, 0, 0, 0, 0, 0};
    for (int c = 0; c < 6; c++)
      for (int r = 0; r < 6; r++) s[r] += di[6 * c + r] * xi[c];
    for (int p = ur[I]; p < ur[I + 1]; p++) {
      const double *a = uv + 36 * (size_t)p, *xj = x + 6 * (size_t)uc[p];
      double *yj = y + 6 * (size_t)uc[p];
      for (int c = 0; c < 6; c++)
        for (int r = 0; r < 6; r++) s[r] += a[6 * c + r] * xj[c];
      for (int c = 0; c < 6; c++) {
        const double *col = a + 6 * c;
        yj[c] += (col[0] * xi[0] + col[2] * xi[2] + col[4] * xi[4]) + (col[1] * xi[1] + col[3] * xi[3] + col[5] * xi[5]);
      }
    }
    for (int r = 0; r < 6; r++) y[6 * I + r] += s[r];
  }
}

#endif
