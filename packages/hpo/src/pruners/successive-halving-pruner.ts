// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
// Tuning", 2020), as in Optuna's `SuccessiveHalvingPruner`: at rung k a trial that has reached
// minResource * reductionFactor^(minEarlyStoppingRate + k) steps continues only if it is in the
// top 1/reductionFactor of the trials that reached that rung.
import type { FrozenTrial } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';
import { checkInteger } from './percentile-pruner.js';
import type { Pruner, PrunerStudy } from './pruner.js';

export interface SuccessiveHalvingPrunerOptions {
  /** Steps before the first rung; 'auto' (default) = max(1, floor(last step of completed trials / 100)). */
  minResource?: number | 'auto';
  /** Default 4. */
  reductionFactor?: number;
  /** Default 0. */
  minEarlyStoppingRate?: number;
  /** Trials that must reach a rung before any is promoted. Default 0. */
  bootstrapCount?: number;
}

function rungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

function currentRung(trial: FrozenTrial): number {
  let rung = 0;
  while (rungKey(rung) in trial.systemAttrs) rung++;
  return rung;
}

function estimateMinResource(trials: readonly FrozenTrial[]): number | undefined {
  let lastStep: number | undefined;
  for (const trial of trials) {
    const step = trial.state === 'COMPLETE' ? trial.lastStep : undefined;
    if (step !== undefined && (lastStep === undefined || step > lastStep)) lastStep = step;
  }
  return lastStep === undefined ? undefined : Math.max(Math.floor(lastStep / 100), 1);
}

function isPromotable(value: number, competing: number[], reductionFactor: number, direction: StudyDirection): boolean {
  // While fewer than reductionFactor trials reached the rung, only the best one is promoted: trials
  // cannot be paused and resumed later, as the synchronous algorithm would.
  const promotableIndex = Math.max(Math.floor(competing.length / reductionFactor) - 1, 0);
  competing.sort((a, b) => a - b);
  if (direction === 'maximize') return value >= competing[competing.length - 1 - promotableIndex];
  return value <= competing[promotableIndex];
}

export class SuccessiveHalvingPruner implements Pruner {
  private minResource: number | undefined;
  private readonly reductionFactor: number;
  private readonly minEarlyStoppingRate: number;
  private readonly bootstrapCount: number;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const { minResource = 'auto', reductionFactor = 4, minEarlyStoppingRate = 0, bootstrapCount = 0 } = options;
    if (minResource !== 'auto') checkInteger('minResource', minResource, 1);
    checkInteger('reductionFactor', reductionFactor, 2);
    checkInteger('minEarlyStoppingRate', minEarlyStoppingRate);
    checkInteger('bootstrapCount', bootstrapCount);
    if (bootstrapCount > 0 && minResource === 'auto')
      throw new RangeError("bootstrapCount > 0 needs a numeric minResource, not 'auto'");
    this.minResource = minResource === 'auto' ? undefined : minResource;
    this.reductionFactor = reductionFactor;
    this.minEarlyStoppingRate = minEarlyStoppingRate;
    this.bootstrapCount = bootstrapCount;
  }

  prune(study: PrunerStudy, trial: FrozenTrial): boolean {
    const step = trial.lastStep;
    if (step === undefined) return false;
    let rung = currentRung(trial);
    const value = trial.intermediateValues.get(step) as number;
    const trials = study.getTrials();
    this.minResource ??= estimateMinResource(trials);
    if (this.minResource === undefined) return false;
    for (;;) {
      const promotionStep = this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      if (Number.isNaN(value)) return true;
      const key = rungKey(rung);
      study.storage.setTrialSystemAttr(trial.trialId, key, value);
      // `trials` was read before this trial reached the rung, so it is counted once, here.
      const competing = [value];
      for (const other of trials) {
        const otherValue = other.systemAttrs[key];
        if (other.trialId !== trial.trialId && typeof otherValue === 'number') competing.push(otherValue);
      }
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable(value, competing, this.reductionFactor, study.direction)) return true;
      rung++;
    }
  }
}
