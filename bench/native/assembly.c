/*
 * Native baseline of grainfem's element assembly (issue #10: each hot kernel
 * "within 1.25× of the same algorithm in C, gcc -O3"). The same algorithm
 * as assembly/assemble.ts with assembly/kernels/{diffusion,elasticity}.ts,
 * assembly/shape.ts, assembly/quadrature.ts and assembly/geometry.ts:
 *
 *   for each tet: gather its node coordinates (and nodal θ);
 *     diffusion  K_ab = Σ_q w|J| ∇N_a·D∇N_b (1-point rule for P1, 4-point for P2),
 *                M_ab = Σ_q w|J| N_a N_b    (4-point for P1, 14-point for P2);
 *     elasticity C(θ) = C0 + clamp(θ)(C1 − C0) at each of the 4 points,
 *                K_ab += B_aᵀ (w|J| C B_b) for a ≤ b, mirrored to a > b
 *                (P1: B is constant, so its gradients are formed once and
 *                K_ab = B_aᵀ (Σ_q w|J| C_q) B_b, one product, as the core does),
 *                f_a  += w|J| B_aᵀ C β (θ − θ_ref);
 *     pattern positions of all (a, b) by binary search in the sorted row;
 *     scatter (CSR for K and M, 3 × 3 blocks for the elasticity K).
 *
 * Shape functions and Jacobians are evaluated at every quadrature point
 * (curved P2 tets; the elasticity's P1 Jacobian once per tet), exactly as the
 * core does; no precomputed tables, no shortcuts the core does not take, and
 * none it takes left out. Written from the algorithm, not translated line by
 * line.
 *
 * Input (argv[1]), little-endian, in this order:
 *   int32 order (1 | 2), nTets, nNodes, nnz, nGrains;  f64 thetaRef;
 *   int32 conn[nTets × npe]       VTK node order (npe = 4 | 10)
 *   f64   coords[nNodes × 3]      µm
 *   int32 tetGrain[nTets]
 *   f64   D[nGrains × 9]          diffusivity, 3 × 3 row-major
 *   f64   C0[nGrains × 36], C1[nGrains × 36]   6 × 6 Voigt stiffness at θ = 0 / 1
 *   f64   beta[nGrains × 6]       chemical strain (Voigt, engineering shear)
 *   f64   theta[nNodes]
 *   int32 rowPtr[nNodes + 1], colIdx[nnz]   node graph, rows sorted
 * Output (argv[2]): f64 K[nnz], M[nnz], Kel[9 nnz] (blocks row-major), f[3 nNodes].
 * Stdout: one JSON line with mean ms per assembly and the volumes.
 */
#include <math.h>
#include "common.h"

/* ---- quadrature (assembly/quadrature.ts): 4 f64 per point (ξ, η, ζ, w) ---- */

enum { TET_RULE_1 = 0, TET_RULE_4 = 1, TET_RULE_14 = 2 };

#define QA 0.5854101966249685
#define QB 0.1381966011250105
#define A1 0.09273525031089072
#define W1 0.012248840519393522
#define A2 0.31088591926330095
#define W2 0.0187813209530024
#define C3 0.04550370412565208
#define W3 0.007091003462847158
#define D3 (0.5 - C3)

static const double TET1[] = {0.25, 0.25, 0.25, 1.0 / 6.0};
static const double TET4[] = {
  QB, QB, QB, 1.0 / 24.0, QA, QB, QB, 1.0 / 24.0, QB, QA, QB, 1.0 / 24.0, QB, QB, QA, 1.0 / 24.0,
};
static const double TET14[] = {
  A1, A1, A1, W1, 1.0 - 3.0 * A1, A1, A1, W1, A1, 1.0 - 3.0 * A1, A1, W1, A1, A1, 1.0 - 3.0 * A1, W1,
  A2, A2, A2, W2, 1.0 - 3.0 * A2, A2, A2, W2, A2, 1.0 - 3.0 * A2, A2, W2, A2, A2, 1.0 - 3.0 * A2, W2,
  C3, D3, D3, W3, D3, C3, D3, W3, D3, D3, C3, W3, C3, C3, D3, W3, C3, D3, C3, W3, D3, C3, C3, W3,
};

