// `hw7-nas tabular`: strategies compared on a table. Without TensorFlow.js: only the REINFORCE
// controller (a TensorFlow.js LSTM) loads it, when it is among the strategies.
import { CliError, createProgress, quoteValue } from '@hw7/tensor-utils/base';
import { createMacroSpace } from '../spaces/macro-cnn.js';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import type { SearchSpace } from '../spaces/search-space.js';
import type { StrategyName } from '../strategies/create-strategy.js';
import { type ComparisonRow, compareStrategies } from '../tabular/compare-strategies.js';
import { TableError } from '../tabular/table-error.js';
import { TabularBenchmark } from '../tabular/tabular-benchmark.js';

export interface TabularCommandOptions {
  table: string;
  archColumn: string;
  metricColumn: string;
  timeColumn: string | undefined;
  space: 'nb201' | 'macro';
  strategy: StrategyName[];
  budget: number[];
  seeds: number;
  json: boolean;
}

export function spaceNamed(name: 'nb201' | 'macro'): SearchSpace<unknown> {
  return (name === 'macro' ? createMacroSpace() : nb201CellSpace) as SearchSpace<unknown>;
}

/** A malformed `--table` as a command-line error naming the file and line; other errors as they are. */
export function tableErrorToCliError(error: unknown): unknown {
  if (!(error instanceof TableError)) return error;
  const where = `--table ${quoteValue(error.source)}${error.line === undefined ? '' : `, line ${error.line}`}`;
  return new CliError(error.problem, where, error.expected, { cause: error });
}

function printRows(rows: ComparisonRow[], table: TabularBenchmark, json: boolean): void {
  if (json) {
    for (const { strategy, budget, seeds, mean, std } of rows) {
      process.stdout.write(`${JSON.stringify({ strategy, budget, seeds, mean, std })}\n`);
    }
    return;
  }
  const best = table.best();
  process.stdout.write(`table best: ${best.metric} (${best.arch}); ${table.size} rows\n`);
  process.stdout.write(
    `${'strategy'.padEnd(10)} ${'budget'.padStart(6)} ${'seeds'.padStart(5)} ${'mean'.padStart(9)} ${'std'.padStart(7)}\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.strategy.padEnd(10)} ${String(row.budget).padStart(6)} ${String(row.seeds).padStart(5)} ${row.mean.toFixed(3).padStart(9)} ${row.std.toFixed(3).padStart(7)}\n`,
    );
  }
}

export async function tabularCommand(options: TabularCommandOptions): Promise<void> {
  const space = spaceNamed(options.space);
  const { archColumn, metricColumn, timeColumn } = options;
  const canonicalize = (arch: string) => space.format(space.parse(arch));
  const table = await TabularBenchmark.load(options.table, {
    archColumn,
    metricColumn,
    timeColumn,
    canonicalize,
  }).catch((error: unknown) => {
    throw tableErrorToCliError(error);
  });
  const largest = Math.max(...options.budget);
  if (largest > table.size) {
    throw new CliError(
      'more queries than the table has architectures',
      `--budget ${largest}`,
      `at most ${table.size.toLocaleString('en-US')}: a search cannot query more distinct architectures than the table holds`,
    );
  }
  const strategies = [...new Set(options.strategy)];
  if (strategies.includes('reinforce')) {
    // The controller's LSTM is tiny: the plain JS backend beats wasm's per-op overhead here.
    const { initBackend } = await import('@hw7/tensor-utils');
    await initBackend({ backend: 'cpu', quiet: true });
  }
  const progress = createProgress({ total: strategies.length * options.seeds, label: 'tabular runs' });
  let rows: ComparisonRow[];
  try {
    rows = await compareStrategies({
      table,
      space,
      strategies,
      budgets: options.budget,
      seeds: options.seeds,
      onRun: (strategy) => progress.tick(1, { strategy }),
    });
  } finally {
    progress.stop();
  }
  printRows(rows, table, options.json);
}
