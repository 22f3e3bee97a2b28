// Scratch layout shared by the element kernels. A kernel never allocates: the
// caller passes one block of KERNEL_SCRATCH_BYTES and the kernel carves it up
// at these fixed offsets (bytes). Threads each pass their own block.

export const S_N: usize = 0; //        10 f64: shape values
export const S_DN: usize = 80; //      30 f64: reference gradients
export const S_G: usize = 320; //      30 f64: physical gradients
export const S_J: usize = 560; //       9 f64: Jacobian
export const S_C: usize = 640; //      36 f64: C(θ) at the point (MPa)
export const S_W: usize = 928; //      30 f64: D∇N or C·B per node (work)
export const S_V: usize = 1168; //     12 f64: σ (0..5) and ε (6..11)
export const S_TH: usize = 1264; //     1 f64: θ at the point
export const S_DET: usize = 1272; //    1 f64: det J at the point (elasticity)
export const S_CP: usize = 1280; //    36 f64: C(θ) rows as f64x2 pairs (elasticity)
export const S_CM: usize = 1568; //    36 f64: Σ w·detJ·C(θ) over the rule's points (P1 elasticity)

/** Bytes of scratch a kernel call needs. */
export const KERNEL_SCRATCH_BYTES: usize = 1856;

/**
 * Zero n f64 at p (n even, p 8-aligned) with v128 stores. For the small
 * per-element arrays: the engines compile memory.fill to a call into the
 * runtime, which costs more than the fill itself at these sizes.
 */
// @ts-ignore: decorator
@inline export function zeroF64(p: usize, n: i32): void {
  const z = f64x2.splat(0.0);
  let k = 0;
  for (; k + 7 < n; k += 8) {
    const o = p + (<usize>k << 3);
    v128.store(o, z); v128.store(o, z, 16); v128.store(o, z, 32); v128.store(o, z, 48);
  }
  for (; k < n; k += 2) v128.store(p + (<usize>k << 3), z);
}
