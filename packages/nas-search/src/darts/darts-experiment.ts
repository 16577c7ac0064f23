// The DARTS experiment of the homework, end to end on an MNIST subset: search a cell, then train
// the derived cell and random cells of the same skeleton from scratch with the same budget and
// compare their test accuracies; optionally write the search curves and a JSON summary.
import { join } from 'node:path';
import { createProgress, ensureBackend, Rng, tf, writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { disposeLabeled } from '../cell/labeled-tensors.js';
import { loadMnistSplits } from '../cell/mnist-splits.js';
import { randomGenotype } from '../cell/random-genotype.js';
import { type TrainFromScratchResult, trainGenotypeFromScratch } from '../cell/train-from-scratch.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import type { DartsOrder } from './darts-step.js';
import { type DartsSearchResult, searchDarts } from './search-darts.js';

export interface DartsExperimentOptions {
  /** MNIST training images for the weights; default 2000. */
  trainExamples?: number;
  /** MNIST training images (disjoint) for alpha; default 2000. */
  validationExamples?: number;
  /** MNIST test images for the final comparison; default 2000. */
  testExamples?: number;
  /** Default { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 }. */
  network?: CellNetworkOptions;
  /** Default 300. */
  searchSteps?: number;
  /** Weight-only steps before the search; default 150. */
  warmupSteps?: number;
  /** Default 'second'. */
  order?: DartsOrder;
  /** Default 1e-2 (Adam). */
  alphaLearningRate?: number;
  /** Default 0.05 (momentum SGD). */
  weightLearningRate?: number;
  /** Adam steps of each from-scratch training on train + validation images; default 300. */
  retrainSteps?: number;
  /** One from-scratch training of the derived cell and one random cell per seed; default [0, 1, 2]. */
  retrainSeeds?: number[];
  /** Default 64. */
  batchSize?: number;
  /** Seed of the search; default 0. */
  seed?: number;
  /** Directory for darts-search.svg and darts-experiment.json; nothing is written without it. */
  out?: string;
  /** No progress on stderr. */
  quiet?: boolean;
}

export interface CellScore extends TrainFromScratchResult {
  cellString: string;
  seed: number;
}

export interface DartsExperimentResult {
  search: DartsSearchResult;
  derived: CellScore[];
  random: CellScore[];
  meanDerivedAccuracy: number;
  meanRandomAccuracy: number;
  seconds: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export async function runDartsExperiment(options: DartsExperimentOptions = {}): Promise<DartsExperimentResult> {
  const {
    trainExamples = 2000,
    validationExamples = 2000,
    testExamples = 2000,
    network = { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 },
    searchSteps = 300,
    warmupSteps = 150,
    order = 'second',
    alphaLearningRate = 1e-2,
    weightLearningRate = 0.05,
    retrainSteps = 300,
    retrainSeeds = [0, 1, 2],
    batchSize = 64,
    seed = 0,
    out,
    quiet = false,
  } = options;
  if (retrainSeeds.length === 0) throw new RangeError('options.retrainSeeds must hold at least one seed; got []');
  await ensureBackend();
  const started = performance.now();
  const data = await loadMnistSplits({ train: trainExamples, validation: validationExamples, test: testExamples });
  const retrainData = {
    train: { x: tf.concat([data.train.x, data.validation.x]), y: tf.concat([data.train.y, data.validation.y]) },
    test: data.test,
  };
  try {
    const progress = quiet ? undefined : createProgress({ total: searchSteps, label: `darts ${order} order` });
    const search = searchDarts(data, {
      steps: searchSteps,
      warmupSteps,
      order,
      batchSize,
      alphaLearningRate,
      weightLearningRate,
      network,
      seed,
      onStep: ({ entropy, trainLoss, validationLoss }) =>
        progress?.tick(1, { entropy, train_loss: trainLoss, val_loss: validationLoss }),
    });
    progress?.stop();

    const score = (genotype: CellGenotype, retrainSeed: number): CellScore => ({
      cellString: formatCell(genotype),
      seed: retrainSeed,
      ...trainGenotypeFromScratch(
        genotype,
        retrainData,
        { ...network, seed: retrainSeed },
        { steps: retrainSteps, batchSize, seed: retrainSeed },
      ),
    });
    const derived: CellScore[] = [];
    const random: CellScore[] = [];
    for (const retrainSeed of retrainSeeds) {
      derived.push(score(search.genotype, retrainSeed));
      random.push(score(randomGenotype(new Rng(`random-cell:${retrainSeed}`)), retrainSeed));
      if (!quiet) {
        const last = (scores: CellScore[]) => scores[scores.length - 1].accuracy.toFixed(4);
        process.stderr.write(`retrain seed ${retrainSeed}: derived ${last(derived)}, random ${last(random)}\n`);
      }
    }
    const result: DartsExperimentResult = {
      search,
      derived,
      random,
      meanDerivedAccuracy: mean(derived.map(({ accuracy }) => accuracy)),
      meanRandomAccuracy: mean(random.map(({ accuracy }) => accuracy)),
      seconds: (performance.now() - started) / 1000,
    };
    if (out !== undefined)
      await writeDartsReport(out, result, `DARTS (${order} order, after ${warmupSteps} warm-up steps) on MNIST`);
    return result;
  } finally {
    disposeLabeled(data.train);
    disposeLabeled(data.validation);
    disposeLabeled(data.test);
    disposeLabeled(retrainData.train);
  }
}

async function writeDartsReport(out: string, result: DartsExperimentResult, title: string): Promise<void> {
  const { history, initialEntropy } = result.search;
  await writeLinePlot(join(out, 'darts-search.svg'), {
    title,
    xLabel: 'search step',
    yLabel: 'entropy (nats) / accuracy',
    series: [
      {
        name: 'mean entropy of softmax(alpha)',
        points: [[0, initialEntropy], ...history.map(({ step, entropy }) => [step, entropy] as const)],
      },
      {
        name: 'supernet validation accuracy',
        points: history.flatMap(({ step, validationAccuracy }) =>
          validationAccuracy === undefined ? [] : [[step, validationAccuracy] as const],
        ),
      },
    ],
  });
  await writeFileAtomic(join(out, 'darts-experiment.json'), `${JSON.stringify(result, null, 2)}\n`);
}
