// Prunes a trial whose best intermediate value so far is worse than the given percentile of the
// COMPLETE trials' values at the same step (Optuna's `PercentilePruner`, same defaults and rules).
import type { FrozenTrial } from '../frozen-trial.js';
import { nanPercentile } from '../percentile.js';
import type { StudyDirection } from '../study-direction.js';
import type { Pruner, PrunerStudy } from './pruner.js';

export interface PercentilePrunerOptions {
  /** Completed trials needed before anything is pruned. Default 5. */
  nStartupTrials?: number;
  /** Steps of each trial that are never pruned. Default 0. */
  nWarmupSteps?: number;
  /** Pruning is checked at most once per interval of this many steps. Default 1. */
  intervalSteps?: number;
  /** Completed trials that must have reported the current step. Default 1. */
  nMinTrials?: number;
}

export function checkInteger(name: string, value: number, minimum = 0): void {
  if (!Number.isInteger(value) || value < minimum)
    throw new RangeError(`${name} must be an integer >= ${minimum}; got ${value}`);
}

/** Whether `step` is the first reported step of its pruning interval (Optuna's rule). */
function isFirstInIntervalStep(
  step: number,
  reportedSteps: Iterable<number>,
  warmup: number,
  interval: number,
): boolean {
  const nearestLowerPruningStep = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLastStep = -1;
  for (const reported of reportedSteps) if (reported > secondLastStep && reported !== step) secondLastStep = reported;
  return secondLastStep < nearestLowerPruningStep;
}

function bestIntermediateValue(trial: FrozenTrial, direction: StudyDirection): number {
  const values = [...trial.intermediateValues.values()].filter((value) => !Number.isNaN(value));
  if (values.length === 0) return Number.NaN;
  return direction === 'maximize' ? Math.max(...values) : Math.min(...values);
}

export class PercentilePruner implements Pruner {
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;
  private readonly nMinTrials: number;

  constructor(
    private readonly percentile: number,
    options: PercentilePrunerOptions = {},
  ) {
    if (!(percentile >= 0 && percentile <= 100))
      throw new RangeError(`percentile must be in [0, 100]; got ${percentile}`);
    const { nStartupTrials = 5, nWarmupSteps = 0, intervalSteps = 1, nMinTrials = 1 } = options;
    checkInteger('nStartupTrials', nStartupTrials);
    checkInteger('nWarmupSteps', nWarmupSteps);
    checkInteger('intervalSteps', intervalSteps, 1);
    checkInteger('nMinTrials', nMinTrials, 1);
    this.nStartupTrials = nStartupTrials;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
    this.nMinTrials = nMinTrials;
  }

  prune(study: PrunerStudy, trial: FrozenTrial): boolean {
    const completed = study.getTrials(['COMPLETE']);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    const step = trial.lastStep;
    if (step === undefined || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.nWarmupSteps, this.intervalSteps)) {
      return false;
    }
    const direction = study.direction;
    const best = bestIntermediateValue(trial, direction);
    if (Number.isNaN(best)) return true;
    const atStep: number[] = [];
    for (const other of completed) {
      const value = other.intermediateValues.get(step);
      if (value !== undefined) atStep.push(value);
    }
    if (atStep.length < this.nMinTrials) return false;
    const threshold = nanPercentile(atStep, direction === 'maximize' ? 100 - this.percentile : this.percentile);
    if (Number.isNaN(threshold)) return false;
    return direction === 'maximize' ? best < threshold : best > threshold;
  }
}
