import { describe, expect, it } from 'vitest';
import { RandomSampler } from './samplers/random-sampler.js';
import { createStudy } from './study.js';
import { dominates, nondominatedFronts } from './study-direction.js';

describe('Pareto dominance', () => {
  it('respects each direction', () => {
    expect(dominates([1, 5], [2, 5], ['minimize', 'maximize'])).toBe(true);
    expect(dominates([1, 4], [2, 5], ['minimize', 'maximize'])).toBe(false);
    expect(dominates([1, 5], [1, 5], ['minimize', 'maximize'])).toBe(false);
  });

  it('sorts points into non-dominated fronts', () => {
    const points = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
      [2, 2],
    ];
    const fronts = nondominatedFronts(points, (p) => p, ['minimize', 'minimize']);
    expect(fronts).toEqual([
      [
        [1, 4],
        [2, 2],
        [4, 1],
        [2, 2],
      ],
      [[3, 3]],
      [[5, 5]],
    ]);
  });

  it("gives a multi-objective study's Pareto front as bestTrials", () => {
    const study = createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 1 }) });
    const values = [
      [1, 1],
      [2, 3],
      [3, 2],
      [0.5, 0.5],
      [2, 3],
    ];
    for (const pair of values) study.tell(study.ask(), pair);
    expect(study.bestTrials.map((trial) => trial.number)).toEqual([0, 1, 3, 4]);
    expect(() => study.bestTrial).toThrow(/single-objective/);
  });
});
