// `@hw7/hpo/pruners` (Optuna's `optuna.pruners`): the pruners a study can use, and what a pruner of
// your own implements.
export { HyperbandPruner, type HyperbandPrunerOptions } from './pruners/hyperband-pruner.js';
export { MedianPruner } from './pruners/median-pruner.js';
export { NopPruner } from './pruners/nop-pruner.js';
export { PercentilePruner, type PercentilePrunerOptions } from './pruners/percentile-pruner.js';
export type { Pruner, PrunerStudy } from './pruners/pruner.js';
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './pruners/successive-halving-pruner.js';
