// Gradients flow through the mapping network and the synthesis network: a few Adam steps on fixed
// data reduce a simple reconstruction loss.
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, expect, it } from 'vitest';
import { createMappingNetwork, mixStyles, SynthesisNetwork } from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

it('Adam steps reduce an L2 loss through mapping + synthesis, and every weight gets a gradient', () => {
  tf.randomNormal([1]).dispose();
  const mapping = createMappingNetwork({ zDim: 8, hiddenDim: 16, wDim: 8, numLayers: 4 });
  const synthesis = new SynthesisNetwork({ channels: [8, 8, 4], seed: 3 });
  const z = tf.randomNormal([4, 8], 0, 1, 'float32', 11);
  const target = tf.randomUniform([4, 16, 16, 1], -1, 1, 'float32', 12);
  const noise = synthesis.blocks.map((_, i) => {
    const size = 4 * 2 ** i;
    return [
      tf.randomNormal([4, size, size, 1], 0, 1, 'float32', 20 + 2 * i),
      tf.randomNormal([4, size, size, 1], 0, 1, 'float32', 21 + 2 * i),
    ] as [tf.Tensor4D, tf.Tensor4D];
  });
  const loss = () =>
    tf.tidy(() => {
      const w = mapping.apply(z) as tf.Tensor;
      const images = synthesis.apply(mixStyles([w], synthesis.numLayers), noise);
      return tf.mean(tf.square(tf.sub(images, target))) as tf.Scalar;
    });
  loss().dispose(); // builds every layer
  const variables = [...mapping.trainableWeights, ...synthesis.trainableWeights].map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(loss, variables);
  const zeroGradients = Object.entries(grads).filter(([, g]) => tf.max(tf.abs(g)).dataSync()[0] === 0);
  // The noise strengths start at 0 but still get a gradient; nothing is disconnected.
  expect(zeroGradients.map(([name]) => name)).toEqual([]);
  const optimizer = tf.train.adam(0.01);
  const before = loss().dataSync()[0];
  for (let i = 0; i < 15; i++) optimizer.minimize(loss, false, variables);
  const after = loss().dataSync()[0];
  expect(after).toBeLessThan(0.8 * before);
});
