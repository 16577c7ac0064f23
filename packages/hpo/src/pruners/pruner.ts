// What a pruner implements (Optuna's `BasePruner`): given a running trial's reported values and
// the study's other trials, decide whether the trial should stop now.
import type { FrozenTrial, TrialState } from '../frozen-trial.js';
import type { Storage } from '../storage/storage.js';
import type { StudyDirection } from '../study-direction.js';

/** The part of a study a pruner sees; Hyperband narrows it to one bracket's trials. */
export interface PrunerStudy {
  readonly studyName: string;
  readonly direction: StudyDirection;
  readonly storage: Storage;
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
}

export interface Pruner {
  prune(study: PrunerStudy, trial: FrozenTrial): boolean;
}
