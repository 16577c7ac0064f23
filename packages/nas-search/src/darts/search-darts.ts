// A DARTS search: alternate alpha and weight updates for `steps` iterations, recording the mean
// entropy of softmax(alpha) every step and the supernet's validation accuracy now and then, then
// derive the discrete cell: by the argmax of alpha (DARTS) and, by default, by perturbation of the
// trained supernet (DARTS-PT), which is the cell returned.
import { tf } from '@hw7/tensor-utils';
import { BatchStream } from '../cell/batch-stream.js';
import type { CellNetworkOptions } from '../cell/cell-network.js';
import { classificationAccuracy } from '../cell/classification.js';
import { disposeLabeled, firstExamples, type LabeledTensors } from '../cell/labeled-tensors.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import { deriveGenotype, meanAlphaEntropy } from './architecture-parameters.js';
import { type DartsOrder, dartsStep, updateWeights } from './darts-step.js';
import { DartsSupernet } from './darts-supernet.js';
import {
  type PerturbationSelectionOptions,
  type PerturbationSelectionResult,
  selectByPerturbation,
} from './perturbation-selection.js';

/** How the discrete cell is read off the searched supernet. */
export type DartsDerivation = 'argmax' | 'perturbation';
export const DARTS_DERIVATIONS: readonly DartsDerivation[] = ['argmax', 'perturbation'];

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
  onStep?: (record: DartsStepRecord) => void;
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

export function searchDarts(
  data: { train: LabeledTensors; validation: LabeledTensors },
  options: DartsSearchOptions,
): DartsSearchResult {
  const {
    steps,
    warmupSteps = 0,
    order = 'second',
    batchSize = 64,
    weightLearningRate = 0.05,
    alphaLearningRate = 3e-3,
    unrolledStep = weightLearningRate,
    evaluateEvery = 25,
    evaluationExamples = 500,
    network = {},
    derivation = 'perturbation',
    selection = {},
    seed = 0,
    onStep,
  } = options;
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
  const started = performance.now();
  const model = new DartsSupernet({ ...network, seed: network.seed ?? seed });
  const optimizers = {
    weights: tf.train.momentum(weightLearningRate, 0.9),
    alpha: tf.train.adam(alphaLearningRate, 0.5, 0.999),
  };
  const trainBatches = new BatchStream(data.train, batchSize, `darts-train:${seed}`);
  const validationBatches = new BatchStream(data.validation, batchSize, `darts-validation:${seed}`);
  const evaluationSet = firstExamples(data.validation, evaluationExamples);
  const initialEntropy = meanAlphaEntropy(model.alpha);
  const history: DartsStepRecord[] = [];
  try {
    for (let step = 0; step < warmupSteps; step++) {
      const batch = trainBatches.next();
      updateWeights(model, optimizers.weights, batch);
      disposeLabeled(batch);
    }
    for (let step = 1; step <= steps; step++) {
      const batches = { train: trainBatches.next(), validation: validationBatches.next() };
      const losses = dartsStep(model, optimizers, batches, { order, unrolledStep });
      disposeLabeled(batches.train);
      disposeLabeled(batches.validation);
      const record: DartsStepRecord = { step, entropy: meanAlphaEntropy(model.alpha), ...losses };
      if (step % evaluateEvery === 0 || step === steps) {
        record.validationAccuracy = classificationAccuracy((x) => model.logits(x), evaluationSet);
      }
      history.push(record);
      onStep?.(record);
    }
    const argmaxGenotype = deriveGenotype(model.alpha);
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
    disposeLabeled(evaluationSet);
    optimizers.weights.dispose();
    optimizers.alpha.dispose();
    model.dispose();
  }
}
