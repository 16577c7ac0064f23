// Is configuration A better than B under repeated K-fold cross-validation? The per-fold
// differences of a score are paired (both models scored on the same folds) but not independent:
// every two folds share most of their training rows, so the plain t interval is too narrow. The
// corrected resampled t-test (Nadeau & Bengio 2003; for r x K-fold CV, Bouckaert & Frank 2004)
// widens the variance of the mean difference from s^2 / J to (1 / J + nTest / nTrain) s^2 over the
// J = r * K folds.

export interface CvDifferenceOptions {
  /** Test rows / training rows of one fold (1 / (K - 1) for K equal folds). */
  testTrainRatio: number;
  /** Central interval's coverage (default 0.95). */
  confidence?: number;
}

export interface CvDifference {
  /** Mean of the per-fold differences A - B. */
  mean: number;
  /** Their standard deviation (n - 1). */
  sd: number;
  /** The corrected interval of the mean difference. */
  low: number;
  high: number;
  /** Folds with A >= B, as a fraction. */
  shareAtLeastAsGood: number;
  folds: number;
}

/** Mean and sample standard deviation (n - 1; 0 for one value). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) throw new RangeError('meanAndSd: no values');
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, sd: values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0 };
}

/** The polynomial with `coefficients` (highest power first) at x, by Horner's rule. */
function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((value, coefficient) => value * x + coefficient, 0);
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];
  const tail = (q: number) => polynomial(c, q) / polynomial(d, q);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (polynomial(a, r) * q) / polynomial(b, r);
}

/**
 * Student's t quantile with `df` degrees of freedom (Hill 1970's expansion around the normal
 * quantile; within 1e-5 of the exact value for df >= 10 and 1e-3 for df >= 3 at the usual levels).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1); got ${p}`);
  if (!(df >= 1)) throw new RangeError(`studentTQuantile: df must be >= 1; got ${df}`);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = ((z2 + 1) * z) / 4;
  const g2 = (((5 * z2 + 16) * z2 + 3) * z) / 96;
  const g3 = ((((3 * z2 + 19) * z2 + 17) * z2 - 15) * z) / 384;
  const g4 = (((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * The corrected resampled t interval of the mean of `a[i] - b[i]`, the scores of two
 * configurations on the same cross-validation folds.
 */
export function cvDifference(a: readonly number[], b: readonly number[], options: CvDifferenceOptions): CvDifference {
  const { testTrainRatio, confidence = 0.95 } = options;
  if (a.length !== b.length) throw new RangeError(`cvDifference: a has ${a.length} folds, b ${b.length}`);
  if (a.length < 2) throw new RangeError('cvDifference: needs at least 2 folds');
  if (!(testTrainRatio > 0)) throw new RangeError(`cvDifference: testTrainRatio must be > 0; got ${testTrainRatio}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`cvDifference: confidence must be in (0, 1); got ${confidence}`);
  const differences = a.map((value, i) => value - (b[i] as number));
  const { mean, sd } = meanAndSd(differences);
  const folds = differences.length;
  const halfWidth =
    studentTQuantile(1 - (1 - confidence) / 2, folds - 1) * Math.sqrt((1 / folds + testTrainRatio) * sd * sd);
  return {
    mean,
    sd,
    low: mean - halfWidth,
    high: mean + halfWidth,
    shareAtLeastAsGood: differences.filter((difference) => difference >= 0).length / folds,
    folds,
  };
}
