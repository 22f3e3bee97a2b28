/**
 * Outer faces of the particle as ccx element faces. CalculiX numbers the
 * faces of a tet (C3D4/C3D10) as S1 = 1-2-3, S2 = 1-2-4, S3 = 2-3-4,
 * S4 = 3-4-1 (User's Manual, *DLOAD/*DFLUX face labels; e_c3d_th.f's
 * ifacet table lists the same faces with their mid-edge nodes). grainfem's
 * face table (src/mesh/boundary.ts, TET_FACES) numbers them 0 = (1,2,3),
 * 1 = (0,3,2), 2 = (0,1,3), 3 = (0,2,1) in 0-based vertices.
 */
import type { TetMesh } from "../../src/mesh/types.js";
import { classifyFaces } from "../../src/mesh/boundary.js";

/** ccx face number (1…4) of grainfem's local face k (TET_FACES order). */
export const CCX_FACE_OF_LOCAL: readonly number[] = [3, 4, 2, 1];

export interface OuterFaces {
  /** owning tet of each outer face (0-based) */
  tet: Int32Array;
  /** ccx face number 1…4 */
  ccxFace: Int8Array;
  /** grain of the owning tet */
  grain: Int32Array;
}

/** The outer faces of a mesh, each as (tet, ccx face, grain). */
export function outerFaces(mesh: TetMesh): OuterFaces {
  const npe = mesh.order === 2 ? 10 : 4;
  const f = classifyFaces(mesh.tets, npe, mesh.nodes.length / 3);
  const n = f.boundaryTet.length;
  const out: OuterFaces = { tet: f.boundaryTet.slice(), ccxFace: new Int8Array(n), grain: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    out.ccxFace[i] = CCX_FACE_OF_LOCAL[f.boundaryFace[i]];
    out.grain[i] = mesh.tetGrain[f.boundaryTet[i]];
  }
  return out;
}
