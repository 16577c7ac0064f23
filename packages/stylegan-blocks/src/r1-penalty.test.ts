import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { r1Penalty } from './r1-penalty.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('r1Penalty', () => {
  it('is gamma / 2 * ||w||^2 for a linear discriminator D(x) = sum(w * x)', () => {
    const w = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 2, 1]);
    const real = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const penalty = r1Penalty((x) => tf.sum(tf.mul(x, w), [1, 2, 3]), real, 10);
    // ||w||^2 = 1 + 4 + 9 + 0.25 for every sample.
    expect(penalty.dataSync()[0]).toBeCloseTo(5 * 14.25, 4);
    tf.dispose([w, real, penalty]);
  });

  it("trains through a conv + LeakyReLU discriminator: the penalty's own gradient lowers it", () => {
    const d = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1 }),
      ],
    });
    const real = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const optimizer = tf.train.adam(0.01);
    const penalties: number[] = [];
    for (let step = 0; step < 20; step++) {
      const cost = optimizer.minimize(() => r1Penalty((x) => d.apply(x) as tf.Tensor, real, 10), true) as tf.Scalar;
      penalties.push(cost.dataSync()[0] as number);
      cost.dispose();
    }
    expect(penalties.at(-1)).toBeLessThan(0.5 * (penalties[0] as number));
    optimizer.dispose();
    d.dispose();
    real.dispose();
  });

  it('rejects a negative gamma and a wrong rank', () => {
    const real = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    expect(() => r1Penalty((x) => tf.sum(x), real, -1)).toThrow(/gamma must be a finite number >= 0, got -1/);
    expect(() => r1Penalty((x) => tf.sum(x), tf.zeros([2, 4]) as unknown as tf.Tensor4D, 1)).toThrow(
      /must have rank 4/,
    );
    real.dispose();
  });
});
