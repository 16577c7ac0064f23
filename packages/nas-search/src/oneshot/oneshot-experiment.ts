// Single-path one-shot end to end on a subset of MNIST, CIFAR-10 or CIFAR-100: train the supernet
// with uniformly sampled paths, then rank randomly drawn candidate cells by their validation accuracy
// with inherited weights (no retraining).
import { join } from 'node:path';
import { createProgress, ensureBackend, type ImageDatasetName, Rng, writeFileAtomic } from '@hw7/tensor-utils';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { disposeLabeled } from '../cell/labeled-tensors.js';
import { type DatasetSource, loadDatasetSplits } from '../data/image-data.js';
import { sampleUniformPath } from './path-sampling.js';
import { type RankedCandidate, rankCandidates } from './rank-candidates.js';
import { Supernet } from './supernet.js';
import { trainSupernet } from './train-supernet.js';

export interface OneShotExperimentOptions extends DatasetSource {
  /** Training images for the supernet; default 2000. */
  trainExamples?: number;
  /** Training images (disjoint) the candidates are ranked on; default 1000. */
  validationExamples?: number;
  /**
   * Default { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 }; the input channels and
   * classes always come from the dataset.
   */
  network?: CellNetworkOptions;
  /** Supernet training steps (one sampled path each); default 300. */
  supernetSteps?: number;
  /** Candidate cells drawn uniformly from the space and ranked; default 20. */
  candidates?: number;
  /** Default 64. */
  batchSize?: number;
  /** Default 0. */
  seed?: number;
  /** Directory for oneshot-experiment.json (the result); nothing is written without it. */
  out?: string;
  /** No progress on stderr. */
  quiet?: boolean;
  /** Stops after the current supernet step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface OneShotExperimentResult {
  dataset: ImageDatasetName;
  /** All candidates, best first. */
  ranking: RankedCandidate[];
  supernetLosses: number[];
  supernetSeconds: number;
  seconds: number;
}

export async function runOneShotExperiment(options: OneShotExperimentOptions = {}): Promise<OneShotExperimentResult> {
  const {
    trainExamples = 2000,
    validationExamples = 1000,
    network = { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 },
    supernetSteps = 300,
    candidates = 20,
    batchSize = 64,
    seed = 0,
    quiet = false,
  } = options;
  if (!Number.isInteger(candidates) || candidates < 1) {
    throw new RangeError(`options.candidates must be an integer >= 1; got ${candidates}`);
  }
  await ensureBackend();
  const started = performance.now();
  // The test split is unused here; one image keeps loading cheap.
  const data = await loadDatasetSplits({ train: trainExamples, validation: validationExamples, test: 1 }, options);
  const { inputChannels, numClasses } = data;
  const supernet = new Supernet({ ...network, inputChannels, numClasses, seed: network.seed ?? seed });
  try {
    const progress = quiet ? undefined : createProgress({ total: supernetSteps, label: 'one-shot supernet' });
    const training = await trainSupernet(supernet, data.train, {
      steps: supernetSteps,
      batchSize,
      seed,
      signal: options.signal,
      onStep: (_step, loss) => progress?.tick(1, { loss }),
    }).finally(() => progress?.stop());
    const rng = new Rng(`oneshot-candidates:${seed}`);
    const pool = Array.from({ length: candidates }, () => sampleUniformPath(rng));
    const result: OneShotExperimentResult = {
      dataset: data.dataset,
      ranking: rankCandidates(supernet, pool, data.validation),
      supernetLosses: training.losses,
      supernetSeconds: training.seconds,
      seconds: (performance.now() - started) / 1000,
    };
    if (options.out !== undefined) {
      await writeFileAtomic(join(options.out, 'oneshot-experiment.json'), `${JSON.stringify(result, null, 2)}\n`);
    }
    return result;
  } finally {
    supernet.dispose();
    disposeLabeled(data.train);
    disposeLabeled(data.validation);
    disposeLabeled(data.test);
  }
}
