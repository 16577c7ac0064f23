import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import { dominates } from '../study-direction.js';
import type { Trial } from '../trial.js';
import { NSGAIISampler } from './nsga2-sampler.js';

// Schaffer's problem N.1 on [-2, 4] (plus an ignored categorical): the Pareto set is x in [0, 2].
const schaffer = (trial: Trial) => {
  const x = trial.suggestFloat('x', -2, 4);
  trial.suggestCategorical('flag', [true, false]);
  return [x ** 2, (x - 2) ** 2];
};

async function run(crossover: 'uniform' | 'sbx', seed = 1) {
  const study = createStudy({
    directions: ['minimize', 'minimize'],
    sampler: new NSGAIISampler({ seed, populationSize: 10, crossover, mutationProb: 0.1 }),
  });
  await study.optimize(schaffer, { nTrials: 60 });
  return study;
}

describe('NSGAIISampler', () => {
  it('is reproducible with a seed', async () => {
    const params = async () => (await run('uniform', 3)).trials.map((trial) => trial.params);
    expect(await params()).toEqual(await params());
  });

  it('assigns generations and moves later generations onto the Pareto set', async () => {
    for (const crossover of ['uniform', 'sbx'] as const) {
      const study = await run(crossover);
      expect(study.trials[59].systemAttrs.nsga2Generation).toBeGreaterThanOrEqual(1);
      const late = study.trials.slice(40).filter((trial) => {
        const x = trial.params.x as number;
        return x >= 0 && x <= 2;
      });
      expect(late.length).toBeGreaterThanOrEqual(15);
      // bestTrials is the non-dominated set of all complete trials.
      const front = study.bestTrials;
      for (const trial of front) {
        for (const other of study.trials)
          expect(dominates(other.values ?? [], trial.values ?? [], study.directions)).toBe(false);
      }
    }
  });

  it('rejects bad options', () => {
    expect(() => new NSGAIISampler({ populationSize: 1 })).toThrow(/populationSize/);
    expect(() => new NSGAIISampler({ crossoverProb: 2 })).toThrow(/crossoverProb must be in \[0, 1\]/);
  });
});
