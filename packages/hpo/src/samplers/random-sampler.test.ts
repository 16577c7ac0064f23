import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import type { Trial } from '../trial.js';
import { RandomSampler } from './random-sampler.js';

const objective = (trial: Trial) =>
  trial.suggestFloat('x', -5, 5) +
  trial.suggestFloat('lr', 1e-5, 1, { log: true }) +
  trial.suggestInt('units', 16, 512, { log: true }) +
  trial.suggestFloat('drop', 0, 0.5, { step: 0.1 }) +
  trial.suggestCategorical('opt', [1, 2, 3]);

async function paramsFor(seed: number) {
  const study = createStudy({ sampler: new RandomSampler({ seed }) });
  await study.optimize(objective, { nTrials: 50 });
  return study.trials.map((trial) => trial.params);
}

describe('RandomSampler', () => {
  it('is reproducible with a seed and differs across seeds', async () => {
    expect(await paramsFor(3)).toEqual(await paramsFor(3));
    expect(await paramsFor(3)).not.toEqual(await paramsFor(4));
  });

  it('keeps every value inside its distribution, on its grid', async () => {
    for (const params of await paramsFor(5)) {
      expect(params.lr).toBeGreaterThanOrEqual(1e-5);
      expect(params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(params.units)).toBe(true);
      expect(params.units).toBeGreaterThanOrEqual(16);
      expect(params.units).toBeLessThanOrEqual(512);
      expect(Math.abs((params.drop as number) * 10 - Math.round((params.drop as number) * 10))).toBeLessThan(1e-9);
    }
  });
});
