// Training and scoring the homework's CNN, shared by the study's objective and by network pruning:
// Keras's `trainOnBatch` steps inside the core's `trainLoop` (epochs of seeded batches, an
// evaluation per epoch, per-step tensor clean-up, progress).
import {
  createProgress,
  type EvaluateOptions,
  epochOrder,
  type StepMetrics,
  splitIntoBatches,
  tf,
  trainLoop,
} from '@hw7/tensor-utils';
import type { OptimizerName } from './cnn-names.js';
import type { ImageDataset } from './image-dataset.js';

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  if (name === 'Adam') return tf.train.adam(learningRate);
  if (name === 'RMSprop') return tf.train.rmsprop(learningRate);
  return tf.train.sgd(learningRate);
}

const EVALUATION_BATCH = 500;

/** The fraction of `images` the model classifies as `labels` (class indices). */
export function testAccuracy(model: tf.LayersModel, images: tf.Tensor4D, labels: tf.Tensor1D): number {
  const count = images.shape[0];
  let correct = 0;
  for (let start = 0; start < count; start += EVALUATION_BATCH) {
    const size = Math.min(EVALUATION_BATCH, count - start);
    const batchCorrect = tf.tidy(() => {
      const predictions = (model.predict(images.slice(start, size)) as tf.Tensor).argMax(-1);
      return predictions.equal(labels.slice(start, size)).sum();
    });
    correct += batchCorrect.dataSync()[0];
    batchCorrect.dispose();
  }
  return correct / count;
}

export interface TrainCnnOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the order of the training images in each epoch. */
  seed: number;
  /** Only the first N batches of each epoch (default all), e.g. for a short fine-tuning. */
  stepsPerEpoch?: number;
  /** After each step, e.g. to put pruned weights back to zero. */
  afterStep?: () => void;
  /** Test accuracy after every epoch, handed to `onResult` (which may throw to stop, e.g. `TrialPruned`). */
  onTestAccuracy?: EvaluateOptions['onResult'];
  /** A progress bar on stderr with this label. */
  progressLabel?: string;
}

/**
 * Trains a compiled model on `data` for `options.epochs` epochs; resolves with the test accuracy
 * after the last one when `onTestAccuracy` is given (it is measured only then), else NaN.
 */
export async function trainCnn(model: tf.LayersModel, data: ImageDataset, options: TrainCnnOptions): Promise<number> {
  const { epochs, batchSize, seed, afterStep, onTestAccuracy, progressLabel } = options;
  const trainCount = data.trainImages.shape[0];
  const stepsPerEpoch = Math.min(options.stepsPerEpoch ?? Number.POSITIVE_INFINITY, Math.ceil(trainCount / batchSize));
  let accuracy = Number.NaN;
  await trainLoop({
    epochs,
    batches: (epoch) => splitIntoBatches(epochOrder(trainCount, seed, epoch), batchSize).slice(0, stepsPerEpoch),
    trainStep: async (_step, { batch }) => {
      const metrics = await trainOnBatch(model, data, batch);
      afterStep?.();
      return metrics;
    },
    evaluate: onTestAccuracy && {
      every: 'epoch',
      name: 'testAccuracy',
      fn: () => testAccuracy(model, data.testImages, data.testLabels),
      onResult: (result) => {
        accuracy = result.value;
        return onTestAccuracy(result);
      },
    },
    progress:
      progressLabel === undefined ? undefined : createProgress({ total: epochs * stepsPerEpoch, label: progressLabel }),
  });
  return accuracy;
}

/**
 * One step of Keras's `trainOnBatch` on the rows `batch` of the training data. A diverged model
 * (a NaN loss) is not an error here: it just scores badly, so its loss is left out of the metrics
 * (which the loop requires to be finite).
 */
async function trainOnBatch(model: tf.LayersModel, data: ImageDataset, batch: Int32Array): Promise<StepMetrics> {
  const indices = tf.tensor1d(batch, 'int32');
  const loss = (await model.trainOnBatch(
    tf.gather(data.trainImages, indices),
    tf.gather(data.trainLabels, indices),
  )) as number;
  return Number.isFinite(loss) ? { loss } : {};
}
