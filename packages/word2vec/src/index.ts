// @hw7/word2vec: word embeddings. The homework's skip-gram model (fixed) in TensorFlow.js, a fast
// multi-threaded trainer, gensim-style vectors, the word2vec file formats and standard evaluations.
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
  HOMEWORK_CORPUS,
  type HomeworkExampleOptions,
  type HomeworkExampleResult,
  runHomeworkExample,
} from './homework/example.js';
export {
  kMostSimilar,
  type TrainWord2VecOptions,
  type TrainWord2VecResult,
  trainingPairs,
  trainWord2Vec,
  Word2Vec,
  type Word2VecModelOptions,
} from './homework/model.js';
export { isPunctuation, isSentenceEnd, wordTokenize } from './homework/tokenize.js';
export { Vocabulary } from './homework/vocabulary.js';
export {
  type AnalogyMethod,
  type AnalogyOptions,
  KeyedVectors,
  type MostSimilarOptions,
  type ScoredWord,
} from './keyed-vectors.js';
export { type Correlation, pearson, spearman } from './statistics.js';
export { defaultTokenizer, type Tokenizer, whitespaceTokenizer } from './tokenizer.js';
export {
  type TrainingStats,
  type TrainVectorsOptions,
  type TrainVectorsResult,
  trainVectors,
} from './trainer/train.js';
export {
  type BuildVocabularyOptions,
  buildVocabulary,
  type CorpusSource,
  type CorpusVocabulary,
} from './trainer/vocabulary.js';
