// Mean absolute error between two same-shape image batches (the official nn.L1Loss), shared by the cycle
// and identity losses.
import { tf } from '@hw7/tensor-utils';
import { assertImages, assertSameShape } from './validation.js';

/** mean |output - target| after checking both are `[N, H, W, C]` of the same shape. */
export function meanAbsoluteError(
  target: unknown,
  targetName: string,
  output: unknown,
  outputName: string,
  context: string,
): tf.Scalar {
  assertImages(target, targetName, context);
  assertImages(output, outputName, context);
  assertSameShape(target, targetName, output, outputName, context);
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(output, target)))) as tf.Scalar;
}
