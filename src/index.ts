/**
 * grainfem — WebAssembly finite elements for Li diffusion and anisotropic
 * elasticity in polycrystalline cathode particles.
 *
 * Layers (each depends only on the ones before it):
 *   wasm/      the AssemblyScript core: loading, memory, typed views
 *   mesh/      tetrahedral meshes: types, boundary, box, P2 lifting, checks
 *   material/  Voigt notation, Bond rotation, per-grain tables, defaults
 *   linalg/    sparse matrices on the node pattern, PCG, constraints
 *   fem/       a mesh bound to the core; diffusion and elasticity systems
 *   config/    the run configuration: JSON Schema, defaults, validation
 *   solver/    the chemo-mechanical simulation of a particle (run, compare)
 *   io/        result grids (VTU), PVD, CSV tables — as bytes/text, no file system
 *   figures/   cross-section rasterizer, colormaps, Vega-Lite figure specs
 *   verification/  manufactured solutions and analytic checks
 *
 * This entry imports nothing Node-only; file writing and PNG rendering are in
 * `grainfem/node`.
 */
export { loadCore, Core, WasmArray, defaultBuild, type BuildKind, type CoreExports } from "./wasm/core.js";
export { InputError, NumericalError } from "./errors.js";
export { type TetMesh, nodesPerTet, nodesPerTri, nodeCount, tetCount, triCount } from "./mesh/types.js";
export { boxMesh, signedVolume, type BoxOptions } from "./mesh/box.js";
export { classifyFaces, TET_FACES, type FaceTable } from "./mesh/boundary.js";
export { toQuadratic, type QuadraticOptions } from "./mesh/quadratic.js";
export { validateMeshArrays } from "./mesh/validate.js";
export * from "./material/voigt.js";
export { rotationFromQuaternion, quaternionFromAxisAngle } from "./material/rotation.js";
export { grainMaterialTables, checkMaterial, GPA_TO_MPA, M2_PER_S_TO_UM2_PER_S, type MaterialSpec, type GrainTables } from "./material/grains.js";
export { DEFAULT_MATERIAL } from "./material/defaults.js";
export { buildPattern, createMatrix, spmv, toDense, type NodePattern, type SparseMatrix } from "./linalg/sparse.js";
export { PcgSolver, type PcgOptions, type SolveStats, type PcgStatus, type PreconditionerKind } from "./linalg/pcg.js";
export { applyDirichlet, rigidBodyPins, type RigidPins } from "./linalg/constraints.js";
export { FeMesh, type TetRule } from "./fem/mesh.js";
export { DiffusionSystem } from "./fem/diffusion.js";
export { ElasticitySystem, type ElasticTables, type QuadratureStress } from "./fem/elasticity.js";
export { removeRigidMotion } from "./fem/rigid.js";
export { convergenceStudy, type ConvergenceStudy } from "./verification/manufactured.js";
export { freeGrainStress, type FreeGrainResult } from "./verification/free-grain.js";
export { meshParticle, resolveMeshOptions, estimateTets, type ParticleMesh, type ParticleMeshOptions, type MeshStats } from "./mesh/particle/generate.js";
export { CONFIG_SCHEMA } from "./config/schema.js";
export { resolveConfig, defaults, type ConfigSource } from "./config/resolve.js";
export type { GrainfemConfig, ConfigInput } from "./config/types.js";
export { runSimulation, type SimulationOptions, type SimulationResult, type SimulationFields, type SnapshotFields, type Progress } from "./solver/simulate.js";
export { runComparison, comparisonConfigs, contactEffect, type ComparisonResult, type ContactEffect, type CaseName } from "./solver/compare.js";
export type { CasePhase } from "./solver/simulate.js";
export { prepareParticle, type Particle } from "./solver/particle.js";
export type { Summary, SnapshotSummary, ComparisonSummary, GrainSummary, MeshSummary, ReactiveSummary, ProfileSummary } from "./solver/summary.js";
export { selectReactiveGrains, type ReactiveSelection } from "./solver/reactive.js";
export { vonMises, hydrostatic, principalExtremes } from "./solver/stress-measures.js";
export { weightedStats, weightedQuantile, type WeightedStats } from "./solver/statistics.js";
export { tanRoots, crankC, crankMeanC, sphereSolution, sphereStressTensor, sphereConfigInput, sphereErrors, SPEC_SPHERE, type SphereCase, type SphereErrors } from "./verification/sphere.js";
export { SUMMARY_SCHEMA } from "./solver/summary-schema.js";
export { writeVtu, type VtuGrid, type VtuDataArray, type VtuCodec } from "./io/vtu.js";
export { parseVtu } from "./io/vtu-read.js";
export { snapshotGrid, writePvd } from "./io/result-vtu.js";
export { profileCsv, grainsCsv, PROFILE_COLUMNS, GRAIN_COLUMNS } from "./io/csv.js";
export { socTag, runLabel } from "./io/names.js";
export { rasterizeSection, colorizeSection, planeAxes, type SectionView, type SectionImage } from "./figures/cross-section.js";
export { colorTable, colorStops, type ColormapName } from "./figures/colormap.js";
export { sectionPanelSpec, panelGridSpec, profileSpec, histogramSpec, volumeHistogram, type SectionPanel } from "./figures/charts.js";
export { VERSION } from "./version.js";
export { simulate, compare, type SimulateOptions, type SimulateResult, type CompareResult } from "./api/simulate-browser.js";
export { importMeshBytes, MESH_EXTENSIONS } from "./io/mesh-import.js";
export { particleFromMesh } from "./solver/particle.js";
