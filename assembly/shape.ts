// Lagrange shape functions on the reference tetrahedron and triangle.
//
// Node order (VTK): P1 tet = vertices 0..3; P2 tet (VTK_QUADRATIC_TETRA, 10
// nodes) = vertices 0..3, then mid-edge nodes of edges (0,1) (1,2) (0,2) (0,3)
// (1,3) (2,3). P2 triangle (6 nodes) = vertices 0..2, then edges (0,1) (1,2)
// (2,0). Barycentric coordinates: L0 = 1 − ξ − η − ζ, L1 = ξ, L2 = η, L3 = ζ.
//
// Output layouts: values = npe f64; reference gradients = npe × 3 f64
// (∂N/∂ξ, ∂N/∂η, ∂N/∂ζ for each node in turn).

/** Vertices of each P2 tet edge, in VTK order (edge k joins TET_EDGE_A[k] and TET_EDGE_B[k]). */
export const TET_EDGE_A = memory.data<i32>([0, 1, 0, 0, 1, 2]);
export const TET_EDGE_B = memory.data<i32>([1, 2, 2, 3, 3, 3]);
/** Vertices of each P2 triangle edge. */
export const TRI_EDGE_A = memory.data<i32>([0, 1, 2]);
export const TRI_EDGE_B = memory.data<i32>([1, 2, 0]);

/** Nodes per tetrahedron for element order 1 or 2. */
@inline export function tetNodes(order: i32): i32 {
  return order == 1 ? 4 : 10;
}

/** Nodes per triangle for element order 1 or 2. */
@inline export function triNodes(order: i32): i32 {
  return order == 1 ? 3 : 6;
}

// ∂L_k/∂(ξ,η,ζ): row k = gradient of barycentric coordinate k.
const DL = memory.data<f64>([-1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0, 1]);

/** Tet shape-function values at (ξ, η, ζ) -> outN[npe]. */
// @ts-ignore: decorator
@inline export function tetShapeValues(order: i32, xi: f64, eta: f64, zeta: f64, outN: usize): void {
  const L0 = 1.0 - xi - eta - zeta;
  if (order == 1) {
    store<f64>(outN, L0);
    store<f64>(outN, xi, 8);
    store<f64>(outN, eta, 16);
    store<f64>(outN, zeta, 24);
    return;
  }
  store<f64>(outN, L0 * (2.0 * L0 - 1.0));
  store<f64>(outN, xi * (2.0 * xi - 1.0), 8);
  store<f64>(outN, eta * (2.0 * eta - 1.0), 16);
  store<f64>(outN, zeta * (2.0 * zeta - 1.0), 24);
  store<f64>(outN, 4.0 * L0 * xi, 32);
  store<f64>(outN, 4.0 * xi * eta, 40);
  store<f64>(outN, 4.0 * L0 * eta, 48);
  store<f64>(outN, 4.0 * L0 * zeta, 56);
  store<f64>(outN, 4.0 * xi * zeta, 64);
  store<f64>(outN, 4.0 * eta * zeta, 72);
}

/**
 * Tet reference gradients at (ξ, η, ζ) -> outG[npe × 3].
 * P2: vertex a has (4 L_a − 1) ∇L_a, edge (a, b) has 4 (L_b ∇L_a + L_a ∇L_b).
 * The ∇L_k are the constant rows of DL (entries 0, ±1), written out here
 * term by term: the same values as multiplying through the table (x·±1 and
 * x ± 0 are exact), without the table loads and the per-node selects that
 * the compilers do not fold away in a loop.
 */
