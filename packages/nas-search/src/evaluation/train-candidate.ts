// Cheap evaluation of a macro-space candidate: a few epochs of Adam with linear warm-up then cosine
// decay, early stopping on validation accuracy, optionally starting from a parent's weights.
import {
  EarlyStopping,
  epochOrder,
  learningRateSchedule,
  setLearningRate,
  splitIntoBatches,
  tf,
} from '@hw7/tensor-utils';
import type { MacroArchitecture } from '../spaces/macro-cnn.js';
import { buildMacroModel } from '../spaces/macro-cnn-model.js';
import { inheritWeights } from './weight-inheritance.js';

/** Training and validation images; labels one-hot. The caller owns the tensors. */
export interface CandidateData {
  train: { x: tf.Tensor4D; y: tf.Tensor2D };
  validation: { x: tf.Tensor4D; y: tf.Tensor2D };
}

export interface TrainCandidateOptions {
  /** Most epochs (default 3); early stopping may end sooner. */
  maxEpochs?: number;
  /** Default 64. */
  batchSize?: number;
  /** Peak learning rate after warm-up (default 3e-3). */
  learningRate?: number;
  /**
   * 'warmup-cosine' (default): linear warm-up, then cosine decay to 1/20 of the peak over `maxEpochs`;
   * 'constant': the peak rate throughout (plain training, the reference of the cheap-evaluation bench).
   */
  schedule?: 'warmup-cosine' | 'constant';
  /** Warm-up steps of 'warmup-cosine' (default: a quarter of the first epoch). */
  warmupSteps?: number;
  /** Stop early when the validation accuracy stalls (default true); false always runs `maxEpochs`. */
  earlyStopping?: boolean;
  /** Epochs without a better validation accuracy tolerated; the next one stops training (default 1). */
  patience?: number;
  /** Seeds the batch order. */
  seed?: number;
  /** A trained model to inherit matching layers' weights from. */
  parent?: tf.LayersModel;
  /** Called after each epoch. */
  onEpoch?: (epoch: number, validationAccuracy: number) => void;
}

export interface TrainedCandidate {
  /** The best validation accuracy over the epochs run. */
  accuracy: number;
  /** The validation accuracy after the last epoch run. */
  lastAccuracy: number;
  epochs: number;
  /** Layers whose weights came from the parent. */
  inherited: string[];
  /** The trained model; the caller disposes it. */
  model: tf.LayersModel;
}

export async function trainCandidate(
  architecture: MacroArchitecture,
  data: CandidateData,
  options: TrainCandidateOptions = {},
): Promise<TrainedCandidate> {
  const {
    maxEpochs = 3,
    batchSize = 64,
    learningRate = 3e-3,
    schedule: scheduleName = 'warmup-cosine',
    earlyStopping = true,
    patience = 1,
    seed = 0,
  } = options;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new RangeError(`trainCandidate: maxEpochs must be an integer >= 1; got ${maxEpochs}`);
  }
  if (scheduleName !== 'warmup-cosine' && scheduleName !== 'constant') {
    throw new RangeError(`trainCandidate: schedule must be 'warmup-cosine' or 'constant'; got "${scheduleName}"`);
  }
  const [count, height, width, channels] = data.train.x.shape;
  const numClasses = data.train.y.shape[1];
  const model = buildMacroModel(architecture, { inputShape: [height, width, channels], numClasses });
  const inherited = options.parent ? inheritWeights(model, options.parent) : [];
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const stepsPerEpoch = Math.ceil(count / batchSize);
  const warmupSteps = options.warmupSteps ?? Math.max(1, Math.floor(stepsPerEpoch / 4));
  const schedule =
    scheduleName === 'constant'
      ? learningRateSchedule({ baseLr: learningRate })
      : learningRateSchedule({
          baseLr: learningRate,
          warmupSteps: Math.min(warmupSteps, maxEpochs * stepsPerEpoch - 1),
          decay: 'cosine',
          totalSteps: maxEpochs * stepsPerEpoch,
          minLr: learningRate / 20,
        });
  const stopping = new EarlyStopping({ patience, mode: 'max' });
  let step = 0;
  let epochs = 0;
  let lastAccuracy = 0;
  for (let epoch = 0; epoch < maxEpochs && !(earlyStopping && stopping.shouldStop); epoch++) {
    for (const batch of splitIntoBatches(epochOrder(count, seed, epoch), batchSize)) {
      setLearningRate(optimizer, schedule(step++));
      const indices = tf.tensor1d(batch, 'int32');
      const x = tf.gather(data.train.x, indices);
      const y = tf.gather(data.train.y, indices);
      await model.trainOnBatch(x, y);
      tf.dispose([indices, x, y]);
    }
    epochs++;
    lastAccuracy = validationAccuracy(model, data.validation);
    stopping.update(lastAccuracy, epoch);
    options.onEpoch?.(epoch, lastAccuracy);
  }
  // The model is only used for inference and inheritance from here on.
  optimizer.dispose();
  return { accuracy: stopping.best ?? 0, lastAccuracy, epochs, inherited, model };
}

/** Fraction of correctly classified validation images, predicted in chunks to bound memory. */
export function validationAccuracy(model: tf.LayersModel, { x, y }: CandidateData['validation'], chunk = 256): number {
  let correct = 0;
  for (let start = 0; start < x.shape[0]; start += chunk) {
    const size = Math.min(chunk, x.shape[0] - start);
    correct += tf.tidy(() => {
      const predicted = (model.predict(x.slice(start, size)) as tf.Tensor).argMax(1);
      return predicted.equal(y.slice(start, size).argMax(1)).sum().arraySync() as number;
    });
  }
  return correct / x.shape[0];
}
