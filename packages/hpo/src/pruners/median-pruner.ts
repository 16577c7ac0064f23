// Prunes a trial whose best intermediate value is worse than the median of the completed trials
// at the same step (Optuna's `MedianPruner`: a `PercentilePruner` at 50).
import { PercentilePruner, type PercentilePrunerOptions } from './percentile-pruner.js';

export class MedianPruner extends PercentilePruner {
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
