// CMA-ES over the numerical parameters every completed trial shares (Optuna's `CmaEsSampler`):
// in the transformed space (log, grid cells), starting at the centre with sigma = smallest side / 6;
// each trial is one candidate of the current generation, and once `populationSize` trials of that
// generation have completed, their stored parameters and values update the distribution.
// Categorical parameters, and all parameters before the first trial completes, are drawn uniformly.
import { Rng } from '@hw7/tensor-utils/base';
import type { Distribution, NumericalDistribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { Study } from '../study.js';
import { directionSign } from '../study-direction.js';
import { CmaEs, type CmaEsState } from './cma-es.js';
import { intersectionSearchSpace } from './intersection-search-space.js';
import { observedValue } from './observed-value.js';
import { sampleUniform } from './random-sampler.js';
import type { Sampler, SearchSpace } from './sampler.js';
import { fromTransformed, toTransformed, transformedBounds } from './transformed-space.js';

export interface CmaEsSamplerOptions {
  seed?: number;
  /** Candidates per generation; default 4 + floor(3 ln(dimensions)). */
  populationSize?: number;
}

/** Which search space and generation a trial's candidate came from. */
const GENERATION_KEY = 'cmaEsGeneration';

interface Run {
  space: string;
  names: string[];
  distributions: NumericalDistribution[];
  state: CmaEsState;
  optimizer: CmaEs;
}

export class CmaEsSampler implements Sampler {
  private readonly rng: Rng;
  private readonly populationSize: number | undefined;
  private run: Run | undefined;

  constructor(options: CmaEsSamplerOptions = {}) {
    const { seed = Date.now(), populationSize } = options;
    if (populationSize !== undefined && !(Number.isInteger(populationSize) && populationSize >= 2)) {
      throw new RangeError(`populationSize must be an integer >= 2; got ${populationSize}`);
    }
    this.rng = new Rng(seed);
    this.populationSize = populationSize;
  }

  inferRelativeSearchSpace(study: Study): SearchSpace {
    if (study.directions.length > 1) throw new Error('CmaEsSampler supports single-objective studies only');
    const space = intersectionSearchSpace(study.getTrials(['COMPLETE']));
    return Object.fromEntries(Object.entries(space).filter(([, distribution]) => distribution.type !== 'categorical'));
  }

  sampleRelative(study: Study, trial: FrozenTrial, searchSpace: SearchSpace): Record<string, number> {
    const run = this.runFor(searchSpace);
    this.tellCompletedGenerations(study, run);
    study.storage.setTrialSystemAttr(trial.trialId, GENERATION_KEY, {
      space: run.space,
      generation: run.state.generation,
    });
    const candidate = run.optimizer.ask(this.rng);
    return Object.fromEntries(run.names.map((name, i) => [name, fromTransformed(run.distributions[i], candidate[i])]));
  }

  sampleIndependent(_study: Study, _trial: FrozenTrial, _name: string, distribution: Distribution): number {
    return sampleUniform(this.rng, distribution);
  }

  /** The optimiser for this search space; a new search space starts a new run, as in Optuna. */
  private runFor(searchSpace: SearchSpace): Run {
    const space = JSON.stringify(searchSpace);
    if (this.run?.space === space) return this.run;
    const names = Object.keys(searchSpace);
    const distributions = names.map((name) => searchSpace[name] as NumericalDistribution);
    const bounds = distributions.map(transformedBounds);
    const lower = bounds.map(([low]) => low);
    const upper = bounds.map(([, high]) => high);
    const state = CmaEs.initialState(lower, upper);
    this.run = { space, names, distributions, state, optimizer: new CmaEs(state, lower, upper, this.populationSize) };
    return this.run;
  }

  /** Feeds every generation that has `populationSize` completed trials to the optimiser, in order. */
  private tellCompletedGenerations(study: Study, run: Run): void {
    const sign = directionSign(study.direction);
    for (;;) {
      const generation = run.state.generation;
      const solutions: { x: number[]; value: number }[] = [];
      for (const trial of study.getTrials(['COMPLETE'])) {
        const tag = trial.systemAttrs[GENERATION_KEY] as { space?: string; generation?: number } | undefined;
        if (tag?.space !== run.space || tag.generation !== generation) continue;
        const values = run.names.map((name, i) => observedValue(trial, name, run.distributions[i]));
        if (values.some((value) => value === undefined)) continue;
        const x = values.map((value, i) => toTransformed(run.distributions[i], value as number));
        solutions.push({ x, value: sign * (trial.values?.[0] ?? Number.NaN) });
      }
      if (solutions.length < run.optimizer.populationSize) return;
      run.optimizer.tell(solutions.slice(0, run.optimizer.populationSize));
    }
  }
}
