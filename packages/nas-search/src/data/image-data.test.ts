// Loading search data from CIFAR-format binary files (tiny ones written here: no real CIFAR files
// exist on the test machines), the errors for a missing or incomplete folder, and a black-box
// search and a one-shot run on them.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TinyCifar, writeTinyCifar } from '../../test/tiny-cifar.js';
import { disposeLabeled } from '../cell/labeled-tensors.js';
import { runImageSearch } from '../evaluation/image-search.js';
import { runOneShotExperiment } from '../oneshot/oneshot-experiment.js';
import { datasetName, loadCandidateData, loadDatasetSplits } from './image-data.js';

let cifar10: TinyCifar;
let cifar100: TinyCifar;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  cifar10 = await writeTinyCifar('cifar10', 30, 4);
  cifar100 = await writeTinyCifar('cifar100', 30, 4);
});

afterAll(async () => {
  await rm(cifar10.directory, { recursive: true, force: true });
  await rm(cifar100.directory, { recursive: true, force: true });
});

describe('loadDatasetSplits', () => {
  it('slices CIFAR-10 training records (across its five batch files) into train and validation', async () => {
    const splits = await loadDatasetSplits(
      { train: 20, validation: 8, test: 4 },
      { dataset: 'cifar10', cifarDirectory: cifar10.directory },
    );
    expect(splits).toMatchObject({ dataset: 'cifar10', inputChannels: 3, numClasses: 10 });
    expect(splits.train.x.shape).toEqual([20, 32, 32, 3]);
    expect(splits.validation.x.shape).toEqual([8, 32, 32, 3]);
    expect(splits.test.x.shape).toEqual([4, 32, 32, 3]);
    expect(Array.from(splits.train.y.dataSync())).toEqual(cifar10.trainLabels.slice(0, 20));
    expect(Array.from(splits.validation.y.dataSync())).toEqual(cifar10.trainLabels.slice(20, 28));
    const pixels = splits.train.x.dataSync();
    expect(Math.min(...pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
    for (const split of [splits.train, splits.validation, splits.test]) disposeLabeled(split);
  });

  it('uses CIFAR-100 fine labels and one-hot encodes them for candidates', async () => {
    const data = await loadCandidateData({ dataset: 'cifar100', cifarDirectory: cifar100.directory }, 12, 6);
    expect(data.train.y.shape).toEqual([12, 100]);
    expect(Array.from(data.train.y.argMax(1).dataSync())).toEqual(cifar100.trainLabels.slice(0, 12));
    expect(data.validation.x.shape).toEqual([6, 32, 32, 3]);
    for (const tensor of [data.train.x, data.train.y, data.validation.x, data.validation.y]) tensor.dispose();
  });

  it('says when there are fewer training records than asked for', async () => {
    await expect(loadCandidateData({ dataset: 'cifar10', cifarDirectory: cifar10.directory }, 25, 10)).rejects.toThrow(
      /CIFAR-10's training split has 30 images; asked for 25 training \+ 10 validation/,
    );
  });

  it('names the expected files when the folder lacks them, and asks for the folder', async () => {
    const empty = join(cifar10.directory, 'no-such-folder');
    await expect(loadCandidateData({ dataset: 'cifar10', cifarDirectory: empty }, 4, 4)).rejects.toThrow(
      /must hold the CIFAR-10 binary files data_batch_1\.bin \.\.\. data_batch_5\.bin and test_batch\.bin/,
    );
    // A CIFAR-10 folder is not a CIFAR-100 one.
    await expect(loadCandidateData({ dataset: 'cifar100', cifarDirectory: cifar10.directory }, 4, 4)).rejects.toThrow(
      /must hold the CIFAR-100 binary files train\.bin and test\.bin.*train\.bin not found/,
    );
    expect(() => datasetName({ dataset: 'cifar100' })).toThrow(/dataset cifar100 needs cifarDirectory/);
    expect(() => datasetName({ dataset: 'svhn' as 'mnist' })).toThrow(
      /dataset must be one of mnist, cifar10, cifar100; got "svhn"/,
    );
  });
});

describe('searches on CIFAR', () => {
  it('trains macro-space CNNs on 3-channel 32x32 images with 100 classes and names the dataset', async () => {
    const result = await runImageSearch({
      strategy: 'random',
      budget: 2,
      maxEpochs: 1,
      trainLimit: 16,
      validationLimit: 8,
      dataset: 'cifar100',
      cifarDirectory: cifar100.directory,
    });
    expect(result.dataset).toBe('cifar100');
    expect(result.evaluations).toHaveLength(2);
    for (const { accuracy, epochs } of result.evaluations) {
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
      expect(epochs).toBe(1);
    }
  });

  it('ranks one-shot candidates with a supernet whose stem takes 3 channels', async () => {
    const result = await runOneShotExperiment({
      dataset: 'cifar10',
      cifarDirectory: cifar10.directory,
      trainExamples: 8,
      validationExamples: 8,
      network: { channels: 2, stages: 2, stemStride: 2 },
      supernetSteps: 2,
      candidates: 2,
      batchSize: 4,
      quiet: true,
    });
    expect(result.dataset).toBe('cifar10');
    expect(result.ranking).toHaveLength(2);
    expect(result.supernetLosses).toHaveLength(2);
    expect(result.supernetLosses.every(Number.isFinite)).toBe(true);
  });
});
