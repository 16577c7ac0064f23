// `@hw7/hpo`: what a study needs (Optuna's top-level names): creating, loading and running studies,
// trials and their frozen records, distributions, directions and the errors a caller catches.
// Samplers, pruners, storages, plots, importances and worker processes are subpath entries, as
// Optuna's namespaces are (`@hw7/hpo/samplers` is `optuna.samplers`).
export {
  type CategoricalChoice,
  type CategoricalDistribution,
  categoricalDistribution,
  type Distribution,
  type FloatDistribution,
  floatDistribution,
  type IntDistribution,
  intDistribution,
  type NumericalOptions,
  type ParamValue,
} from './distributions.js';
export { FrozenTrial, type JsonValue, type TrialRecord, type TrialState } from './frozen-trial.js';
export { DuplicatedStudyError, StudyNotFoundError } from './storage/storage.js';
export {
  type CatchSpec,
  createStudy,
  deleteStudy,
  loadStudy,
  type Objective,
  type ObjectiveResult,
  type OptimizeOptions,
  Study,
  type StudyCallback,
  type StudyOptions,
  type TellResult,
} from './study.js';
export type { StudyDirection } from './study-direction.js';
export { parseStudyJson, readStudyJson, type StudyJson, StudyJsonError } from './study-json.js';
export { Trial } from './trial.js';
export { TrialPruned } from './trial-pruned.js';
