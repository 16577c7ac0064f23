// The DARTS experiment of the homework, end to end on a subset of MNIST, CIFAR-10 or CIFAR-100:
// search a cell, then train the derived cell (and the argmax-of-alpha cell, when another derivation
// chose the cell), random cells of the same skeleton and random cells of about the derived cell's
// parameter count from scratch, every cell with the same seeds and budget, and compare their test
// accuracies; optionally write the search curves and a JSON summary.
import { join } from 'node:path';
import { createProgress, ensureBackend, Rng, tf, writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { GenotypeNetwork } from '../cell/genotype-network.js';
import { disposeLabeled } from '../cell/labeled-tensors.js';
import { randomGenotype } from '../cell/random-genotype.js';
import { type TrainFromScratchResult, trainGenotypeFromScratch } from '../cell/train-from-scratch.js';
import { DATASET_TITLES, type DatasetName, type DatasetSource, loadDatasetSplits } from '../data/image-data.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import type { DartsOrder } from './darts-step.js';
import type { PerturbationSelectionOptions } from './perturbation-selection.js';
import { type DartsDerivation, type DartsSearchResult, searchDarts } from './search-darts.js';

export interface DartsExperimentOptions extends DatasetSource {
  /** Training images for the weights; default 2000. */
  trainExamples?: number;
  /** Training images (disjoint) for alpha; default 2000. */
  validationExamples?: number;
  /** Test images for the final comparison; default 2000. */
  testExamples?: number;
  /**
   * Default { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 }; the input channels and
   * classes always come from the dataset.
   */
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
  /** Default 'perturbation' (DARTS-PT); the argmax cell is trained too when it differs. */
  derivation?: DartsDerivation;
  /** Options of the perturbation-based selection. */
  selection?: PerturbationSelectionOptions;
  /** Adam steps of each from-scratch training on train + validation images; default 300. */
  retrainSteps?: number;
  /** Every compared cell is trained from scratch once per seed; default [0, 1, 2]. */
  retrainSeeds?: number[];
  /** Uniformly random cells (no 'none') to compare with; default 4. */
  randomCells?: number;
  /**
   * Random cells whose parameter count is within `sizeTolerance` of the derived cell's, for a
   * comparison at equal size, not just equal skeleton; default 4 (0 skips them).
   */
  sizeMatchedCells?: number;
  /** Relative parameter-count tolerance of the size-matched cells; default 0.15. */
  sizeTolerance?: number;
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
  dataset: DatasetName;
  search: DartsSearchResult;
  /** The cell of the search's derivation, one score per retrain seed. */
  derived: CellScore[];
  /** The argmax-of-alpha cell per retrain seed (the same scores as `derived` when it is that cell). */
  argmax: CellScore[];
  /** Every random cell on every retrain seed. */
  random: CellScore[];
  sizeMatched: CellScore[];
  meanDerivedAccuracy: number;
  meanArgmaxAccuracy: number;
  meanRandomAccuracy: number;
  /** NaN when no size-matched cell was asked for. */
  meanSizeMatchedAccuracy: number;
  seconds: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const meanAccuracy = (scores: CellScore[]) => mean(scores.map(({ accuracy }) => accuracy));

/** Parameters of `genotype` in the given skeleton (builds and frees the network). */
export function genotypeParameterCount(genotype: CellGenotype, network: CellNetworkOptions): number {
  const model = new GenotypeNetwork(genotype, network);
  const count = model.network.parameterCount();
  model.dispose();
  return count;
}

/**
 * `count` distinct random cells (no 'none'), other than `target`, whose parameter count is within
 * `tolerance` (relative) of `target`'s in the skeleton `network`; seeded, so the same for every run
 * with the same target.
 */
export function sizeMatchedRandomCells(
  target: CellGenotype,
  network: CellNetworkOptions,
  count: number,
  tolerance: number,
): CellGenotype[] {
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be >= 0; got ${tolerance}`);
  const targetParameters = genotypeParameterCount(target, network);
  const rng = new Rng('size-matched-cells');
  const seen = new Map<string, number>([[formatCell(target), targetParameters]]);
  const cells: CellGenotype[] = [];
  // 4^6 = 4,096 cells: this many draws sees nearly all of them.
  for (let draw = 0; draw < 20_000 && cells.length < count; draw++) {
    const cell = randomGenotype(rng);
    const key = formatCell(cell);
    if (seen.has(key)) continue;
    const parameters = genotypeParameterCount(cell, network);
    seen.set(key, parameters);
    if (Math.abs(parameters - targetParameters) <= tolerance * targetParameters) cells.push(cell);
  }
  if (cells.length < count) {
    throw new RangeError(
      `only ${cells.length} random cells have a parameter count within ${tolerance} of ${targetParameters}; asked for ${count}`,
    );
  }
  return cells;
}

export async function runDartsExperiment(options: DartsExperimentOptions = {}): Promise<DartsExperimentResult> {
  const {
    trainExamples = 2000,
    validationExamples = 2000,
    testExamples = 2000,
    network: skeleton = { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 },
    searchSteps = 300,
    warmupSteps = 150,
    order = 'second',
    alphaLearningRate = 1e-2,
    weightLearningRate = 0.05,
    derivation = 'perturbation',
    selection,
    retrainSteps = 300,
    retrainSeeds = [0, 1, 2],
    randomCells = 4,
    sizeMatchedCells = 4,
    sizeTolerance = 0.15,
    batchSize = 64,
    seed = 0,
    out,
    quiet = false,
  } = options;
  if (retrainSeeds.length === 0) throw new RangeError('options.retrainSeeds must hold at least one seed; got []');
  for (const [name, value] of [
    ['randomCells', randomCells],
    ['sizeMatchedCells', sizeMatchedCells],
  ] as const) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`options.${name} must be an integer >= 0; got ${value}`);
  }
  await ensureBackend();
  const started = performance.now();
  const data = await loadDatasetSplits(
    { train: trainExamples, validation: validationExamples, test: testExamples },
    options,
  );
  const network: CellNetworkOptions = { ...skeleton, inputChannels: data.inputChannels, numClasses: data.numClasses };
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
      derivation,
      selection,
      seed,
      onStep: ({ entropy, trainLoss, validationLoss }) =>
        progress?.tick(1, { entropy, train_loss: trainLoss, val_loss: validationLoss }),
    });
    progress?.stop();

    const scoreOnEverySeed = (genotype: CellGenotype, label: string): CellScore[] =>
      retrainSeeds.map((retrainSeed) => {
        const score: CellScore = {
          cellString: formatCell(genotype),
          seed: retrainSeed,
          ...trainGenotypeFromScratch(
            genotype,
            retrainData,
            { ...network, seed: retrainSeed },
            { steps: retrainSteps, batchSize, seed: retrainSeed },
          ),
        };
        if (!quiet) {
          process.stderr.write(
            `${label} ${score.cellString} (${score.parameters} parameters), seed ${retrainSeed}: ${score.accuracy.toFixed(4)}\n`,
          );
        }
        return score;
      });
    const derived = scoreOnEverySeed(search.genotype, 'derived');
    const sameCell = search.cellString === formatCell(search.argmaxGenotype);
    const argmax = sameCell ? derived : scoreOnEverySeed(search.argmaxGenotype, 'argmax');
    // Cell i is the same for every run (and the same as the earlier one-cell-per-seed comparison).
    const random = Array.from({ length: randomCells }, (_, i) =>
      scoreOnEverySeed(randomGenotype(new Rng(`random-cell:${i}`)), 'random'),
    ).flat();
    const sizeMatched = sizeMatchedRandomCells(search.genotype, network, sizeMatchedCells, sizeTolerance).flatMap(
      (genotype) => scoreOnEverySeed(genotype, 'size-matched'),
    );
    const result: DartsExperimentResult = {
      dataset: data.dataset,
      search,
      derived,
      argmax,
      random,
      sizeMatched,
      meanDerivedAccuracy: meanAccuracy(derived),
      meanArgmaxAccuracy: meanAccuracy(argmax),
      meanRandomAccuracy: meanAccuracy(random),
      meanSizeMatchedAccuracy: meanAccuracy(sizeMatched),
      seconds: (performance.now() - started) / 1000,
    };
    if (out !== undefined)
      await writeDartsReport(
        out,
        result,
        `DARTS (${order} order, after ${warmupSteps} warm-up steps, ${derivation} derivation) on ${DATASET_TITLES[data.dataset]}`,
      );
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
