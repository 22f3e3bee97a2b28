// The diffusion's mass-conserving shift (src/solver/transport.ts): after
// each step θ is moved by one constant so that ∫θ dV = mᵀθ matches the Li
// that entered through the surface exactly, and the pass also tracks the
// range of θ and which nodes have left [0, 1]. In wasm rather than in the
// stepper's JavaScript because θ lives here and the pass runs twice per
// case and step (mᵀθ before, the shift after); the sums run in index order,
// as the JavaScript loops they replace did (the same bits).
//
// Layout: theta, lumped: n f64; flagged: n u8 (1: the node has been outside
// [0, 1] at some step); out: 4 f64.

/** mᵀθ, summed in index order. */
export function lumpedAmount(n: i32, lumped: usize, theta: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += load<f64>(lumped + (<usize>i << 3)) * load<f64>(theta + (<usize>i << 3));
  return s;
}

/**
 * θ ← θ + shift in place, and over the shifted θ: out[0] = mᵀθ (index
 * order), out[1] = min(lo, min θ), out[2] = max(hi, max θ), out[3] = the
 * nodes newly outside [0, 1] (their flag set to 1).
 */
export function shiftAndTrack(n: i32, shift: f64, theta: usize, lumped: usize, flagged: usize, lo: f64, hi: f64, out: usize): void {
  let amount = 0.0, fresh = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(theta + o) + shift;
    store<f64>(theta + o, v);
    amount += load<f64>(lumped + o) * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if ((v < 0.0 || v > 1.0) && load<u8>(flagged + <usize>i) == 0) {
      store<u8>(flagged + <usize>i, 1);
      fresh++;
    }
  }
  store<f64>(out, amount);
  store<f64>(out, lo, 8);
  store<f64>(out, hi, 16);
  store<f64>(out, <f64>fresh, 24);
}
