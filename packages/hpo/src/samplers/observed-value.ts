// How samplers read a past trial's parameter under the current distribution, so that search
// spaces may change between trials (define-by-run).
import { choiceIndex, type Distribution } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';

/**
 * The trial's value of `name` as an internal value of the current `distribution`, or undefined
 * when the trial has no usable value: the parameter is absent, of another kind, or (beyond
 * Optuna, which refuses changed choices) a categorical value that is not among the current choices.
 */
export function observedValue(trial: FrozenTrial, name: string, distribution: Distribution): number | undefined {
  const past = trial.distributions[name];
  if (!past) return undefined;
  if (distribution.type === 'categorical') {
    if (past.type !== 'categorical') return undefined;
    const index = choiceIndex(distribution.choices, past.choices[trial.internalParams[name]]);
    return index < 0 ? undefined : index;
  }
  if (past.type !== distribution.type || past.log !== distribution.log) return undefined;
  return trial.internalParams[name];
}
