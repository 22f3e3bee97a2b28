// grainfem WebAssembly core: the exported surface used by src/ (TypeScript).
// Every array crosses the boundary as a pointer into this module's memory;
// see the layout notes at the top of each file.

export { alloc, free, memoryBytes } from "./memory";
export { tetRulePoints, TET_RULE_1, TET_RULE_4, TET_RULE_14, TRI_RULE_POINTS, tetRuleData, triRuleData } from "./quadrature";
export { tetShapeValues, tetShapeRefGradients, triShapeValues, TET_EDGE_A, TET_EDGE_B, TRI_EDGE_A, TRI_EDGE_B } from "./shape";
export { KERNEL_SCRATCH_BYTES } from "./kernels/scratch";
export { diffusionElement } from "./kernels/diffusion";
export { elasticityElement, elasticityElementStress, ELASTIC_QP } from "./kernels/elasticity";
export { triangleScalarLoad, trianglePressureLoad } from "./kernels/surface";
export { stressMeasuresLength, tetStressMeasures } from "./kernels/stress-measures";
export { recoveryIncidence } from "./recovery";
export { recoverSplitNodal } from "./parallel/assembly-tasks";
export { pointStatistics, pointGroupStatistics, POINT_STATISTICS_F64 } from "./parallel/statistics-tasks";
export { buildNodeGraph, csrFind, graphEdgeCount, graphEdges, liftToQuadratic, patternUpperCount, patternUpper, patternLowerIndex } from "./sparse/pattern";
export { csrSpmv, csrTransposeSpmv, csrDiagonal, csrApplyDirichlet } from "./sparse/csr";
export { csrExtractUpper, csrSymSpmv, csrSymSpmvPair } from "./sparse/csr-sym";
export { nodeCsrFromCsr, nodeCsrSpmv, nodeCsrTransposeSpmv } from "./sparse/node-csr";
export { bsr3ExtractUpper, bsr3SymSpmv, symBsr3Create, bsr3SymDiagonal, bsr3SymApplyDirichlet } from "./sparse/bsr3-sym";
export { bsr6SymSpmv } from "./sparse/bsr6-sym";
export { csrToBlockSym } from "./sparse/block-sym-from-csr";
export { bsr3Spmv, bsr3Diagonal, bsr3BlockDiagonalInverse, bsr3InvertBlocks, bsr3BlockDiagonalApply, bsr3ApplyDirichlet } from "./sparse/bsr3";
export { linearRestrict, linearProlongAdd } from "./linalg/linear-transfer";
export { vecDot, vecNorm2, vecSum, vecAxpy, vecXpay, vecAxpby, vecMul, vecFill, vecScale, vecAllFinite, vecCgJacobiUpdate } from "./linalg/vector";
export { operatorCreate, operatorCreateSymmetric, operatorMultiply, operatorMultiplyPair, OP_CSR, OP_BSR3, OP_CSR_SYM, OP_BSR3_SYM } from "./solvers/operator";
export { preconditionerCreate, PC_NONE, PC_JACOBI, PC_BLOCK_JACOBI3, PC_AMG } from "./solvers/preconditioner";
export { bsr3BlockNorms2, bsr3SymNodeGraph, csrNodeGraph } from "./amg/graph";
export { amgAggregate } from "./amg/aggregate";
export { linearGalerkinPattern } from "./amg/linear-galerkin";
export { amgTentative } from "./amg/tentative";
export { csrSpgemmGrouped, bsr3CsrSpgemm, csrTranspose, csrTransposeColumns, restrictionNodes, amgSmoothProlongator, amgSmoothProlongatorBlocks } from "./amg/spgemm";
export {
  amgCreate, amgFree, amgSetLevel, amgSetCoarse, amgSetFineSymmetric, amgSetProlongatorNodes, amgSetLevelSymmetric, amgSetLevelBlocks, amgSetLevelBlockJacobi, amgApply, amgLambdaMaxLanczos, amgGershgorin, amgCsrDiagonalInverse, amgDenseCholesky, AMG_LEVEL_BSR3, AMG_LEVEL_CSR, AMG_LEVEL_BSR3_SYM, AMG_LEVEL_CSR_SYM, AMG_LEVEL_BSR6_SYM, AMG_LEVEL_RECORD_BYTES,
} from "./amg/cycle";
export { parDot, parAxpy, parAxpby, parCsrSpmv, parCsrSymSpmv, parCsrSymSpmvPair, parCgJacobiUpdate, parCsrTransposeSpmv, parNodeCsrSpmv, parNodeCsrTransposeSpmv, parBsr3Spmv, parBsr3SymSpmv, parBsr6SymSpmv, parZero } from "./parallel/tasks";
export { elementColoring, chunkCount } from "./parallel/coloring";
export { parBsr3CsrSpgemm, parBsr3SymCsrSpgemm, parCsrSpgemmGrouped, parLinearGalerkinRows, parCsrTransposeColumns } from "./parallel/spgemm-tasks";
export { poolCreate, poolArrived, poolEnable, poolThreads, poolStop, poolSetSpin, poolSetSpinFloor, poolSpin, poolSpinFloor, poolWorkerLoop, poolWorkerFailed, POOL_CTRL_BYTES, POOL_MESSAGE_OFFSET, POOL_MESSAGE_CHARS } from "./parallel/pool";
export { pcg, pcgPair, PCG_CONVERGED, PCG_MAX_ITERATIONS, PCG_BREAKDOWN, PCG_NOT_FINITE } from "./solvers/pcg";
export { lumpedAmount, shiftAndTrack } from "./solvers/conserve";
export {
  assembleDiffusion, assembleElasticity, computeStress, assembleSurfaceFlux, assembleSurfacePressure,
  surfaceAreas, elementVolumes, quadraturePoints, interpolateAtQuadrature, assembleBodyLoad, integrateGradient,
} from "./assemble";
