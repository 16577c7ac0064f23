// `@hw7/nas-search`: search spaces (the homework's macro CNN space, the NAS-Bench-201 cell) and the
// search strategies behind one ask/tell interface. Separate concerns are subpath entries:
// /spaces (the spaces without TensorFlow.js), /tabular (tabular benchmarks), /evaluation (cheap
// evaluation and the image search), /cells (NAS-Bench-201 cell networks), /oneshot, /darts and
// /distributed.

export {
  type ConvLayerSpec,
  createMacroSpace,
  type MacroArchitecture,
  type MacroSearchSpace,
  type MacroSpaceOptions,
} from './spaces/macro-cnn.js';
export { buildMacroModel, type MacroModelOptions } from './spaces/macro-cnn-model.js';
export {
  type CellGenotype,
  formatCell,
  NB201_EDGES,
  NB201_OPERATIONS,
  type Nb201Operation,
  nb201CellSpace,
  parseCell,
} from './spaces/nb201-cell.js';
export { ResizeBilinear, registerResizeBilinear } from './spaces/resize-bilinear-layer.js';
export type { ArchitectureProcess, Decision, SearchSpace } from './spaces/search-space.js';
export { AgingEvolution, type AgingEvolutionOptions } from './strategies/aging-evolution.js';
export { createStrategy, isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies/create-strategy.js';
export {
  DEFAULT_EPSILON_SCHEDULE,
  type EpsilonStep,
  MetaQnn,
  type QLearningOptions,
} from './strategies/metaqnn.js';
export { NeatEvolution, type NeatOptions } from './strategies/neat-evolution.js';
export type { CompatibilityCoefficients, GenomeMutationRates } from './strategies/neat-genome.js';
export { RandomSearch, type RandomSearchOptions } from './strategies/random-search.js';
export { ReinforceController, type ReinforceOptions } from './strategies/reinforce-controller.js';
export { type RunSearchOptions, runSearch, type SearchRecord } from './strategies/run-search.js';
export type { Candidate, SearchStrategy } from './strategies/strategy.js';
