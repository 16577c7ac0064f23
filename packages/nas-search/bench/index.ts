// `pnpm --filter @hw7/nas-search bench`: random search, regularised evolution, REINFORCE and
// MetaQNN on a SYNTHETIC NAS-Bench-201-style table (see src/tabular/synthetic-nb201.ts; no real
// table is available offline), one JSON line per strategy and query budget with the mean and
// standard deviation over seeds of the best accuracy found, then one line saying whether evolution
// and REINFORCE beat random search at every budget.
// HW7_BENCH_SEEDS=N runs N seeds (default 100); HW7_BENCH_TABLE=FILE.csv uses a real NB201-style
// table (columns arch, accuracy, optional train_time) instead.
import { performance } from 'node:perf_hooks';
import { initBackend } from '@hw7/tensor-utils';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import { nb201CellSpace, STRATEGY_NAMES } from '../src/index.js';
import { compareStrategies, syntheticNb201Csv, TabularBenchmark } from '../src/tabular.js';

const SEEDS = integerFromEnv('HW7_BENCH_SEEDS', 100, 1);
const BUDGETS = [25, 50, 100, 200];
const TABLE_PATH = process.env.HW7_BENCH_TABLE;

async function main(): Promise<void> {
  // The controller's LSTM is tiny (32 units, batch 10): the plain JS backend beats wasm's call overhead.
  await initBackend({ backend: 'cpu', quiet: true });
  const columns = {
    timeColumn: 'train_time',
    canonicalize: (arch: string) => nb201CellSpace.format(nb201CellSpace.parse(arch)),
  };
  const table = TABLE_PATH
    ? await TabularBenchmark.load(TABLE_PATH, columns)
    : TabularBenchmark.fromCsv(syntheticNb201Csv(), columns);
  const tableName = TABLE_PATH ?? 'synthetic-nb201 (not real NAS-Bench-201 data)';
  const ceiling = table.best().metric;
  const means = new Map<string, number>();
  for (const strategy of STRATEGY_NAMES) {
    const start = performance.now();
    const rows = await compareStrategies({
      table,
      space: nb201CellSpace,
      strategies: [strategy],
      budgets: BUDGETS,
      seeds: SEEDS,
    });
    const msPerRun = (performance.now() - start) / SEEDS;
    for (const row of rows) {
      means.set(`${strategy}@${row.budget}`, row.mean);
      benchLine('nb201-tabular', {
        table: tableName,
        strategy,
        budget: row.budget,
        seeds: row.seeds,
        mean: round(row.mean, 3),
        std: round(row.std, 3),
        tableBest: ceiling,
        simulatedHours: round(row.meanSimulatedSeconds / 3600, 2),
        msPerRunOf200: round(msPerRun, 1),
      });
    }
  }
  const beats = (strategy: string) =>
    BUDGETS.every((budget) => (means.get(`${strategy}@${budget}`) ?? 0) > (means.get(`random@${budget}`) ?? 0));
  benchLine('nb201-tabular-bar', {
    table: tableName,
    seeds: SEEDS,
    evolutionBeatsRandom: beats('evolution'),
    reinforceBeatsRandom: beats('reinforce'),
    qlearningBeatsRandom: beats('qlearning'),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
