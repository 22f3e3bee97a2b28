/**
 * grainfem/node — the Node-only part of the library: config files with
 * file:line errors, mesh files, writing a run's results (VTU/PVD/CSV,
 * atomically) and rendering its figures (SVG and PNG).
 *
 *   import { runSimulation, loadCore, resolveConfig } from "grainfem";
 *   import { prepareOutputDir, writeRunFiles, runFigures, writeFigures } from "grainfem/node";
 */
export { loadConfigFile } from "./config/file.js";
export { readMeshFile, writeMeshFile, writeFileAtomic, NODE_ZLIB } from "./io/files.js";
export { prepareOutputDir, writeRunFiles, writeFigures, type WrittenFiles } from "./io/export.js";
export { runFigures, compareFigures, centreSectionView, type Figure } from "./figures/figures.js";
export { renderSvg, svgToPng, rgbaToPng, pngDataUrl } from "./figures/render-node.js";
