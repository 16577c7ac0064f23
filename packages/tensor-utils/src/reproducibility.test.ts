// "A run with the same seed on the same backend gives identical results": two short training runs
// of a small conv net from seedEverything(7) must agree bit for bit, on each backend.
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { seedEverything } from './random.js';
import * as tf from './tf.js';

async function trainingLosses(): Promise<number[]> {
  seedEverything(7);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, strides: 2 }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  const optimizer = tf.train.adam(1e-2);
  const x = tf.randomNormal([6, 8, 8, 2]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
  const losses: number[] = [];
  for (let step = 0; step < 4; step++) {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    losses.push((await (loss as tf.Scalar).data())[0]);
    loss?.dispose();
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return losses;
}

describe('seeded training runs', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`repeat exactly on ${backend}`, async () => {
      await initBackend({ backend, quiet: true });
      const first = await trainingLosses();
      const second = await trainingLosses();
      expect(second).toEqual(first);
      expect(first.every(Number.isFinite)).toBe(true);
      expect(new Set(first).size).toBeGreaterThan(1);
    });
  }
});
