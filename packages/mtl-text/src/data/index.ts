// The data side of multi-task training: loading, splitting, encoding, augmenting and batching.
export {
  type AugmentExamplesOptions,
  type AugmentedExamples,
  applyEdaOperation,
  augmentExamples,
  defaultSynonymSource,
  EDA_OPERATIONS,
  type EdaOperation,
  type EdaOptions,
  editCount,
  randomDeletion,
  randomInsertion,
  randomSwap,
  synonymReplacement,
} from './augment.js';
export { assertClassNames, decodeLabels, encodeLabels, UNLABELLED } from './label-encoder.js';
export {
  NGRAM_PAD_ID,
  type NgramBags,
  NgramVocabulary,
  type NgramVocabularyJSON,
  type NgramVocabularyOptions,
  padNgramRows,
} from './ngrams.js';
export { countClasses, type OversampleOptions, oversampleMinority } from './oversample.js';
export {
  assertGroupsDisjoint,
  type ClassCounts,
  classCountsBySplit,
  type GroupedSplitOptions,
  groupedFolds,
  groupedSplit,
  type SplitIndices,
  type SplitName,
} from './split.js';
export { EDA_STOP_WORDS } from './stop-words.js';
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
  PAD_ID,
  PAD_TOKEN,
  TextVocabulary,
  type TextVocabularyJSON,
  type TextVocabularyOptions,
  TOKENIZERS,
  type TokenizerName,
  UNK_ID,
  UNK_TOKEN,
} from './vocabulary.js';
export { type SynonymSource, WordNet, wordnetDictionaryPath } from './wordnet.js';
