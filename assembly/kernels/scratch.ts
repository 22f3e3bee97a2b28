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

/** Bytes of scratch a kernel call needs. */
export const KERNEL_SCRATCH_BYTES: usize = 1280;
