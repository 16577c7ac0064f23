import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CandidateData, trainCandidate } from './train-candidate.js';

let data: CandidateData;

/** Bright versus dark 8x8 images: learnable in a couple of epochs. */
function images(count: number, rng: Rng) {
  const labels = Array.from({ length: count }, (_, i) => i % 2);
  const pixels = labels.flatMap((label) => Array.from({ length: 64 }, () => rng.uniform(0, 0.5) + label * 0.5));
  return { x: tf.tensor4d(pixels, [count, 8, 8, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2) as tf.Tensor2D };
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
  const rng = new Rng(0);
  data = { train: images(64, rng), validation: images(32, rng) };
});

afterAll(() => {
  tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
});

describe('trainCandidate', () => {
  it('learns a simple task and lets a child inherit its matching layers', async () => {
    const architecture = { inputSize: 8, convLayers: [{ filters: 4, kernelSize: 3 }], denseUnits: [] };
    const seen: number[] = [];
    const parent = await trainCandidate(architecture, data, {
      maxEpochs: 4,
      batchSize: 8,
      learningRate: 0.03,
      patience: 4,
      onEvaluation: ({ accuracy }) => seen.push(accuracy),
    });
    expect(parent.epochs).toBe(4);
    expect(seen).toHaveLength(4);
    expect(parent.accuracy).toBe(Math.max(...seen));
    expect(parent.accuracy).toBeGreaterThan(0.8);
    const child = await trainCandidate({ ...architecture, denseUnits: [4] }, data, {
      maxEpochs: 1,
      batchSize: 16,
      parent: parent.model,
    });
    expect(child.inherited).toEqual(['conv0']);
    parent.model.dispose();
    child.model.dispose();
  });

  it('stops once the validation accuracy has not improved for `patience` epochs', async () => {
    const architecture = { inputSize: 8, convLayers: [{ filters: 2, kernelSize: 3 }], denseUnits: [] };
    // A vanishing learning rate leaves the accuracy unchanged: patience 1 tolerates one flat epoch
    // and stops at the second.
    const trained = await trainCandidate(architecture, data, { maxEpochs: 5, learningRate: 1e-12, patience: 1 });
    expect(trained.epochs).toBe(3);
    expect(trained.stoppedEarly).toBe(true);
    trained.model.dispose();
    const unstopped = await trainCandidate(architecture, data, {
      maxEpochs: 5,
      learningRate: 1e-12,
      earlyStopping: false,
      schedule: 'constant',
    });
    expect(unstopped.epochs).toBe(5);
    expect(unstopped.lastAccuracy).toBe(unstopped.accuracy);
    unstopped.model.dispose();
    await expect(trainCandidate(architecture, data, { schedule: 'step' as unknown as 'constant' })).rejects.toThrow(
      /schedule must be 'warmup-cosine' or 'constant'; got "step"/,
    );
  });

  it('early stopping fires within one or two epochs when it scores every N steps (patience 1 over 1-2 epochs never stopped)', async () => {
    const architecture = { inputSize: 8, convLayers: [{ filters: 2, kernelSize: 3 }], denseUnits: [] };
    // 64 images in batches of 8: 8 steps an epoch. Scored every 2 steps, a flat accuracy stops the
    // run at the third evaluation, step 6, inside the first epoch.
    const steps: number[] = [];
    const trained = await trainCandidate(architecture, data, {
      maxEpochs: 2,
      batchSize: 8,
      learningRate: 1e-12,
      evaluateEvery: 2,
      patience: 1,
      onEvaluation: ({ step }) => steps.push(step),
    });
    expect(steps).toEqual([2, 4, 6]);
    expect(trained).toMatchObject({ steps: 6, epochs: 1, stoppedEarly: true });
    trained.model.dispose();
    // Scored once an epoch, the same run cannot stop before its 2 epochs are over.
    const perEpoch = await trainCandidate(architecture, data, { maxEpochs: 2, batchSize: 8, learningRate: 1e-12 });
    expect(perEpoch).toMatchObject({ steps: 16, epochs: 2, stoppedEarly: false });
    // Patience running out at the very last evaluation is no early stop.
    const atTheEnd = await trainCandidate(architecture, data, {
      maxEpochs: 1,
      batchSize: 8,
      learningRate: 1e-12,
      evaluateEvery: 4,
      patience: 0,
    });
    expect(atTheEnd).toMatchObject({ steps: 8, stoppedEarly: false });
    atTheEnd.model.dispose();
    perEpoch.model.dispose();
  });
});
