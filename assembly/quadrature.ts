// Quadrature rules on the reference tetrahedron {ξ,η,ζ ≥ 0, ξ+η+ζ ≤ 1}
// (volume 1/6) and the reference triangle {ξ,η ≥ 0, ξ+η ≤ 1} (area 1/2).
//
// Layout of every rule: 4 f64 per tet point (ξ, η, ζ, w) and 3 f64 per
// triangle point (ξ, η, w); weights sum to the reference measure.
// The symmetric degree-5 tetrahedral rule (orbits S31, S31, S22; Keast /
// Walkington form) and the degree-4 triangle rule (Dunavant) have positive
// weights; their constants were solved from the moment equations to double
// precision and are checked monomial by monomial in tests/quadrature.test.ts.

/** Tet rule ids: degree 1 (1 point), degree 2 (4 points), degree 5 (14 points). */
export const TET_RULE_1: i32 = 0;
export const TET_RULE_4: i32 = 1;
export const TET_RULE_14: i32 = 2;

const QA: f64 = 0.5854101966249685; // (5 + 3√5) / 20
const QB: f64 = 0.1381966011250105; // (5 − √5) / 20

const A1: f64 = 0.09273525031089072;
const W1: f64 = 0.012248840519393522;
const A2: f64 = 0.31088591926330095;
const W2: f64 = 0.0187813209530024;
const C3: f64 = 0.04550370412565208;
const W3: f64 = 0.007091003462847158;
const D3: f64 = 0.5 - C3;

const TET1 = memory.data<f64>([0.25, 0.25, 0.25, 1.0 / 6.0]);

const TET4 = memory.data<f64>([
  QB, QB, QB, 1.0 / 24.0,
  QA, QB, QB, 1.0 / 24.0,
  QB, QA, QB, 1.0 / 24.0,
  QB, QB, QA, 1.0 / 24.0,
]);

// Barycentric (L0, L1, L2, L3) -> reference coordinates (ξ, η, ζ) = (L1, L2, L3).
const TET14 = memory.data<f64>([
  A1, A1, A1, W1,
  1.0 - 3.0 * A1, A1, A1, W1,
  A1, 1.0 - 3.0 * A1, A1, W1,
  A1, A1, 1.0 - 3.0 * A1, W1,
  A2, A2, A2, W2,
  1.0 - 3.0 * A2, A2, A2, W2,
  A2, 1.0 - 3.0 * A2, A2, W2,
  A2, A2, 1.0 - 3.0 * A2, W2,
  // S22 orbit: two barycentric coordinates equal C3, two equal 1/2 − C3
  // (the six choices of the pair; first three rows have L0 = C3).
  C3, D3, D3, W3,
  D3, C3, D3, W3,
  D3, D3, C3, W3,
  C3, C3, D3, W3,
  C3, D3, C3, W3,
  D3, C3, C3, W3,
]);

/** Number of points of tet rule `rule`. */
export function tetRulePoints(rule: i32): i32 {
  return rule == TET_RULE_1 ? 1 : rule == TET_RULE_4 ? 4 : 14;
}

/** Pointer to the (ξ, η, ζ, w) table of tet rule `rule`. */
export function tetRuleData(rule: i32): usize {
  return rule == TET_RULE_1 ? TET1 : rule == TET_RULE_4 ? TET4 : TET14;
}

const TA: f64 = 0.44594849091596467;
const TW: f64 = 0.11169079483900515;
const TB: f64 = 0.09157621350977156;
const TV: f64 = 0.054975871827661504;

const TRI6 = memory.data<f64>([
  TA, TA, TW,
  1.0 - 2.0 * TA, TA, TW,
  TA, 1.0 - 2.0 * TA, TW,
  TB, TB, TV,
  1.0 - 2.0 * TB, TB, TV,
  TB, 1.0 - 2.0 * TB, TV,
]);

/** Number of points of the triangle rule (degree 4). */
export const TRI_RULE_POINTS: i32 = 6;

/** Pointer to the (ξ, η, w) table of the degree-4 triangle rule. */
export function triRuleData(): usize {
  return TRI6;
}
