/**
 * Reader for the blocks of a ccx .dat file that the comparison asks for:
 *
 *    temperatures for set NALL and time  0.1800000E+04
 *
 *          1  9.9999E-01
 *
 *    stresses (elem, integ.pnt.,sxx,syy,szz,sxy,sxz,syz) for set EALL and time  0.1000000E+01
 *
 *          1   1  1.2E+02 …  O6
 *
 * Each block becomes flat arrays: temperatures by node (1-based id → index
 * id − 1), stresses by (element, integration point) in grainfem's Voigt order
 * xx yy zz yz xz xy (ccx prints xy xz yz).
 */

export interface DatBlock {
  kind: string;
  time: number;
  /** the data lines, split into numbers */
  rows: number[][];
}

/** Split a .dat file into its titled blocks. */
export function parseDat(text: string): DatBlock[] {
  const blocks: DatBlock[] = [];
  let cur: DatBlock | null = null;
  for (const line of text.split("\n")) {
    const s = line.trim();
    if (s === "") continue;
    const head = /^(\w[\w ]*?)\s*(?:\(.*\))?\s+for set \S+ and time\s+(\S+)/.exec(s);
    if (head) {
      cur = { kind: head[1].trim(), time: Number(head[2]), rows: [] };
      blocks.push(cur);
      continue;
    }
    if (!cur) continue;
    // stress lines end with the element's orientation name (e.g. "O6"): keep the leading numbers
    const tokens = s.split(/\s+/);
    const nums: number[] = [];
    for (const tok of tokens) {
      const v = Number(tok);
      if (!Number.isFinite(v)) break;
      nums.push(v);
    }
    if (nums.length === 0) {
      cur = null;
      continue;
    }
    cur.rows.push(nums);
  }
  return blocks;
}

/** Nodal temperatures of every "temperatures" block, one Float64Array (nNodes) per block, in file order. */
export function datTemperatures(blocks: DatBlock[], nNodes: number): Array<{ time: number; theta: Float64Array }> {
  return blocks.filter((b) => b.kind === "temperatures").map((b) => {
    const theta = new Float64Array(nNodes).fill(NaN);
    for (const r of b.rows) theta[r[0] - 1] = r[1];
    return { time: b.time, theta };
  });
}

/** Integration-point stresses of every "stresses" block: nTets × 4 × 6 (Voigt xx yy zz yz xz xy, MPa). */
export function datStresses(blocks: DatBlock[], nTets: number): Array<{ time: number; sigma: Float64Array }> {
  return blocks.filter((b) => b.kind === "stresses").map((b) => {
    const sigma = new Float64Array(nTets * 24).fill(NaN);
    for (const r of b.rows) {
      const o = 24 * (r[0] - 1) + 6 * (r[1] - 1);
      sigma[o] = r[2]; sigma[o + 1] = r[3]; sigma[o + 2] = r[4];
      sigma[o + 3] = r[7]; sigma[o + 4] = r[6]; sigma[o + 5] = r[5];
    }
    return { time: b.time, sigma };
  });
}
