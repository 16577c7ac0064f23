// The space numerical samplers work in (Optuna's `_SearchSpaceTransform`): log values for `log`
// distributions, and for stepped and integer values, cells of one step around each grid point
// (integers on a log scale own [log(k - 1/2), log(k + 1/2)]). Points map back by rounding to the
// grid and clipping to the bounds.
import type { NumericalDistribution } from '../distributions.js';

function isDiscrete(distribution: NumericalDistribution): boolean {
  return distribution.type === 'int' || distribution.step !== undefined;
}

/** Half the width of a grid cell, in value units (0 for continuous distributions). */
function halfCell(distribution: NumericalDistribution): number {
  if (!isDiscrete(distribution)) return 0;
  return distribution.step === undefined || distribution.log ? 0.5 : distribution.step / 2;
}

export function toTransformed(distribution: NumericalDistribution, value: number): number {
  return distribution.log ? Math.log(value) : value;
}

/** The transformed interval a value stands for: its grid cell, or the point itself. */
export function transformedCell(distribution: NumericalDistribution, value: number): [number, number] {
  const half = halfCell(distribution);
  return [toTransformed(distribution, value - half), toTransformed(distribution, value + half)];
}

/** [low, high] of the transformed space: the outer edges of the first and last cells. */
export function transformedBounds(distribution: NumericalDistribution): [number, number] {
  return [transformedCell(distribution, distribution.low)[0], transformedCell(distribution, distribution.high)[1]];
}

/** The internal value a transformed point stands for. */
export function fromTransformed(distribution: NumericalDistribution, t: number): number {
  const { low, high, step, log } = distribution;
  const value = log ? Math.exp(t) : t;
  if (!isDiscrete(distribution)) return Math.min(Math.max(value, low), high);
  const onGrid = step === undefined || log ? Math.round(value) : low + Math.round((value - low) / step) * step;
  return Math.min(Math.max(onGrid, low), high);
}
