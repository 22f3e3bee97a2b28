// Loads on boundary triangles (3-node flat or 6-node curved), integrated with
// the degree-4 triangle rule. The triangle's node order must give the outward
// normal by the right-hand rule: n dA = (∂x/∂ξ × ∂x/∂η) dξ dη.

import { triRuleData, TRI_RULE_POINTS } from "../quadrature";
import { triNodes, triShapeRefGradients, triShapeValues } from "../shape";
import { S_DN, S_N, S_V } from "./scratch";

// Unnormalized normal (∂x/∂ξ × ∂x/∂η) at point p -> V[0..2]; returns its length.
function triPoint(order: i32, nodes: i32, p: i32, xt: usize, scratch: usize): f64 {
  const qp = triRuleData() + <usize>p * 24;
  const xi = load<f64>(qp), eta = load<f64>(qp, 8);
  const N = scratch + S_N, dN = scratch + S_DN, V = scratch + S_V;
  triShapeValues(order, xi, eta, N);
  triShapeRefGradients(order, xi, eta, dN);
  let ax = 0.0, ay = 0.0, az = 0.0, bx = 0.0, by = 0.0, bz = 0.0;
  for (let a = 0; a < nodes; a++) {
    const x = xt + <usize>a * 24;
    const d = dN + (<usize>a << 4);
    const gx = load<f64>(d), gy = load<f64>(d, 8);
    const px = load<f64>(x), py = load<f64>(x, 8), pz = load<f64>(x, 16);
    ax += px * gx; ay += py * gx; az += pz * gx;
    bx += px * gy; by += py * gy; bz += pz * gy;
  }
  const nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
  store<f64>(V, nx); store<f64>(V, ny, 8); store<f64>(V, nz, 16);
  return Math.sqrt(nx * nx + ny * ny + nz * nz);
}

/**
 * Consistent nodal load of a uniform scalar flux q over one triangle:
 * fe[a] = ∫ q N_a dA.
 * @param xt  node coordinates, nodes × 3 f64 (µm)
 * @param q   flux density (e.g. µm/s for normalized Li flux)
 * @param fe  out: nodes f64, or 0 to compute only the area
 * @returns triangle area (µm²)
 */
export function triangleScalarLoad(order: i32, xt: usize, q: f64, fe: usize, scratch: usize): f64 {
  const nodes = triNodes(order);
  if (fe != 0) memory.fill(fe, 0, <usize>nodes << 3);
  let area = 0.0;
  for (let p = 0; p < TRI_RULE_POINTS; p++) {
    const w = load<f64>(triRuleData() + <usize>p * 24, 16) * triPoint(order, nodes, p, xt, scratch);
    area += w;
    if (fe == 0) continue;
    for (let a = 0; a < nodes; a++) {
      const o = fe + (<usize>a << 3);
      store<f64>(o, load<f64>(o) + q * w * load<f64>(scratch + S_N + (<usize>a << 3)));
    }
  }
  return area;
}

/**
 * Consistent nodal load of a uniform pressure p (positive compresses) over one
 * triangle: fe[a] = −∫ p n N_a dA.
 * @param fe out: nodes × 3 f64 (MPa·µm²)
 * @returns triangle area (µm²)
 */
export function trianglePressureLoad(order: i32, xt: usize, p: f64, fe: usize, scratch: usize): f64 {
  const nodes = triNodes(order);
  memory.fill(fe, 0, <usize>(3 * nodes) << 3);
  const V = scratch + S_V;
  let area = 0.0;
  for (let k = 0; k < TRI_RULE_POINTS; k++) {
    const wq = load<f64>(triRuleData() + <usize>k * 24, 16);
    area += wq * triPoint(order, nodes, k, xt, scratch);
    const sx = -p * wq * load<f64>(V), sy = -p * wq * load<f64>(V, 8), sz = -p * wq * load<f64>(V, 16);
    for (let a = 0; a < nodes; a++) {
      const Na = load<f64>(scratch + S_N + (<usize>a << 3));
      const o = fe + <usize>a * 24;
      store<f64>(o, load<f64>(o) + sx * Na);
      store<f64>(o, load<f64>(o, 8) + sy * Na, 8);
      store<f64>(o, load<f64>(o, 16) + sz * Na, 16);
    }
  }
  return area;
}
