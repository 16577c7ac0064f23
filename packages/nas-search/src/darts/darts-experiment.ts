// The DARTS experiment of the homework, end to end on a subset of MNIST, CIFAR-10 or CIFAR-100:
// search a cell, then train the derived cell (and the argmax-of-alpha cell, when another derivation
// chose the cell), random cells of the same skeleton and random cells of about the derived cell's
// parameter count from scratch, every cell with the same seeds and budget, and compare their test
// accuracies; optionally write the search curves and a JSON summary.
import { join } from 'node:path';
import {
  ensureBackend,
  IMAGE_DATASETS,
  type ImageDatasetName,
  Rng,
  tf,
  writeFileAtomic,
  writeLinePlot,
} from '@hw7/tensor-utils';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { GenotypeNetwork } from '../cell/genotype-network.js';
import { disposeLabeled, type LabeledTensors } from '../cell/labeled-tensors.js';
import { randomGenotype } from '../cell/random-genotype.js';
import { type TrainFromScratchResult, trainGenotypeFromScratch } from '../cell/train-from-scratch.js';
import { type DatasetSource, loadDatasetSplits } from '../data/image-data.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import type { DartsDerivation, DartsOrder } from './darts-variants.js';
import type { PerturbationSelectionOptions } from './perturbation-selection.js';
import { type DartsSearchResult, searchDarts } from './search-darts.js';

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
  /** Stops after the current training step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CellScore extends TrainFromScratchResult {
  cellString: string;
  seed: number;
}

export interface DartsExperimentResult {
  dataset: ImageDatasetName;
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

/** `genotype` trained from scratch once per retrain seed, each scored on the test images. */
async function scoreOnEverySeed(
  genotype: CellGenotype,
  label: string,
  data: { train: LabeledTensors; test: LabeledTensors },
  network: CellNetworkOptions,
  options: Pick<DartsExperimentOptions, 'quiet' | 'signal'> & {
    batchSize: number;
    retrainSteps: number;
    retrainSeeds: number[];
  },
): Promise<CellScore[]> {
  const scores: CellScore[] = [];
  for (const seed of options.retrainSeeds) {
    const training = { steps: options.retrainSteps, batchSize: options.batchSize, seed, signal: options.signal };
    const trained = await trainGenotypeFromScratch(genotype, data, { ...network, seed }, training);
    const score: CellScore = { cellString: formatCell(genotype), seed, ...trained };
    if (!options.quiet) {
      process.stderr.write(
        `${label} ${score.cellString} (${score.parameters} parameters), seed ${seed}: ${score.accuracy.toFixed(4)}\n`,
      );
    }
    scores.push(score);
  }
  return scores;
}

function checkCellCounts(retrainSeeds: number[], counts: Record<string, number>): void {
  if (retrainSeeds.length === 0) throw new RangeError('options.retrainSeeds must hold at least one seed; got []');
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`options.${name} must be an integer >= 0; got ${value}`);
  }
}

/**
 * The cells compared after a search, each trained from scratch on every retrain seed: the derived
 * cell, the argmax cell (when it differs), random cells and random cells of the derived cell's size.
 */
async function scoreComparedCells(
  search: DartsSearchResult,
  data: { train: LabeledTensors; test: LabeledTensors },
  network: CellNetworkOptions,
  options: Parameters<typeof scoreOnEverySeed>[4] & {
    randomCells: number;
    sizeMatchedCells: number;
    sizeTolerance: number;
  },
) {
  const score = (genotype: CellGenotype, label: string) => scoreOnEverySeed(genotype, label, data, network, options);
  const derived = await score(search.genotype, 'derived');
  const sameCell = search.cellString === formatCell(search.argmaxGenotype);
  const argmax = sameCell ? derived : await score(search.argmaxGenotype, 'argmax');
  // Cell i is the same for every run (and the same as the earlier one-cell-per-seed comparison).
  const random: CellScore[] = [];
  for (let i = 0; i < options.randomCells; i++) {
    random.push(...(await score(randomGenotype(new Rng(`random-cell:${i}`)), 'random')));
  }
  const sizeMatched: CellScore[] = [];
  for (const genotype of sizeMatchedRandomCells(
    search.genotype,
    network,
    options.sizeMatchedCells,
    options.sizeTolerance,
  )) {
    sizeMatched.push(...(await score(genotype, 'size-matched')));
  }
  return { derived, argmax, random, sizeMatched };
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
  checkCellCounts(retrainSeeds, { randomCells, sizeMatchedCells });
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
    const search = await searchDarts(data, {
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
      progress: !quiet,
      signal: options.signal,
    });
    const retraining = {
      ...options,
      batchSize,
      retrainSteps,
      retrainSeeds,
      randomCells,
      sizeMatchedCells,
      sizeTolerance,
    };
    const { derived, argmax, random, sizeMatched } = await scoreComparedCells(search, retrainData, network, retraining);
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
    const title = `DARTS (${order} order, after ${warmupSteps} warm-up steps, ${derivation} derivation)`;
    if (out !== undefined) await writeDartsReport(out, result, `${title} on ${IMAGE_DATASETS[data.dataset].title}`);
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
