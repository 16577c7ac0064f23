import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf.js';
import { assertFiniteLoss, NonFiniteLossError } from './finite-loss.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('assertFiniteLoss', () => {
  it('returns finite losses given as numbers or scalars', () => {
    expect(assertFiniteLoss(0.25)).toBe(0.25);
    const loss = tf.scalar(1.5);
    expect(assertFiniteLoss(loss, { step: 3 })).toBe(1.5);
    expect(loss.isDisposed).toBe(false);
    loss.dispose();
  });

  it('throws NonFiniteLossError with the step, value and a hint for NaN', () => {
    let caught: unknown;
    try {
      assertFiniteLoss(Number.NaN, { step: 17 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NonFiniteLossError);
    const error = caught as NonFiniteLossError;
    expect(error.message).toBe('loss became NaN at step 17; lower the learning rate or check the inputs');
    expect(error.step).toBe(17);
    expect(error.value).toBeNaN();
    expect(error.lossName).toBe('loss');
    expect(error.name).toBe('NonFiniteLossError');
  });

  it('detects infinite scalar losses and names the loss', () => {
    const loss = tf.scalar(Number.POSITIVE_INFINITY);
    expect(() => assertFiniteLoss(loss, { step: 2, name: 'loss_g' })).toThrow(
      'loss_g became Infinity at step 2; lower the learning rate or check the inputs',
    );
    loss.dispose();
    expect(() => assertFiniteLoss(Number.NEGATIVE_INFINITY)).toThrow(/^loss became -Infinity; lower the learning rate/);
  });

  it('rejects tensors that are not scalars', () => {
    const losses = tf.tensor1d([1, 2]);
    expect(() => assertFiniteLoss(losses as unknown as tf.Scalar)).toThrow(
      /expected a scalar loss; got a tensor of shape \[2\]/,
    );
    losses.dispose();
  });
});
