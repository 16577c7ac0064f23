// Hyperband (Li et al., JMLR 2018) as in Optuna's `HyperbandPruner`: several successive-halving
// brackets with different early-stopping rates; each trial is assigned to one bracket by a hash of
// the study name and trial number, and competes only with the trials of its bracket.
import type { FrozenTrial, TrialState } from '../frozen-trial.js';
import { checkInteger } from './percentile-pruner.js';
import type { Pruner, PrunerStudy } from './pruner.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';

export interface HyperbandPrunerOptions {
  /** Default 1. */
  minResource?: number;
  /** Steps of a full trial; 'auto' (default) = 1 + the last step of the first completed trials. */
  maxResource?: number | 'auto';
  /** Default 3. */
  reductionFactor?: number;
  /** Default 0. */
  bootstrapCount?: number;
}

/** Python's int(binascii.hexlify(text.encode()), 16) % modulus, as Optuna assigns brackets. */
function hashModulo(text: string, modulus: number): number {
  const hex = Buffer.from(text, 'utf8').toString('hex');
  return Number(BigInt(`0x${hex || '0'}`) % BigInt(modulus));
}

export class HyperbandPruner implements Pruner {
  private readonly minResource: number;
  private maxResource: number | undefined;
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private brackets: { pruner: SuccessiveHalvingPruner; budget: number }[] = [];

  constructor(options: HyperbandPrunerOptions = {}) {
    const { minResource = 1, maxResource = 'auto', reductionFactor = 3, bootstrapCount = 0 } = options;
    checkInteger('minResource', minResource, 1);
    if (maxResource !== 'auto') checkInteger('maxResource', maxResource, minResource);
    checkInteger('reductionFactor', reductionFactor, 2);
    checkInteger('bootstrapCount', bootstrapCount);
    this.minResource = minResource;
    this.maxResource = maxResource === 'auto' ? undefined : maxResource;
    this.reductionFactor = reductionFactor;
    this.bootstrapCount = bootstrapCount;
  }

  prune(study: PrunerStudy, trial: FrozenTrial): boolean {
    if (this.brackets.length === 0 && !this.initialise(study)) return false;
    const bracket = this.bracketOf(study, trial);
    const bracketStudy: PrunerStudy = {
      studyName: study.studyName,
      direction: study.direction,
      storage: study.storage,
      getTrials: (states?: readonly TrialState[]) =>
        study.getTrials(states).filter((other) => this.bracketOf(study, other) === bracket),
    };
    return this.brackets[bracket].pruner.prune(bracketStudy, trial);
  }

  private initialise(study: PrunerStudy): boolean {
    if (this.maxResource === undefined) {
      const steps = study
        .getTrials(['COMPLETE'])
        .map((trial) => trial.lastStep)
        .filter((step) => step !== undefined);
      if (steps.length === 0) return false;
      this.maxResource = Math.max(...steps) + 1;
    }
    const nBrackets = Math.floor(Math.log(this.maxResource / this.minResource) / Math.log(this.reductionFactor)) + 1;
    this.brackets = Array.from({ length: nBrackets }, (_, bracket) => {
      const s = nBrackets - 1 - bracket;
      return {
        pruner: new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          minEarlyStoppingRate: bracket,
          bootstrapCount: this.bootstrapCount,
        }),
        budget: Math.ceil((nBrackets * this.reductionFactor ** s) / (s + 1)),
      };
    });
    return true;
  }

  private bracketOf(study: PrunerStudy, trial: FrozenTrial): number {
    const total = this.brackets.reduce((sum, bracket) => sum + bracket.budget, 0);
    let n = hashModulo(`${study.studyName}_${trial.number}`, total);
    for (let bracket = 0; bracket < this.brackets.length; bracket++) {
      n -= this.brackets[bracket].budget;
      if (n < 0) return bracket;
    }
    return this.brackets.length - 1;
  }
}
