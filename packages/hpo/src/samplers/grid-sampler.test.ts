import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import { GridSampler } from './grid-sampler.js';
import { SamplerExhaustedError } from './sampler.js';

describe('GridSampler', () => {
  const searchSpace = { x: [-1, 0, 1], opt: ['sgd', 'adam'] };
  const objective = (trial: import('../trial.js').Trial) =>
    trial.suggestInt('x', -1, 1) + (trial.suggestCategorical('opt', ['sgd', 'adam']) === 'adam' ? 0.5 : 0);

  it('visits each grid point exactly once and then stops the study', async () => {
    const study = createStudy({ sampler: new GridSampler(searchSpace, { seed: 1 }) });
    await study.optimize(objective, { nTrials: 100 });
    const points = study.trials.map((trial) => `${trial.params.x}/${trial.params.opt}`);
    expect(points).toHaveLength(6);
    expect(new Set(points).size).toBe(6);
  });

  it('is reproducible with a seed', async () => {
    const order = async () => {
      const study = createStudy({ sampler: new GridSampler(searchSpace, { seed: 7 }) });
      await study.optimize(objective);
      return study.trials.map((trial) => trial.params);
    };
    expect(await order()).toEqual(await order());
  });

  it('explains parameters outside the grid and empty value lists', async () => {
    expect(() => new GridSampler({ x: [] })).toThrow('GridSampler: searchSpace.x must be a non-empty array of values');
    const study = createStudy({ sampler: new GridSampler({ x: [1] }) });
    await expect(study.optimize((trial) => trial.suggestFloat('y', 0, 1), { nTrials: 1 })).rejects.toThrow(
      /'y' is not in the grid/,
    );
  });

  it('gives concurrent workers distinct points and then refuses new trials', async () => {
    const study = createStudy({ sampler: new GridSampler(searchSpace, { seed: 2 }) });
    const asyncObjective = async (trial: import('../trial.js').Trial) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return objective(trial);
    };
    await study.optimize(asyncObjective, { nJobs: 4 });
    expect(study.trials.map((trial) => trial.systemAttrs.gridId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => study.ask()).toThrow(SamplerExhaustedError);
    expect(study.trials).toHaveLength(6);
  });

  it('needs enqueued trials to fix every grid parameter, as Optuna does', async () => {
    const study = createStudy({ sampler: new GridSampler(searchSpace, { seed: 3 }) });
    study.enqueueTrial({ x: 0, opt: 'adam' });
    study.enqueueTrial({ x: 1 });
    await study.optimize(objective, { nTrials: 1 });
    expect(study.trials[0].params).toEqual({ x: 0, opt: 'adam' });
    await expect(study.optimize(objective, { nTrials: 1 })).rejects.toThrow(
      "GridSampler: trial 1 was enqueued without 'opt'; enqueue every grid parameter",
    );
  });
});
