// `@hw7/nas-search/spaces`: the search spaces alone, without TensorFlow.js (the main entry exports
// them too), for tabular comparisons and workers that never build a network.

export {
  type ConvLayerSpec,
  createMacroSpace,
  type MacroArchitecture,
  type MacroSearchSpace,
  type MacroSpaceOptions,
} from './spaces/macro-cnn.js';
export {
  type CellGenotype,
  formatCell,
  NB201_EDGES,
  NB201_OPERATIONS,
  type Nb201Operation,
  nb201CellSpace,
  parseCell,
} from './spaces/nb201-cell.js';
export type { ArchitectureProcess, Decision, SearchSpace } from './spaces/search-space.js';
