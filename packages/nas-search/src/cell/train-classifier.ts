// Plain supervised training of a classifier (Adam, shuffled mini-batches), e.g. a derived cell
// trained from scratch, on the core's trainLoop. `logitsOf` receives the step, so a supernet can run
// a new path each batch.
import { optimizerStep, tf, trainLoop } from '@hw7/tensor-utils';
import { BatchStream } from './batch-stream.js';
import { crossEntropy } from './classification.js';
import type { LabeledTensors } from './labeled-tensors.js';

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
  /** Stops after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Trains `variables` for `steps` mini-batches; returns the loss of every step. */
export async function trainClassifier(
  logitsOf: (x: tf.Tensor4D, step: number) => tf.Tensor2D,
  variables: tf.Variable[],
  data: LabeledTensors,
  { steps, batchSize = 64, learningRate = 3e-3, seed = 0, onStep, signal }: TrainClassifierOptions,
): Promise<number[]> {
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`options.steps must be an integer >= 1; got ${steps}`);
  const batches = new BatchStream(data, batchSize, `train-classifier:${seed}`);
  const optimizer = tf.train.adam(learningRate);
  const losses: number[] = [];
  try {
    await trainLoop({
      steps,
      // The batch's tensors are disposed by the loop after the step.
      trainStep: async (step) => {
        const batch = batches.next();
        const metrics = await optimizerStep(optimizer, () => crossEntropy(logitsOf(batch.x, step), batch.y), variables);
        losses.push(metrics.loss);
        onStep?.(step, metrics.loss);
        return metrics;
      },
      signal,
    });
  } finally {
    optimizer.dispose();
  }
  return losses;
}
