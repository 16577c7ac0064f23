// A DARTS search: weight-only warm-up steps, then `steps` iterations that alternate alpha and weight
// updates (both on the core's trainLoop, a DARTS iteration being one step with two optimizers),
// recording the mean entropy of softmax(alpha) every step and the supernet's validation accuracy
// now and then; then derive the discrete cell: by the argmax of alpha (DARTS) and, by default, by
// perturbation of the trained supernet (DARTS-PT), which is the cell returned.
import { createProgress, tf, trainLoop } from '@hw7/tensor-utils';
import { BatchStream } from '../cell/batch-stream.js';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { classificationAccuracy } from '../cell/classification.js';
import { disposeLabeled, firstExamples, type LabeledTensors } from '../cell/labeled-tensors.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import { deriveGenotype, meanAlphaEntropy } from './architecture-parameters.js';
import { dartsStep, updateWeights } from './darts-step.js';
import { DartsSupernet } from './darts-supernet.js';
import { DARTS_DERIVATIONS, type DartsDerivation, type DartsOrder } from './darts-variants.js';
import {
  type PerturbationSelectionOptions,
  type PerturbationSelectionResult,
  selectByPerturbation,
} from './perturbation-selection.js';

export interface DartsSearchOptions {
  /** Search iterations (alpha and weight updates), after the warm-up. */
  steps: number;
  /**
   * Weight-only steps before alpha starts to move; default 0. Untrained convolutions lose to
   * parameter-free operations at first, and alpha would lock that in.
   */
  warmupSteps?: number;
  /** Default 'second'. */
  order?: DartsOrder;
  /** Default 64, for both the training and the validation batches. */
  batchSize?: number;
  /** Momentum-SGD (0.9) learning rate of the weights; default 0.05. */
  weightLearningRate?: number;
  /** Adam (beta1 0.5, as DARTS) learning rate of alpha; default 3e-3 (DARTS: 3e-4, for 50 epochs of CIFAR). */
  alphaLearningRate?: number;
  /** xi of the second-order unrolled step; default the weight learning rate, as DARTS. */
  unrolledStep?: number;
  /** Steps between validation-accuracy measurements; default 25 (and always after the last step). */
  evaluateEvery?: number;
  /** Validation examples the accuracy is measured on; default 500. */
  evaluationExamples?: number;
  network?: CellNetworkOptions;
  /**
   * Default 'perturbation': each edge takes the operation whose removal hurts the trained supernet
   * most (DARTS-PT); 'argmax': the largest alpha (DARTS), fragile when alpha has collapsed towards
   * parameter-free operations. The argmax cell is reported either way.
   */
  derivation?: DartsDerivation;
  /** Options of the perturbation-based selection (its seed defaults to `seed`). */
  selection?: PerturbationSelectionOptions;
  /** Seeds the weights, alpha and batch orders; default 0. */
  seed?: number;
  /** Show the warm-up's and the search's progress on stderr (default false). */
  progress?: boolean;
  /** Stops after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface DartsStepRecord {
  /** 1-based: the number of search iterations done (the warm-up not counted). */
  step: number;
  /** Mean entropy of softmax(alpha) per edge after this step, in nats. */
  entropy: number;
  trainLoss: number;
  validationLoss: number;
  /** Accuracy of the mixed supernet on the validation subset, at evaluation steps only. */
  validationAccuracy?: number;
}

export interface DartsSearchResult {
  derivation: DartsDerivation;
  /** The cell of `derivation`. */
  genotype: CellGenotype;
  cellString: string;
  /** The argmax-of-alpha cell (the same as `genotype` when `derivation` is 'argmax'). */
  argmaxGenotype: CellGenotype;
  /** Present when `derivation` is 'perturbation'. */
  perturbation?: PerturbationSelectionResult;
  /** Final alpha [6 edges][5 operations]. */
  alpha: number[][];
  initialEntropy: number;
  history: DartsStepRecord[];
  seconds: number;
}

