import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import type { Trial } from '../trial.js';
import { CmaEsSampler } from './cma-es-sampler.js';
import { RandomSampler } from './random-sampler.js';

const sphere = (trial: Trial) =>
  Array.from({ length: 4 }, (_, i) => (trial.suggestFloat(`x${i}`, -5, 5) - 1) ** 2).reduce((a, b) => a + b, 0) +
  trial.suggestInt('n', 0, 10) +
  (trial.suggestCategorical('c', ['a', 'b']) === 'a' ? 0 : 1);

async function run(sampler: CmaEsSampler | RandomSampler) {
  const study = createStudy({ sampler });
  await study.optimize(sphere, { nTrials: 120 });
  return study;
}

describe('CmaEsSampler', () => {
  it('is reproducible with a seed', async () => {
    const params = async () => (await run(new CmaEsSampler({ seed: 2 }))).trials.map((trial) => trial.params);
    expect(await params()).toEqual(await params());
  });

  it('moves through generations and beats random search on a sphere', async () => {
    const cma = await run(new CmaEsSampler({ seed: 3 }));
    const random = await run(new RandomSampler({ seed: 3 }));
    const last = cma.trials[cma.trials.length - 1].systemAttrs.cmaEsGeneration as { generation: number };
    // 5 parameters are numerical (x0..x3, n): lambda = 4 + floor(3 ln 5) = 8 per generation.
    expect(last.generation).toBeGreaterThanOrEqual(10);
    expect(cma.bestValue).toBeLessThan(random.bestValue / 2);
  });

  it('rejects bad options and multi-objective studies', async () => {
    expect(() => new CmaEsSampler({ populationSize: 1 })).toThrow(/populationSize/);
    const study = createStudy({ directions: ['minimize', 'minimize'], sampler: new CmaEsSampler() });
    await expect(study.optimize((trial) => [trial.suggestFloat('x', 0, 1), 0], { nTrials: 2 })).rejects.toThrow(
      /single-objective/,
    );
  });
});
