// What an experiment can be asked to do (runExperiment's options) and the defaults it fills in: the
// configuration that won cross-validation on the homework's data. No TensorFlow.js here, so the
// command line can resolve and check options before it loads anything heavy.
import type { NgramVocabularyOptions } from './data/ngrams.js';
import type { LoadLabeledTableOptions } from './data/table.js';
import type { TaskBatchingStrategy } from './data/task-batcher.js';
import type { TokenizerName } from './data/vocabulary.js';
import type { CheckpointSelection, EncoderKind, SharingKind, TaskWeightingKind } from './model/kinds.js';
import { OptionError } from './option-error.js';

export interface ImbalanceOptions {
  /** Class-weighted losses ('balanced' weights) for these tasks. */
  classWeights?: readonly string[];
  /** Focal loss gamma for these tasks (task name -> gamma). */
  focal?: Readonly<Record<string, number>>;
  /** Random oversampling of the minority classes of this task's training rows (the copies train this task only). */
  oversample?: string;
  /**
   * EDA augmentation (WordNet synonyms, insertion, swap, deletion) of this task's minority-class
   * training rows; the augmented copies train this task only.
   */
  augment?: { task: string; perExample?: number; alpha?: number };
  /**
   * Threshold moving for these binary tasks: predict the minority class when its probability reaches
   * the threshold that maximises macro-F1 on the validation rows (out of fold with `folds`).
   */
  tuneThreshold?: readonly string[];
}

export interface ExperimentOptions extends LoadLabeledTableOptions {
  /** The data file (TSV or CSV). */
  data: string;
  /** Train on these tasks only (default: all of `tasks`). */
  trainTasks?: readonly string[];
  /** Default 0. */
  seed?: number;
  /**
   * Test and validation fractions of the grouped split (defaults 0.2, and 0.1 of the rest; 0 for the
   * fastText encoder, which trains a fixed number of epochs on every non-test row).
   */
  testFraction?: number;
  validationFraction?: number;
  /**
   * Train a cross-validated ensemble instead of one model (default 1: one model, one validation
   * part): the non-test rows are cut into this many folds of whole groups, one model trains on all
   * folds but one and early-stops on that one, and the test rows are scored with the models' mean
   * class probabilities. Costs `folds` trainings; validates on every non-test row.
   */
  folds?: number;
  /**
   * Score on exactly these groups instead of a random test part: each the value of the `group`
   * column, or its columns' values in order when several columns group.
   */
  testGroups?: readonly (string | readonly string[])[];
  /** Tokens kept per text (default 48). */
  maxLength?: number;
  /** Default 'whitespace' (pre-tokenised data). */
  tokenizer?: TokenizerName;
  /** Default DEFAULT_ENCODER ('fasttext'), with FASTTEXT_DEFAULTS for the options left out. */
  encoder?: EncoderKind;
  /**
   * A linear part on the TF-IDF n-gram features in every task's head ("wide and deep"): first each
   * task's logistic regression (L-BFGS), then trained with the rest. Default true with the fastText
   * encoder, false with the others.
   */
  wide?: boolean;
  /** Learning rate of the wide part during joint training (default learningRate). */
  wideLearningRate?: number;
  /** L2 penalty of the wide part, on the sum of squared weights (default 1 / (2 n) per task: scikit-learn's C = 1). */
  wideL2?: number;
  /** The n-grams of the fastText encoder and the wide part (tokenizer: `tokenizer`); see NgramVocabularyOptions. */
  ngrams?: Omit<NgramVocabularyOptions, 'tokenizer'>;
  /** Transformer encoder: attention heads (default 4) and blocks (default 1); see BackboneOptions. */
  attentionHeads?: number;
  transformerBlocks?: number;
  embeddingDim?: number;
  width?: number;
  dropout?: number;
  weighting?: TaskWeightingKind;
  /** fixed weighting: weights in task order. */
  taskWeights?: readonly number[];
  batching?: TaskBatchingStrategy;
  batchSize?: number;
  epochs?: number;
  learningRate?: number;
  /** 'constant' (default) or 'cosine' decay of every learning rate over the epochs; see TrainMultiTaskOptions. */
  learningRateDecay?: 'constant' | 'cosine';
  l2?: number;
  patience?: number;
  imbalance?: ImbalanceOptions;
  /** Which epoch's weights score each task: 'mean' (default) or 'per-task' (see TrainMultiTaskOptions). */
  selection?: CheckpointSelection;
  /** A second, randomly initialised embedding of this size next to the first (default 0; see BackboneOptions). */
  randomEmbeddingDim?: number;
  /** What the tasks share: 'encoder' (default) or 'embedding' (one encoder per task); see SharingKind. */
  sharing?: SharingKind;
  /** A word2vec file (text or .bin) to initialise the embedding from; its dim becomes embeddingDim. */
  vectors?: string;
  /** Epochs with the transferred embedding frozen (default 1 with vectors, else 0). */
  freezeEmbeddingEpochs?: number;
  /** Learning-rate factor of the embedding once unfrozen (default 0.5 with vectors, else 1). */
  embeddingLearningRateFactor?: number;
  /**
   * Writes metrics.json, history.jsonl, report.txt, plots and the best checkpoint here: a new or
   * empty directory, which appears complete when the experiment ends (nothing is written there if it
   * fails or is killed).
   */
  out?: string;
  progress?: boolean;
  /** Stops training after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The encoder runExperiment and `hw7-mtl train` use when none is given. */
export const DEFAULT_ENCODER: EncoderKind = 'fasttext';

/**
 * What the fastText encoder uses for the options left out: the configuration that won repeated
 * grouped cross-validation on the homework's data (README, "Measured"), chosen there and never on a
 * test part. The wide part is solved first (L-BFGS), then a small n-gram embedding trains beside it
 * for a fixed 6 epochs with a cosine-decayed learning rate on every non-test row: no validation
 * part, so nothing is held back from training and no epoch is picked on a few hundred noisy rows.
 */
export const FASTTEXT_DEFAULTS = {
  wide: true,
  embeddingDim: 16,
  dropout: 0.5,
  batchSize: 128,
  learningRate: 0.01,
  learningRateDecay: 'cosine',
  epochs: 6,
  validationFraction: 0,
} as const satisfies Partial<ExperimentOptions>;

/**
 * `options` with the defaults filled in: the fastText encoder with FASTTEXT_DEFAULTS and, unless
 * `imbalance` is given, class-weighted losses for every task; another encoder as given (its own
 * defaults: a 10% validation part, 20 epochs, no wide part).
 */
export function resolveExperimentOptions(given: ExperimentOptions): ExperimentOptions {
  // An option given as undefined (as the CLI passes every option it did not get) is left out.
  const options = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  ) as unknown as ExperimentOptions;
  const encoder = options.encoder ?? DEFAULT_ENCODER;
  if (encoder !== 'fasttext') return { ...options, encoder };
  const { validationFraction, ...defaults } = FASTTEXT_DEFAULTS;
  return {
    ...defaults,
    // Folds validate in turn; a validation part would be an error beside them.
    ...((options.folds ?? 1) > 1 ? {} : { validationFraction }),
    ...options,
    encoder,
    imbalance: options.imbalance ?? { classWeights: options.trainTasks ?? Object.keys(options.tasks) },
  };
}

