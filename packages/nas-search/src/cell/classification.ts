// Cross-entropy and accuracy of any classifier given as a function from images to logits.
import { tf } from '@hw7/tensor-utils';
import { disposeLabeled, type LabeledTensors, takeExamples } from './labeled-tensors.js';

export type LogitsFunction = (x: tf.Tensor4D) => tf.Tensor2D;

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar);
}

/** Fraction of `data` classified correctly, computed in batches of `batchSize` (default 500). */
export function classificationAccuracy(logitsOf: LogitsFunction, data: LabeledTensors, batchSize = 500): number {
  const count = data.y.shape[0];
  if (count === 0) throw new RangeError('data must hold at least one example; got 0');
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const batch = takeExamples(data, indices);
    correct += tf.tidy(() => tf.sum(tf.equal(tf.argMax(logitsOf(batch.x), 1), batch.y)).arraySync() as number);
    disposeLabeled(batch);
  }
  return correct / count;
}
