// @hw7/mtl-text/model: the multi-task model and its training: the shared backbone (fastText, CNN,
// BiGRU or transformer encoder) with one head per task, the masked losses and task weightings,
// transfer from word2vec vectors, the training loop and predictions.

export { type EncodedDataset, predictClasses, predictProbabilities } from '../train/predict.js';
export {
  type EpochBatcher,
  type EpochRecord,
  type TrainMultiTaskOptions,
  type TrainMultiTaskResult,
  trainMultiTask,
} from '../train/train.js';
export type { BackboneInputs, BackboneOptions } from './backbone.js';
// The names of the choices, as in the main entry.
export * from './kinds.js';
export { balancedClassWeights, type ClassificationLossOptions, maskedClassificationLoss } from './losses.js';
export {
  createMultiTaskModel,
  type ModelInputName,
  type ModelInputs,
  type MultiTaskModel,
  type MultiTaskModelOptions,
  type TaskSpec,
} from './multitask-model.js';
export { embeddingBag, NgramBag, type NgramBagArgs } from './ngram-bag.js';
export { createTaskWeighting, type TaskWeighting, type TaskWeightingOptions } from './task-weighting.js';
export { type EmbeddingFromVectorsResult, embeddingFromVectors } from './transfer.js';
export { MaskedMeanPooling, MultiHeadSelfAttention, PositionEmbedding } from './transformer.js';
