// Number-for-number agreement with the PyTorch reference (test/fixtures/make-fixtures.py).
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, fixture, fixtureTensor } from '../test/helpers.js';
import {
  adversarialLoss,
  cycleConsistencyLoss,
  cycleConsistencyLossParts,
  discriminatorAdversarialLoss,
  generatorAdversarialLoss,
  generatorLoss,
  identityLoss,
} from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('adversarial losses match PyTorch GANLoss', () => {
  for (const c of fixture.adversarial) {
    it(`${c.mode} on ${c.real.replace('Real', '')} scores`, () => {
      tf.tidy(() => {
        const real = fixtureTensor(c.real);
        const fake = fixtureTensor(c.fake);
        const options = { mode: c.mode };
        expectClose(generatorAdversarialLoss(fake, options), c.generator, 'generator');
        expectClose(adversarialLoss(fake, 'real', options), c.generator, 'fake as real');
        expectClose(adversarialLoss(real, 'real', options), c.realIsReal, 'real as real');
        expectClose(adversarialLoss(fake, 'fake', options), c.fakeIsFake, 'fake as fake');
        const d = discriminatorAdversarialLoss({ realPrediction: real, fakePrediction: fake }, options);
        expectClose(d, c.discriminator, 'discriminator');
        expect(Number.isFinite(d.dataSync()[0])).toBe(true);
      });
    });
  }

  it('defaults to lsgan', () => {
    tf.tidy(() => {
      const c = fixture.adversarial.find((entry) => entry.mode === 'lsgan' && entry.real === 'patchReal');
      if (!c) throw new Error('missing case');
      expectClose(generatorAdversarialLoss(fixtureTensor(c.fake)), c.generator, 'default mode');
    });
  });

  it('vanilla gradients stay finite for logits of magnitude 200', () => {
    const x = tf.tensor1d([-200, -50, 0, 50, 200]);
    const grad = tf.grad((t: tf.Tensor) => adversarialLoss(t, 'real', { mode: 'vanilla' }))(x);
    const values = Array.from(grad.dataSync());
    expect(values.every(Number.isFinite)).toBe(true);
    // d/dx mean(BCE(x, 1)) = (sigmoid(x) - 1) / n
    expect(values[0]).toBeCloseTo(-1 / 5, 6);
    expect(values[4]).toBeCloseTo(0, 6);
    tf.dispose([x, grad]);
  });
});

describe('cycle, identity and total generator loss match PyTorch', () => {
  const images = () => ({
    realA: fixtureTensor('realA'),
    recoveredA: fixtureTensor('recoveredA'),
    realB: fixtureTensor('realB'),
    recoveredB: fixtureTensor('recoveredB'),
    identityA: fixtureTensor('identityA'),
    identityB: fixtureTensor('identityB'),
  });

  it('cycle consistency', () => {
    tf.tidy(() => {
      const all = images();
      expectClose(cycleConsistencyLoss(all), fixture.cycle.total, 'cycle');
      const parts = cycleConsistencyLossParts(all);
      expectClose(parts.cycleA, fixture.cycle.A, 'cycleA');
      expectClose(parts.cycleB, fixture.cycle.B, 'cycleB');
    });
  });

  it('identity', () => {
    tf.tidy(() => expectClose(identityLoss(images()), fixture.identity.total, 'identity'));
  });

  for (const c of fixture.generator) {
    it(`generator total, ${c.mode}, ${JSON.stringify(c.options)}`, () => {
      tf.tidy(() => {
        const loss = generatorLoss({
          ...images(),
          predictionOnFakeB: fixtureTensor('predictionOnFakeB'),
          predictionOnFakeA: fixtureTensor('predictionOnFakeA'),
          mode: c.mode,
          ...c.options,
        });
        for (const [key, expected] of Object.entries(c.expected)) {
          expectClose(loss[key as keyof typeof loss], expected, key);
        }
      });
    });
  }

  it('does not leak tensors', () => {
    const inputs = tf.tidy(() => ({
      ...images(),
      predictionOnFakeB: fixtureTensor('predictionOnFakeB'),
      predictionOnFakeA: fixtureTensor('predictionOnFakeA'),
    }));
    const before = tf.memory().numTensors;
    const loss = generatorLoss(inputs);
    expect(tf.memory().numTensors - before).toBe(Object.keys(loss).length);
    tf.dispose(loss);
    tf.dispose(inputs);
  });
});
