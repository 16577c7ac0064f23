// Independent uniform sampling (Optuna's `RandomSampler`): uniform in the value space, or in the
// log space for `log` distributions; stepped, integer and categorical values uniformly over their grid.
import { Rng } from '@hw7/tensor-utils/base';
import type { Distribution } from '../distributions.js';
import type { Sampler } from './sampler.js';
import { fromUnitInterval } from './unit-interval.js';

/** One uniform draw from a distribution, in its internal representation. */
export function sampleUniform(rng: Rng, distribution: Distribution): number {
  return fromUnitInterval(distribution, rng.next());
}

export class RandomSampler implements Sampler {
  private readonly rng: Rng;

  constructor(options: { seed?: number } = {}) {
    this.rng = new Rng(options.seed ?? Date.now());
  }

  sampleIndependent(_study: unknown, _trial: unknown, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }
}
