// Scalar fields between a quadratic (10-node) tet mesh and the linear (P1)
// mesh of its corners: the restriction Iᵀ and the prolongation I of the P1 →
// P2 interpolation I (src/linalg/linear-interpolation.ts has its vector-field
// form for the elasticity AMG). The mesh numbers its corners first: node
// v < nV is a corner, and I takes its value as it is; node m ≥ nV is the
// mid-edge node of the edge (a, b) = ends[2(m − nV)], ends[2(m − nV) + 1],
// and I gives it ½ (a's value + b's value).
//
// Layout: ends is (nN − nV) × 2 i32 corner ids; fine vectors nN f64, coarse
// vectors nV f64.

/** rc ← Iᵀ r: a corner's entry plus half of each adjacent mid-edge node's (rc: nV f64, overwritten). */
export function linearRestrict(nV: i32, nN: i32, ends: usize, r: usize, rc: usize): void {
  memory.copy(rc, r, <usize>nV << 3);
  for (let m = nV; m < nN; m++) {
    const e = ends + (<usize>(m - nV) << 3);
    const h = 0.5 * load<f64>(r + (<usize>m << 3));
    const a = rc + (<usize>load<i32>(e) << 3), b = rc + (<usize>load<i32>(e, 4) << 3);
    store<f64>(a, load<f64>(a) + h);
    store<f64>(b, load<f64>(b) + h);
  }
}

/** x ← x + I e: e (nV f64) interpolated into x (nN f64). */
export function linearProlongAdd(nV: i32, nN: i32, ends: usize, e: usize, x: usize): void {
  for (let v = 0; v < nV; v++) {
    const o = <usize>v << 3;
    store<f64>(x + o, load<f64>(x + o) + load<f64>(e + o));
  }
  for (let m = nV; m < nN; m++) {
    const p = ends + (<usize>(m - nV) << 3);
    const o = <usize>m << 3;
    store<f64>(x + o, load<f64>(x + o) + 0.5 * (load<f64>(e + (<usize>load<i32>(p) << 3)) + load<f64>(e + (<usize>load<i32>(p, 4) << 3))));
  }
}
