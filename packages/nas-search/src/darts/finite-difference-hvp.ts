// The mixed second derivative of DARTS' unrolled gradient, (d^2 L / d alpha d w) v, without second
// derivatives: the central difference (grad_alpha L(w + eps v) - grad_alpha L(w - eps v)) / (2 eps)
// (Liu et al. 2019, eq. 8). Batch normalisation has no second-order gradients here, so this is the
// only way for the real search networks; it costs two extra forward/backward passes.
import { tf } from '@hw7/tensor-utils';

/**
 * `gradientAt()` must return grad_alpha L at the current values of `weights`; it is called with the
 * weights moved to w + eps v and w - eps v, which are restored exactly afterwards.
 */
export function finiteDifferenceHessianVectorProduct(
  gradientAt: () => tf.Tensor,
  weights: readonly tf.Variable[],
  direction: readonly tf.Tensor[],
  epsilon: number,
): tf.Tensor {
  if (direction.length !== weights.length) {
    throw new RangeError(`direction must have one tensor per weight (${weights.length}); got ${direction.length}`);
  }
  if (!Number.isFinite(epsilon) || epsilon <= 0)
    throw new RangeError(`epsilon must be a finite number > 0; got ${epsilon}`);
  const originals = weights.map((weight) => tf.clone(weight));
  const gradientAtOffset = (sign: 1 | -1) => {
    tf.tidy(() => {
      weights.forEach((weight, i) => {
        weight.assign(tf.add(originals[i], tf.mul(direction[i], sign * epsilon)));
      });
    });
    return gradientAt();
  };
  const plus = gradientAtOffset(1);
  const minus = gradientAtOffset(-1);
  weights.forEach((weight, i) => {
    weight.assign(originals[i]);
  });
  const product = tf.tidy(() => tf.div(tf.sub(plus, minus), 2 * epsilon));
  tf.dispose([...originals, plus, minus]);
  return product;
}
