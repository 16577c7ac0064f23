// Strategies by name, for the command line, the benchmarks and comparisons: the ones that work on
// any space. The REINFORCE controller is a TensorFlow.js LSTM; it is imported only when asked for,
// so a comparison of the other strategies never loads TensorFlow.js.
import type { SearchSpace } from '../spaces/search-space.js';
import { AgingEvolution } from './aging-evolution.js';
import { MetaQnn } from './metaqnn.js';
import { RandomSearch } from './random-search.js';
import type { SearchStrategy } from './strategy.js';

export const STRATEGY_NAMES = ['random', 'evolution', 'reinforce', 'qlearning'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * A strategy with its default settings, seeded. 'reinforce' loads TensorFlow.js and, when no
 * backend has been chosen yet, picks one (`ensureBackend`).
 */
export async function createStrategy<A>(
  name: StrategyName,
  space: SearchSpace<A>,
  seed: number,
): Promise<SearchStrategy<A>> {
  switch (name) {
    case 'random':
      return new RandomSearch(space, { seed });
    case 'evolution':
      return new AgingEvolution(space, { seed });
    case 'reinforce': {
      const [{ ReinforceController }, { ensureBackend }] = await Promise.all([
        import('./reinforce-controller.js'),
        import('@hw7/tensor-utils'),
      ]);
      await ensureBackend();
      return new ReinforceController(space, { seed });
    }
    case 'qlearning':
      return new MetaQnn(space, { seed });
    default:
      throw new RangeError(`unknown strategy "${String(name)}"; expected one of ${STRATEGY_NAMES.join(', ')}`);
  }
}
