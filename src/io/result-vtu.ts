/**
 * One output SOC of a run as a VTK unstructured grid (SPEC §3.1), browser-pure
 * (the zlib codec is passed to writeVtu by the caller).
 *
 * Stress jumps across grain boundaries (stiffness and eigenstrain jump
 * there), so the grid's points are the *split nodes* of solver/recovery.ts:
 * a node shared by g grains appears g times, once per grain, and each tet
 * uses its own grain's copies. ParaView then shows the jumps instead of
 * averaging them away; θ and u, which are continuous, are simply repeated.
 *
 * Point data: theta (1), displacement (3, µm, rigid motion removed),
 * vonMises, hydrostatic, maxPrincipal (MPa), stress (6, MPa, Voigt
 * xx yy zz yz xz xy). Cell data: grain (Int32), reactive (UInt8, 1 for tets
 * of reactive grains), vonMisesCell (MPa, volume mean over the tet's
 * quadrature points), stressCell (6, MPa). Field data: TimeValue (s), SOC.
 */
import type { SimulationFields } from "../solver/simulate.js";
import { hydrostatic, principalExtremes, vonMises } from "../solver/stress-measures.js";
import { VTK_QUADRATIC_TETRA, VTK_TETRA } from "./mesh-vtu.js";
import type { VtuGrid } from "./vtu.js";
import { nodesPerTet } from "../mesh/types.js";

/** The grid of snapshot `k` of a run, and the FieldData XML to pass to writeVtu. */
export function snapshotGrid(fields: SimulationFields, k: number): { grid: VtuGrid; fieldXml: string } {
  const { mesh, split } = fields;
  const snap = fields.snapshots[k];
  const n = split.count;
  const points = new Float64Array(3 * n);
  const theta = new Float64Array(n), displacement = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = split.node[i];
    theta[i] = snap.theta[v];
    for (let c = 0; c < 3; c++) {
      points[3 * i + c] = mesh.nodes[3 * v + c];
      displacement[3 * i + c] = snap.displacement[3 * v + c];
    }
  }
  const vm = vonMises(snap.stress, new Float64Array(n));
  const hy = hydrostatic(snap.stress, new Float64Array(n));
  const p1 = new Float64Array(n);
  principalExtremes(snap.stress, p1);

  const npe = nodesPerTet(mesh.order);
  const nT = mesh.tetGrain.length;
  const offsets = new Int32Array(nT);
  for (let t = 0; t < nT; t++) offsets[t] = npe * (t + 1);
  const reactive = new Uint8Array(nT);
  for (let t = 0; t < nT; t++) reactive[t] = fields.grainReactive[mesh.tetGrain[t]];

  const grid: VtuGrid = {
    points,
    connectivity: split.conn,
    offsets,
    types: new Uint8Array(nT).fill(npe === 4 ? VTK_TETRA : VTK_QUADRATIC_TETRA),
    pointData: [
      { name: "theta", components: 1, data: theta },
      { name: "displacement", components: 3, data: displacement },
      { name: "vonMises", components: 1, data: vm },
      { name: "hydrostatic", components: 1, data: hy },
      { name: "maxPrincipal", components: 1, data: p1 },
      { name: "stress", components: 6, data: snap.stress },
    ],
    cellData: [
      { name: "grain", components: 1, data: mesh.tetGrain },
      { name: "reactive", components: 1, data: reactive },
      { name: "vonMisesCell", components: 1, data: snap.vonMisesCell },
      { name: "stressCell", components: 6, data: snap.stressCell },
    ],
  };
  const fieldXml = `
    <FieldData>
      <DataArray type="Float64" Name="TimeValue" NumberOfTuples="1" format="ascii">${snap.timeS}</DataArray>
      <DataArray type="Float64" Name="SOC" NumberOfTuples="1" format="ascii">${snap.soc}</DataArray>
    </FieldData>`;
  return { grid, fieldXml };
}

/**
 * A ParaView data collection (.pvd) listing the snapshot files with their
 * time (s), so ParaView opens the series with a time slider; the SOC of each
 * is in a comment and in each file's FieldData.
 */
export function writePvd(entries: Array<{ file: string; timeS: number; soc: number }>): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const rows = entries.map((e) => `    <!-- SOC ${e.soc} -->\n    <DataSet timestep="${e.timeS}" group="" part="0" file="${esc(e.file)}"/>`).join("\n");
  return `<?xml version="1.0"?>
<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">
  <Collection>
${rows}
  </Collection>
</VTKFile>
`;
}
