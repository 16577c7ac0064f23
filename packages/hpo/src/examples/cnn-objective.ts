// The homework's experiment as an objective: a CNN whose depth, widths, optimiser and learning rate
// are chosen per trial, trained for a few epochs and scored on test accuracy. The search space and
// parameter names follow the homework's Optuna code (num_conv_layers, num_filter_i, ...).
import { tf } from '@hw7/tensor-utils';
import type { Trial } from '../trial.js';
import { TrialPruned } from '../trial-pruned.js';
import { OPTIMIZER_NAMES, type OptimizerName } from './cnn-names.js';
import { createOptimizer, trainCnn } from './cnn-training.js';
import type { ImageDataset } from './image-dataset.js';

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
 * The hyperparameters a trial's parameters stand for (the names `suggestCnnHyperparameters` draws,
 * e.g. a study's `bestParams`), so the network of a finished study can be built again.
 */
export function cnnHyperparametersFromParams(params: Readonly<Record<string, unknown>>): CnnHyperparameters {
  const integer = (name: string, low: number, high: number): number => {
    const value = params[name];
    if (!Number.isInteger(value) || (value as number) < low || (value as number) > high) {
      throw new RangeError(`parameter ${name} must be an integer from ${low} to ${high}; got ${JSON.stringify(value)}`);
    }
    return value as number;
  };
  const optimizer = params.optimizer as OptimizerName;
  if (!OPTIMIZER_NAMES.includes(optimizer)) {
    throw new RangeError(
      `parameter optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}; got ${JSON.stringify(optimizer)}`,
    );
  }
  const learningRate = params.lr;
  if (typeof learningRate !== 'number' || !(learningRate > 0)) {
    throw new RangeError(`parameter lr must be a number > 0; got ${JSON.stringify(learningRate)}`);
  }
  const filters = Array.from({ length: integer('num_conv_layers', 1, 16) }, (_, i) =>
    integer(`num_filter_${i}`, 1, 4096),
  );
  const hiddenUnits = Array.from({ length: integer('num_fc_layers', 1, 16) - 1 }, (_, i) =>
    integer(`num_neurons_${i}`, 1, 65536),
  );
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
  const [, height, width, channels] = data.trainImages.shape;

  return async (trial) => {
    const hyperparameters = suggestCnnHyperparameters(trial);
    const model = buildCnn(hyperparameters, [height, width, channels], data.numClasses);
    const optimizer = createOptimizer(hyperparameters.optimizer, hyperparameters.learningRate);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    try {
      return await trainCnn(model, data, {
        epochs,
        batchSize,
        seed,
        onTestAccuracy: ({ value, epoch }) => {
          trial.report(value, epoch);
          if (trial.shouldPrune()) throw new TrialPruned(`pruned after epoch ${epoch} at test accuracy ${value}`);
        },
        progressLabel: progress ? `trial ${trial.number}` : undefined,
      });
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  };
}
