// The parameters every given trial has, with the same distribution in all of them (Optuna's
// `IntersectionSearchSpace`): what multivariate samplers can sample jointly. Single-valued
// distributions are left out, as there is nothing to sample.
import { isSingle, sameDistribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { SearchSpace } from './sampler.js';

export function intersectionSearchSpace(trials: readonly FrozenTrial[]): SearchSpace {
  if (trials.length === 0) return {};
  const space: SearchSpace = { ...trials[0].distributions };
  for (const trial of trials.slice(1)) {
    for (const [name, distribution] of Object.entries(space)) {
      const other = trial.distributions[name];
      if (!other || !sameDistribution(other, distribution)) delete space[name];
    }
  }
  const names = Object.keys(space)
    .filter((name) => !isSingle(space[name]))
    .sort();
  return Object.fromEntries(names.map((name) => [name, space[name]]));
}
