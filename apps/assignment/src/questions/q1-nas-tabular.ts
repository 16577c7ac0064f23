// Q1: architecture search strategies compared on a tabular benchmark (NAS-Bench-201 cell space):
// regularised evolution and a REINFORCE controller against random search, many seeds in seconds.
import { join } from 'node:path';
import { nb201CellSpace, type StrategyName } from '@hw7/nas-search';
import { type ComparisonRow, compareStrategies, syntheticNb201Csv, TabularBenchmark } from '@hw7/nas-search/tabular';
import { createProgress, writeLinePlot } from '@hw7/tensor-utils';
import { figure, fixed, type Profile, type Question, type QuestionContext, type QuestionOutput } from './question.js';

const STRATEGIES: readonly StrategyName[] = ['random', 'evolution', 'reinforce'];

// Full: the package benchmark's setting (100 seeds, budgets up to 200 queries).
const SETTINGS: Record<Profile, { seeds: number; maxBudget: number; reportedBudgets: number[] }> = {
  quick: { seeds: 10, maxBudget: 100, reportedBudgets: [25, 50, 100] },
  full: { seeds: 100, maxBudget: 200, reportedBudgets: [25, 50, 100, 200] },
};

/** Budgets read off for the best-so-far curves: every 5 queries (one run per seed serves them all). */
const CURVE_STEP = 5;

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const settings = SETTINGS[context.profile];
  const table = TabularBenchmark.fromCsv(syntheticNb201Csv(), { timeColumn: 'train_time' });
  const curveBudgets = Array.from({ length: settings.maxBudget / CURVE_STEP }, (_, i) => (i + 1) * CURVE_STEP);
  const progress = createProgress({ total: STRATEGIES.length * settings.seeds, label: 'q1 tabular runs' });
  let rows: ComparisonRow[];
  try {
    rows = await compareStrategies({
      table,
      space: nb201CellSpace,
      strategies: STRATEGIES,
      budgets: curveBudgets,
      seeds: settings.seeds,
      onRun: (strategy) => progress.tick(1, { strategy }),
    });
  } finally {
    progress.stop();
  }
  const tableBest = table.best().metric;
  const curvePath = await writeLinePlot(join(context.directory, 'best-so-far.svg'), {
    title: `Mean best accuracy found (${settings.seeds} seeds; table best ${tableBest.toFixed(2)})`,
    xLabel: 'queries',
    yLabel: 'best accuracy so far (%)',
    series: STRATEGIES.map((strategy) => ({
      name: strategy,
      points: rows.filter((row) => row.strategy === strategy).map((row) => [row.budget, row.mean] as const),
    })),
  });
  const reported = rows.filter((row) => settings.reportedBudgets.includes(row.budget));
  return {
    settings: { table: 'synthetic NAS-Bench-201 (15,625 cells)', strategies: STRATEGIES, ...settings },
    metrics: { tableBest, comparison: reported },
    tables: [
      {
        title: 'Best accuracy found within the budget (mean ± std over seeds)',
        columns: ['strategy', ...settings.reportedBudgets.map((budget) => `${budget} queries`)],
        rows: STRATEGIES.map((strategy) => [
          strategy,
          ...settings.reportedBudgets.map((budget) => {
            const row = reported.find((r) => r.strategy === strategy && r.budget === budget);
            return row ? `${row.mean.toFixed(2)} ± ${row.std.toFixed(2)}` : null;
          }),
        ]),
      },
      {
        title: 'Simulated training time spent (hours, mean over seeds)',
        columns: ['strategy', ...settings.reportedBudgets.map((budget) => `${budget} queries`)],
        rows: STRATEGIES.map((strategy) => [
          strategy,
          ...settings.reportedBudgets.map((budget) =>
            fixed(
              (reported.find((r) => r.strategy === strategy && r.budget === budget)?.meanSimulatedSeconds ?? NaN) /
                3600,
              1,
            ),
          ),
        ]),
      },
    ],
    figures: [figure(context, curvePath, 'NAS best-so-far: mean best accuracy against queries')],
    notes: [
      'The table is the nas-search package’s SYNTHETIC NAS-Bench-201 table (a documented formula, not training): no published table is available offline.',
    ],
  };
}

export const q1NasTabular: Question = {
  id: 'q1',
  title: 'Q1 · NAS strategies on a tabular benchmark',
  summary: 'evolution and REINFORCE against random search on the NAS-Bench-201 cell space (tabular)',
  run,
};
