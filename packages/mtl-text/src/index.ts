// @hw7/mtl-text: multi-task text classification on TensorFlow.js (homework question 3). This entry
// runs experiments (runExperiment, its options and results); the pieces they are built from are in
// @hw7/mtl-text/data (no TensorFlow.js), @hw7/mtl-text/model and @hw7/mtl-text/metrics (no
// TensorFlow.js, scikit-learn-exact).
export type { TaskColumn } from './data/table.js';
export { TASK_BATCHING_STRATEGIES, type TaskBatchingStrategy } from './data/task-batcher.js';
export type { TokenizerName } from './data/vocabulary.js';
export { type ExperimentResult, runExperiment } from './experiment.js';
export {
  checkExperimentOptions,
  DEFAULT_ENCODER,
  type ExperimentOptions,
  FASTTEXT_DEFAULTS,
  type ImbalanceOptions,
  resolveExperimentOptions,
} from './experiment-options.js';
export type { ModelRun } from './fit-model.js';
export type { BinaryDecision } from './metrics/decision-threshold.js';
export type { ClassScores, TaskEvaluation, TaskSummary } from './metrics/task-evaluation.js';
// The names of the choices (ENCODER_KINDS, SHARING_KINDS, TASK_WEIGHTING_KINDS, CHECKPOINT_SELECTIONS and their types).
export * from './model/kinds.js';
export { OptionError } from './option-error.js';
export type { EpochRecord } from './train/train.js';
