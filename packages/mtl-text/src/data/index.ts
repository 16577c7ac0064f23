// @hw7/mtl-text/data: the data side of multi-task training, without TensorFlow.js: loading labelled
// tables, grouped splits and folds, vocabularies of words and n-grams, rebalancing (EDA augmentation,
// oversampling) and task batching.
export {
  type AugmentExamplesOptions,
  type AugmentedExamples,
  augmentExamples,
  EDA_OPERATIONS,
  type EdaOperation,
  type EdaOptions,
} from './augment.js';
export { decodeLabels, encodeLabels, UNLABELLED } from './label-encoder.js';
export {
  type NgramBags,
  NgramVocabulary,
  type NgramVocabularyJSON,
  type NgramVocabularyOptions,
} from './ngrams.js';
export { countClasses, type OversampleOptions, oversampleMinority } from './oversample.js';
export { type GroupedSplitOptions, groupedFolds, groupedSplit, type SplitIndices, type SplitName } from './split.js';
export {
  groupKey,
  type LabeledTable,
  type LoadLabeledTableOptions,
  loadLabeledTable,
  parseLabeledTable,
  type TaskColumn,
  type TaskLabels,
} from './table.js';
export {
  createTaskBatcher,
  TASK_BATCHING_STRATEGIES,
  type TaskBatch,
  type TaskBatcher,
  type TaskBatcherOptions,
  type TaskBatchingStrategy,
  type TaskExamples,
} from './task-batcher.js';
export {
  TextVocabulary,
  type TextVocabularyJSON,
  type TextVocabularyOptions,
  type TokenizerName,
} from './vocabulary.js';
export { type SynonymSource, WordNet } from './wordnet.js';
