/*
 * Shared plumbing of the native baselines (kernels.c, assembly.c,
 * amg_cycle.c): reading the arrays handed over by bench/native/run.ts,
 * writing result arrays back, and the timing loop. Header-only so that each
 * baseline stays one `gcc -O3 file.c` compile.
 *
 * Every input file is a flat little-endian stream of int32 and float64
 * arrays, read in the order the program documents; there is no framing, so
 * a short read means writer and reader disagree and the program exits 2.
 */
#ifndef GRAINFEM_NATIVE_COMMON_H
#define GRAINFEM_NATIVE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* CPU time (user + system) of this process, ms. */
static inline double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

/* The next `bytes` bytes of the input, in a fresh block (never freed: the process is short-lived). */
static inline void *take(FILE *f, size_t bytes) {
  void *m = malloc(bytes ? bytes : 1);
  if (!m || fread(m, 1, bytes, f) != bytes) { fprintf(stderr, "short input\n"); exit(2); }
  return m;
}

static inline int take_i32(FILE *f) { int v; if (fread(&v, sizeof v, 1, f) != 1) { fprintf(stderr, "short input\n"); exit(2); } return v; }
static inline double take_f64(FILE *f) { double v; if (fread(&v, sizeof v, 1, f) != 1) { fprintf(stderr, "short input\n"); exit(2); } return v; }

/* Append `count` f64 to the output file (result arrays, compared element-wise with the wasm results by run.ts). */
static inline void put_f64(FILE *f, const double *a, size_t count) {
  if (count && fwrite(a, sizeof(double), count, f) != count) { fprintf(stderr, "short write\n"); exit(2); }
}

static inline int cmp_f64_(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median of n samples (sorts them in place). */
static inline double median_f64(double *v, long n) {
  qsort(v, (size_t)n, sizeof(double), cmp_f64_);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* -DNATIVE_TIME_MIN: report the fastest call instead (for profiling sessions on a busy machine). */
#ifdef NATIVE_TIME_MIN
#define TIME_STAT_(v, n) (qsort((v), (size_t)(n), sizeof(double), cmp_f64_), (v)[0])
#else
#define TIME_STAT_(v, n) median_f64((v), (n))
#endif

/*
 * Median CPU ms per call of `expr` over at least `min_ms` of wall time (and
 * at least 5 calls) of back-to-back calls, after one warm-up call. CPU time
 * and the median, measured the same way on the wasm side (core.bench.ts,
 * cpuMedian), are what a shared 2-core machine lets one compare: wall time
 * and means absorb every time slice lost to other processes.
 */
#define TIME(expr, min_ms, out)                                          \
  do {                                                                   \
    expr;                                                                \
    long k_ = 0, cap_ = 64;                                              \
    double *ts_ = malloc(cap_ * sizeof(double)), t0_ = now_ms(), t_;     \
    do {                                                                 \
      double s_ = cpu_ms();                                              \
      expr;                                                              \
      double e_ = cpu_ms();                                              \
      t_ = now_ms();                                                     \
      if (k_ == cap_) ts_ = realloc(ts_, (cap_ *= 2) * sizeof(double));  \
      ts_[k_++] = e_ - s_;                                               \
    } while (t_ - t0_ < (min_ms) || k_ < 5);                             \
    out = TIME_STAT_(ts_, k_);                                           \
    free(ts_);                                                           \
  } while (0)

#endif
