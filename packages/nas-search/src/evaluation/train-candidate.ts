// Cheap evaluation of a macro-space candidate: a few epochs of Adam with linear warm-up then cosine
// decay, early stopping on validation accuracy (scored every epoch, or every N steps so that it can
// act within the one or two epochs a search affords), optionally starting from a parent's weights.
// The core's trainLoop runs the epochs; a step is the model's own trainOnBatch.
import {
  EarlyStopping,
  type EvaluationResult,
  epochOrder,
  learningRateSchedule,
  splitIntoBatches,
  tf,
  trainLoop,
} from '@hw7/tensor-utils';
import type { MacroArchitecture } from '../spaces/macro-cnn.js';
import { buildMacroModel } from '../spaces/macro-cnn-model.js';
import { inheritWeights } from './weight-inheritance.js';

/** Training and validation images; labels one-hot. The caller owns the tensors. */
export interface CandidateData {
  train: { x: tf.Tensor4D; y: tf.Tensor2D };
  validation: { x: tf.Tensor4D; y: tf.Tensor2D };
}

/** One score on the validation images, as `onEvaluation` receives it. */
export interface CandidateEvaluation {
  /** Steps (batches) trained when it was taken. */
  step: number;
  /** 0-based epoch of that step. */
  epoch: number;
  accuracy: number;
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
  /**
   * Score on the validation images every this many steps instead of at the end of every epoch
   * (default). Early stopping counts these evaluations, so with 1-2 epochs it can still stop early.
   */
  evaluateEvery?: number;
  /** Stop early when the validation accuracy stalls (default true); false always runs `maxEpochs`. */
  earlyStopping?: boolean;
  /** Evaluations without a better validation accuracy tolerated; the next one stops training (default 1). */
  patience?: number;
  /** Seeds the batch order. */
  seed?: number;
  /** A trained model to inherit matching layers' weights from. */
  parent?: tf.LayersModel;
  /** Called after each evaluation. */
  onEvaluation?: (evaluation: CandidateEvaluation) => void;
  /** Stops training after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface TrainedCandidate {
  /** The best validation accuracy over the evaluations run. */
  accuracy: number;
  /** The validation accuracy at the last evaluation. */
  lastAccuracy: number;
  /** Epochs begun (the last one may be cut short by early stopping between epochs' ends). */
  epochs: number;
  /** Steps (batches) trained. */
  steps: number;
  /** Whether early stopping ended training before `maxEpochs`. */
  stoppedEarly: boolean;
  /** Layers whose weights came from the parent. */
  inherited: string[];
  /** The trained model; the caller disposes it. */
  model: tf.LayersModel;
}

function checkOptions(maxEpochs: number, schedule: string, evaluateEvery: number | undefined): void {
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new RangeError(`trainCandidate: maxEpochs must be an integer >= 1; got ${maxEpochs}`);
  }
  if (schedule !== 'warmup-cosine' && schedule !== 'constant') {
    throw new RangeError(`trainCandidate: schedule must be 'warmup-cosine' or 'constant'; got "${schedule}"`);
  }
  if (evaluateEvery !== undefined && (!Number.isInteger(evaluateEvery) || evaluateEvery < 1)) {
    throw new RangeError(`trainCandidate: evaluateEvery must be an integer >= 1; got ${evaluateEvery}`);
  }
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
    evaluateEvery,
    earlyStopping = true,
    patience = 1,
    seed = 0,
  } = options;
  checkOptions(maxEpochs, scheduleName, evaluateEvery);
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
  let best = Number.NEGATIVE_INFINITY;
  let lastAccuracy = 0;
  const onResult = ({ step, epoch, value }: EvaluationResult) => {
    best = Math.max(best, value);
    lastAccuracy = value;
    options.onEvaluation?.({ step, epoch, accuracy: value });
  };
  try {
    const run = await trainLoop<Int32Array>({
      epochs: maxEpochs,
      batches: (epoch) => splitIntoBatches(epochOrder(count, seed, epoch), batchSize),
      trainStep: async (_step, { batch }) => {
        const indices = tf.tensor1d(batch, 'int32');
        // The loop disposes these after the step.
        const loss = await model.trainOnBatch(tf.gather(data.train.x, indices), tf.gather(data.train.y, indices));
        return { loss: loss as number };
      },
      learningRate: { schedule, optimizers: [optimizer] },
      evaluate: {
        every: evaluateEvery ?? 'epoch',
        name: 'accuracy',
        fn: () => validationAccuracy(model, data.validation),
        earlyStopping: earlyStopping ? new EarlyStopping({ patience, mode: 'max' }) : undefined,
        onResult,
      },
      signal: options.signal,
    });
    return {
      accuracy: Number.isFinite(best) ? best : 0,
      lastAccuracy,
      epochs: Math.ceil(run.stepsRun / stepsPerEpoch),
      steps: run.stepsRun,
      // The loop also says so when the stop came with the last step.
      stoppedEarly: run.stoppedEarly && run.stepsRun < maxEpochs * stepsPerEpoch,
      inherited,
      model,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    // The model is only used for inference and inheritance from here on.
    optimizer.dispose();
  }
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
