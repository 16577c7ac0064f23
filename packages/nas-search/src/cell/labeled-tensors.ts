// Images with integer labels as tensors, and the batches drawn from them.
import { tf } from '@hw7/tensor-utils';

export interface LabeledTensors {
  /** float32 [N, H, W, C]. */
  x: tf.Tensor4D;
  /** int32 [N] class indices. */
  y: tf.Tensor1D;
}

/** The examples `indices` (a new pair of tensors the caller disposes). */
export function takeExamples(data: LabeledTensors, indices: Int32Array): LabeledTensors {
  return tf.tidy(() => {
    const index = tf.tensor1d(indices, 'int32');
    return { x: tf.gather(data.x, index), y: tf.gather(data.y, index) };
  });
}

/** The first `count` examples (all when there are fewer). */
export function firstExamples(data: LabeledTensors, count: number): LabeledTensors {
  const size = Math.min(count, data.y.shape[0]);
  return tf.tidy(() => ({ x: tf.slice(data.x, 0, size), y: tf.slice(data.y, 0, size) }));
}

export function disposeLabeled(data: LabeledTensors): void {
  data.x.dispose();
  data.y.dispose();
}
