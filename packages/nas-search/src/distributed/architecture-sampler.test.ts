import { createStudy, type Study } from '@hw7/hpo';
import { describe, expect, it } from 'vitest';
import { type CellGenotype, nb201CellSpace } from '../spaces/nb201-cell.js';
import { syntheticNb201Score } from '../tabular/synthetic-nb201.js';
import { ArchitectureSampler, PARENT_KEY_ATTR } from './architecture-sampler.js';
import { ARCHITECTURE_ATTR, architectureObjective } from './distributed-search.js';

const score = (cell: CellGenotype) => syntheticNb201Score(cell).accuracy;

async function search(options: ConstructorParameters<typeof ArchitectureSampler>[1], nTrials?: number): Promise<Study> {
  const study = createStudy({ direction: 'maximize', sampler: new ArchitectureSampler(nb201CellSpace, options) });
  await study.optimize(architectureObjective(nb201CellSpace, score), { nTrials });
  return study;
}

const architectures = (study: Study) => study.trials.map((trial) => trial.userAttrs[ARCHITECTURE_ATTR]);

describe('ArchitectureSampler', () => {
  it('evolves mutations of tournament winners among the most recently completed trials', async () => {
    const study = await search({ strategy: 'evolution', populationSize: 5, sampleSize: 2, seed: 4 }, 30);
    const trials = study.trials;
    expect(trials.slice(0, 5).every((trial) => trial.systemAttrs[PARENT_KEY_ATTR] === undefined)).toBe(true);
    for (const child of trials.slice(5)) {
      const parentKey = child.systemAttrs[PARENT_KEY_ATTR] as string;
      // The parent was one of the 5 trials completed just before the child started (run one at a time).
      const population = trials
        .slice(child.number - 5, child.number)
        .map((trial) => trial.userAttrs[ARCHITECTURE_ATTR]);
      expect(population).toContain(parentKey);
      const parent = nb201CellSpace.parse(parentKey);
      const cell = nb201CellSpace.parse(child.userAttrs[ARCHITECTURE_ATTR] as string);
      expect(cell.edges.filter((operation, edge) => operation !== parent.edges[edge])).toHaveLength(1);
      expect(child.value).toBe(score(cell));
    }
    // Seeded by (seed, trial number): the same search again proposes the same architectures.
    const again = await search({ strategy: 'evolution', populationSize: 5, sampleSize: 2, seed: 4 }, 30);
    expect(architectures(again)).toEqual(architectures(study));
  });

  it('stops every worker once the budget is spent, and samples uniformly for random search', async () => {
    const study = await search({ strategy: 'random', budget: 12, seed: 1 });
    expect(study.trials).toHaveLength(12);
    expect(study.trials.map((trial) => trial.systemAttrs.budgetSlot).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, slot) => slot),
    );
    expect(new Set(architectures(study)).size).toBeGreaterThan(10);
    expect(study.trials.every((trial) => trial.systemAttrs[PARENT_KEY_ATTR] === undefined)).toBe(true);
  });

  it('explains invalid options', () => {
    const make = (options: Partial<ConstructorParameters<typeof ArchitectureSampler>[1]>) =>
      new ArchitectureSampler(nb201CellSpace, { strategy: 'evolution', ...options });
    expect(() => make({ strategy: 'reinforce' as never })).toThrow(
      'strategy must be one of random, evolution; got "reinforce"',
    );
    expect(() => make({ budget: 0 })).toThrow('budget must be an integer >= 1; got 0');
    expect(() => make({ populationSize: 0 })).toThrow('populationSize must be an integer >= 1; got 0');
    expect(() => make({ populationSize: 2, sampleSize: 3 })).toThrow(
      'sampleSize must be an integer in [1, populationSize=2]; got 3',
    );
  });
});
