// @hw7/mtl-text: multi-task text classification on TensorFlow.js (homework question 3).
export * from './data/index.js';
export { type BinaryDecision, decide, tuneBinaryThreshold } from './decision-threshold.js';
export { type ClassScores, evaluateTask, type TaskEvaluation, type TaskSummary } from './evaluate.js';
export { type ExperimentResult, runExperiment } from './experiment.js';
export {
  DEFAULT_ENCODER,
  type ExperimentOptions,
  FASTTEXT_DEFAULTS,
  type ImbalanceOptions,
  resolveExperimentOptions,
} from './experiment-options.js';
export type { ModelRun } from './fit-model.js';
export * from './metrics/index.js';
export {
  type BackboneInputs,
  type BackboneOptions,
  EMBEDDING_LAYER,
  RANDOM_EMBEDDING_LAYER,
} from './model/backbone.js';
export {
  type CheckpointSelection,
  ENCODER_KINDS,
  type EncoderKind,
  SHARING_KINDS,
  type SharingKind,
  type TaskWeightingKind,
} from './model/kinds.js';
export { balancedClassWeights, type ClassificationLossOptions, maskedClassificationLoss } from './model/losses.js';
export {
  createMultiTaskModel,
  type ModelInputName,
  type ModelInputs,
  type MultiTaskModel,
  type MultiTaskModelOptions,
  type TaskSpec,
  wideLayerName,
} from './model/multitask-model.js';
export { embeddingBag, NgramBag, type NgramBagArgs } from './model/ngram-bag.js';
export {
  createTaskWeighting,
  type TaskWeighting,
  type TaskWeightingOptions,
} from './model/task-weighting.js';
export { type EmbeddingFromVectorsResult, embeddingFromVectors } from './model/transfer.js';
export { MaskedMeanPooling, MultiHeadSelfAttention, PositionEmbedding } from './model/transformer.js';
export { datasetSize, type EncodedDataset, predictClasses, predictProbabilities } from './train/predict.js';
export {
  type EpochBatcher,
  type EpochRecord,
  type TrainMultiTaskOptions,
  type TrainMultiTaskResult,
  trainMultiTask,
} from './train/train.js';
