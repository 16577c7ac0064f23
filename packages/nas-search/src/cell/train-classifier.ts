// Plain supervised training of a classifier (Adam, shuffled mini-batches), e.g. a derived cell
// trained from scratch. `logitsOf` receives the step, so a supernet can run a new path each batch.
import { tf } from '@hw7/tensor-utils';
import { BatchStream } from './batch-stream.js';
import { crossEntropy } from './classification.js';
import { disposeLabeled, type LabeledTensors } from './labeled-tensors.js';

export interface TrainClassifierOptions {
  steps: number;
  /** Default 64. */
  batchSize?: number;
  /** Adam learning rate; default 3e-3. */
  learningRate?: number;
  /** Seed of the batch order; default 0. */
  seed?: number;
  /** Called after every step with its training loss. */
  onStep?: (step: number, loss: number) => void;
}

/** Trains `variables` for `steps` mini-batches; returns the loss of every step. */
export function trainClassifier(
  logitsOf: (x: tf.Tensor4D, step: number) => tf.Tensor2D,
  variables: tf.Variable[],
  data: LabeledTensors,
  { steps, batchSize = 64, learningRate = 3e-3, seed = 0, onStep }: TrainClassifierOptions,
): number[] {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`options.steps must be an integer >= 1; got ${steps}`);
  const batches = new BatchStream(data, batchSize, `train-classifier:${seed}`);
  const optimizer = tf.train.adam(learningRate);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = batches.next();
    const loss = optimizer.minimize(() => crossEntropy(logitsOf(batch.x, step), batch.y), true, variables);
    disposeLabeled(batch);
    const value = (loss as tf.Scalar).arraySync();
    loss?.dispose();
    losses.push(value);
    onStep?.(step, value);
  }
  optimizer.dispose();
  return losses;
}