static int tet_rule_points(int rule) { return rule == TET_RULE_1 ? 1 : rule == TET_RULE_4 ? 4 : 14; }
static const double *tet_rule_data(int rule) { return rule == TET_RULE_1 ? TET1 : rule == TET_RULE_4 ? TET4 : TET14; }

/* ---- shape functions (assembly/shape.ts): values npe f64, gradients npe × 3 f64 ---- */

static int tet_nodes(int order) { return order == 1 ? 4 : 10; }

/* ∂L_k/∂(ξ, η, ζ), row k = barycentric coordinate k */
static const double DL[12] = {-1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0, 1};

static void tet_shape_values(int order, double xi, double eta, double zeta, double *N) {
  double L0 = 1.0 - xi - eta - zeta;
  if (order == 1) { N[0] = L0; N[1] = xi; N[2] = eta; N[3] = zeta; return; }
  N[0] = L0 * (2.0 * L0 - 1.0);
  N[1] = xi * (2.0 * xi - 1.0);
  N[2] = eta * (2.0 * eta - 1.0);
  N[3] = zeta * (2.0 * zeta - 1.0);
  N[4] = 4.0 * L0 * xi;
  N[5] = 4.0 * xi * eta;
  N[6] = 4.0 * L0 * eta;
  N[7] = 4.0 * L0 * zeta;
  N[8] = 4.0 * xi * zeta;
  N[9] = 4.0 * eta * zeta;
}

/* P2: vertex a has (4 L_a − 1) ∇L_a, edge (a, b) has 4 (L_b ∇L_a + L_a ∇L_b), with the
 * constant ∇L_k (entries 0, ±1) written out term by term, as in the core. */
static void tet_shape_ref_gradients(int order, double xi, double eta, double zeta, double *G) {
  if (order == 1) { memcpy(G, DL, sizeof DL); return; }
  double L0 = 1.0 - xi - eta - zeta, s0 = 4.0 * L0 - 1.0;
  double f0 = 4.0 * L0, f1 = 4.0 * xi, f2 = 4.0 * eta, f3 = 4.0 * zeta;
  G[0] = -s0; G[1] = -s0; G[2] = -s0;
  G[3] = 4.0 * xi - 1.0; G[4] = 0.0; G[5] = 0.0;
  G[6] = 0.0; G[7] = 4.0 * eta - 1.0; G[8] = 0.0;
  G[9] = 0.0; G[10] = 0.0; G[11] = 4.0 * zeta - 1.0;
  G[12] = f0 - f1; G[13] = -f1; G[14] = -f1;   /* edge (0,1) */
  G[15] = f2; G[16] = f1; G[17] = 0.0;         /* (1,2) */
  G[18] = -f2; G[19] = f0 - f2; G[20] = -f2;   /* (0,2) */
  G[21] = -f3; G[22] = -f3; G[23] = f0 - f3;   /* (0,3) */
  G[24] = f3; G[25] = 0.0; G[26] = f1;         /* (1,3) */
  G[27] = 0.0; G[28] = f3; G[29] = f2;         /* (2,3) */
}

/* ---- geometry (assembly/geometry.ts) ---- */

/* J[i][k] = ∂x_i/∂ξ_k (row-major 3 × 3); returns det J. */
static double tet_jacobian(int npe, const double *xe, const double *dN, double *J) {
  double j00 = 0, j01 = 0, j02 = 0, j10 = 0, j11 = 0, j12 = 0, j20 = 0, j21 = 0, j22 = 0;
  for (int a = 0; a < npe; a++) {
    double gx = dN[3 * a], gy = dN[3 * a + 1], gz = dN[3 * a + 2];
    double px = xe[3 * a], py = xe[3 * a + 1], pz = xe[3 * a + 2];
    j00 += px * gx; j01 += px * gy; j02 += px * gz;
    j10 += py * gx; j11 += py * gy; j12 += py * gz;
    j20 += pz * gx; j21 += pz * gy; j22 += pz * gz;
  }
  J[0] = j00; J[1] = j01; J[2] = j02; J[3] = j10; J[4] = j11; J[5] = j12; J[6] = j20; J[7] = j21; J[8] = j22;
  return j00 * (j11 * j22 - j12 * j21) + j01 * (j12 * j20 - j10 * j22) + j02 * (j10 * j21 - j11 * j20);
}

