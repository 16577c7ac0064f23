// Never prunes (Optuna's `NopPruner`): the default, and the baseline in the pruning bench.
import type { Pruner } from './pruner.js';

export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
