// Batch normalisation with the statistics of the current batch, always (training and evaluation)
// and without learned scale or shift (as the DARTS search operations). No running averages: every
// candidate evaluated with weights inherited from a supernet gets statistics of its own path,
// which is what single-path one-shot achieves by recomputing them, and batches of evaluation are
// large enough (hundreds of images) for stable statistics.
import { moments, tf } from '@hw7/tensor-utils';

const VARIANCE_EPSILON = 1e-5;

export function normaliseBatch(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    // The core's moments: one fused kernel on wasm (tf.moments takes four kernels and their gradients).
    const { mean, variance } = moments(x, [0, 1, 2]);
    const channels = x.shape[3];
    // Explicit unit scale and zero offset: tfjs 4.22 cannot take the gradient of batchNorm without them.
    const offset = tf.zeros([channels]) as tf.Tensor1D;
    const scale = tf.ones([channels]) as tf.Tensor1D;
    return tf.batchNorm4d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, offset, scale, VARIANCE_EPSILON);
  });
}
