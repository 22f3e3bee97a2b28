// Dense vector kernels over raw f64 pointers (length n). SIMD (f64x2) where
// the loop is a pure stream; a scalar tail handles odd n.

/** x · y */
export function vecDot(n: i32, x: usize, y: usize): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) s += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return s;
}

/** ‖x‖₂ */
export function vecNorm2(n: i32, x: usize): f64 {
  return Math.sqrt(vecDot(n, x, x));
}

/** Σ x_i */
export function vecSum(n: i32, x: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += load<f64>(x + (<usize>i << 3));
  return s;
}

/** y ← y + a·x */
export function vecAxpy(n: i32, a: f64, x: usize, y: usize): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + a * load<f64>(x + o));
  }
}

/** y ← x + a·y */
export function vecXpay(n: i32, x: usize, a: f64, y: usize): void {
  const va = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(x + o), f64x2.mul(va, v128.load(y + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(x + o) + a * load<f64>(y + o));
  }
}

/** z ← a·x + b·y (z may alias x or y) */
export function vecAxpby(n: i32, a: f64, x: usize, b: f64, y: usize, z: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(z + o, a * load<f64>(x + o) + b * load<f64>(y + o));
  }
}

/** z ← x ∘ y (elementwise; the Jacobi preconditioner) */
export function vecMul(n: i32, x: usize, y: usize, z: usize): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(z + o, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(z + o, load<f64>(x + o) * load<f64>(y + o));
  }
}

/** x ← a */
export function vecFill(n: i32, a: f64, x: usize): void {
  for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 3), a);
}

/** x ← a·x */
export function vecScale(n: i32, a: f64, x: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, a * load<f64>(x + o));
  }
}

/** 1 if every entry is finite, else 0. */
export function vecAllFinite(n: i32, x: usize): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v - v != 0.0) return 0;
  }
  return 1;
}

/** z ← (s·x) ∘ y (elementwise; the first Chebyshev step d = θ⁻¹ D⁻¹ r) */
export function vecScaledMul(n: i32, s: f64, x: usize, y: usize, z: usize): void {
  const vs = f64x2.splat(s);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(z + o, f64x2.mul(f64x2.mul(vs, v128.load(x + o)), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(z + o, s * load<f64>(x + o) * load<f64>(y + o));
  }
}

/**
 * One Chebyshev recurrence update (amg/cycle.ts), fused to stream each
 * vector once: r ← r − z;  d ← c1·d + c2·(dinv ∘ r).
 */
export function vecChebyshevUpdate(n: i32, c1: f64, c2: f64, dinv: usize, z: usize, r: usize, d: usize): void {
  const v1 = f64x2.splat(c1), v2 = f64x2.splat(c2);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const ri = f64x2.sub(v128.load(r + o), v128.load(z + o));
    v128.store(r + o, ri);
    v128.store(d + o, f64x2.add(f64x2.mul(v1, v128.load(d + o)), f64x2.mul(f64x2.mul(v2, v128.load(dinv + o)), ri)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const ri = load<f64>(r + o) - load<f64>(z + o);
    store<f64>(r + o, ri);
    store<f64>(d + o, c1 * load<f64>(d + o) + c2 * load<f64>(dinv + o) * ri);
  }
}

/**
 * The vector work of a Jacobi-preconditioned CG iteration after its product
 * q = A p, in one pass (solvers/pcg.ts): x ← x + α p;  r ← r − α q;
 * z ← dinv ∘ r;  out[0] = r·r, out[1] = r·z (2 f64). Five vectors read and
 * three written instead of the 9 reads and 3 writes of the separate
 * kernels; each value and sum is formed as vecAxpy, vecMul and vecDot form
 * it, so the iterates are theirs bit for bit.
 */
export function vecCgJacobiUpdate(n: i32, alpha: f64, p: usize, q: usize, dinv: usize, x: usize, r: usize, z: usize, out: usize): void {
  const va = f64x2.splat(alpha), vm = f64x2.splat(-alpha);
  let rr = f64x2.splat(0), rz = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.add(v128.load(x + o), f64x2.mul(va, v128.load(p + o))));
    const ri = f64x2.add(v128.load(r + o), f64x2.mul(vm, v128.load(q + o)));
    v128.store(r + o, ri);
    const zi = f64x2.mul(v128.load(dinv + o), ri);
    v128.store(z + o, zi);
    rr = f64x2.add(rr, f64x2.mul(ri, ri));
    rz = f64x2.add(rz, f64x2.mul(ri, zi));
  }
  let srr = f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1);
  let srz = f64x2.extract_lane(rz, 0) + f64x2.extract_lane(rz, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, load<f64>(x + o) + alpha * load<f64>(p + o));
    const ri = load<f64>(r + o) + -alpha * load<f64>(q + o);
    store<f64>(r + o, ri);
    const zi = load<f64>(dinv + o) * ri;
    store<f64>(z + o, zi);
    srr += ri * ri;
    srz += ri * zi;
  }
  store<f64>(out, srr);
  store<f64>(out, srz, 8);
}
