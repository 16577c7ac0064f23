// One DARTS iteration on a tiny supernet and random images: both orders move alpha and the weights,
// the second order's unrolled look-ahead leaves no trace, and repeated steps leak no tensors.
import { initBackend, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeLabeled, type LabeledTensors } from '../cell/labeled-tensors.js';
import { secondOrderArchitectureGradient } from './architecture-gradient.js';
import { dartsStep } from './darts-step.js';
import { DartsSupernet } from './darts-supernet.js';
import type { DartsOrder } from './darts-variants.js';

const TINY = { channels: 2, stages: 2, stemStride: 2, seed: 1 } as const;

let train: LabeledTensors;
let validation: LabeledTensors;

const randomBatch = (seed: number): LabeledTensors => ({
  x: tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
  y: tf.randomUniform([8], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
});

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  train = randomBatch(1);
  validation = randomBatch(3);
});

afterAll(() => {
  disposeLabeled(train);
  disposeLabeled(validation);
});

const maxChange = (before: Float32Array | Int32Array | Uint8Array, after: tf.Tensor) =>
  Math.max(...Array.from(after.dataSync(), (value, i) => Math.abs(value - before[i])));

describe('dartsStep', () => {
  it.each<DartsOrder>(['first', 'second'])('%s order changes alpha and the weights', (order) => {
    const model = new DartsSupernet(TINY);
    const optimizers = { weights: tf.train.momentum(0.05, 0.9), alpha: tf.train.adam(1e-2, 0.5, 0.999) };
    const alphaBefore = model.alpha.dataSync().slice();
    const stemBefore = model.weights[0].dataSync().slice();
    const losses = dartsStep(model, optimizers, { train, validation }, { order, unrolledStep: 0.05 });
    expect(Number.isFinite(losses.trainLoss) && Number.isFinite(losses.validationLoss)).toBe(true);
    expect(maxChange(alphaBefore, model.alpha)).toBeGreaterThan(1e-4);
    expect(maxChange(stemBefore, model.weights[0])).toBeGreaterThan(1e-6);
    optimizers.weights.dispose();
    optimizers.alpha.dispose();
    model.dispose();
  });

  it('second-order gradients restore the weights exactly after the unrolled step', () => {
    const model = new DartsSupernet(TINY);
    const before = model.weights.map((weight) => weight.dataSync().slice());
    const { gradient } = secondOrderArchitectureGradient(model, train, validation, 0.05);
    expect(gradient.shape).toEqual([6, 5]);
    model.weights.forEach((weight, i) => {
      expect(weight.dataSync()).toEqual(before[i]);
    });
    gradient.dispose();
    model.dispose();
  });

  it('keeps the number of tensors constant across second-order steps', () => {
    const model = new DartsSupernet(TINY);
    const optimizers = { weights: tf.train.momentum(0.05, 0.9), alpha: tf.train.adam(1e-2, 0.5, 0.999) };
    const step = () => dartsStep(model, optimizers, { train, validation }, { order: 'second', unrolledStep: 0.05 });
    step(); // creates the optimizers' slots
    const tensors = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(tensors);
    optimizers.weights.dispose();
    optimizers.alpha.dispose();
    model.dispose();
  });
});
