// Block-Jacobi pieces of the elasticity fine level's Chebyshev smoother
// (amg/cycle.ts): D_b⁻¹ is the inverse of A's 3 × 3 diagonal blocks — a
// node's three dofs coupled — instead of the point diagonal. It smooths
// elasticity better than point Jacobi (the dofs of a node are strongly
// coupled through the anisotropic stiffness): on the 100-grain particles,
// P2 AMG-PCG needs 28–30 instead of 33–36 iterations, P1 17 instead of 18
// (docs/solvers.md), for the same number of products per cycle. The
// prolongator is smoothed with the same blocks (amg/spgemm.ts).
//
// Layout: dinvB nb × 9 f64, node i's inverse block row-major at 72 i
// (sparse/bsr3.ts bsr3InvertBlocks / bsr3BlockDiagonalInverse); vectors 3 nb f64.
// Each routine works on the node range [i0, i1) (one thread's share).

/** d ← s · D_b⁻¹ r on nodes [i0, i1). */
export function blockScaledApplyRows(i0: i32, i1: i32, s: f64, dinvB: usize, r: usize, d: usize): void {
  for (let i = i0; i < i1; i++) {
    const b = dinvB + <usize>i * 72, o = <usize>i * 24;
    const r0 = load<f64>(r + o), r1 = load<f64>(r + o, 8), r2 = load<f64>(r + o, 16);
    store<f64>(d + o, s * (load<f64>(b) * r0 + load<f64>(b, 8) * r1 + load<f64>(b, 16) * r2));
    store<f64>(d + o, s * (load<f64>(b, 24) * r0 + load<f64>(b, 32) * r1 + load<f64>(b, 40) * r2), 8);
    store<f64>(d + o, s * (load<f64>(b, 48) * r0 + load<f64>(b, 56) * r1 + load<f64>(b, 64) * r2), 16);
  }
}

/**
 * One Chebyshev recurrence update with block Jacobi, fused (each vector
 * streamed once): r ← r − z;  d ← c1 d + c2 D_b⁻¹ r, on nodes [i0, i1).
 */
export function blockChebyshevUpdateRows(i0: i32, i1: i32, c1: f64, c2: f64, dinvB: usize, z: usize, r: usize, d: usize): void {
  for (let i = i0; i < i1; i++) {
    const b = dinvB + <usize>i * 72, o = <usize>i * 24;
    const r0 = load<f64>(r + o) - load<f64>(z + o), r1 = load<f64>(r + o, 8) - load<f64>(z + o, 8), r2 = load<f64>(r + o, 16) - load<f64>(z + o, 16);
    store<f64>(r + o, r0); store<f64>(r + o, r1, 8); store<f64>(r + o, r2, 16);
    store<f64>(d + o, c1 * load<f64>(d + o) + c2 * (load<f64>(b) * r0 + load<f64>(b, 8) * r1 + load<f64>(b, 16) * r2));
    store<f64>(d + o, c1 * load<f64>(d + o, 8) + c2 * (load<f64>(b, 24) * r0 + load<f64>(b, 32) * r1 + load<f64>(b, 40) * r2), 8);
    store<f64>(d + o, c1 * load<f64>(d + o, 16) + c2 * (load<f64>(b, 48) * r0 + load<f64>(b, 56) * r1 + load<f64>(b, 64) * r2), 16);
  }
}
