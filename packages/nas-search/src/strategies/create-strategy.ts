// Strategies by name, for the command line and the benchmarks: the ones that work on any space.
import type { SearchSpace } from '../spaces/search-space.js';
import { AgingEvolution } from './aging-evolution.js';
import { MetaQnn } from './metaqnn.js';
import { RandomSearch } from './random-search.js';
import { ReinforceController } from './reinforce-controller.js';
import type { SearchStrategy } from './strategy.js';

export const STRATEGY_NAMES = ['random', 'evolution', 'reinforce', 'qlearning'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}

/** A strategy with its default settings, seeded. */
export function createStrategy<A>(name: StrategyName, space: SearchSpace<A>, seed: number): SearchStrategy<A> {
  switch (name) {
    case 'random':
      return new RandomSearch(space, { seed });
    case 'evolution':
      return new AgingEvolution(space, { seed });
    case 'reinforce':
      return new ReinforceController(space, { seed });
    case 'qlearning':
      return new MetaQnn(space, { seed });
    default:
      throw new Error(`unknown strategy "${String(name)}"; expected one of ${STRATEGY_NAMES.join(', ')}`);
  }
}
