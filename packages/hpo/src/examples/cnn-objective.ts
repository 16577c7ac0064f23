// The homework's experiment as an objective: a CNN whose depth, widths, optimiser and learning rate
// are chosen per trial, trained for a few epochs and scored on test accuracy. The search space and
// parameter names follow the homework's Optuna code (num_conv_layers, num_filter_i, ...).
import { createProgress, epochOrder, type StepMetrics, splitIntoBatches, tf, trainLoop } from '@hw7/tensor-utils';
import type { Trial } from '../trial.js';
import { TrialPruned } from '../trial-pruned.js';
import type { ImageDataset } from './image-dataset.js';

export const OPTIMIZER_NAMES = ['Adam', 'RMSprop', 'SGD'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** One trial's architecture and training settings. */
export interface CnnHyperparameters {
  /** Filters of each 3x3 convolution, 1 to 4 layers of 40..64 in steps of 8. */
  filters: number[];
  /**
   * Units of each hidden dense layer. The homework counts the output layer as one of its 1-3 dense
   * layers, so there are 0 to 2 hidden layers of 32..64 in steps of 16.
   */
  hiddenUnits: number[];
  optimizer: OptimizerName;
  learningRate: number;
}

export interface CnnObjectiveOptions {
  data: ImageDataset;
  /** Training epochs per trial (default 3); the test accuracy after each is reported for pruning. */
  epochs?: number;
  /** Default 64. */
  batchSize?: number;
  /** Seeds the shuffling order of every trial (default 0). */
  seed?: number;
  /** Show a progress bar per trial (on stderr); default false. */
  progress?: boolean;
}

/** Draws the homework's search space from `trial`. */
export function suggestCnnHyperparameters(trial: Trial): CnnHyperparameters {
  const numConvLayers = trial.suggestInt('num_conv_layers', 1, 4);
  const numFcLayers = trial.suggestInt('num_fc_layers', 1, 3);
  const filters = Array.from({ length: numConvLayers }, (_, i) =>
    trial.suggestInt(`num_filter_${i}`, 40, 64, { step: 8 }),
  );
  const hiddenUnits = Array.from({ length: numFcLayers - 1 }, (_, i) =>
    trial.suggestInt(`num_neurons_${i}`, 32, 64, { step: 16 }),
  );
  const optimizer = trial.suggestCategorical('optimizer', OPTIMIZER_NAMES);
  const learningRate = trial.suggestFloat('lr', 1e-3, 1e-2, { log: true });
  return { filters, hiddenUnits, optimizer, learningRate };
}

/**
 * Each 3x3 convolution ('same' padding, ReLU) is followed by 2x2 max pooling while the image is at
 * least 2 pixels wide, so the flattened features (and the dense part) stay small at any depth.
 */
export function buildCnn(
  hyperparameters: CnnHyperparameters,
  inputShape: readonly [number, number, number],
  numClasses: number,
): tf.Sequential {
  const model = tf.sequential();
  let side = Math.min(inputShape[0], inputShape[1]);
  hyperparameters.filters.forEach((filters, index) => {
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        ...(index === 0 ? { inputShape: [...inputShape] } : {}),
      }),
    );
    if (side >= 2) {
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      side = Math.floor(side / 2);
    }
  });
  model.add(tf.layers.flatten());
  for (const units of hyperparameters.hiddenUnits) model.add(tf.layers.dense({ units, activation: 'relu' }));
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax' }));
  return model;
}

function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
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

/**
 * The objective: builds the trial's CNN, trains it on `data` for `epochs` epochs with the core's
 * `trainLoop`, reports the test accuracy after each (throwing `TrialPruned` when the pruner says so)
 * and returns the last one. Every tensor the trial creates is freed, pruned or not.
 */
export function createCnnObjective(options: CnnObjectiveOptions): (trial: Trial) => Promise<number> {
  const { data, epochs = 3, batchSize = 64, seed = 0, progress = false } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be an integer >= 1; got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be an integer >= 1; got ${batchSize}`);
  }
  const [trainCount, height, width, channels] = data.trainImages.shape;

  return async (trial) => {
    const hyperparameters = suggestCnnHyperparameters(trial);
    const model = buildCnn(hyperparameters, [height, width, channels], data.numClasses);
    const optimizer = createOptimizer(hyperparameters.optimizer, hyperparameters.learningRate);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    let accuracy = 0;
    try {
      await trainLoop({
        epochs,
        batches: (epoch) => splitIntoBatches(epochOrder(trainCount, seed, epoch), batchSize),
        trainStep: (_step, { batch }) => trainOnBatch(model, data, batch),
        evaluate: {
          every: 'epoch',
          name: 'testAccuracy',
          fn: () => testAccuracy(model, data.testImages, data.testLabels),
          onResult: ({ value, epoch }) => {
            accuracy = value;
            trial.report(accuracy, epoch);
            if (trial.shouldPrune()) throw new TrialPruned(`pruned after epoch ${epoch} at test accuracy ${accuracy}`);
          },
        },
        progress: progress
          ? createProgress({ total: epochs * Math.ceil(trainCount / batchSize), label: `trial ${trial.number}` })
          : undefined,
      });
      return accuracy;
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  };
}

/**
 * One step of Keras's `trainOnBatch` on the rows `batch` of the training data. A diverged trial
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
