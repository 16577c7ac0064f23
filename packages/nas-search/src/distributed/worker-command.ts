// `hw7-nas worker`: the command-line side of runDistributedSearch (option checks, the reward
// source, one JSON line per evaluation and a summary line), kept here so cli.ts only dispatches.
import { integerOption, numberOption } from '@hw7/tensor-utils';
import type { SearchSpace } from '../spaces/search-space.js';
import { DISTRIBUTED_STRATEGIES, type DistributedStrategy } from './architecture-sampler.js';
import { runDistributedSearch } from './distributed-search.js';
import { moduleEvaluator, tableEvaluator } from './evaluators.js';

export const WORKER_HELP = `  worker            One worker of a distributed black-box search (random or asynchronous aging
                    evolution) over a study shared through --storage: run any number, on any
                    machines that reach the database; together they evaluate --budget
                    architectures. Rewards come from --table or from --objective's evaluate().
                    Prints one JSON line per evaluation, then a summary line.`;

export const WORKER_OPTIONS_HELP = `Options of worker:
  --storage URL             postgresql://user@host:5432/db (any machine) or sqlite:///path.db
  --study NAME              the shared study (created by the first worker)
  --space NAME              nb201 (default) or macro
  --strategy NAME           evolution (default) or random
  --budget N                architectures evaluated over all workers (required)
  --table FILE              rewards looked up in a table (--arch-column, --metric-column as for tabular)
  --objective MODULE        or a .js module exporting evaluate(architecture, key) => reward
  --seed N                  seed of the proposals, the same for every worker (default 0)
  --heartbeat-interval S    beat while evaluating; evaluations whose workers stopped beating
  --grace-period S          this long ago (default 2 x interval) are failed
  --max-retries N           and enqueued again up to N times (PostgreSQL; default 0)`;

export const WORKER_OPTION_NAMES = [
  'storage',
  'study',
  'space',
  'strategy',
  'budget',
  'table',
  'arch-column',
  'metric-column',
  'objective',
  'seed',
  'heartbeat-interval',
  'grace-period',
  'max-retries',
] as const;

type WorkerValues = Partial<Record<(typeof WORKER_OPTION_NAMES)[number], string | string[] | undefined>>;

/** Runs the worker command with parsed option values; `space` is the --space already resolved. */
export async function runWorkerCommand<A>(values: WorkerValues, space: SearchSpace<A>): Promise<void> {
  const single = (name: keyof WorkerValues): string | undefined => {
    const value = values[name];
    if (!Array.isArray(value)) return value;
    const items = value.flatMap((item) => item.split(',')).map((item) => item.trim());
    if (items.length > 1) throw new Error(`worker takes one --${name}; got "${items.join(',')}"`);
    return items[0];
  };
  const storage = single('storage');
  const studyName = single('study');
  const budget = integerOption(single('budget'), 'budget', 1);
  if (!storage || !studyName || budget === undefined) {
    throw new Error('worker needs --storage URL, --study NAME and --budget N');
  }
  const table = single('table');
  const objective = single('objective');
  if (Boolean(table) === Boolean(objective)) {
    throw new Error('worker needs either --table FILE (rewards looked up) or --objective MODULE (exporting evaluate)');
  }
  const strategy = single('strategy') ?? 'evolution';
  if (!(DISTRIBUTED_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`--strategy of worker must be one of ${DISTRIBUTED_STRATEGIES.join(', ')}; got "${strategy}"`);
  }
  const evaluate = table
    ? await tableEvaluator(table, space, { archColumn: single('arch-column'), metricColumn: single('metric-column') })
    : await moduleEvaluator<A>(objective as string);
  const summary = await runDistributedSearch({
    storage,
    studyName,
    space,
    strategy: strategy as DistributedStrategy,
    budget,
    seed: integerOption(single('seed'), 'seed', 0),
    evaluate,
    heartbeatInterval: numberOption(single('heartbeat-interval'), 'heartbeat-interval'),
    gracePeriod: numberOption(single('grace-period'), 'grace-period'),
    maxRetries: integerOption(single('max-retries'), 'max-retries', 0),
    onResult: (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...summary })}\n`);
}
