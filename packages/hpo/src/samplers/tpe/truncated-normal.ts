// The truncated normal distribution that TPE's Parzen estimators are mixtures of: log
// probabilities and inverse-CDF sampling, computed in log space so that kernels far from their
// bounds neither underflow nor lose their tails.
import type { Rng } from '@hw7/tensor-utils/base';

const LOG_HALF = Math.log(0.5);
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(erfc(x)) for x >= 0, Numerical Recipes' `erfcc` (relative error < 1.2e-7 everywhere, and
 * written as t * exp(...) so its logarithm holds deep in the tail).
 */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  const x = z / Math.SQRT2;
  return x <= 0 ? 0.5 * Math.exp(logErfcNonNegative(-x)) : 1 - 0.5 * Math.exp(logErfcNonNegative(x));
}

/** log of the standard normal CDF. */
export function logNormalCdf(z: number): number {
  return z <= 0
    ? LOG_HALF + logErfcNonNegative(-z / Math.SQRT2)
    : Math.log1p(-0.5 * Math.exp(logErfcNonNegative(z / Math.SQRT2)));
}

/** log(Phi(b) - Phi(a)) for a <= b, accurate when both lie in the same tail. */
export function logNormalMass(a: number, b: number): number {
  if (a > 0) return logNormalMass(-b, -a);
  if (b <= 0) {
    const logB = logNormalCdf(b);
    return logB + Math.log1p(-Math.exp(logNormalCdf(a) - logB));
  }
  return Math.log1p(-normalCdf(a) - normalCdf(-b));
}

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
const A = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function lowerTailQuantile(logP: number): number {
  const q = Math.sqrt(-2 * logP);
  return (
    (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
    ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  );
}

/** The standard normal quantile of exp(logP), for logP <= log(0.5). */
function normalQuantileFromLog(logP: number): number {
  if (logP < Math.log(P_LOW)) return lowerTailQuantile(logP);
  const q = Math.exp(logP) - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** A standard normal draw conditioned on [a, b], by inverting the CDF. */
export function sampleStandardTruncated(rng: Rng, a: number, b: number): number {
  // Work in the left half, where CDF values keep their relative precision.
  if (a + b > 0) return -sampleStandardTruncated(rng, -b, -a);
  const u = rng.next();
  const logA = logNormalCdf(a);
  const logB = logNormalCdf(b);
  // p = Phi(a) + u (Phi(b) - Phi(a)), in logs; p <= 0.5 in probability space since a + b <= 0 ...
  const logP = logB + Math.log(u + (1 - u) * Math.exp(logA - logB));
  // ... except when the interval straddles the median: then flip the quantile for accuracy.
  const x = logP <= LOG_HALF ? normalQuantileFromLog(logP) : -normalQuantileFromLog(Math.log1p(-Math.exp(logP)));
  return Math.min(Math.max(x, a), b);
}
