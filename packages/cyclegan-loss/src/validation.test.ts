// Bad input fails at once with an error naming the argument and the expected value.
import { initBackend, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adversarialLoss,
  cycleConsistencyLoss,
  discriminatorAdversarialLoss,
  generatorAdversarialLoss,
  generatorLoss,
  ImagePool,
  identityLoss,
} from './index.js';

let img: tf.Tensor4D;
let other: tf.Tensor4D;
let score: tf.Tensor4D;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  img = tf.zeros([2, 4, 4, 3]);
  other = tf.zeros([2, 4, 4, 1]);
  score = tf.zeros([2, 2, 2, 1]);
});

afterAll(() => tf.dispose([img, other, score]));

describe('validation', () => {
  it('mismatched paired shapes name both arguments and the expected shape', () => {
    expect(() => cycleConsistencyLoss({ realA: img, recoveredA: other, realB: img, recoveredB: img })).toThrow(
      /cycleConsistencyLoss: recoveredA must have the same shape as realA, \[2, 4, 4, 3\]; got \[2, 4, 4, 1\]/,
    );
    expect(() => identityLoss({ realA: img, identityA: img, realB: img, identityB: other })).toThrow(
      /identityLoss: identityB must have the same shape as realB/,
    );
  });

  it('wrong rank', () => {
    const flat = tf.zeros([2, 48]);
    expect(() =>
      cycleConsistencyLoss({ realA: flat as unknown as tf.Tensor4D, recoveredA: img, realB: img, recoveredB: img }),
    ).toThrow(/realA must be an image batch of rank 4 \[N, H, W, C\]; got rank 2 \[2, 48\]/);
    expect(() => generatorAdversarialLoss(tf.scalar(1))).toThrow(
      /fakePrediction must be discriminator scores of rank 1 to 4/,
    );
    expect(() =>
      discriminatorAdversarialLoss({ realPrediction: score, fakePrediction: tf.zeros([2, 3, 3, 1]) }),
    ).toThrow(
      /fakePrediction must have the same per-sample shape as realPrediction, \[N, 2, 2, 1\]; got \[2, 3, 3, 1\]/,
    );
    flat.dispose();
  });

  it('a positional call instead of the named images is refused', () => {
    expect(() => (cycleConsistencyLoss as (...args: unknown[]) => unknown)(img, img, img, img)).toThrow(
      /images \(\{ realA, recoveredA, realB, recoveredB \}\) must be an options object/,
    );
  });

  it('negative or non-finite lambdas', () => {
    const base = {
      predictionOnFakeA: score,
      predictionOnFakeB: score,
      realA: img,
      recoveredA: img,
      realB: img,
      recoveredB: img,
      identityA: img,
      identityB: img,
    };
    expect(() => generatorLoss({ ...base, lambdaCycle: -1 })).toThrow(
      /generatorLoss: lambdaCycle must be a finite number >= 0; got -1/,
    );
    expect(() => generatorLoss({ ...base, lambdaIdentity: Number.NaN })).toThrow(
      /lambdaIdentity must be a finite number >= 0/,
    );
    const { identityA: _a, identityB: _b, ...noIdentity } = base;
    expect(() => generatorLoss(noIdentity)).toThrow(
      /identityA \(F\(realA\)\) and identityB \(G\(realB\)\) are required/,
    );
    const loss = generatorLoss({ ...noIdentity, lambdaIdentity: 0 });
    expect(loss.identity.dataSync()[0]).toBe(0);
    tf.dispose(loss);
  });

  it('unknown mode, target, dtype and pool options', () => {
    expect(() => adversarialLoss(score, 'real', { mode: 'wgan' as 'lsgan' })).toThrow(
      /mode must be one of 'lsgan', 'vanilla'; got wgan/,
    );
    expect(() => adversarialLoss(score, true as unknown as 'real')).toThrow(
      /target must be 'real' or 'fake'; got true/,
    );
    const ints = tf.zeros([2, 2, 2, 1], 'int32');
    expect(() => generatorAdversarialLoss(ints)).toThrow(/fakePrediction must have dtype float32; got int32/);
    ints.dispose();
    expect(() => new ImagePool({ size: -1 })).toThrow(/ImagePool: size must be an integer >= 0; got -1/);
    const pool = new ImagePool({ size: 2 });
    tf.dispose(pool.query(img));
    expect(() => pool.query(other)).toThrow(
      /images must be \[N, 4, 4, 3\] like the images already stored; got \[2, 4, 4, 1\]/,
    );
    pool.dispose();
    expect(() => pool.query(img)).toThrow(/disposed/);
  });
});
