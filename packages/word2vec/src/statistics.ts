// Pearson and Spearman correlations with scipy's two-sided p-values (scipy.stats.pearsonr and
// spearmanr), for the word-similarity evaluation. Written here because the npm packages that have
// a Student-t distribution (@stdlib: ~220 packages; jstat: untyped, unmaintained) cost more than
// these few tested lines.

export interface Correlation {
  /** The correlation coefficient, in [-1, 1] (NaN when either sample is constant). */
  coefficient: number;
  /** Two-sided p-value of "no correlation", from Student's t with n - 2 degrees of freedom. */
  pValue: number;
}

/** Pearson's r with scipy.stats.pearsonr's p-value. Needs at least 2 pairs. */
export function pearson(x: readonly number[], y: readonly number[]): Correlation {
  checkSamples(x, y);
  const coefficient = pearsonCoefficient(x, y);
  return { coefficient, pValue: correlationPValue(coefficient, x.length) };
}

/** Spearman's rho (Pearson's r of the ranks, ties getting their average rank) with scipy.stats.spearmanr's p-value. */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  checkSamples(x, y);
  const coefficient = pearsonCoefficient(averageRanks(x), averageRanks(y));
  return { coefficient, pValue: correlationPValue(coefficient, x.length) };
}

/** 1-based ranks, tied values sharing the mean of the ranks they span (scipy.stats.rankdata's 'average'). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** The regularised incomplete beta function I_x(a, b) (Numerical Recipes' continued fraction). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  // The continued fraction converges fast only below this point; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) above it.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function checkSamples(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new RangeError(`samples differ in length: ${x.length} and ${y.length}`);
  if (x.length < 2) throw new RangeError(`a correlation needs at least 2 pairs, got ${x.length}`);
}

function pearsonCoefficient(x: readonly number[], y: readonly number[]): number {
  const meanX = mean(x);
  const meanY = mean(y);
  let products = 0;
  let squaresX = 0;
  let squaresY = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    products += dx * dy;
    squaresX += dx * dx;
    squaresY += dy * dy;
  }
  const r = products / Math.sqrt(squaresX * squaresY);
  // Rounding can push |r| a hair past 1; scipy clips it too.
  return Math.max(-1, Math.min(1, r));
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * P(|T| >= |t|) for t = r sqrt((n-2) / (1-r^2)) under Student's t with n-2 degrees of freedom,
 * which equals I_{1-r^2}((n-2)/2, 1/2). With 2 pairs r is always +-1 and scipy reports p = 1.
 */
function correlationPValue(r: number, n: number): number {
  if (Number.isNaN(r)) return Number.NaN;
  if (n === 2) return 1;
  return regularizedIncompleteBeta((1 - r) * (1 + r), (n - 2) / 2, 0.5);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const tolerance = 1e-15;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let result = d;
  for (let m = 1; m <= 10_000; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      result *= d * c;
    }
    if (Math.abs(d * c - 1) < tolerance) return result;
  }
  throw new Error(`incomplete beta did not converge for x=${x}, a=${a}, b=${b}`);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

// Lanczos approximation (g = 7, 9 terms), accurate to ~1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
