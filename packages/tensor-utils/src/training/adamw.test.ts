import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import * as tf from '../tf.js';
import { AdamW } from './adamw.js';
import { setLearningRate } from './lr-schedule.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe('AdamW', () => {
  it('matches torch.optim.AdamW step for step', () => {
    // float32 on both sides, so agreement to ~1e-6. Expected values from PyTorch 1.13 (Debian python3-torch):
    //   w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    //   opt = torch.optim.AdamW([w], lr=0.1, weight_decay=0.01)
    //   3 x: loss = (w**2 * torch.tensor([1., 2., 3.])).sum(); loss.backward(); opt.step()
    const expected = [
      [0.8990000486373901, -1.8980000019073486, 0.3995000123977661],
      [0.7985190749168396, -1.7962726354599, 0.3002978563308716],
      [0.6989112496376038, -1.6949446201324463, 0.20371240377426147],
    ];
    const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const scale = tf.tensor1d([1, 2, 3]);
    const optimizer = new AdamW({ learningRate: 0.1, weightDecay: 0.01 });
    for (const row of expected) {
      optimizer.minimize(() => tf.sum(tf.mul(tf.square(w), scale)) as tf.Scalar, false, [w]);
      const got = Array.from(w.dataSync());
      for (const [i, value] of got.entries()) expect(value).toBeCloseTo(row[i] as number, 5);
    }
    optimizer.dispose();
    tf.dispose([w, scale]);
  });

  it('decays weights without gradient signal, using the current learning rate', () => {
    const w = tf.variable(tf.tensor1d([2]));
    const optimizer = new AdamW({ learningRate: 0.5, weightDecay: 0.1 });
    setLearningRate(optimizer, 0.2);
    // A zero gradient: Adam moves nothing, only the decoupled decay acts: 2 * (1 - 0.2 * 0.1).
    optimizer.applyGradients([{ name: w.name, tensor: tf.zeros([1]) }]);
    expect(w.dataSync()[0]).toBeCloseTo(1.96, 6);
    optimizer.dispose();
    w.dispose();
  });

  it('rejects invalid hyperparameters by name', () => {
    expect(() => new AdamW({ weightDecay: -1 })).toThrow(/weightDecay must be a finite number >= 0; got -1/);
    expect(() => new AdamW({ beta1: 1 })).toThrow(/beta1 must be in \[0, 1\); got 1/);
  });
});
