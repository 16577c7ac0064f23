// The finite-difference mixed Hessian-vector product against the exact one (tf.grad twice) on a
// small dense model that is differentiable twice.
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { finiteDifferenceHessianVectorProduct } from './finite-difference-hvp.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('finiteDifferenceHessianVectorProduct', () => {
  it('matches d/dalpha <grad_w L(w, alpha), v> and restores the weights', () => {
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    const alpha = tf.randomNormal([5], 0, 1, 'float32', 2);
    const weight = tf.variable(tf.randomNormal([3, 5], 0, 0.5, 'float32', 3));
    const direction = tf.randomNormal([3, 5], 0, 1, 'float32', 4);
    // Softmax-weighted tanh features, squared: non-quadratic in both w and alpha.
    const loss = (w: tf.Tensor, a: tf.Tensor) =>
      tf.sum(tf.square(tf.sum(tf.mul(tf.tanh(tf.matMul(x, w)), tf.softmax(a)), 1))) as tf.Scalar;

    const exact = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.grad((w: tf.Tensor) => loss(w, a))(weight), direction)))(
      alpha,
    );
    const before = weight.dataSync().slice();
    const norm = tf.tidy(() => tf.norm(direction).arraySync() as number);
    const estimate = finiteDifferenceHessianVectorProduct(
      () => tf.grad((a: tf.Tensor) => loss(weight, a))(alpha),
      [weight],
      [direction],
      0.01 / norm,
    );

    const exactValues = Array.from(exact.dataSync());
    const scale = Math.max(...exactValues.map(Math.abs));
    Array.from(estimate.dataSync()).forEach((value, i) => {
      expect(Math.abs(value - exactValues[i])).toBeLessThan(2e-2 * scale);
    });
    expect(weight.dataSync()).toEqual(before);
    tf.dispose([x, alpha, weight, direction, exact, estimate]);
  });
});
