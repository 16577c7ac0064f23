import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import type { Trial } from '../trial.js';
import { QMCSampler } from './qmc-sampler.js';
import { SobolSequence } from './sobol-sequence.js';

describe('SobolSequence', () => {
  it("matches SciPy's unscrambled qmc.Sobol (Gray-code order)", () => {
    const sobol = new SobolSequence(6);
    expect(sobol.point(0)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(sobol.point(2)).toEqual([0.75, 0.25, 0.25, 0.25, 0.75, 0.75]);
    expect(new SobolSequence(21).point(63)[20]).toBe(0.234375);
    expect(() => new SobolSequence(22)).toThrow(/\[1, 21\]/);
  });

  it('stratifies: each of the first 2^k points falls in its own cell of width 2^-k', () => {
    const sobol = new SobolSequence(3);
    for (let d = 0; d < 3; d++) {
      const cells = new Set(Array.from({ length: 16 }, (_, n) => Math.floor(sobol.point(n)[d] * 16)));
      expect(cells.size).toBe(16);
    }
  });
});

describe('QMCSampler', () => {
  const objective = (trial: Trial) =>
    trial.suggestFloat('x', -1, 1) +
    trial.suggestInt('n', 1, 8) +
    (trial.suggestCategorical('c', ['a', 'b']) === 'a' ? 1 : 0);

  it('walks the Sobol sequence over the first trial’s numerical parameters', async () => {
    const study = createStudy({ sampler: new QMCSampler({ seed: 1 }) });
    await study.optimize(objective, { nTrials: 17 });
    // Trial 0 is random; trials 1..16 take Sobol points 0..15, which stratify x into 16 cells.
    const cells = new Set(
      study.trials.slice(1).map((trial) => Math.floor((((trial.params.x as number) + 1) / 2) * 16)),
    );
    expect(cells.size).toBe(16);
    expect(study.trials[1].params).toMatchObject({ x: -1, n: 1 });
  });

  it('is reproducible with a seed, also when scrambled', async () => {
    const run = async () => {
      const study = createStudy({ sampler: new QMCSampler({ seed: 3, scramble: true }) });
      await study.optimize(objective, { nTrials: 10 });
      return study.trials.map((trial) => trial.params);
    };
    expect(await run()).toEqual(await run());
  });
});
