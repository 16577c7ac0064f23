// Quasi-Monte Carlo search (Optuna's `QMCSampler` with qmc_type 'sobol'): the numerical parameters
// of the first completed trial form a fixed search space, and the n-th trial sampled relatively
// takes point n of a Sobol sequence over it. Other parameters (categorical ones, or ones that appear
// later) are drawn uniformly at random. Unscrambled by default, as in Optuna; `scramble: true`
// applies a seeded random digital shift, which keeps the sequence's stratification.
import { Rng } from '@hw7/tensor-utils/base';
import type { Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { Study } from '../study.js';
import { intersectionSearchSpace } from './intersection-search-space.js';
import { sampleUniform } from './random-sampler.js';
import type { Sampler, SearchSpace } from './sampler.js';
import { SOBOL_MAX_DIMENSIONS, SobolSequence } from './sobol-sequence.js';
import { fromUnitInterval } from './unit-interval.js';

const QMC_INDEX_KEY = 'qmcIndex';

export interface QMCSamplerOptions {
  seed?: number;
  /** Default false (as Optuna). */
  scramble?: boolean;
}

export class QMCSampler implements Sampler {
  private readonly rng: Rng;
  private readonly scramble: boolean;
  private searchSpace: SearchSpace | undefined;
  private sequence: SobolSequence | undefined;
  private shift: number[] | undefined;

  constructor(options: QMCSamplerOptions = {}) {
    this.rng = new Rng(options.seed ?? Date.now());
    this.scramble = options.scramble ?? false;
  }

  inferRelativeSearchSpace(study: Study): SearchSpace {
    if (this.searchSpace) return this.searchSpace;
    const first = study.getTrials(['COMPLETE'])[0];
    if (!first) return {};
    const space = intersectionSearchSpace([first]);
    const numerical = Object.keys(space).filter((name) => space[name].type !== 'categorical');
    if (numerical.length > SOBOL_MAX_DIMENSIONS) {
      throw new RangeError(
        `QMCSampler supports up to ${SOBOL_MAX_DIMENSIONS} numerical parameters; got ${numerical.length}`,
      );
    }
    this.searchSpace = Object.fromEntries(numerical.map((name) => [name, space[name]]));
    return this.searchSpace;
  }

  sampleRelative(study: Study, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, number> {
    const names = Object.keys(searchSpace);
    this.sequence ??= new SobolSequence(names.length);
    if (this.scramble) this.shift ??= names.map(() => this.rng.int(0, 2 ** 32 - 1));
    // Indices are handed out through the storage, so concurrent workers get distinct points.
    const index = study.trials.filter((other) => typeof other.systemAttrs[QMC_INDEX_KEY] === 'number').length;
    study.storage.setTrialSystemAttr(trial.trialId, QMC_INDEX_KEY, index);
    const point = this.sequence.point(index, this.shift);
    return Object.fromEntries(names.map((name, d) => [name, fromUnitInterval(searchSpace[name], point[d])]));
  }

  sampleIndependent(_study: Study, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }
}