/* ∇ₓN = J⁻ᵀ ∇_ξN -> G (npe × 3); returns det J. */
static double tet_physical_gradients(int npe, const double *xe, const double *dN, double *J, double *G) {
  double det = tet_jacobian(npe, xe, dN, J);
  double j00 = J[0], j01 = J[1], j02 = J[2], j10 = J[3], j11 = J[4], j12 = J[5], j20 = J[6], j21 = J[7], j22 = J[8];
  double inv = 1.0 / det;
  double k00 = (j11 * j22 - j12 * j21) * inv, k01 = (j02 * j21 - j01 * j22) * inv, k02 = (j01 * j12 - j02 * j11) * inv;
  double k10 = (j12 * j20 - j10 * j22) * inv, k11 = (j00 * j22 - j02 * j20) * inv, k12 = (j02 * j10 - j00 * j12) * inv;
  double k20 = (j10 * j21 - j11 * j20) * inv, k21 = (j01 * j20 - j00 * j21) * inv, k22 = (j00 * j11 - j01 * j10) * inv;
  for (int a = 0; a < npe; a++) {
    double g0 = dN[3 * a], g1 = dN[3 * a + 1], g2 = dN[3 * a + 2];
    G[3 * a] = g0 * k00 + g1 * k10 + g2 * k20;
    G[3 * a + 1] = g0 * k01 + g1 * k11 + g2 * k21;
    G[3 * a + 2] = g0 * k02 + g1 * k12 + g2 * k22;
  }
  return det;
}

static void gather_coords(const double *coords, const int *conn, int e, int npe, double *xe) {
  const int *c = conn + (size_t)e * npe;
  for (int a = 0; a < npe; a++) {
    const double *s = coords + 3 * (size_t)c[a];
    xe[3 * a] = s[0]; xe[3 * a + 1] = s[1]; xe[3 * a + 2] = s[2];
  }
}

static void gather_field(const double *field, int ncomp, const int *conn, int e, int npe, double *fe) {
  const int *c = conn + (size_t)e * npe;
  for (int a = 0; a < npe; a++)
    for (int k = 0; k < ncomp; k++) fe[a * ncomp + k] = field[(size_t)c[a] * ncomp + k];
}

/* ---- element kernels (assembly/kernels/): the scratch block of scratch.ts as a struct ---- */

typedef struct {
  double N[10], dN[30], G[30], J[9], C[36], W[30], V[12], th;
} Scratch;

/* Ke[a][b] += G_a · W_b (G npe × 3; W component-major: 3 rows of 10, as in the core). */
static void add_gram_block(int npe, const double *G, const double *W, double *Ke) {
  for (int a = 0; a < npe; a++) {
    double gx = G[3 * a], gy = G[3 * a + 1], gz = G[3 * a + 2];
    double *row = Ke + a * npe;
    for (int b = 0; b < npe; b++) row[b] += gx * W[b] + gy * W[10 + b] + gz * W[20 + b];
  }
}

/* Diffusion K and M of one tet (npe × npe row-major each, NULL skips); returns the volume.
 * Instantiated per order by the caller (inlined with a constant `order`, as the core does). */
