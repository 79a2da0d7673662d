/**
 * Rounds half up (away from zero for the non-negative values grades have) to `decimals` places, as
 * the value reads in decimal: 89.995 → 90.00, although the binary double for 89.995 is a little
 * below it. Noise from floating-point arithmetic (89.99499999999999 for an exact 89.995) is removed
 * first by rounding to 9 decimals, far below anything a gradebook shows.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const clean = value.toFixed(9);
  const shifted = Math.round(Number(`${clean}e${decimals}`));
  return Number(`${shifted}e-${decimals}`);
}