// @ts-ignore: decorator
@inline export function tetShapeRefGradients(order: i32, xi: f64, eta: f64, zeta: f64, outG: usize): void {
  if (order == 1) {
    // the table DL, by v128 moves (memory.copy is a runtime call)
    for (let k: usize = 0; k < 96; k += 16) v128.store(outG + k, v128.load(DL + k));
    return;
  }
  const L0 = 1.0 - xi - eta - zeta;
  const s0 = 4.0 * L0 - 1.0;
  const f0 = 4.0 * L0, f1 = 4.0 * xi, f2 = 4.0 * eta, f3 = 4.0 * zeta;
  // vertices
  store<f64>(outG, -s0); store<f64>(outG, -s0, 8); store<f64>(outG, -s0, 16);
  store<f64>(outG, 4.0 * xi - 1.0, 24); store<f64>(outG, 0.0, 32); store<f64>(outG, 0.0, 40);
  store<f64>(outG, 0.0, 48); store<f64>(outG, 4.0 * eta - 1.0, 56); store<f64>(outG, 0.0, 64);
  store<f64>(outG, 0.0, 72); store<f64>(outG, 0.0, 80); store<f64>(outG, 4.0 * zeta - 1.0, 88);
  // edges (0,1) (1,2) (0,2) (0,3) (1,3) (2,3)
  store<f64>(outG, f0 - f1, 96); store<f64>(outG, -f1, 104); store<f64>(outG, -f1, 112);
  store<f64>(outG, f2, 120); store<f64>(outG, f1, 128); store<f64>(outG, 0.0, 136);
  store<f64>(outG, -f2, 144); store<f64>(outG, f0 - f2, 152); store<f64>(outG, -f2, 160);
  store<f64>(outG, -f3, 168); store<f64>(outG, -f3, 176); store<f64>(outG, f0 - f3, 184);
  store<f64>(outG, f3, 192); store<f64>(outG, 0.0, 200); store<f64>(outG, f1, 208);
  store<f64>(outG, 0.0, 216); store<f64>(outG, f3, 224); store<f64>(outG, f2, 232);
}

/** Triangle shape-function values at (ξ, η) -> outN[nodes]. */
export function triShapeValues(order: i32, xi: f64, eta: f64, outN: usize): void {
  const L0 = 1.0 - xi - eta;
  if (order == 1) {
    store<f64>(outN, L0);
    store<f64>(outN, xi, 8);
    store<f64>(outN, eta, 16);
    return;
  }
  store<f64>(outN, L0 * (2.0 * L0 - 1.0));
  store<f64>(outN, xi * (2.0 * xi - 1.0), 8);
  store<f64>(outN, eta * (2.0 * eta - 1.0), 16);
  store<f64>(outN, 4.0 * L0 * xi, 24);
  store<f64>(outN, 4.0 * xi * eta, 32);
  store<f64>(outN, 4.0 * eta * L0, 40);
}

/** Triangle reference gradients at (ξ, η) -> outG[nodes × 2]. */
export function triShapeRefGradients(order: i32, xi: f64, eta: f64, outG: usize): void {
  if (order == 1) {
    store<f64>(outG, -1.0);
    store<f64>(outG, -1.0, 8);
    store<f64>(outG, 1.0, 16);
    store<f64>(outG, 0.0, 24);
    store<f64>(outG, 0.0, 32);
    store<f64>(outG, 1.0, 40);
    return;
  }
  const L0 = 1.0 - xi - eta;
  // vertices
  store<f64>(outG, -(4.0 * L0 - 1.0));
  store<f64>(outG, -(4.0 * L0 - 1.0), 8);
  store<f64>(outG, 4.0 * xi - 1.0, 16);
  store<f64>(outG, 0.0, 24);
  store<f64>(outG, 0.0, 32);
  store<f64>(outG, 4.0 * eta - 1.0, 40);
  // edge (0,1): 4 L0 ξ
  store<f64>(outG, 4.0 * (L0 - xi), 48);
  store<f64>(outG, -4.0 * xi, 56);
  // edge (1,2): 4 ξ η
  store<f64>(outG, 4.0 * eta, 64);
  store<f64>(outG, 4.0 * xi, 72);
  // edge (2,0): 4 η L0
  store<f64>(outG, -4.0 * eta, 80);
  store<f64>(outG, 4.0 * (L0 - eta), 88);
}
