import { describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { AgingEvolution } from './aging-evolution.js';
import { runSearch } from './run-search.js';

const convCount = (key: string) => key.split('nor_conv_3x3').length - 1;

describe('AgingEvolution', () => {
  it('samples P random architectures, then mutates tournament winners', async () => {
    const strategy = new AgingEvolution(nb201CellSpace, { populationSize: 4, sampleSize: 2, seed: 1 });
    const records = await runSearch(strategy, (candidate) => convCount(candidate.key), { budget: 40 });
    const children = records.slice(4).map((record) => record.candidate.architecture.edges);
    // Every child differs in one edge from some earlier architecture (its parent).
    for (const [i, child] of children.entries()) {
      const earlier = records.slice(0, 4 + i).map((record) => record.candidate.architecture.edges);
      expect(earlier.some((parent) => parent.filter((op, edge) => op !== child[edge]).length === 1)).toBe(true);
    }
    const best = Math.max(...records.map((record) => record.reward));
    expect(best).toBeGreaterThan(Math.max(...records.slice(0, 4).map((record) => record.reward)));
  });

  it('is reproducible from its seed', async () => {
    const keys = async (seed: number) =>
      (await runSearch(new AgingEvolution(nb201CellSpace, { seed }), (c) => convCount(c.key), { budget: 30 })).map(
        (record) => record.candidate.key,
      );
    expect(await keys(3)).toEqual(await keys(3));
    expect(await keys(3)).not.toEqual(await keys(4));
  });

  it('rejects a tournament larger than the population', () => {
    expect(() => new AgingEvolution(nb201CellSpace, { populationSize: 3, sampleSize: 5 })).toThrow(
      /sampleSize must be an integer in \[1, populationSize=3\]; got 5/,
    );
  });
});
