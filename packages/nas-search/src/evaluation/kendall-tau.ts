// Kendall's tau-b: how well one ranking of candidates agrees with another (here: a cheap
// evaluation's scores against full training), the statistic used to judge NAS performance
// predictors (White et al. 2021). Ties are handled as in scipy.stats.kendalltau (variant 'b').

/**
 * tau-b = (concordant - discordant) / sqrt((n0 - tiesX) (n0 - tiesY)), where n0 = n (n - 1) / 2 and
 * tiesX / tiesY count the pairs tied in x / in y (pairs tied in both count in both). NaN when x or
 * y is constant (no ranking to compare), as scipy returns. O(n^2): meant for tens of candidates.
 */
export function kendallTau(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) {
    throw new RangeError(`kendallTau: x and y must have the same length; got ${x.length} and ${y.length}`);
  }
  if (x.length < 2) throw new RangeError(`kendallTau: needs at least 2 pairs; got ${x.length}`);
  const bad = [...x, ...y].find((value) => !Number.isFinite(value));
  if (bad !== undefined) throw new RangeError(`kendallTau: values must be finite numbers; got ${bad}`);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sign = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (x[i] === x[j]) tiesX++;
      if (y[i] === y[j]) tiesY++;
      if (sign > 0) concordant++;
      else if (sign < 0) discordant++;
    }
  }
  const pairs = (x.length * (x.length - 1)) / 2;
  return (concordant - discordant) / Math.sqrt((pairs - tiesX) * (pairs - tiesY));
}
