// Maps u in [0, 1) onto a distribution's internal values, uniformly in its transformed space
// (see transformed-space.ts); categorical values get equal shares of the interval.
import type { Distribution } from '../distributions.js';
import { fromTransformed, transformedBounds } from './transformed-space.js';

export function fromUnitInterval(distribution: Distribution, u: number): number {
  if (distribution.type === 'categorical') {
    return Math.min(Math.floor(u * distribution.choices.length), distribution.choices.length - 1);
  }
  const [low, high] = transformedBounds(distribution);
  return fromTransformed(distribution, low + u * (high - low));
}