static inline __attribute__((always_inline)) double diffusion_element(int order, const double *xe, const double *D, double *Ke, double *Me, Scratch *s) {
  int npe = tet_nodes(order);
  double d00 = D[0], d01 = D[1], d02 = D[2], d11 = D[4], d12 = D[5], d22 = D[8];
  size_t nn = (size_t)npe * npe * sizeof(double);
  if (Ke) {
    memset(Ke, 0, nn);
    int rule = order == 1 ? TET_RULE_1 : TET_RULE_4;
    const double *q = tet_rule_data(rule);
    int nq = tet_rule_points(rule);
    for (int p = 0; p < nq; p++) {
      const double *qp = q + 4 * p;
      tet_shape_ref_gradients(order, qp[0], qp[1], qp[2], s->dN);
      double wdet = qp[3] * tet_physical_gradients(npe, xe, s->dN, s->J, s->G);
      for (int b = 0; b < npe; b++) {
        double gx = s->G[3 * b], gy = s->G[3 * b + 1], gz = s->G[3 * b + 2];
        s->W[b] = wdet * (d00 * gx + d01 * gy + d02 * gz);
        s->W[10 + b] = wdet * (d01 * gx + d11 * gy + d12 * gz);
        s->W[20 + b] = wdet * (d02 * gx + d12 * gy + d22 * gz);
      }
      add_gram_block(npe, s->G, s->W, Ke);
    }
  }
  int mrule = order == 1 ? TET_RULE_4 : TET_RULE_14;
  const double *mq = tet_rule_data(mrule);
  int nmq = tet_rule_points(mrule);
  if (Me) memset(Me, 0, nn);
  double vol = 0;
  for (int p = 0; p < nmq; p++) {
    const double *qp = mq + 4 * p;
    double xi = qp[0], eta = qp[1], zeta = qp[2];
    tet_shape_ref_gradients(order, xi, eta, zeta, s->dN);
    double wdet = qp[3] * tet_jacobian(npe, xe, s->dN, s->J);
    vol += wdet;
    if (!Me) continue;
    tet_shape_values(order, xi, eta, zeta, s->N);
    for (int a = 0; a < npe; a++) {
      double wa = wdet * s->N[a];
      double *row = Me + a * npe;
      for (int b = 0; b < npe; b++) row[b] += wa * s->N[b];
    }
  }
  return vol;
}

/* N, G, θ and C(θ) at point p of the 4-point rule; returns w·detJ. reuse: G and
 * det J (*det) are still this point's — a P1 tet's after its first point. */
static double point_setup(int order, int npe, int p, const double *xe, const double *C0, const double *C1, const double *thetaE, Scratch *s,
                          int reuse, double *det) {
  const double *qp = TET4 + 4 * p;
  double xi = qp[0], eta = qp[1], zeta = qp[2];
  tet_shape_values(order, xi, eta, zeta, s->N);
  if (!reuse) {
    tet_shape_ref_gradients(order, xi, eta, zeta, s->dN);
    *det = tet_physical_gradients(npe, xe, s->dN, s->J, s->G);
  }
  double wdet = qp[3] * *det;
  double th = 0;
  for (int a = 0; a < npe; a++) th += s->N[a] * thetaE[a];
  s->th = th;
  double t = th < 0.0 ? 0.0 : th > 1.0 ? 1.0 : th;
  for (int i = 0; i < 36; i++) s->C[i] = C0[i] + t * (C1[i] - C0[i]);
  return wdet;
}

/* out = C · e for Voigt 6-vectors (C 6 × 6 row-major). */
static void mul_c6(const double *C, const double *e, double *out) {
  for (int i = 0; i < 6; i++) {
    const double *r = C + 6 * i;
    out[i] = r[0] * e[0] + r[1] * e[1] + r[2] * e[2] + r[3] * e[3] + r[4] * e[4] + r[5] * e[5];
  }
}

/* Ke block (a, b) += B_aᵀ · CB; CB (6 × 3) holds w·detJ · C · B_b. */
static void add_block(const double *G, int a, int b, int nd, const double *CB, double *Ke) {
  double gx = G[3 * a], gy = G[3 * a + 1], gz = G[3 * a + 2];
  for (int j = 0; j < 3; j++) {
    double c0 = CB[j], c1 = CB[3 + j], c2 = CB[6 + j], c3 = CB[9 + j], c4 = CB[12 + j], c5 = CB[15 + j];
    double *r0 = Ke + (size_t)(3 * a) * nd + 3 * b + j, *r1 = r0 + nd, *r2 = r1 + nd;
    *r0 += gx * c0 + gz * c4 + gy * c5;
    *r1 += gy * c1 + gz * c3 + gx * c5;
    *r2 += gz * c2 + gy * c3 + gx * c4;
  }
}

