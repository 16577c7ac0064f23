// Where `hw7-nas worker` gets its rewards: a tabular benchmark (every architecture's metric looked
// up in a table, the cheap black box for trying a distributed search) or a module exporting
// `evaluate(architecture, key)` (e.g. one that trains the candidate).
import { moduleUrl } from '@hw7/tensor-utils/base';
import type { SearchSpace } from '../spaces/search-space.js';
import { type TableColumns, TabularBenchmark } from '../tabular/tabular-benchmark.js';
import type { DistributedSearchOptions } from './distributed-search.js';

export type Evaluate<A> = DistributedSearchOptions<A>['evaluate'];

/** Rewards from a .csv or .json table keyed by the space's architecture strings. */
export async function tableEvaluator<A>(
  path: string,
  space: SearchSpace<A>,
  columns: Omit<TableColumns, 'canonicalize'> = {},
): Promise<Evaluate<A>> {
  const table = await TabularBenchmark.load(path, {
    ...columns,
    canonicalize: (arch) => space.format(space.parse(arch)),
  });
  return (_architecture, key) => table.lookup(key).metric;
}

/** Rewards from the `evaluate` export of a module (a path or a URL). */
export async function moduleEvaluator<A>(module: string): Promise<Evaluate<A>> {
  const exports = (await import(moduleUrl(module))) as { evaluate?: unknown };
  if (typeof exports.evaluate !== 'function') {
    throw new TypeError(
      `--objective ${module} must export a function evaluate(architecture, key); it exports [${Object.keys(exports).join(', ')}]`,
    );
  }
  return exports.evaluate as Evaluate<A>;
}
