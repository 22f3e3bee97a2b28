/*
 * y = (D + U + Uᵀ) x for a symmetric scalar CSR matrix stored by its
 * diagonal d and strict upper triangle (ur, uc, uv), as the core's
 * sparse/csr-sym.ts: row i gathers from x_j and scatters a_ij x_i into y_j
 * (j > i). Shared by kernels.c and amg_cycle.c.
 */
#ifndef CSR_SYM_H
#define CSR_SYM_H
#include <string.h>

static void csr_sym_spmv(int n, const double *d, const int *ur, const int *uc, const double *uv, const double *x, double *y) {
  memset(y, 0, (size_t)n * sizeof(double));
  for (int i = 0; i < n; i++) {
    double xi = x[i], s = d[i] * xi;
    for (int p = ur[i]; p < ur[i + 1]; p++) {
      int j = uc[p];
      double a = uv[p];
      s += a * x[j];
      y[j] += a * xi;
    }
    y[i] += s;
  }
}

#endif