/* Copy the upper block triangle (a ≤ b) onto the lower one. */
static void mirror_lower(int npe, int nd, double *Ke) {
  for (int b = 0; b < npe; b++)
    for (int a = b + 1; a < npe; a++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) Ke[(size_t)(3 * a + i) * nd + 3 * b + j] = Ke[(size_t)(3 * b + j) * nd + 3 * a + i];
}

/* Ke += Bᵀ (wdet C) B over the blocks a ≤ b, for the gradients G. */
static void add_point_stiffness(int npe, int nd, const double *G, const double *C, double wdet, double *CB, double *Ke) {
  for (int b = 0; b < npe; b++) {
    double gx = G[3 * b], gy = G[3 * b + 1], gz = G[3 * b + 2];
    for (int i = 0; i < 6; i++) {
      const double *r = C + 6 * i;
      CB[3 * i] = wdet * (r[0] * gx + r[4] * gz + r[5] * gy);
      CB[3 * i + 1] = wdet * (r[1] * gy + r[3] * gz + r[5] * gx);
      CB[3 * i + 2] = wdet * (r[2] * gz + r[3] * gy + r[4] * gx);
    }
    for (int a = 0; a <= b; a++) add_block(G, a, b, nd, CB, Ke);
  }
}

/* Elasticity K (3npe × 3npe row-major, dof 3a + i) and eigenstrain load fe (3npe); NULL skips; returns the volume.
 * Instantiated per order by the caller, like diffusion_element. A P1 tet's B is the same at every point, so, as
 * in the core, its gradients are formed once and K = Bᵀ (Σ_q w_q detJ C_q) B takes one stiffness product. */
static inline __attribute__((always_inline)) double elasticity_element(int order, const double *xe, const double *C0, const double *C1, const double *beta,
                                 const double *thetaE, double thetaRef, double *Ke, double *fe, Scratch *s) {
  int npe = tet_nodes(order), nd = 3 * npe;
  if (Ke) memset(Ke, 0, (size_t)nd * nd * sizeof(double));
  if (fe) memset(fe, 0, (size_t)nd * sizeof(double));
  double *G = s->G, *C = s->C, *CB = s->W, *V = s->V;
  double CM[36], det = 0;
  if (order == 1 && Ke) memset(CM, 0, sizeof CM);
  double vol = 0;
  for (int p = 0; p < 4; p++) {
    double wdet = point_setup(order, npe, p, xe, C0, C1, thetaE, s, order == 1 && p > 0, &det);
    vol += wdet;
    if (Ke) {
      if (order == 1) for (int k = 0; k < 36; k++) CM[k] += wdet * C[k];
      else add_point_stiffness(npe, nd, G, C, wdet, CB, Ke);
    }
    if (fe) {
      double dth = s->th - thetaRef;
      for (int i = 0; i < 6; i++) V[6 + i] = beta[i] * dth;
      mul_c6(C, V + 6, V);
      double s0 = wdet * V[0], s1 = wdet * V[1], s2 = wdet * V[2], s3 = wdet * V[3], s4 = wdet * V[4], s5 = wdet * V[5];
      for (int a = 0; a < npe; a++) {
        double gx = G[3 * a], gy = G[3 * a + 1], gz = G[3 * a + 2];
        double *o = fe + 3 * a;
        o[0] += gx * s0 + gz * s4 + gy * s5;
        o[1] += gy * s1 + gz * s3 + gx * s5;
        o[2] += gz * s2 + gy * s3 + gx * s4;
      }
    }
  }
  if (order == 1 && Ke) add_point_stiffness(npe, nd, G, CM, 1.0, CB, Ke);
  if (Ke) mirror_lower(npe, nd, Ke);
  return vol;
}

