// StyleGAN's R1 regulariser (Mescheder et al. 2018): penalise the discriminator's gradient on real
// images, so it cannot grow arbitrarily steep around the data and overpower the generator.
import { tf } from '@hw7/tensor-utils';
import { assertRank } from './validation.js';

/**
 * gamma / 2 * E[ ||grad_x D(x)||^2 ] over the batch of real images `real` ([batch, h, w, c]).
 * Call it inside the discriminator's loss function: its gradient with respect to D's weights is a
 * second-order gradient, which every op of D must support on the active backend.
 */
export function r1Penalty(
  discriminator: (images: tf.Tensor4D) => tf.Tensor,
  real: tf.Tensor4D,
  gamma: number,
): tf.Scalar {
  assertRank('r1Penalty real', real, 4, '[batch, height, width, channels]');
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma < 0) {
    throw new RangeError(`r1Penalty gamma must be a finite number >= 0, got ${String(gamma)}`);
  }
  return tf.tidy(() => {
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(discriminator(x as tf.Tensor4D)))(real);
    return tf.mul(tf.mean(tf.sum(tf.square(gradient), [1, 2, 3])), gamma / 2) as tf.Scalar;
  });
}
