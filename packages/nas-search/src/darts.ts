// `@hw7/nas-search/darts`: DARTS (Liu et al. 2019) over NAS-Bench-201 cells: the supernet with its
// architecture parameters alpha, the bilevel step (first or second order), the search, the cell's
// derivation by argmax or by perturbation (DARTS-PT, Wang et al. 2021), and the homework's
// experiment comparing the derived cell with random cells trained from scratch.
export { deriveGenotype, meanAlphaEntropy } from './darts/architecture-parameters.js';
export {
  type CellScore,
  type DartsExperimentOptions,
  type DartsExperimentResult,
  runDartsExperiment,
  sizeMatchedRandomCells,
} from './darts/darts-experiment.js';
export {
  type DartsOptimizers,
  type DartsStepLosses,
  type DartsStepOptions,
  dartsStep,
} from './darts/darts-step.js';
export { DartsSupernet, type MixtureOf } from './darts/darts-supernet.js';
export { DARTS_DERIVATIONS, DARTS_ORDERS, type DartsDerivation, type DartsOrder } from './darts/darts-variants.js';
export {
  type EdgeDecision,
  type PerturbationSelectionOptions,
  type PerturbationSelectionResult,
  type SupernetScore,
  selectByPerturbation,
} from './darts/perturbation-selection.js';
export {
  type DartsSearchOptions,
  type DartsSearchResult,
  type DartsStepRecord,
  searchDarts,
} from './darts/search-darts.js';
