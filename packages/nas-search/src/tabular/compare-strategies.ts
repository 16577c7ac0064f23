// Compares strategies on a tabular benchmark: for each strategy and seed one run of the largest
// budget, read off the best metric after each smaller budget (no strategy here knows its budget, so
// this equals separate runs), then the mean and standard deviation over seeds.
import type { SearchSpace } from '../spaces/search-space.js';
import { createStrategy, type StrategyName } from '../strategies/create-strategy.js';
import type { TabularBenchmark } from './tabular-benchmark.js';

export interface CompareStrategiesOptions<A> {
  table: TabularBenchmark;
  space: SearchSpace<A>;
  strategies: readonly StrategyName[];
  /**
   * Query budgets to report, e.g. [25, 50, 100, 200]; each at most the table's size (a search
   * cannot meet more distinct architectures than the table holds).
   */
  budgets: readonly number[];
  /** Seeds 0..seeds-1 per strategy. */
  seeds: number;
  /**
   * Rewards given to the strategies are metric / rewardScale, so they lie in [0, 1] as MetaQNN's
   * initial Q of 0.5 and the controller's entropy weight assume. Default: 100 when the table's best
   * metric exceeds 1 (accuracies in percent), else 1. Reported numbers stay in the table's units.
   */
  rewardScale?: number;
  /** Called after each finished run, e.g. for progress. */
  onRun?: (strategy: StrategyName, seed: number) => void;
}

export interface ComparisonRow {
  strategy: StrategyName;
  budget: number;
  seeds: number;
  /** Mean over seeds of the best metric found within the budget. */
  mean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  std: number;
  /** Mean over seeds of the simulated training time spent, in seconds (0 without a time column). */
  meanSimulatedSeconds: number;
}

/** Throws unless every budget is an integer from 1 to the table's size. */
export function checkBudgets(budgets: readonly number[], table: TabularBenchmark): void {
  if (budgets.length === 0 || budgets.some((budget) => !Number.isInteger(budget) || budget < 1)) {
    throw new RangeError(`budgets must be a non-empty list of integers >= 1; got [${budgets}]`);
  }
  const largest = Math.max(...budgets);
  if (largest > table.size) {
    throw new RangeError(
      `budgets must be at most the table's ${table.size} architectures (a search cannot query more distinct ones); got ${largest}`,
    );
  }
}

/** One run of `strategy` on a fresh session; the best metric and the simulated seconds after each query. */
async function runOnTable<A>(
  options: CompareStrategiesOptions<A>,
  name: StrategyName,
  seed: number,
  budget: number,
  scale: number,
): Promise<{ best: readonly number[]; seconds: number[] }> {
  const strategy = await createStrategy(name, options.space, seed);
  const session = options.table.session(budget);
  const seconds: number[] = [];
  try {
    while (!session.exhausted) {
      for (const candidate of strategy.ask()) {
        if (session.exhausted) break;
        strategy.tell(candidate, session.query(candidate.key) / scale);
        seconds.push(session.simulatedSeconds);
      }
    }
  } finally {
    strategy.dispose?.();
  }
  return { best: session.trajectory(), seconds };
}

export async function compareStrategies<A>(options: CompareStrategiesOptions<A>): Promise<ComparisonRow[]> {
  const { table, strategies, budgets, seeds } = options;
  if (!Number.isInteger(seeds) || seeds < 1) throw new RangeError(`seeds must be an integer >= 1; got ${seeds}`);
  checkBudgets(budgets, table);
  const scale = options.rewardScale ?? (table.best().metric > 1 ? 100 : 1);
  const maxBudget = Math.max(...budgets);
  const rows: ComparisonRow[] = [];
  for (const name of strategies) {
    const best: number[][] = budgets.map(() => []);
    const seconds: number[][] = budgets.map(() => []);
    for (let seed = 0; seed < seeds; seed++) {
      const run = await runOnTable(options, name, seed, maxBudget, scale);
      budgets.forEach((budget, i) => {
        best[i].push(run.best[budget - 1]);
        seconds[i].push(run.seconds[budget - 1]);
      });
      options.onRun?.(name, seed);
    }
    budgets.forEach((budget, i) => {
      rows.push({
        strategy: name,
        budget,
        seeds,
        ...meanAndStd(best[i]),
        meanSimulatedSeconds: meanAndStd(seconds[i]).mean,
      });
    });
  }
  return rows;
}

function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}
