// `@hw7/hpo/samplers` (Optuna's `optuna.samplers`): the samplers a study can use, and what a
// sampler of your own implements.
export { CmaEsSampler, type CmaEsSamplerOptions } from './samplers/cma-es-sampler.js';
export { GridSampler, type GridSearchSpace } from './samplers/grid-sampler.js';
export { intersectionSearchSpace } from './samplers/intersection-search-space.js';
export { NSGAIISampler, type NSGAIISamplerOptions } from './samplers/nsga2-sampler.js';
export { QMCSampler, type QMCSamplerOptions } from './samplers/qmc-sampler.js';
export { RandomSampler } from './samplers/random-sampler.js';
export { type Sampler, SamplerExhaustedError, type SearchSpace } from './samplers/sampler.js';
export {
  defaultGamma,
  defaultWeights,
  OPTUNA_3_1_TPE,
  TPESampler,
  type TPESamplerOptions,
} from './samplers/tpe/tpe-sampler.js';
