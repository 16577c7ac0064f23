// How the wasm kernel tests compare a result with its cpu reference.

/** The largest accepted error: float32 results of different summation orders agree to about this. */
export const TOLERANCE = 1e-4;

/**
 * Error of `got` against the reference `want`: |got - want| / max(1, |want|), relative where the
 * reference is large and absolute where it is small. Pure |a - b| / |b| explodes on reference values
 * near zero, and gradients are full of those (padding borders, relu masks, cancelling sums) while
 * float32 rounding there is absolute. NaN or ±Infinity counts as an infinite error unless both agree.
 */
export function maxError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < want.length; i++) {
    if (Object.is(got[i], want[i])) continue;
    const error = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    max = Number.isFinite(error) ? Math.max(max, error) : Number.POSITIVE_INFINITY;
  }
  return max;
}
