// `hw7-nas worker`: one worker of a distributed black-box search, with rewards from a table or a
// module's evaluate(); one JSON line per evaluation and a summary line.
import { runDistributedSearch } from '../distributed/distributed-search.js';
import { moduleEvaluator, tableEvaluator } from '../distributed/evaluators.js';
import { spaceNamed, tableErrorToCliError } from './tabular-command.js';

export interface WorkerCommandOptions {
  storage: string;
  study: string;
  space: 'nb201' | 'macro';
  strategy: 'evolution' | 'random';
  budget: number;
  table: string | undefined;
  archColumn: string;
  metricColumn: string;
  objective: string | undefined;
  seed: number;
  heartbeatInterval: number | undefined;
  gracePeriod: number | undefined;
  maxRetries: number;
}

export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const space = spaceNamed(options.space);
  const { archColumn, metricColumn } = options;
  const evaluate = await (options.table === undefined
    ? moduleEvaluator(options.objective as string)
    : tableEvaluator(options.table, space, { archColumn, metricColumn })
  ).catch((error: unknown) => {
    throw tableErrorToCliError(error);
  });
  const summary = await runDistributedSearch({
    storage: options.storage,
    studyName: options.study,
    space,
    strategy: options.strategy,
    budget: options.budget,
    seed: options.seed,
    evaluate,
    heartbeatInterval: options.heartbeatInterval,
    gracePeriod: options.gracePeriod,
    maxRetries: options.maxRetries,
    onResult: (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...summary })}\n`);
}
