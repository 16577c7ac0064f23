// InstanceNormalization against a hand computation and PyTorch's nn.InstanceNorm2d (test/fixtures/make-fixtures.py).
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureTensor } from '../test/helpers.js';
import { InstanceNormalization, instanceNormalization } from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

function expectAllClose(actual: tf.Tensor, expected: number[], tolerance = 1e-4): void {
  const values = Array.from(actual.dataSync());
  expect(values).toHaveLength(expected.length);
  values.forEach((v, i) => {
    expect(Math.abs(v - (expected[i] as number)), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(
      tolerance,
    );
  });
}

describe('InstanceNormalization', () => {
  it('normalises each sample and channel over H and W with the biased variance (hand computation)', () => {
    // Sample 0: channel 0 = [1, 2, 3, 4], channel 1 = [10, 10, 10, 10]; sample 1: channel 0 = [0, 0, 4, 8].
    const x = tf.tensor4d([1, 10, 2, 10, 3, 10, 4, 10, 0, -1, 0, 1, 4, -1, 8, 1], [2, 2, 2, 2]);
    const y = new InstanceNormalization().apply(x) as tf.Tensor;
    // mean 2.5, var 1.25: (v - 2.5) / sqrt(1.25 + 1e-5); constant channel -> 0.
    const s0 = Math.sqrt(1.25 + 1e-5);
    // mean 3, var ((9 + 9 + 1 + 25) / 4) = 11; channel [-1, 1, -1, 1]: mean 0, var 1.
    const s1 = Math.sqrt(11 + 1e-5);
    const s2 = Math.sqrt(1 + 1e-5);
    const expected = [
      [-1.5 / s0, 0, -0.5 / s0, 0, 0.5 / s0, 0, 1.5 / s0, 0],
      [-3 / s1, -1 / s2, -3 / s1, 1 / s2, 1 / s1, -1 / s2, 5 / s1, 1 / s2],
    ].flat();
    expect(y.shape).toEqual([2, 2, 2, 2]);
    expectAllClose(y, expected, 1e-5);
    tf.dispose([x, y]);
  });

  it('matches nn.InstanceNorm2d(affine=False), the default', () => {
    tf.tidy(() => {
      const layer = instanceNormalization();
      const y = layer.apply(fixtureTensor('instanceNormInput')) as tf.Tensor;
      expectAllClose(y, fixture.instanceNorm.plain);
      expect(layer.trainableWeights).toHaveLength(0);
    });
  });

  it('matches nn.InstanceNorm2d(affine=True) with the same scale and shift', () => {
    tf.tidy(() => {
      const layer = new InstanceNormalization({ affine: true });
      const x = fixtureTensor('instanceNormInput');
      layer.apply(x); // builds gamma and beta
      layer.setWeights([
        fixtureTensor<tf.Tensor1D>('instanceNormGamma'),
        fixtureTensor<tf.Tensor1D>('instanceNormBeta'),
      ]);
      expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[3], [3]]);
      expectAllClose(layer.apply(x) as tf.Tensor, fixture.instanceNorm.affine);
    });
  });

  it('passes gradients through, serialises its config and is registered for model loading', async () => {
    tf.tidy(() => {
      const x = fixtureTensor('instanceNormInput');
      const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.square(new InstanceNormalization().apply(t) as tf.Tensor)))(x);
      expect(grad.shape).toEqual(x.shape);
      expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true);
    });
    const layer = new InstanceNormalization({ epsilon: 1e-3, affine: true, name: 'norm' });
    expect(layer.getConfig()).toMatchObject({ epsilon: 1e-3, affine: true, name: 'norm' });
    const input = tf.input({ shape: [4, 4, 2] });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    const topology = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'];
    const restored = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON);
    const restoredLayer = restored.layers[1] as InstanceNormalization;
    expect(restoredLayer.getClassName()).toBe('InstanceNormalization');
    expect([restoredLayer.epsilon, restoredLayer.affine]).toEqual([1e-3, true]);
    model.dispose();
    restored.dispose();
  });

  it('rejects a bad epsilon and a non-image input', () => {
    expect(() => new InstanceNormalization({ epsilon: 0 })).toThrow(RangeError);
    const input = tf.input({ shape: [4] });
    expect(() => new InstanceNormalization().apply(input)).toThrow(/rank 4/);
  });
});
