// A diverged run keeps "training" on NaN weights and wastes hours; checking the loss every step
// stops it at the first bad value with a message that says what to try.
import type * as tf from '../tf.js';

export interface LossContext {
  /** The step at which the loss was computed, for the message. */
  step?: number;
  /** The name of the loss (default 'loss'), e.g. 'loss_g' in a GAN. */
  name?: string;
}

/** Thrown by `assertFiniteLoss`; `value` is the NaN or infinite loss, `step` where it happened. */
export class NonFiniteLossError extends Error {
  readonly step: number | undefined;
  readonly value: number;
  readonly lossName: string;

  constructor(value: number, { step, name = 'loss' }: LossContext = {}) {
    const where = step === undefined ? '' : ` at step ${step}`;
    super(`${name} became ${value}${where}; lower the learning rate or check the inputs`);
    this.name = 'NonFiniteLossError';
    this.step = step;
    this.value = value;
    this.lossName = name;
  }
}

/**
 * Returns the loss as a number, or throws `NonFiniteLossError` if it is NaN or infinite. A scalar
 * tensor is read synchronously and left to its owner to dispose.
 */
export function assertFiniteLoss(value: number | tf.Scalar, context: LossContext = {}): number {
  if (typeof value !== 'number' && value.size !== 1) {
    throw new TypeError(`assertFiniteLoss: expected a scalar loss; got a tensor of shape [${value.shape.join(',')}]`);
  }
  const loss = typeof value === 'number' ? value : value.dataSync()[0];
  if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, context);
  return loss;
}