/* ---- global loops (assembly/assemble.ts, assembly/sparse/pattern.ts) ---- */

/* Position of column `col` in the sorted row `row`, or −1. */
static int csr_find(const int *rowPtr, const int *colIdx, int row, int col) {
  int lo = rowPtr[row], hi = rowPtr[row + 1] - 1;
  while (lo <= hi) {
    int mid = (int)((unsigned)(lo + hi) >> 1), c = colIdx[mid];
    if (c == col) return mid;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

static void element_positions(int npe, const int *conn, int e, const int *rowPtr, const int *colIdx, int *pos) {
  const int *c = conn + (size_t)e * npe;
  for (int a = 0; a < npe; a++)
    for (int b = 0; b < npe; b++) pos[a * npe + b] = csr_find(rowPtr, colIdx, c[a], c[b]);
}

static void scatter_scalar(int nn, const int *pos, const double *Ke, double *vals) {
  for (int k = 0; k < nn; k++) vals[pos[k]] += Ke[k];
}

/* Block (a, b) of the 3npe × 3npe Ke is added to the 9 values at pos[a, b]. */
static void scatter_block3(int npe, const int *pos, const double *Ke, double *vals) {
  int nd = 3 * npe;
  for (int a = 0; a < npe; a++)
    for (int b = 0; b < npe; b++) {
      double *blk = vals + 9 * (size_t)pos[a * npe + b];
      for (int i = 0; i < 3; i++) {
        const double *src = Ke + (size_t)(3 * a + i) * nd + 3 * b;
        double *dst = blk + 3 * i;
        dst[0] += src[0]; dst[1] += src[1]; dst[2] += src[2];
      }
    }
}

static void scatter_vector(int npe, int ncomp, const int *conn, int e, const double *fe, double *f) {
  const int *c = conn + (size_t)e * npe;
  for (int a = 0; a < npe; a++)
    for (int k = 0; k < ncomp; k++) f[(size_t)c[a] * ncomp + k] += fe[a * ncomp + k];
}

typedef struct {
  int order, nTets, nNodes, nnz;
  const int *conn, *tetGrain, *rowPtr, *colIdx;
  const double *coords;
} Mesh;

/* Diffusion K and M on the pattern (NULL skips one); returns the volume. One workspace per call, as in the core. */
static double assemble_diffusion(const Mesh *m, const double *Dgrain, double *K, double *M) {
  int npe = tet_nodes(m->order), nn = npe * npe;
  if (K) memset(K, 0, (size_t)m->nnz * sizeof(double));
  if (M) memset(M, 0, (size_t)m->nnz * sizeof(double));
  Scratch *s = malloc(sizeof(Scratch));
  double *xe = malloc((size_t)(3 * npe + 2 * nn) * sizeof(double)), *Ke = xe + 3 * npe, *Me = Ke + nn;
  int *pos = malloc((size_t)nn * sizeof(int));
  double vol = 0;
  for (int e = 0; e < m->nTets; e++) {
    gather_coords(m->coords, m->conn, e, npe, xe);
    const double *D = Dgrain + 9 * (size_t)m->tetGrain[e];
    vol += m->order == 1 ? diffusion_element(1, xe, D, K ? Ke : NULL, M ? Me : NULL, s)
                         : diffusion_element(2, xe, D, K ? Ke : NULL, M ? Me : NULL, s);
    element_positions(npe, m->conn, e, m->rowPtr, m->colIdx, pos);
    if (K) scatter_scalar(nn, pos, Ke, K);
    if (M) scatter_scalar(nn, pos, Me, M);
  }
  free(s); free(xe); free(pos);
  return vol;
}

/* Elasticity K (BSR3, 9 nnz) and eigenstrain load f (3 nNodes); NULL skips one; returns the volume. */
static double assemble_elasticity(const Mesh *m, const double *C0g, const double *C1g, const double *betaG,
                                  const double *theta, double thetaRef, double *K, double *f) {
  int npe = tet_nodes(m->order), nd = 3 * npe;
  if (K) memset(K, 0, 9 * (size_t)m->nnz * sizeof(double));
  if (f) memset(f, 0, 3 * (size_t)m->nNodes * sizeof(double));
  Scratch *s = malloc(sizeof(Scratch));
  double *xe = malloc((size_t)(3 * npe + npe + nd * nd + nd) * sizeof(double)), *te = xe + 3 * npe, *Ke = te + npe, *fe = Ke + nd * nd;
  int *pos = malloc((size_t)npe * npe * sizeof(int));
  double vol = 0;
  for (int e = 0; e < m->nTets; e++) {
    gather_coords(m->coords, m->conn, e, npe, xe);
    gather_field(theta, 1, m->conn, e, npe, te);
    size_t g = (size_t)m->tetGrain[e];
    vol += m->order == 1 ? elasticity_element(1, xe, C0g + 36 * g, C1g + 36 * g, betaG + 6 * g, te, thetaRef, K ? Ke : NULL, f ? fe : NULL, s)
                         : elasticity_element(2, xe, C0g + 36 * g, C1g + 36 * g, betaG + 6 * g, te, thetaRef, K ? Ke : NULL, f ? fe : NULL, s);
    if (K) {
      element_positions(npe, m->conn, e, m->rowPtr, m->colIdx, pos);
      scatter_block3(npe, pos, Ke, K);
    }
    if (f) scatter_vector(npe, 3, m->conn, e, fe, f);
  }
  free(s); free(xe); free(pos);
  return vol;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: assembly INPUT OUTPUT [min_ms]\n"); return 2; }
  double min_ms = argc > 3 ? atof(argv[3]) : 1500;
  FILE *in = fopen(argv[1], "rb");
  if (!in) { perror(argv[1]); return 2; }
  Mesh m;
  m.order = take_i32(in); m.nTets = take_i32(in); m.nNodes = take_i32(in); m.nnz = take_i32(in);
  int nGrains = take_i32(in);
  double thetaRef = take_f64(in);
  int npe = tet_nodes(m.order);
  m.conn = take(in, (size_t)m.nTets * npe * sizeof(int));
  m.coords = take(in, 3 * (size_t)m.nNodes * sizeof(double));
  m.tetGrain = take(in, (size_t)m.nTets * sizeof(int));
  const double *D = take(in, 9 * (size_t)nGrains * sizeof(double));
  const double *C0 = take(in, 36 * (size_t)nGrains * sizeof(double)), *C1 = take(in, 36 * (size_t)nGrains * sizeof(double));
  const double *beta = take(in, 6 * (size_t)nGrains * sizeof(double));
  const double *theta = take(in, (size_t)m.nNodes * sizeof(double));
  m.rowPtr = take(in, ((size_t)m.nNodes + 1) * sizeof(int));
  m.colIdx = take(in, (size_t)m.nnz * sizeof(int));
  fclose(in);

  double *K = malloc((size_t)m.nnz * sizeof(double)), *M = malloc((size_t)m.nnz * sizeof(double));
  double *Kel = malloc(9 * (size_t)m.nnz * sizeof(double)), *f = malloc(3 * (size_t)m.nNodes * sizeof(double));
  double t_diff, t_el, vol_diff = 0, vol_el = 0;
  TIME(vol_diff = assemble_diffusion(&m, D, K, M), min_ms, t_diff);
  TIME(vol_el = assemble_elasticity(&m, C0, C1, beta, theta, thetaRef, Kel, f), min_ms, t_el);

  FILE *out = fopen(argv[2], "wb");
  if (!out) { perror(argv[2]); return 2; }
  put_f64(out, K, m.nnz); put_f64(out, M, m.nnz); put_f64(out, Kel, 9 * (size_t)m.nnz); put_f64(out, f, 3 * (size_t)m.nNodes);
  fclose(out);
  printf("{\"diffusionMs\":%.6f,\"elasticityMs\":%.6f,\"diffusionVolume\":%.17g,\"elasticityVolume\":%.17g}\n", t_diff, t_el, vol_diff, vol_el);
  return 0;
}
