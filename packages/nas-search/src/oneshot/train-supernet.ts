// Supernet training of single-path one-shot: each mini-batch trains only the weights on one
// uniformly sampled path, so all paths are trained about equally and none co-adapts with another.
import { Rng } from '@hw7/tensor-utils';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import { trainClassifier } from '../cell/train-classifier.js';
import type { CellGenotype } from '../spaces/nb201-cell.js';
import { sampleUniformPath } from './path-sampling.js';
import type { Supernet } from './supernet.js';

export interface TrainSupernetOptions {
  steps: number;
  /** Default 64. */
  batchSize?: number;
  /** Adam learning rate; default 3e-3. */
  learningRate?: number;
  /** Seeds the paths and the batch order; default 0. */
  seed?: number;
  onStep?: (step: number, loss: number, path: CellGenotype) => void;
  /** Stops after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface TrainSupernetResult {
  losses: number[];
  /** The path trained at each step. */
  paths: CellGenotype[];
  seconds: number;
}

export async function trainSupernet(
  supernet: Supernet,
  data: LabeledTensors,
  { steps, batchSize, learningRate, seed = 0, onStep, signal }: TrainSupernetOptions,
): Promise<TrainSupernetResult> {
  const started = performance.now();
  const rng = new Rng(`supernet-paths:${seed}`);
  const paths: CellGenotype[] = [];
  const losses = await trainClassifier(
    (x) => {
      const path = sampleUniformPath(rng);
      paths.push(path);
      return supernet.logits(x, path);
    },
    supernet.variables,
    data,
    { steps, batchSize, learningRate, seed, signal, onStep: (step, loss) => onStep?.(step, loss, paths[step]) },
  );
  return { losses, paths, seconds: (performance.now() - started) / 1000 };
}
