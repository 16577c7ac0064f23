// What a sampler implements (Optuna's `BaseSampler`). Relative sampling draws several parameters
// jointly when the trial starts, over a search space inferred from past trials; parameters outside
// it are drawn one at a time by `sampleIndependent` when the objective suggests them. All values
// crossing this interface are internal representations (see distributions.ts).
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { UniqueAttrClaim } from '../storage/storage.js';
import type { Study } from '../study.js';

export type SearchSpace = Record<string, Distribution>;

export interface Sampler {
  /** The parameters `sampleRelative` will draw for this trial; omit for purely independent samplers. */
  inferRelativeSearchSpace?(study: Study, trial: FrozenTrial): SearchSpace;
  sampleRelative?(study: Study, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, number>;
  sampleIndependent(study: Study, trial: FrozenTrial, name: string, distribution: Distribution): number;
  /**
   * A system attribute whose value no two trials may share (GridSampler: the grid point). New trials
   * are created holding a free value, atomically in the storage, so concurrent workers never take the
   * same one; once every value is held the sampler is exhausted: `optimize` stops and `ask` throws
   * `SamplerExhaustedError`.
   */
  uniqueTrialAttr?(study: Study): UniqueAttrClaim;
  /** Called when a trial starts, before relative sampling. */
  beforeTrial?(study: Study, trial: FrozenTrial): void;
  /** Called once a trial has finished and its state is stored. */
  afterTrial?(study: Study, trial: FrozenTrial): void;
}

/** Thrown by `study.ask()` when the sampler has nothing left to propose (every grid point is taken). */
export class SamplerExhaustedError extends Error {
  constructor(what: string) {
    super(`the sampler is exhausted: ${what}`);
    this.name = 'SamplerExhaustedError';
  }
}
