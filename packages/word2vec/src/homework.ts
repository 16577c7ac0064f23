// @hw7/word2vec/homework: the homework's word2vec (question 7) with the loss it meant to have, in
// TensorFlow.js: its two embedding tables, (target, context) pairs, training function and
// k-most-similar query. The word vectors people train come from `trainWord2Vec` in the main entry.
export {
  HOMEWORK_CORPUS,
  type HomeworkExampleOptions,
  type HomeworkExampleResult,
  runHomeworkExample,
} from './homework/example.js';
export {
  HOMEWORK_TOKENS,
  HomeworkSkipGram,
  type HomeworkSkipGramOptions,
  kMostSimilar,
  skipGramPairs,
  type TrainHomeworkSkipGramOptions,
  type TrainHomeworkSkipGramResult,
  trainHomeworkSkipGram,
} from './homework/skip-gram.js';
