import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf.js';
import { learningRateSchedule, setLearningRate } from './lr-schedule.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('learningRateSchedule', () => {
  it('warms up linearly from baseLr / warmupSteps to baseLr', () => {
    const schedule = learningRateSchedule({ baseLr: 0.1, warmupSteps: 4 });
    expect(schedule(0)).toBeCloseTo(0.025, 15);
    expect(schedule(1)).toBeCloseTo(0.05, 15);
    expect(schedule(3)).toBe(0.1);
    expect(schedule(4)).toBe(0.1);
    expect(schedule(1000)).toBe(0.1);
  });

  it('decays along a cosine from baseLr after warm-up to minLr at the last step', () => {
    const schedule = learningRateSchedule({
      baseLr: 1,
      warmupSteps: 10,
      decay: 'cosine',
      totalSteps: 111,
      minLr: 0.01,
    });
    expect(schedule(9)).toBe(1);
    expect(schedule(10)).toBe(1);
    expect(schedule(60)).toBeCloseTo(0.505, 12);
    expect(schedule(110)).toBeCloseTo(0.01, 15);
    expect(schedule(500)).toBeCloseTo(0.01, 15);
    for (let step = 11; step <= 110; step++) expect(schedule(step)).toBeLessThan(schedule(step - 1));
  });

  it('handles a cosine decay of a single step', () => {
    const schedule = learningRateSchedule({ baseLr: 0.5, warmupSteps: 2, decay: 'cosine', totalSteps: 3 });
    expect(schedule(1)).toBe(0.5);
    expect(schedule(2)).toBe(0);
  });

  it('decays exponentially from the end of warm-up, down to minLr', () => {
    const schedule = learningRateSchedule({
      baseLr: 0.1,
      warmupSteps: 5,
      decay: 'exponential',
      decayRate: 0.5,
      decaySteps: 10,
      minLr: 0.01,
    });
    expect(schedule(5)).toBe(0.1);
    expect(schedule(15)).toBeCloseTo(0.05, 15);
    expect(schedule(10)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(schedule(25)).toBeCloseTo(0.025, 15);
    expect(schedule(1000)).toBe(0.01);
  });

  it('rejects invalid options with messages naming them', () => {
    expect(() => learningRateSchedule({ baseLr: 0 })).toThrow(/baseLr must be a finite number > 0; got 0/);
    expect(() => learningRateSchedule({ baseLr: 0.1, warmupSteps: 2.5 })).toThrow(/warmupSteps must be an integer/);
    expect(() => learningRateSchedule({ baseLr: 0.1, minLr: 0.2 })).toThrow(
      /minLr must be a number in \[0, baseLr=0.1\]/,
    );
    expect(() => learningRateSchedule({ baseLr: 0.1, decay: 'cosine' })).toThrow(
      /totalSteps must be an integer > warmupSteps/,
    );
    expect(() => learningRateSchedule({ baseLr: 0.1, warmupSteps: 5, decay: 'cosine', totalSteps: 5 })).toThrow(
      /totalSteps/,
    );
    expect(() => learningRateSchedule({ baseLr: 0.1, decay: 'exponential', decaySteps: 10 })).toThrow(/decayRate/);
    expect(() => learningRateSchedule({ baseLr: 0.1, decay: 'exponential', decayRate: 0.9 })).toThrow(/decaySteps/);
    expect(() => learningRateSchedule({ baseLr: 0.1, decay: 'linear' as 'cosine' })).toThrow(/decay must be/);
    expect(() => learningRateSchedule({ baseLr: 0.1 })(-1)).toThrow(/step must be an integer >= 0; got -1/);
  });
});

describe('setLearningRate', () => {
  /** Runs `steps` updates of the loss sum(x * [3, -4]) from x = [1, 2] and returns x. */
  function train(optimizer: tf.Optimizer, steps: number, lrAfterCreation?: number): Float32Array {
    const x = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const coefficients = tf.tensor1d([3, -4]);
    if (lrAfterCreation !== undefined) setLearningRate(optimizer, lrAfterCreation);
    for (let step = 0; step < steps; step++) {
      optimizer.minimize(() => tf.sum(tf.mul(x, coefficients)), false, [x]);
    }
    const values = x.dataSync() as Float32Array;
    x.dispose();
    coefficients.dispose();
    optimizer.dispose();
    return values;
  }

  it('makes an SGD step move parameters by exactly lr * gradient', () => {
    expect(Array.from(train(tf.train.sgd(0.1), 1, 0.5))).toEqual([1 - 0.5 * 3, 2 + 0.5 * 4]);
    expect(Array.from(train(tf.train.momentum(0.1, 0.9), 1, 0.5))).toEqual([1 - 0.5 * 3, 2 + 0.5 * 4]);
  });

  const factories: Record<string, (lr: number) => tf.Optimizer> = {
    sgd: (lr) => tf.train.sgd(lr),
    momentum: (lr) => tf.train.momentum(lr, 0.9),
    adam: (lr) => tf.train.adam(lr),
    rmsprop: (lr) => tf.train.rmsprop(lr),
    adagrad: (lr) => tf.train.adagrad(lr),
    adadelta: (lr) => tf.train.adadelta(lr),
    adamax: (lr) => tf.train.adamax(lr),
  };
  for (const [name, create] of Object.entries(factories)) {
    it(`makes ${name} behave exactly as if created with the new rate`, () => {
      const start = tf.memory().numTensors;
      const expected = train(create(0.05), 3);
      const afterExpected = tf.memory().numTensors;
      const changed = train(create(0.5), 3, 0.05);
      const afterChanged = tf.memory().numTensors;
      const unchanged = train(create(0.5), 3);
      expect(Array.from(changed)).toEqual(Array.from(expected));
      expect(Array.from(unchanged)).not.toEqual(Array.from(expected));
      // tfjs's MomentumOptimizer.dispose() leaks its cached -lr scalar; setLearningRate must add nothing.
      expect(afterChanged - afterExpected).toBe(afterExpected - start);
      expect(afterExpected - start).toBe(name === 'momentum' ? 1 : 0);
    });
  }

  it('rejects invalid rates and optimizers without a learning rate', () => {
    const optimizer = tf.train.sgd(0.1);
    expect(() => setLearningRate(optimizer, Number.NaN)).toThrow(/lr must be a finite number >= 0; got NaN/);
    expect(() => setLearningRate(optimizer, -1)).toThrow(/lr must be/);
    optimizer.dispose();
    const withoutRate = { getClassName: () => 'Custom' } as unknown as tf.Optimizer;
    expect(() => setLearningRate(withoutRate, 0.1)).toThrow(/optimizer Custom has no numeric learningRate/);
  });
});
