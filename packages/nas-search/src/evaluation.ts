// `@hw7/nas-search/evaluation`: cheap evaluation of macro-space candidates (short schedules with
// warm-up, early stopping, weight inheritance, a surrogate pre-screen, Kendall's tau to judge a
// ranking) and the image search built on it (MNIST, or CIFAR-10/100 from the user's files).
export { type DatasetSource, loadCandidateData } from './data/image-data.js';
export {
  type EvaluatedArchitecture,
  type ImageSearchOptions,
  type ImageSearchResult,
  runImageSearch,
} from './evaluation/image-search.js';
export { kendallTau } from './evaluation/kendall-tau.js';
export { MlpSurrogate, type MlpSurrogateOptions } from './evaluation/mlp-surrogate.js';
export { leaveOneOutPredictions } from './evaluation/surrogate-ranking.js';
export { SurrogateScreen, type SurrogateScreenOptions } from './evaluation/surrogate-screen.js';
export {
  type CandidateData,
  type CandidateEvaluation,
  type TrainCandidateOptions,
  type TrainedCandidate,
  trainCandidate,
  validationAccuracy,
} from './evaluation/train-candidate.js';
export { inheritWeights } from './evaluation/weight-inheritance.js';
