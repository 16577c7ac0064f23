import { initBackend } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { compareStrategies } from './compare-strategies.js';
import { syntheticNb201Csv } from './synthetic-nb201.js';
import { TabularBenchmark } from './tabular-benchmark.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('compareStrategies', () => {
  it('reports mean and std of the best metric per strategy and budget, non-decreasing in the budget', async () => {
    const table = TabularBenchmark.fromCsv(syntheticNb201Csv(), { timeColumn: 'train_time' });
    const rows = await compareStrategies({
      table,
      space: nb201CellSpace,
      strategies: ['random', 'evolution', 'qlearning', 'reinforce'],
      budgets: [10, 20],
      seeds: 2,
    });
    expect(rows.map((row) => `${row.strategy}@${row.budget}`)).toEqual([
      'random@10',
      'random@20',
      'evolution@10',
      'evolution@20',
      'qlearning@10',
      'qlearning@20',
      'reinforce@10',
      'reinforce@20',
    ]);
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i + 1].mean).toBeGreaterThanOrEqual(rows[i].mean);
      expect(rows[i].meanSimulatedSeconds).toBeGreaterThanOrEqual(10 * 1000);
    }
    expect(rows.every((row) => row.seeds === 2 && row.std >= 0 && row.mean <= table.best().metric)).toBe(true);
  });

  it('a budget beyond the table is refused at once, not run for minutes (--budget 100000000 ran past 75 s)', async () => {
    const table = TabularBenchmark.fromCsv(syntheticNb201Csv());
    const started = performance.now();
    await expect(
      compareStrategies({ table, space: nb201CellSpace, strategies: ['random'], budgets: [25, 100_000_000], seeds: 1 }),
    ).rejects.toThrow(
      "budgets must be at most the table's 15625 architectures (a search cannot query more distinct ones); got 100000000",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
