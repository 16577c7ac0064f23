// `@hw7/nas-search/distributed`: black-box searches (random, asynchronous aging evolution) shared by
// workers on several machines through an @hw7/hpo study, and where the workers' rewards come from.
export {
  ArchitectureSampler,
  type ArchitectureSamplerOptions,
  DISTRIBUTED_STRATEGIES,
  type DistributedStrategy,
  PARENT_KEY_ATTR,
} from './distributed/architecture-sampler.js';
export {
  ARCHITECTURE_ATTR,
  architectureObjective,
  type DistributedSearchOptions,
  runDistributedSearch,
} from './distributed/distributed-search.js';
export { moduleEvaluator, tableEvaluator } from './distributed/evaluators.js';
