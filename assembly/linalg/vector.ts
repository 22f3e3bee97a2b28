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
