import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pruner } from '../pruners/pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { createStudy } from '../study.js';
import { createCnnObjective } from './cnn-objective.js';
import { describeFinishedTrial, runCnnStudy } from './cnn-study.js';
import { loadImageDataset } from './image-dataset.js';

const TINY = { dataset: 'mnist', trainLimit: 64, testLimit: 40, epochs: 1, batchSize: 32 } as const;

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe('the homework CNN study', () => {
  it('runs trials over the homework search space and reports test accuracy per epoch', async () => {
    const lines: string[] = [];
    const study = await runCnnStudy({ ...TINY, nTrials: 2, pruner: 'none', seed: 1, log: (line) => lines.push(line) });
    expect(study.direction).toBe('maximize');
    expect(study.getTrials(['COMPLETE'])).toHaveLength(2);
    for (const trial of study.trials) {
      const { num_conv_layers: convLayers, num_fc_layers: fcLayers } = trial.params as Record<string, number>;
      expect(Object.keys(trial.params).sort()).toEqual(
        [
          'lr',
          'num_conv_layers',
          'num_fc_layers',
          'optimizer',
          ...Array.from({ length: convLayers }, (_, i) => `num_filter_${i}`),
          ...Array.from({ length: fcLayers - 1 }, (_, i) => `num_neurons_${i}`),
        ].sort(),
      );
      expect([...trial.intermediateValues.keys()]).toEqual([0]);
      expect(trial.value).toBeGreaterThanOrEqual(0);
      expect(trial.value).toBeLessThanOrEqual(1);
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^trial 0 COMPLETE value=\d\.\d{4} \(\d+\.\d s\) num_conv_layers=\d /);
  });

  it('frees every tensor of a trial, completed or pruned', async () => {
    const data = await loadImageDataset({ dataset: 'mnist', trainLimit: 32, testLimit: 20 });
    try {
      const objective = createCnnObjective({ data, epochs: 2, batchSize: 16 });
      const alwaysPrune: Pruner = { prune: () => true };
      const pruned = createStudy({
        direction: 'maximize',
        sampler: new RandomSampler({ seed: 0 }),
        pruner: alwaysPrune,
      });
      const before = tf.memory().numTensors;
      await pruned.optimize(objective, { nTrials: 2 });
      expect(tf.memory().numTensors).toBe(before);
      expect(pruned.trials.map((trial) => trial.state)).toEqual(['PRUNED', 'PRUNED']);
      // Pruned after its first epoch: one report, which is also its value.
      expect(pruned.trials[0].intermediateValues.size).toBe(1);
      expect(describeFinishedTrial(pruned.trials[0])).toMatch(/^trial 0 PRUNED value=\d\.\d{4} at epoch 0 /);

      const complete = createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
      await complete.optimize(objective, { nTrials: 2 });
      expect(tf.memory().numTensors).toBe(before);
      expect(complete.trials.map((trial) => trial.intermediateValues.size)).toEqual([2, 2]);
    } finally {
      data.dispose();
    }
  });

  it('trains on CIFAR-100 binary files', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hpo-cifar-'));
    try {
      // CIFAR-100 records: coarse label, fine label, 32 x 32 x 3 pixels.
      const records = (count: number) =>
        Uint8Array.from({ length: count * 3074 }, (_, i) => {
          const [record, offset] = [Math.floor(i / 3074), i % 3074];
          return offset === 0 ? record % 20 : offset === 1 ? record % 100 : (i * 7) % 256;
        });
      await writeFile(join(directory, 'train.bin'), records(20));
      await writeFile(join(directory, 'test.bin'), records(10));
      const study = await runCnnStudy({ ...TINY, dataset: 'cifar100', cifarDirectory: directory, nTrials: 1 });
      expect(study.trials[0].state).toBe('COMPLETE');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('takes a pruner of the caller, e.g. a MedianPruner with fewer startup trials', async () => {
    const alwaysPrune: Pruner = { prune: () => true };
    const study = await runCnnStudy({ ...TINY, epochs: 2, nTrials: 2, pruner: alwaysPrune });
    expect(study.trials.map((trial) => [trial.state, trial.lastStep])).toEqual([
      ['PRUNED', 0],
      ['PRUNED', 0],
    ]);
  });

  it('explains bad options', async () => {
    await expect(runCnnStudy({ ...TINY })).rejects.toThrow(/pass nTrials or timeout/);
    await expect(runCnnStudy({ ...TINY, nTrials: 1, pruner: 'hyperband' as never })).rejects.toThrow(
      /pruner must be one of median, none; got hyperband/,
    );
    await expect(loadImageDataset({ dataset: 'cifar100' })).rejects.toThrow(/needs cifarDirectory/);
    await expect(loadImageDataset({ dataset: 'svhn' as never })).rejects.toThrow(
      /dataset must be one of mnist, cifar100; got svhn/,
    );
  });
});
