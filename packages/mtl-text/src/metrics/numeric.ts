// Small numeric helpers mirroring the numpy reductions sklearn uses.

/** Sum of the values, left to right. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** numpy's `np.average(values, weights=weights)`: the plain mean when no weights are given. */
export function weightedMean(values: readonly number[], weights?: readonly number[]): number {
  if (weights === undefined) return sum(values) / values.length;
  return sum(values.map((value, index) => value * weights[index])) / sum(weights);
}
