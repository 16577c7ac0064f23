// The core's `moments`: tf.moments' results and gradients on every backend, one fused kernel on wasm
// for statistics over leading axes, tfjs's own ops otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import * as tf from '../tf.js';
import { MOMENTS, moments } from './fast-moments.js';
import { maxError, TOLERANCE } from './relative-error.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

/** Mean, variance and the gradient of a loss through both, on `backend`, and the kernels that ran. */
async function statistics(backend: 'cpu' | 'wasm', axes: number[], keepDims: boolean) {
  await tf.setBackend(backend);
  const x = tf.randomNormal([6, 5, 4, 3], 2, 3, 'float32', 7);
  const loss = (input: tf.Tensor) => {
    const { mean, variance } = moments(input, axes, keepDims);
    return tf.add(
      tf.sum(tf.square(mean)),
      tf.sum(tf.mul(variance, tf.range(1, variance.size + 1).reshape(variance.shape))),
    );
  };
  const profile = await tf.profile(() => tf.dispose(tf.grad(loss)(x)));
  const { mean, variance } = moments(x, axes, keepDims);
  const stock = tf.moments(x, axes, keepDims);
  const gradient = tf.grad(loss)(x);
  const values = {
    mean: mean.dataSync(),
    variance: variance.dataSync(),
    shape: mean.shape,
    stockMean: stock.mean.dataSync(),
    stockVariance: stock.variance.dataSync(),
    stockShape: stock.mean.shape,
    gradient: gradient.dataSync(),
    kernels: profile.kernels.map((kernel) => kernel.name),
  };
  tf.dispose([x, mean, variance, stock.mean, stock.variance, gradient]);
  return values;
}

describe('moments', () => {
  for (const [axes, keepDims, fused] of [
    [[0, 1, 2], false, true],
    [[0], true, true],
    [[1, 2], true, false],
    [[0, 1, 2, 3], false, false],
  ] as [number[], boolean, boolean][]) {
    it(`axes [${axes}] keepDims ${keepDims}: tf.moments' values and gradient (${fused ? 'fused' : 'tfjs ops'} on wasm)`, async () => {
      const cpu = await statistics('cpu', axes, keepDims);
      const wasm = await statistics('wasm', axes, keepDims);
      for (const run of [cpu, wasm]) {
        expect(run.shape).toEqual(run.stockShape);
        expect(maxError(run.mean, run.stockMean)).toBeLessThanOrEqual(TOLERANCE);
        expect(maxError(run.variance, run.stockVariance)).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(maxError(wasm.gradient, cpu.gradient)).toBeLessThanOrEqual(TOLERANCE);
      expect(cpu.kernels).not.toContain(MOMENTS);
      expect(wasm.kernels.includes(MOMENTS)).toBe(fused);
    });
  }
});
