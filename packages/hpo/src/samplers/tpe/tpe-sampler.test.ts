import { describe, expect, it } from 'vitest';
import { createStudy } from '../../study.js';
import type { Trial } from '../../trial.js';
import { RandomSampler } from '../random-sampler.js';
import { defaultGamma, defaultWeights, OPTUNA_3_1_TPE, TPESampler } from './tpe-sampler.js';

const sphere = (trial: Trial) => {
  const x = trial.suggestFloat('x', -10, 10);
  const y = trial.suggestFloat('y', -10, 10);
  const n = trial.suggestInt('n', 0, 20);
  const opt = trial.suggestCategorical('opt', ['a', 'b', 'c']);
  return x ** 2 + y ** 2 + (n - 7) ** 2 / 10 + (opt === 'b' ? 0 : 5);
};

async function bestValue(sampler: TPESampler | RandomSampler, nTrials = 60): Promise<number> {
  const study = createStudy({ sampler });
  await study.optimize(sphere, { nTrials });
  return study.bestValue;
}

describe('TPESampler', () => {
  it("uses Optuna's default gamma and weights", () => {
    expect([1, 10, 11, 100, 300].map(defaultGamma)).toEqual([1, 1, 2, 10, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const weights = defaultWeights(30);
    expect(weights).toHaveLength(30);
    expect(weights[0]).toBeCloseTo(1 / 30);
    expect(weights[4]).toBeCloseTo(1);
    expect(weights.slice(5)).toEqual(new Array(25).fill(1));
  });

  it('is reproducible with a seed', async () => {
    const run = async () => {
      const study = createStudy({ sampler: new TPESampler({ seed: 42 }) });
      await study.optimize(sphere, { nTrials: 30 });
      return study.trials.map((trial) => trial.params);
    };
    expect(await run()).toEqual(await run());
  });

  it('beats random search on a simple function over a few seeds', async () => {
    const seeds = [0, 1, 2, 3, 4];
    const tpe = await Promise.all(seeds.map((seed) => bestValue(new TPESampler({ seed }))));
    const random = await Promise.all(seeds.map((seed) => bestValue(new RandomSampler({ seed }))));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2];
    expect(median(tpe)).toBeLessThan(median(random));
  });

  it('samples the shared parameters jointly by default, one by one with OPTUNA_3_1_TPE', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 8 }) });
    await study.optimize(sphere, { nTrials: 5 });
    expect(Object.keys(new TPESampler({ seed: 0 }).inferRelativeSearchSpace(study)).sort()).toEqual([
      'n',
      'opt',
      'x',
      'y',
    ]);
    expect(new TPESampler({ ...OPTUNA_3_1_TPE, seed: 0 }).inferRelativeSearchSpace(study)).toEqual({});
  });

  for (const multivariateBandwidth of ['scott', 'optuna-3.1'] as const) {
    it(`samples jointly with ${multivariateBandwidth} bandwidths, reproducibly`, async () => {
      const run = async () => bestValue(new TPESampler({ seed: 5, multivariateBandwidth }), 40);
      const first = await run();
      expect(first).toBe(await run());
      expect(first).toBeLessThan(10);
    });
  }

  it('names a bad bandwidth rule', () => {
    expect(() => new TPESampler({ multivariateBandwidth: 'silverman' as 'scott' })).toThrow(
      /multivariateBandwidth must be 'scott' or 'optuna-3.1'; got silverman/,
    );
  });

  it('handles categorical choices that change between trials (beyond Optuna)', async () => {
    const study = createStudy({ sampler: new TPESampler({ seed: 6, nStartupTrials: 5 }) });
    await study.optimize(
      (trial) => {
        const choices = trial.number % 2 === 0 ? ['a', 'b', 'c'] : ['b', 'c', 'd'];
        return trial.suggestCategorical('opt', choices) === 'b' ? 0 : 1;
      },
      { nTrials: 40 },
    );
    const late = study.trials.slice(20).filter((trial) => trial.params.opt === 'b');
    expect(late.length).toBeGreaterThan(10);
  });

  it('uses pruned trials ranked after complete ones', async () => {
    const study = createStudy({ sampler: new TPESampler({ seed: 7, nStartupTrials: 3 }) });
    for (let i = 0; i < 10; i++) {
      const trial = study.ask();
      const x = trial.suggestFloat('x', 0, 1);
      trial.report(x, 0);
      if (i % 2) study.tell(trial, { state: 'PRUNED' });
      else study.tell(trial, x);
    }
    expect(study.ask().suggestFloat('x', 0, 1)).toBeGreaterThanOrEqual(0);
  });

  it('refuses multi-objective studies with a pointer to NSGA-II', async () => {
    const study = createStudy({ directions: ['minimize', 'minimize'], sampler: new TPESampler({ nStartupTrials: 0 }) });
    await expect(study.optimize((trial) => [trial.suggestFloat('x', 0, 1), 0], { nTrials: 1 })).rejects.toThrow(
      /NSGAIISampler/,
    );
  });
});