function taskNames(options: ExperimentOptions): string[] {
  return [...(options.trainTasks ?? Object.keys(options.tasks))];
}

function checkFraction(value: number | undefined, option: string, min: 'open' | 'closed'): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && (min === 'open' ? value > 0 : value >= 0) && value < 1;
  if (!ok)
    throw new OptionError(
      option,
      value,
      'is out of range',
      min === 'open' ? 'a number in (0, 1)' : 'a number in [0, 1)',
    );
}

/** The imbalance options' task names must name trained tasks; threshold moving needs validation rows. */
function checkImbalance(options: ExperimentOptions): void {
  const { imbalance = {} } = options;
  const tasks = taskNames(options);
  const named: [string, readonly string[]][] = [
    ['imbalance.classWeights', imbalance.classWeights ?? []],
    ['imbalance.focal', Object.keys(imbalance.focal ?? {})],
    ['imbalance.oversample', imbalance.oversample === undefined ? [] : [imbalance.oversample]],
    ['imbalance.augment.task', imbalance.augment === undefined ? [] : [imbalance.augment.task]],
    ['imbalance.tuneThreshold', imbalance.tuneThreshold ?? []],
  ];
  for (const [option, names] of named) {
    for (const name of names) {
      if (!tasks.includes(name))
        throw new OptionError(option, name, 'is not a task', `one of the tasks: ${tasks.join(', ')}`);
    }
  }
  const validated = (options.folds ?? 1) > 1 || (options.validationFraction ?? 0.1) > 0;
  if ((imbalance.tuneThreshold?.length ?? 0) > 0 && !validated) {
    throw new OptionError(
      'imbalance.tuneThreshold',
      imbalance.tuneThreshold,
      'needs validation rows to tune on',
      'a validation part (a validation fraction > 0) or several folds; the fastText default has neither',
    );
  }
}

/**
 * Throws an OptionError for options that cannot work together, before any data is read:
 * resolved options (resolveExperimentOptions) are expected.
 */
export function checkExperimentOptions(options: ExperimentOptions): void {
  const { folds = 1 } = options;
  if (!Number.isInteger(folds) || folds < 1)
    throw new OptionError('folds', folds, 'is out of range', 'an integer >= 1');
  if (folds > 1 && options.validationFraction !== undefined) {
    throw new OptionError(
      'validationFraction',
      options.validationFraction,
      'is given together with folds',
      'a validation fraction or folds, not both: with folds every fold validates in turn',
    );
  }
  if (options.testFraction !== undefined && options.testGroups !== undefined) {
    throw new OptionError(
      'testFraction',
      options.testFraction,
      'is given together with test groups',
      'a test fraction or test groups, not both',
    );
  }
  checkFraction(options.testFraction, 'testFraction', 'open');
  checkFraction(options.validationFraction, 'validationFraction', 'closed');
  for (const name of options.trainTasks ?? []) {
    const tasks = Object.keys(options.tasks);
    if (!tasks.includes(name))
      throw new OptionError('trainTasks', name, 'is not a task', `one of the tasks: ${tasks.join(', ')}`);
  }
  checkImbalance(options);
  const size = (options.embeddingDim ?? 100) + (options.randomEmbeddingDim ?? 0);
  const heads = options.attentionHeads ?? 4;
  if (options.encoder === 'transformer' && options.vectors === undefined && size % heads !== 0) {
    throw new OptionError(
      'attentionHeads',
      heads,
      `does not divide the embedding size ${size}`,
      'a number of attention heads that divides the embedding size (embedding and random embedding dimensions)',
    );
  }
  if (options.encoder === 'fasttext') {
    const tokenOnly =
      options.vectors !== undefined
        ? 'vectors'
        : (options.randomEmbeddingDim ?? 0) > 0
          ? 'randomEmbeddingDim'
          : undefined;
    if (tokenOnly) {
      throw new OptionError(
        tokenOnly,
        options[tokenOnly],
        'needs a token encoder',
        'encoder cnn, bigru or transformer (the fastText encoder embeds n-grams, not words)',
      );
    }
  }
}
