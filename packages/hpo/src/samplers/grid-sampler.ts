// Exhaustive search over a grid (Optuna's `GridSampler`): each new trial takes one grid point not
// yet taken, in a seeded random order, so every point is evaluated exactly once; then the sampler is
// exhausted and `optimize` stops. The storage hands out points atomically (`uniqueTrialAttr`), so
// workers in several processes sharing a study never evaluate a point twice (Optuna's can).
import { Rng } from '@hw7/tensor-utils/base';
import { type CategoricalChoice, type Distribution, describeDistribution, toInternal } from '../distributions.js';
import type { FrozenTrial } from '../frozen-trial.js';
import type { UniqueAttrClaim } from '../storage/storage.js';
import type { Study } from '../study.js';
import type { Sampler } from './sampler.js';

export type GridSearchSpace = Record<string, readonly CategoricalChoice[]>;

const GRID_ID_KEY = 'gridId';

export class GridSampler implements Sampler {
  private readonly names: string[];
  /** Every grid id once, in the order this sampler prefers them. */
  private readonly order: number[];

  constructor(
    private readonly searchSpace: GridSearchSpace,
    options: { seed?: number } = {},
  ) {
    this.names = Object.keys(searchSpace).sort();
    for (const name of this.names) {
      if (!Array.isArray(searchSpace[name]) || searchSpace[name].length === 0) {
        throw new RangeError(`GridSampler: searchSpace.${name} must be a non-empty array of values`);
      }
    }
    const gridSize = this.names.reduce((size, name) => size * searchSpace[name].length, 1);
    this.order = Array.from(new Rng(options.seed ?? Date.now()).permutation(gridSize));
  }

  uniqueTrialAttr(): UniqueAttrClaim {
    return { key: GRID_ID_KEY, candidates: this.order };
  }

  sampleIndependent(_study: Study, trial: FrozenTrial, name: string, distribution: Distribution): number {
    const values = this.searchSpace[name];
    if (!values) throw new Error(`GridSampler: parameter '${name}' is not in the grid's search space`);
    const gridId = trial.systemAttrs[GRID_ID_KEY];
    if (typeof gridId !== 'number') {
      // As in Optuna, an enqueued trial takes no grid point: it must fix every grid parameter.
      throw new Error(
        `GridSampler: trial ${trial.number} was enqueued without '${name}'; enqueue every grid parameter`,
      );
    }
    const value = values[this.coordinates(gridId)[name]];
    try {
      return toInternal(distribution, value);
    } catch {
      throw new Error(
        `GridSampler: grid value ${JSON.stringify(value)} of '${name}' does not fit ${describeDistribution(distribution)}`,
      );
    }
  }

  private coordinates(gridId: number): Record<string, number> {
    const coordinates: Record<string, number> = {};
    let rest = gridId;
    for (let i = this.names.length - 1; i >= 0; i--) {
      const size = this.searchSpace[this.names[i]].length;
      coordinates[this.names[i]] = rest % size;
      rest = Math.floor(rest / size);
    }
    return coordinates;
  }
}
