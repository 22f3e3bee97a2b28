/**
 * The JSON Schema of a grainfem run configuration (SPEC §3.2).
 *
 * This object is the single source of truth: the validator compiles it, the
 * defaults come from its `default` values, and `npm run build` writes it to
 * `schema/config.schema.json` for editors (`"$schema": "…/config.schema.json"`
 * in a config file gives completion and inline errors).
 *
 * Every description ends with the accepted range, which validation errors
 * quote. Keys carry their unit as a suffix (Um, M2s, GPa, MPa, S).
 */

const positive = (description: string, dflt: number) => ({ type: "number", exclusiveMinimum: 0, default: dflt, description });

const stiffnessSet = (description: string, d: Record<string, number>) => ({
  type: "object",
  description,
  additionalProperties: false,
  required: ["C11", "C22", "C33", "C12", "C13", "C23", "C44", "C55", "C66"],
  default: d,
  properties: Object.fromEntries(
    ["C11", "C22", "C33", "C12", "C13", "C23", "C44", "C55", "C66"].map((k) => [
      k,
      { type: "number", description: `${k} in GPa (crystal frame, Voigt order 11, 22, 33, 23, 13, 12). Accepted: a finite number; the set must be positive definite.` },
    ]),
  ),
});

export const CONFIG_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "grainfem run configuration",
  description: "Coupled Li diffusion and anisotropic elasticity in a polycrystalline cathode particle. Every key is optional; defaults reproduce the seed paper's all-solid-state case.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "URL or path of this schema (for editors). Accepted: any string." },
    geometry: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Particle geometry and mesh.",
      properties: {
        radiusUm: positive("Particle radius in µm. Accepted: a number > 0 (≤ 1000).", 5),
        grains: { type: "integer", minimum: 1, maximum: 20000, default: 100, description: "Number of Voronoi grains. Accepted: an integer in [1, 20000]." },
        seed: { type: "integer", minimum: -2147483648, maximum: 2147483647, default: 1, description: "Random seed of grain positions and orientations. Accepted: a 32-bit integer." },
        meshSizeUm: positive("Target element size h in µm (lattice spacing of the mesher). Accepted: a number in (0, radiusUm].", 0.35),
        order: { enum: [1, 2], default: 2, description: "Element order: 1 = 4-node, 2 = 10-node tetrahedra (P2 is needed for accurate stress). Accepted: 1 or 2." },
        lloyd: { type: "integer", minimum: 0, maximum: 100, default: 0, description: "Lloyd relaxation iterations on the grain seeds (more equal grain sizes). Accepted: an integer in [0, 100]." },
        meshFile: {
          type: ["string", "null"],
          default: null,
          description: "Mesh file (.msh v4/v2.2, .node/.ele, .vtu) with a per-tet grain tag, instead of generating one; a relative path resolves against the config file's folder. Accepted: a path or null.",
        },
      },
    },
    material: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Crystal-frame material properties (axis 3 is the c-axis [001]).",
      properties: {
        diffusivityM2s: {
          type: "array",
          items: { type: "number", exclusiveMinimum: 0 },
          minItems: 3,
          maxItems: 3,
          default: [5e-15, 5e-15, 1e-20],
          description: "Li diffusivity [D_a, D_b, D_c] along [100], [010], [001] in m²/s. Accepted: three numbers > 0.",
        },
        chemicalStrain: {
          type: "array",
          items: { type: "number", minimum: -0.5, maximum: 0.5 },
          minItems: 3,
          maxItems: 3,
          default: [0.028, 0.028, -0.04],
          description: "Chemical strain per unit θ [β_a, β_b, β_c]; ε_ch = β (θ − θ_ref). Accepted: three numbers in [−0.5, 0.5].",
        },
        stiffnessGPa: {
          type: "object",
          additionalProperties: false,
          default: {},
          description: "Orthotropic stiffness, linear in θ between the delithiated (θ = 0) and lithiated (θ = 1) sets. Defaults are placeholders for the paper's unavailable Supp. Table 1.",
          properties: {
            lithiated: stiffnessSet("Stiffness at θ = 1 (GPa).", { C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 }),
            delithiated: stiffnessSet("Stiffness at θ = 0 (GPa).", { C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 }),
          },
        },
        isotropic: {
          anyOf: [
            { type: "null" },
            {
              type: "object",
              additionalProperties: false,
              required: ["EGPa", "nu"],
              properties: {
                EGPa: { type: "number", exclusiveMinimum: 0, description: "Young's modulus in GPa. Accepted: a number > 0." },
                nu: { type: "number", exclusiveMinimum: -1, exclusiveMaximum: 0.5, description: "Poisson's ratio. Accepted: a number in (−1, 0.5)." },
              },
            },
          ],
          default: null,
          description: "Isotropic override { EGPa, nu } replacing both orthotropic sets. Accepted: null or an object with EGPa > 0 and nu in (−1, 0.5).",
        },
        orientations: {
          anyOf: [
            { type: "null" },
            { type: "array", minItems: 1, items: { type: "array", items: { type: "number" }, minItems: 4, maxItems: 4 } },
          ],
          default: null,
          description: "One unit quaternion [w, x, y, z] per grain id (rotation taking crystal axes to particle axes, scalar first) instead of the seeded draw. Accepted: null or one 4-number array of norm 1 per grain.",
        },
      },
    },
    cycling: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Galvanostatic cycling and the reactive surface.",
      properties: {
        cRate: { type: "number", exclusiveMinimum: 0, maximum: 1000, default: 1, description: "C-rate; SOC(t) = cRate · t / 3600 s. Accepted: a number in (0, 1000]." },
        capacityWindow: { type: "number", exclusiveMinimum: 0, maximum: 1, default: 0.62, description: "Capacity window Δθ passed between SOC 0 and 1 (NCM622: 0.62). Accepted: a number in (0, 1]." },
        reactiveFraction: { type: "number", exclusiveMinimum: 0, maximum: 1, default: 0.667, description: "Fraction of surface grains (by count) whose surface reacts: 0.667 all-solid-state, 1 liquid electrolyte. Accepted: a number in (0, 1]." },
        reactiveSeed: { type: "integer", minimum: -2147483648, maximum: 2147483647, default: 1, description: "Random seed of the reactive-grain draw. Accepted: a 32-bit integer." },
        direction: { enum: ["charge", "discharge"], default: "charge", description: "charge extracts Li (θ falls), discharge inserts it (θ rises). Accepted: \"charge\" or \"discharge\"." },
        initialTheta: {
          type: ["number", "null"],
          minimum: 0,
          maximum: 1,
          default: null,
          description: "Initial θ0 (also the stress-free θ_ref); null = 1 for charge, 1 − capacityWindow for discharge. Accepted: null or a number in [0, 1].",
        },
      },
    },
    time: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Time integration (backward Euler).",
      properties: {
        stepsPerHour: { type: "integer", minimum: 1, maximum: 1000000, default: 60, description: "Time steps per hour of simulated time (dt = 3600 s / stepsPerHour; steps are shortened to land on the output times). Accepted: an integer in [1, 1000000]." },
      },
    },
    mechanics: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Quasi-static mechanics of the free particle.",
      properties: {
        pressureMPa: { type: "number", minimum: -100000, maximum: 100000, default: 0, description: "Uniform external pressure on the particle surface in MPa (positive compresses). Accepted: a number in [−1e5, 1e5]." },
      },
    },
    solver: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Linear solvers (preconditioned conjugate gradients).",
      properties: {
        relTolerance: { type: "number", exclusiveMinimum: 0, maximum: 0.001, default: 1e-8, description: "Relative true-residual tolerance ‖b − Ax‖/‖b‖ of every solve. Accepted: a number in (0, 1e-3]." },
        maxIterations: { type: "integer", minimum: 1, maximum: 10000000, default: 50000, description: "Iteration limit of every solve; reaching it is a numerical failure. Accepted: an integer in [1, 1e7]." },
        elasticityPreconditioner: {
          enum: ["amg", "block-jacobi"],
          default: "amg",
          description: "Preconditioner of the elasticity CG: smoothed-aggregation AMG with the rigid-body modes (iterations nearly independent of the mesh size) or 3 × 3 block Jacobi (no setup, iterations grow with the mesh). Accepted: \"amg\" or \"block-jacobi\".",
        },
        reuseElasticityPreconditioner: {
          type: "boolean", default: true,
          description: "Keep the AMG hierarchy of a run's first elasticity solve for the later ones and refresh only its fine level (diagonal and smoother bound) — the setup is most of a solve's cost; a full setup is redone when a refreshed solve needs over 1.5× the iterations. false: a new setup for every solve. Accepted: true or false.",
        },
        symmetricStorage: {
          type: "boolean", default: true,
          description: "CG and the AMG smoother multiply by the matrices' upper triangles (half the bytes per product: ~1.6× faster products) — the elasticity matrix is assembled into its diagonal blocks and upper triangle only (half its memory; the AMG setup reads whole rows through an index of the triangle's transpose), the diffusion matrix gets a copy made in the diffusion phase, below the run's peak; false: the full matrices only. Accepted: true or false.",
        },
        diffusionPreconditioner: {
          enum: ["amg", "jacobi"],
          default: "jacobi",
          description: "Preconditioner of the diffusion CG (one solve per time step): scalar smoothed-aggregation AMG, set up once and reused by every step of the same size, or point Jacobi. Accepted: \"amg\" or \"jacobi\".",
        },
        diffusionProjectionVectors: {
          type: "integer", minimum: 0, maximum: 200, default: 32,
          description: "Earlier diffusion solutions kept to start each step's CG from the energy-norm best guess in their span (Fischer's projection; ~3× fewer iterations at 32); 0: start from θ extrapolated from the last two steps. Costs 8 bytes per node per vector and case (a compare keeps both cases' at once). Accepted: an integer in [0, 200].",
        },
        threads: {
          anyOf: [{ type: "integer", minimum: 1, maximum: 64 }, { const: "auto" }],
          default: "auto",
          description: "Threads sharing the CG and AMG products, vector updates and smoothing (shared-memory wasm threads; results differ from one thread only by rounding in the sums). \"auto\": the machine's cores, at most 4 (speed-ups were measured on 2 cores only; beyond that the shared memory bus may limit them). In browsers the pool is made of Web Workers: it needs a cross-origin isolated page (COOP/COEP) and the core in a Web Worker, as the library's simulate/compare run it. One thread wherever SharedArrayBuffer is unavailable. Jobs of the library's worker pool, sweeps and the service run one thread each (they already run in parallel). Accepted: an integer in [1, 64] or \"auto\".",
        },
        memoryLimitGiB: {
          type: "number", exclusiveMinimum: 0, maximum: 4, default: 4,
          description: "Refuse a run whose estimated solver memory (32 MiB + ≈ 7 kB per mesh node: the core's measured high-water mark with 15 % to spare) exceeds this, before anything is allocated; 4 GiB is the WebAssembly (wasm32) limit. Accepted: a number in (0, 4].",
        },
      },
    },
    outputs: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "What to compute and write.",
      properties: {
        soc: {
          type: "array",
          items: { type: "number", exclusiveMinimum: 0, maximum: 1 },
          minItems: 1,
          maxItems: 1000,
          default: [0.5, 1.0],
          description: "States of charge at which the mechanics is solved and fields are written. Accepted: strictly increasing numbers in (0, 1].",
        },
        profileDirection: {
          type: "array",
          items: { type: "number" },
          minItems: 3,
          maxItems: 3,
          default: [1, 0, 0],
          description: "Direction of the radial line profile through the particle centre. Accepted: three numbers, not all zero.",
        },
        profilePoints: { type: "integer", minimum: 2, maximum: 100000, default: 101, description: "Points of the radial profile, r_k = k R/(n − 1). Accepted: an integer in [2, 100000]." },
        vtu: { type: "boolean", default: true, description: "Write result_*.vtu and result.pvd. Accepted: true or false." },
        figures: { type: "boolean", default: true, description: "Write figures/ (SVG and PNG): the z = 0 cross-section colored by θ and von Mises, the radial profile, the von Mises histogram, and for compare the side-by-side sections. Accepted: true or false." },
      },
    },
  },
} as const;
