import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { macroF1 } from '../metrics/scores.js';
import { type EncodedDataset, predictClasses } from './predict.js';
import { trainMultiTask } from './train.js';

let directory = '';
beforeAll(async () => {
  await initBackend({ quiet: true });
  directory = await mkdtemp(join(tmpdir(), 'mtl-train-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/**
 * Texts of 8 random tokens from 4..29 (inclusive); task "a" is whether token 2 occurs, task "b" which of the
 * tokens 3 / none occurs. Every third example has no label for task "a".
 */
function synthetic(count: number, seed: number): EncodedDataset {
  const rng = new Rng(seed);
  const maxLength = 8;
  const tokens = new Int32Array(count * maxLength);
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < maxLength; j++) tokens[i * maxLength + j] = rng.int(4, 29);
    const hasA = rng.next() < 0.3;
    const hasB = rng.next() < 0.5;
    if (hasA) tokens[i * maxLength + rng.int(0, maxLength - 1)] = 2;
    if (hasB) tokens[i * maxLength + rng.int(0, maxLength - 1)] = 3;
    // A later write may have replaced the planted token: label what is really there.
    const row = tokens.subarray(i * maxLength, (i + 1) * maxLength);
    a[i] = i % 3 === 0 ? -1 : row.includes(2) ? 1 : 0;
    b[i] = row.includes(3) ? 1 : 0;
  }
  return { tokens, maxLength, labels: [a, b] };
}

const tasks = [
  { name: 'a', classes: ['no', 'yes'] },
  { name: 'b', classes: ['no', 'yes'] },
];

function simpleBatcher(count: number, batchSize: number, seed: number) {
  const rng = new Rng(seed);
  return {
    nextEpoch: () => {
      const order = rng.permutation(count);
      const batches: { indices: Int32Array }[] = [];
      for (let start = 0; start < count; start += batchSize)
        batches.push({ indices: order.slice(start, start + batchSize) });
      return batches;
    },
  };
}

describe('trainMultiTask', () => {
  it('learns both tasks, masks unlabelled rows, keeps the best epoch and saves it', async () => {
    const train = synthetic(600, 1);
    const validation = synthetic(200, 2);
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const result = await trainMultiTask({
      tasks,
      train,
      validation,
      batcher: simpleBatcher(600, 32, 3),
      backbone: { vocabSize: 30, embeddingDim: 16, width: 16, kernelSizes: [1, 2] },
      losses: [{ classWeights: [1, 2] }, { focalGamma: 2 }],
      weighting: { kind: 'uncertainty' },
      epochs: 6,
      learningRate: 5e-3,
      freezeEmbeddingEpochs: 1,
      checkpointDirectory: join(directory, 'checkpoints'),
      progress: false,
      onEpoch: (record) => epochs.push(record.epoch),
    });
    expect(epochs[0]).toBe(1);
    expect(result.history[0]?.embeddingFrozen).toBe(true);
    expect(result.history[1]?.embeddingFrozen).toBe(false);
    expect(result.bestValidationMacroF1.a).toBeGreaterThan(0.9);
    expect(result.bestValidationMacroF1.b).toBeGreaterThan(0.9);
    // The model holds the best epoch's weights: recomputing its validation predictions agrees.
    const [predictedA] = predictClasses(result.model, validation);
    let correct = 0;
    let labelled = 0;
    validation.labels[0]?.forEach((label, i) => {
      if (label < 0) return;
      labelled++;
      if (predictedA?.[i] === label) correct++;
    });
    expect(correct / labelled).toBeGreaterThan(0.9);
    expect((await readdir(join(directory, 'checkpoints'))).length).toBeGreaterThan(0);
    result.model.model.dispose();
    // Two AdamW optimizers keep one tensor each after dispose (a tfjs quirk); nothing else survives.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2);
  }, 60_000);

  it('with per-task selection scores each task with the weights of its own best validation epoch', async () => {
    const train = synthetic(300, 4);
    const validation = synthetic(150, 5);
    const before = tf.memory().numTensors;
    const result = await trainMultiTask({
      tasks,
      train,
      validation,
      batcher: simpleBatcher(300, 32, 6),
      backbone: { vocabSize: 30, embeddingDim: 8, width: 8, kernelSizes: [1, 2], randomEmbeddingDim: 4 },
      epochs: 5,
      learningRate: 5e-3,
      selection: 'per-task',
      progress: false,
    });
    for (const [t, task] of tasks.entries()) {
      const scores = result.history.map((record) => record.validationMacroF1[task.name] as number);
      // The first epoch with the task's best validation score.
      expect(result.bestEpochByTask[task.name]).toBe(scores.indexOf(Math.max(...scores)) + 1);
      result.useWeightsOf(task.name);
      const predicted = predictClasses(result.model, validation)[t] as Int32Array;
      const truth: number[] = [];
      const kept: number[] = [];
      (validation.labels[t] as Int32Array).forEach((label, i) => {
        if (label < 0) return;
        truth.push(label);
        kept.push(predicted[i] as number);
      });
      expect(macroF1(truth, kept, 2)).toBeCloseTo(Math.max(...scores), 10);
    }
    expect(() => result.useWeightsOf('c')).toThrow("unknown task 'c' (tasks: a, b)");
    result.dispose();
    result.model.model.dispose();
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2);
  }, 60_000);

  it('task-sampled batches train with AdamW (regression: its moments were matched to a shorter gradient list by position, and the first batch of the other task crashed)', async () => {
    const train = synthetic(120, 7);
    const threeClasses = [
      { name: 'a', classes: ['no', 'yes'] },
      { name: 'c', classes: ['x', 'y', 'z'] },
    ];
    const c = Int32Array.from(train.labels[1] as Int32Array, (label, i) => (label === 1 ? 2 : i % 2));
    const order = simpleBatcher(120, 20, 8);
    // Every other batch trains one task alone, as the 'proportional' and 'dynamic' strategies do.
    const batcher = {
      nextEpoch: () => order.nextEpoch().map((batch, b) => ({ ...batch, task: b % 2 === 0 ? 'a' : 'c' })),
    };
    const result = await trainMultiTask({
      tasks: threeClasses,
      train: { ...train, labels: [train.labels[0] as Int32Array, c] },
      validation: { ...train, labels: [train.labels[0] as Int32Array, c] },
      batcher,
      backbone: { vocabSize: 30, embeddingDim: 8, width: 8, kernelSizes: [1] },
      epochs: 2,
      progress: false,
    });
    expect(result.history.map((record) => Number.isFinite(record.trainLoss.c))).toEqual([true, true]);
    result.model.model.dispose();
  });

  it('rejects labels that do not cover every task', async () => {
    const train = synthetic(10, 1);
    await expect(
      trainMultiTask({
        tasks,
        train: { ...train, labels: [train.labels[0] as Int32Array] },
        validation: train,
        batcher: simpleBatcher(10, 5, 0),
        backbone: { vocabSize: 30 },
        progress: false,
      }),
    ).rejects.toThrow(/labels for each of the 2 tasks/);
  });
});
