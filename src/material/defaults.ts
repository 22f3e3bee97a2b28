/**
 * Default NCM622 properties (SPEC §1.2–1.3). The stiffness sets are
 * placeholders for the seed paper's unavailable Supplementary Table 1; the
 * diffusivities and chemical strains are the paper's (Methods, "FEM
 * simulation": D = 5e-15, 5e-15, 1e-20 m²/s; β = +2.8 %, +2.8 %, −4.0 %).
 */
import type { MaterialSpec } from "./grains.js";

export const DEFAULT_MATERIAL: MaterialSpec = {
  diffusivityM2s: [5e-15, 5e-15, 1e-20],
  chemicalStrain: [0.028, 0.028, -0.04],
  stiffnessGPa: {
    lithiated: { C11: 309, C22: 309, C33: 253, C12: 106, C13: 83, C23: 83, C44: 75, C55: 75, C66: 102 },
    delithiated: { C11: 284, C22: 284, C33: 137, C12: 97, C13: 57, C23: 57, C44: 40, C55: 40, C66: 94 },
  },
  isotropic: null,
};
