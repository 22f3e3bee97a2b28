/**
 * Crystal orientations. A grain's orientation is a unit quaternion
 * [w, x, y, z] (scalar first, the config/summary convention) for the rotation
 * that takes crystal axes to particle axes: v_particle = Q v_crystal, so the
 * crystal c-axis [001] in particle axes is the third column of Q.
 * gl-matrix stores quaternions as [x, y, z, w]; the conversion happens here.
 */
import { mat3, quat } from "gl-matrix";

/** Row-major 3 × 3 rotation matrix of the quaternion [w, x, y, z] (normalized first). */
export function rotationFromQuaternion(q: ArrayLike<number>): Float64Array {
  // Float64 storage: gl-matrix's own constructors default to Float32Array.
  const g = Float64Array.of(q[1], q[2], q[3], q[0]) as unknown as quat;
  quat.normalize(g, g);
  const m = new Float64Array(9); // gl-matrix mat3 is column-major
  mat3.fromQuat(m as unknown as mat3, g);
  return Float64Array.of(m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]);
}

/** Quaternion [w, x, y, z] of a rotation by `angleRad` about the unit `axis`. */
export function quaternionFromAxisAngle(axis: ArrayLike<number>, angleRad: number): [number, number, number, number] {
  const s = Math.sin(angleRad / 2);
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  return [Math.cos(angleRad / 2), (axis[0] / n) * s, (axis[1] / n) * s, (axis[2] / n) * s];
}