function checkSearchOptions(options: DartsSearchOptions): void {
  const { steps, warmupSteps = 0, order = 'second', derivation = 'perturbation', evaluateEvery = 25 } = options;
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`options.steps must be an integer >= 1; got ${steps}`);
  if (order !== 'first' && order !== 'second') {
    throw new RangeError(`options.order must be 'first' or 'second'; got ${String(order)}`);
  }
  if (!DARTS_DERIVATIONS.includes(derivation)) {
    throw new RangeError(
      `options.derivation must be one of ${DARTS_DERIVATIONS.join(', ')}; got ${String(derivation)}`,
    );
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) {
    throw new RangeError(`options.warmupSteps must be an integer >= 0; got ${warmupSteps}`);
  }
  if (!Number.isInteger(evaluateEvery) || evaluateEvery < 1) {
    throw new RangeError(`options.evaluateEvery must be an integer >= 1; got ${evaluateEvery}`);
  }
}

/** The warm-up and the search iterations; returns one record per search iteration. */
async function trainSupernetAndAlpha(
  model: DartsSupernet,
  data: { train: LabeledTensors; validation: LabeledTensors },
  options: DartsSearchOptions,
): Promise<DartsStepRecord[]> {
  const { steps, warmupSteps = 0, order = 'second', batchSize = 64, weightLearningRate = 0.05 } = options;
  const { alphaLearningRate = 3e-3, unrolledStep = weightLearningRate, evaluateEvery = 25, seed = 0 } = options;
  const optimizers = {
    weights: tf.train.momentum(weightLearningRate, 0.9),
    alpha: tf.train.adam(alphaLearningRate, 0.5, 0.999),
  };
  const trainBatches = new BatchStream(data.train, batchSize, `darts-train:${seed}`);
  const validationBatches = new BatchStream(data.validation, batchSize, `darts-validation:${seed}`);
  const evaluationSet = firstExamples(data.validation, options.evaluationExamples ?? 500);
  const accuracy = () => classificationAccuracy((x) => model.logits(x), evaluationSet);
  const history: DartsStepRecord[] = [];
  const progress = (total: number, label: string) => (options.progress ? createProgress({ total, label }) : undefined);
  try {
    await trainLoop({
      steps: warmupSteps,
      trainStep: () => ({ trainLoss: updateWeights(model, optimizers.weights, trainBatches.next()) }),
      progress: warmupSteps > 0 ? progress(warmupSteps, 'darts warm-up') : undefined,
      signal: options.signal,
    });
    // Batch tensors and the step's intermediates are disposed by the loop after each step.
    await trainLoop({
      steps,
      trainStep: (step) => {
        const batches = { train: trainBatches.next(), validation: validationBatches.next() };
        const losses = dartsStep(model, optimizers, batches, { order, unrolledStep });
        history.push({ step: step + 1, entropy: meanAlphaEntropy(model.alpha), ...losses });
        return { ...losses, entropy: history[step].entropy };
      },
      evaluate: {
        every: evaluateEvery,
        name: 'validationAccuracy',
        fn: accuracy,
        onResult: ({ step, value }) => {
          history[step - 1].validationAccuracy = value;
        },
      },
      progress: progress(steps, `darts ${order} order`),
      signal: options.signal,
    });
    // The last step is always measured, on the grid or not.
    if (steps % evaluateEvery !== 0) history[steps - 1].validationAccuracy = accuracy();
    return history;
  } finally {
    disposeLabeled(evaluationSet);
    optimizers.weights.dispose();
    optimizers.alpha.dispose();
  }
}

export async function searchDarts(
  data: { train: LabeledTensors; validation: LabeledTensors },
  options: DartsSearchOptions,
): Promise<DartsSearchResult> {
  checkSearchOptions(options);
  const { network = {}, derivation = 'perturbation', selection = {}, batchSize = 64, seed = 0 } = options;
  const started = performance.now();
  const model = new DartsSupernet({ ...network, seed: network.seed ?? seed });
  const initialEntropy = meanAlphaEntropy(model.alpha);
  try {
    const history = await trainSupernetAndAlpha(model, data, options);
    const argmaxGenotype = deriveGenotype(model.alpha);
    const weightLearningRate = options.weightLearningRate ?? 0.05;
    const perturbation =
      derivation === 'perturbation'
        ? selectByPerturbation(model, data, { batchSize, weightLearningRate, seed, ...selection })
        : undefined;
    const genotype = perturbation?.genotype ?? argmaxGenotype;
    return {
      derivation,
      genotype,
      cellString: formatCell(genotype),
      argmaxGenotype,
      perturbation,
      alpha: model.alpha.arraySync() as number[][],
      initialEntropy,
      history,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
