// `@hw7/nas-search/oneshot`: single-path one-shot NAS (Guo et al. 2020) over NAS-Bench-201 cells: a
// weight-sharing supernet trained one uniformly sampled path per batch, then candidate cells ranked
// by their accuracy with inherited weights.
export { evaluateWithInheritedWeights } from './oneshot/inherited-weights.js';
export {
  type OneShotExperimentOptions,
  type OneShotExperimentResult,
  runOneShotExperiment,
} from './oneshot/oneshot-experiment.js';
export { sampleUniformPath } from './oneshot/path-sampling.js';
export { type RankedCandidate, rankCandidates } from './oneshot/rank-candidates.js';
export { Supernet } from './oneshot/supernet.js';
export { type TrainSupernetOptions, type TrainSupernetResult, trainSupernet } from './oneshot/train-supernet.js';
