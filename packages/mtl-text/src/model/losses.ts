// Per-task classification losses for multi-task batches in which an example may have no label for
// a task (label -1): those rows are masked out, and the mean is over the labelled rows only.
import { tf } from '@hw7/tensor-utils';

export interface ClassificationLossOptions {
  /** Per-class weights (e.g. inverse frequency); default all 1. A weighted mean, as PyTorch's CrossEntropyLoss(weight=...). */
  classWeights?: readonly number[];
  /** Focal loss focusing parameter gamma (Lin et al. 2017); 0 (default) = cross-entropy. */
  focalGamma?: number;
}

/**
 * Mean (class-weighted, optionally focal) cross-entropy over the rows whose label is >= 0.
 * `labels` [batch] int32 with -1 for "no label"; `logits` [batch, classes]. Returns 0 when no row is
 * labelled. With class weights w, the mean is sum(w_y * loss) / sum(w_y), like PyTorch.
 */
export function maskedClassificationLoss(
  labels: tf.Tensor1D,
  logits: tf.Tensor2D,
  { classWeights, focalGamma = 0 }: ClassificationLossOptions = {},
): tf.Scalar {
  const classes = logits.shape[1];
  if (labels.shape[0] !== logits.shape[0]) {
    throw new RangeError(`maskedClassificationLoss: labels has ${labels.shape[0]} rows, logits ${logits.shape[0]}`);
  }
  if (classWeights && classWeights.length !== classes) {
    throw new RangeError(
      `maskedClassificationLoss: classWeights must have ${classes} entries, got ${classWeights.length}`,
    );
  }
  if (!(focalGamma >= 0)) throw new RangeError(`maskedClassificationLoss: focalGamma must be >= 0, got ${focalGamma}`);
  return tf.tidy(() => {
    const labelled = tf.cast(tf.greaterEqual(labels, 0), 'float32');
    const oneHot = tf.oneHot(tf.cast(tf.maximum(labels, 0), 'int32') as tf.Tensor1D, classes);
    const logProbabilities = tf.logSoftmax(logits);
    const logPTrue = tf.sum(tf.mul(oneHot, logProbabilities), 1);
    let perRow = tf.neg(logPTrue);
    if (focalGamma > 0) perRow = tf.mul(perRow, tf.pow(tf.sub(1, tf.exp(logPTrue)), focalGamma));
    let rowWeights = labelled;
    if (classWeights) rowWeights = tf.mul(rowWeights, tf.sum(tf.mul(oneHot, tf.tensor1d([...classWeights])), 1));
    const total = tf.sum(rowWeights);
    return tf.div(tf.sum(tf.mul(perRow, rowWeights)), tf.maximum(total, 1e-12)) as tf.Scalar;
  });
}

/**
 * "Balanced" class weights, as scikit-learn's compute_class_weight('balanced'):
 * n_samples / (n_classes * count_c), over the labelled rows (y >= 0).
 */
export function balancedClassWeights(y: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i] as number;
    if (label < 0) continue;
    if (label >= classes) throw new RangeError(`balancedClassWeights: label ${label} is not below classes=${classes}`);
    counts[label] = (counts[label] as number) + 1;
    total++;
  }
  return counts.map((count) => (count === 0 ? 0 : total / (classes * count)));
}
