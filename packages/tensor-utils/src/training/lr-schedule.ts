// Learning-rate schedules (linear warm-up, then constant, exponential or cosine decay) and a way to
// apply a new rate to an existing TensorFlow.js optimizer, which tfjs itself only offers for SGD.
import type * as tf from '../tf.js';

export type LearningRateDecay = 'constant' | 'exponential' | 'cosine';

export interface LearningRateScheduleOptions {
  /** The rate reached at the end of warm-up, and the starting point of the decay. */
  baseLr: number;
  /** Steps of linear warm-up: step s < warmupSteps runs at baseLr * (s + 1) / warmupSteps. Default 0. */
  warmupSteps?: number;
  /** Default 'constant'. */
  decay?: LearningRateDecay;
  /** Cosine only: the length of the whole run, warm-up included; its last step (totalSteps - 1) runs at minLr. */
  totalSteps?: number;
  /** Exponential only: the factor applied every `decaySteps` steps (smoothly in between), in (0, 1]. */
  decayRate?: number;
  /** Exponential only: the number of steps over which the rate is multiplied by `decayRate`. */
  decaySteps?: number;
  /** The floor of the decay. Default 0. */
  minLr?: number;
}

/** Maps a 0-based step index to the learning rate of that step. */
export type LearningRateSchedule = (step: number) => number;

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isFinitePositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function invalid(name: string, expected: string, got: unknown): never {
  throw new RangeError(`learningRateSchedule: ${name} must be ${expected}; got ${String(got)}`);
}

/**
 * Builds a schedule: linear warm-up over `warmupSteps`, then the decay, counted from the end of
 * warm-up. Validation happens here, so a bad configuration fails before training starts.
 */
export function learningRateSchedule(options: LearningRateScheduleOptions): LearningRateSchedule {
  const { baseLr, warmupSteps = 0, decay = 'constant', totalSteps, decayRate, decaySteps, minLr = 0 } = options;
  if (!isFinitePositive(baseLr)) invalid('baseLr', 'a finite number > 0', baseLr);
  if (!isNonNegativeInteger(warmupSteps)) invalid('warmupSteps', 'an integer >= 0', warmupSteps);
  if (typeof minLr !== 'number' || !Number.isFinite(minLr) || minLr < 0 || minLr > baseLr) {
    invalid('minLr', `a number in [0, baseLr=${baseLr}]`, minLr);
  }

  let decayed: (stepsAfterWarmup: number) => number;
  if (decay === 'constant') {
    decayed = () => baseLr;
  } else if (decay === 'exponential') {
    if (!isFinitePositive(decayRate) || decayRate > 1)
      invalid('decayRate', "in (0, 1] for decay 'exponential'", decayRate);
    if (!isFinitePositive(decaySteps)) invalid('decaySteps', "a number > 0 for decay 'exponential'", decaySteps);
    decayed = (t) => Math.max(minLr, baseLr * decayRate ** (t / decaySteps));
  } else if (decay === 'cosine') {
    if (!isNonNegativeInteger(totalSteps) || totalSteps <= warmupSteps) {
      invalid('totalSteps', `an integer > warmupSteps=${warmupSteps} for decay 'cosine'`, totalSteps);
    }
    // The decay spans the steps after warm-up so that its first step runs at baseLr, its last at minLr.
    const span = totalSteps - warmupSteps - 1;
    decayed = (t) => {
      const progress = span === 0 ? 1 : Math.min(1, t / span);
      return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    };
  } else {
    invalid('decay', "'constant', 'exponential' or 'cosine'", decay);
  }

  return (step) => {
    if (!isNonNegativeInteger(step)) {
      throw new RangeError(`learning-rate schedule: step must be an integer >= 0; got ${String(step)}`);
    }
    if (step < warmupSteps) return (baseLr * (step + 1)) / warmupSteps;
    return decayed(step - warmupSteps);
  };
}

/**
 * Changes the learning rate of an existing optimizer. SGD and Momentum cache `-lr` as a tensor,
 * so they must go through their `setLearningRate`; Adam, RMSProp, Adagrad, Adadelta and Adamax
 * read the protected `learningRate` field on every update, so assigning it is enough (checked
 * against tfjs-core 4.22's optimizers). An optimizer with neither is rejected rather than ignored.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new RangeError(`setLearningRate: lr must be a finite number >= 0; got ${String(lr)}`);
  }
  const target = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate?: unknown };
  if (typeof target.setLearningRate === 'function') {
    target.setLearningRate(lr);
  } else if (typeof target.learningRate === 'number') {
    target.learningRate = lr;
  } else {
    throw new TypeError(`setLearningRate: optimizer ${optimizer.getClassName()} has no numeric learningRate to change`);
  }
}
