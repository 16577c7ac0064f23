// @hw7/word2vec: word embeddings as gensim makes them. `trainWord2Vec` (the fast multi-threaded
// trainer) gives `KeyedVectors`, which answer similarity queries, read and write the word2vec file
// formats and run the standard evaluations. The homework's own model is in `@hw7/word2vec/homework`.
export type { CorpusSource } from './corpus.js';
export {
  type AnalogiesResult,
  type AnalogySection,
  type EvaluateAnalogiesOptions,
  type EvaluateWordPairsOptions,
  evaluateAnalogies,
  evaluateWordPairs,
  type WordPairsResult,
} from './evaluation.js';
export {
  type LoadWord2VecOptions,
  loadWord2VecFormat,
  type SaveWord2VecOptions,
  saveWord2VecFormat,
} from './formats.js';
export {
  type AnalogyMethod,
  type AnalogyOptions,
  KeyedVectors,
  type MostSimilarOptions,
  type ScoredWord,
} from './keyed-vectors.js';
export { type Correlation, pearson, spearman } from './statistics.js';
export { type TokenizeOptions, type Tokenizer, tokenize } from './tokenizer.js';
export {
  type TrainingStats,
  trainWord2Vec,
  type Word2VecOptions,
  type Word2VecResult,
} from './trainer/train.js';
export { Vocabulary, type VocabularyOptions } from './vocabulary.js';
