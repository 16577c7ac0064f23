// One experiment end to end: load a labelled table, split it by group, build the vocabulary from the
// training texts, apply the chosen imbalance handling, train the multi-task model with early
// stopping on validation macro-F1, and score every task on the held-out test rows. With `folds`, one
// model per fold of the non-test rows (each early-stopped on its own fold) and their mean
// probabilities scored: a cross-validated ensemble, whose out-of-fold validation score covers every
// non-test row instead of a small validation part.
import { join } from 'node:path';
import { ensureBackend, MetricsLog, writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import { type KeyedVectors, loadWord2VecFormat } from '@hw7/word2vec';
import { augmentExamples } from './data/augment.js';
import { UNLABELLED } from './data/label-encoder.js';
import { NgramVocabulary, type NgramVocabularyOptions } from './data/ngrams.js';
import { countClasses, oversampleMinority } from './data/oversample.js';
import { groupedFolds, groupedSplit, type SplitIndices } from './data/split.js';
import { groupKey, type LabeledTable, type LoadLabeledTableOptions, loadLabeledTable } from './data/table.js';
import { createTaskBatcher, type TaskBatchingStrategy } from './data/task-batcher.js';
import { TextVocabulary, type TokenizerName } from './data/vocabulary.js';
import { type BinaryDecision, tuneBinaryThreshold } from './decision-threshold.js';
import { evaluateTask, type TaskEvaluation } from './evaluate.js';
import type { EncoderKind, SharingKind } from './model/backbone.js';
import { balancedClassWeights, type ClassificationLossOptions } from './model/losses.js';
import type { TaskWeightingKind } from './model/task-weighting.js';
import { embeddingFromVectors } from './model/transfer.js';
import type { CheckpointSelection } from './train/epoch-selection.js';
import { type EncodedDataset, predictProbabilities } from './train/predict.js';
import { type EpochRecord, trainMultiTask } from './train/train.js';

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
  /** Writes metrics.json, history.jsonl, report.txt, plots and the best checkpoint here. */
  out?: string;
  progress?: boolean;
}

/** One trained model of an experiment (the only one, or one per fold with `folds`). */
export interface ModelRun {
  history: EpochRecord[];
  /** The epoch with the best mean validation macro-F1. */
  bestEpoch: number;
  /** The epoch whose weights scored each task (`bestEpoch` for all, unless selection is 'per-task'). */
  bestEpochByTask: Record<string, number>;
  vocabularySize: number;
  /** Fraction of the vocabulary found in `vectors` (transfer only). */
  vectorCoverage?: number;
  /** Training rows (after augmentation and oversampling) and validation rows. */
  trainRows: number;
  validationRows: number;
}

export interface ExperimentResult {
  /** Test scores per task: of the one model, or of the fold models' mean probabilities with `folds`. */
  evaluations: TaskEvaluation[];
  /**
   * Validation scores per task, the basis for choosing between configurations (never the test
   * scores): of the kept epoch's weights, or with `folds` out of fold (every non-test row predicted
   * by the model that did not train on it); empty without validation rows (validationFraction 0,
   * the fastText encoder's default).
   */
  validation: TaskEvaluation[];
  /** The tuned decision threshold of each task named in `imbalance.tuneThreshold`. */
  decisions: Record<string, BinaryDecision>;
  /** The trained models: one, or one per fold. */
  models: ModelRun[];
  testRows: number;
}

function taskIndex(table: LabeledTable, name: string, option: string): number {
  const index = table.tasks.findIndex((task) => task.name === name);
  if (index < 0) {
    throw new RangeError(`${option}: no task named '${name}' (tasks: ${table.tasks.map((t) => t.name).join(', ')})`);
  }
  return index;
}

/**
 * The training rows `train` of the table plus the copies `imbalance` asks for: EDA-augmented copies
 * of one task's minority-class rows, then random oversampled copies. Each copy is labelled for the
 * task it rebalances only (unlabelled for the others), so rebalancing sentiment does not also
 * tilt the topic task towards the topics of negative sentences.
 */
export function rebalancedTrainingRows(
  table: LabeledTable,
  train: ArrayLike<number>,
  imbalance: ImbalanceOptions,
  seed: number,
): { texts: string[]; labels: Int32Array[] } {
  const texts = Array.from(train, (row) => table.texts[row] as string);
  let labels: Int32Array[] = table.tasks.map((task) => Int32Array.from(train, (row) => task.y[row] as number));
  if (imbalance.augment) {
    const task = taskIndex(table, imbalance.augment.task, 'imbalance.augment.task');
    const y = labels[task] as Int32Array;
    const counts = countClasses(y, table.tasks[task]?.labels.length ?? 0);
    const majority = Math.max(...counts);
    const minorityRows = [...y.keys()].filter((i) => (y[i] as number) >= 0 && counts[y[i] as number] !== majority);
    const augmented = augmentExamples(minorityRows, texts, {
      perExample: imbalance.augment.perExample ?? 1,
      alpha: imbalance.augment.alpha,
      seed: `${seed}:augment`,
    });
    texts.push(...augmented.texts);
    labels = withCopyLabels(labels, augmented.sourceIndices, task);
  }
  if (imbalance.oversample) {
    const task = taskIndex(table, imbalance.oversample, 'imbalance.oversample');
    const order = oversampleMinority(labels[task] as Int32Array, { seed: `${seed}:oversample` });
    const repeated = order.subarray(texts.length);
    texts.push(...Array.from(repeated, (row) => texts[row] as string));
    labels = withCopyLabels(labels, repeated, task);
  }
  return { texts, labels };
}

/** The labels with rows appended for copies of the rows `sources`, labelled for `task` only. */
function withCopyLabels(labels: Int32Array[], sources: ArrayLike<number>, task: number): Int32Array[] {
  return labels.map((y, t) => {
    const extended = new Int32Array(y.length + sources.length).fill(UNLABELLED);
    extended.set(y);
    const copied = t === task ? Array.from(sources, (source) => y[source] as number) : [];
    extended.set(copied, y.length);
    return extended;
  });
}

/** Per task, the class probabilities of each row of a part: [task][row of the part]. */
type PartProbabilities = Float32Array[][];

interface FittedModel {
  run: ModelRun;
  validation: PartProbabilities;
  test: PartProbabilities;
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

export async function runExperiment(given: ExperimentOptions): Promise<ExperimentResult> {
  const options = resolveExperimentOptions(given);
  const { seed = 0, folds = 1 } = options;
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`folds must be an integer >= 1; got ${folds}`);
  if (folds > 1 && options.validationFraction !== undefined) {
    throw new RangeError('give validationFraction or folds, not both: with folds every fold validates in turn');
  }
  await ensureBackend();
  const loaded = await loadLabeledTable(options.data, options);
  const table: LabeledTable = options.trainTasks
    ? {
        ...loaded,
        tasks: options.trainTasks.map(
          (name) => loaded.tasks[taskIndex(loaded, name, 'trainTasks')] as LabeledTable['tasks'][number],
        ),
      }
    : loaded;
  for (const name of [
    ...(options.imbalance?.classWeights ?? []),
    ...Object.keys(options.imbalance?.focal ?? {}),
    ...(options.imbalance?.oversample === undefined ? [] : [options.imbalance.oversample]),
    ...(options.imbalance?.augment === undefined ? [] : [options.imbalance.augment.task]),
  ]) {
    taskIndex(table, name, 'imbalance');
  }
  for (const name of options.imbalance?.tuneThreshold ?? []) {
    const classes = table.tasks[taskIndex(table, name, 'imbalance.tuneThreshold')]?.labels.length;
    if (classes !== 2) {
      throw new RangeError(
        `imbalance.tuneThreshold: task '${name}' has ${classes} classes; threshold moving needs a binary task`,
      );
    }
  }
  const split = groupedSplit(table.groups, {
    seed,
    testFraction: options.testFraction,
    validationFraction: folds > 1 ? 0 : options.validationFraction,
    testGroups: options.testGroups?.map(groupKey),
  });
  const vectors = options.vectors ? await loadWord2VecFormat(options.vectors) : undefined;

  // Each model's train and validation rows: the split's, or each fold validating in turn.
  const parts =
    folds === 1
      ? [{ train: split.train, validation: split.validation }]
      : groupedFolds(table.groups, split.train, { k: folds, seed: `${seed}:folds` }).map((validation, f, all) => ({
          train: Int32Array.from(all.filter((_, other) => other !== f).flatMap((fold) => [...fold])).sort(),
          validation,
        }));
  const fitted: FittedModel[] = [];
  for (const [f, part] of parts.entries()) {
    const out = options.out && folds > 1 ? join(options.out, `fold-${f + 1}`) : options.out;
    fitted.push(await fitModel(table, { ...part, test: split.test }, vectors, { ...options, out }));
  }

  // Each task's scores from the models' probabilities: pooled out of fold (validation), averaged (test).
  const validationRows = parts.flatMap((part) => [...part.validation]);
  const validationProbabilities = (t: number) => fitted.flatMap((model) => model.validation[t] as Float32Array[]);
  const decisions: Record<string, BinaryDecision> = {};
  if ((options.imbalance?.tuneThreshold?.length ?? 0) > 0 && validationRows.length === 0) {
    throw new RangeError('imbalance.tuneThreshold needs validation rows: give validationFraction > 0 or folds > 1');
  }
  for (const name of options.imbalance?.tuneThreshold ?? []) {
    const t = taskIndex(table, name, 'imbalance.tuneThreshold');
    const y = (table.tasks[t] as LabeledTable['tasks'][number]).y;
    const counts = countClasses(
      Array.from(split.train, (row) => y[row] as number),
      2,
    );
    const minority = (counts[1] as number) < (counts[0] as number) ? 1 : 0;
    decisions[name] = tuneBinaryThreshold(
      validationRows.map((row) => y[row] as number),
      validationProbabilities(t),
      minority,
    );
  }
  const score = (rows: readonly number[], probabilities: (t: number) => Float32Array[]) =>
    table.tasks.map((task, t) =>
      evaluateTask(
        task.name,
        task.labels,
        Int32Array.from(rows, (row) => task.y[row] as number),
        probabilities(t),
        decisions[task.name],
      ),
    );
  // With threshold moving the validation scores use the threshold tuned on them (optimistic by that one choice).
  const validation = validationRows.length > 0 ? score(validationRows, validationProbabilities) : [];
  const evaluations = score([...split.test], (t) =>
    meanProbabilities(fitted.map((model) => model.test[t] as Float32Array[])),
  );
  if (options.out) await writeEvaluations(options.out, evaluations);
  return {
    evaluations,
    validation,
    decisions,
    models: fitted.map((model) => model.run),
    testRows: split.test.length,
  };
}

/** The element-wise mean of several models' probabilities for the same rows (soft voting). */
function meanProbabilities(perModel: readonly Float32Array[][]): Float32Array[] {
  const [first, ...others] = perModel;
  if (!first) return [];
  if (others.length === 0) return first;
  return first.map((row, i) => {
    const mean = Float32Array.from(row);
    for (const model of others) {
      const other = model[i] as Float32Array;
      for (let c = 0; c < mean.length; c++) mean[c] = (mean[c] as number) + (other[c] as number);
    }
    return mean.map((sum) => sum / perModel.length);
  });
}

/**
 * Trains one model on `rows.train` (plus augmented and oversampled copies), early-stopped on
 * `rows.validation`, and returns its probabilities for the validation and test rows.
 */
async function fitModel(
  table: LabeledTable,
  rows: SplitIndices,
  vectors: KeyedVectors | undefined,
  options: ExperimentOptions,
): Promise<FittedModel> {
  const { seed = 0, maxLength = 48, imbalance = {}, batchSize = 32 } = options;
  // A class the model never saw in training cannot be predicted; scoring it would be meaningless.
  for (const task of table.tasks) {
    const trained = new Set(Array.from(rows.train, (row) => task.y[row] as number));
    for (const row of [...rows.validation, ...rows.test]) {
      const label = task.y[row] as number;
      if (label >= 0 && !trained.has(label)) {
        const known = task.labels.filter((_, c) => trained.has(c)).join(', ');
        throw new RangeError(
          `unknown label '${task.labels[label]}' for task '${task.name}' in the held-out rows: no training row has it (known: ${known})`,
        );
      }
    }
  }

  const { texts: trainTexts, labels: trainLabels } = rebalancedTrainingRows(table, rows.train, imbalance, seed);
  const vocabulary = TextVocabulary.build(trainTexts, { minCount: 1, tokenizer: options.tokenizer });
  const usesTokens = options.encoder !== 'fasttext';
  const ngramVocabulary =
    options.wide || options.encoder === 'fasttext'
      ? NgramVocabulary.build(trainTexts, { ...options.ngrams, tokenizer: options.tokenizer })
      : undefined;
  const encode = (texts: readonly string[], indices: ArrayLike<number>, labels: Int32Array[]): EncodedDataset => {
    const selected = Array.from(indices, (row) => texts[row] as string);
    return {
      tokens: usesTokens ? vocabulary.encodeAll(selected, maxLength) : new Int32Array(0),
      maxLength,
      ngrams: ngramVocabulary?.encodeAll(selected),
      labels: labels.map((y) => Int32Array.from(indices, (row) => y[row] as number)),
    };
  };
  const train = encode(trainTexts, [...trainTexts.keys()], trainLabels);
  const allLabels = table.tasks.map((task) => task.y);
  const validation = encode(table.texts, rows.validation, allLabels);
  const test = encode(table.texts, rows.test, allLabels);

  const transfer = vectors ? embeddingFromVectors(vocabulary.tokens, vectors, { seed }) : undefined;
  const embeddingInit = transfer?.matrix;

  const tasks = table.tasks.map((task) => ({ name: task.name, classes: task.labels }));
  const losses: ClassificationLossOptions[] = table.tasks.map((task, t) => ({
    classWeights: imbalance.classWeights?.includes(task.name)
      ? balancedClassWeights(train.labels[t] as Int32Array, task.labels.length)
      : undefined,
    focalGamma: imbalance.focal?.[task.name] ?? 0,
  }));
  const batcher = createTaskBatcher({
    tasks: table.tasks.map((task, t) => ({
      name: task.name,
      indices: [...(train.labels[t] as Int32Array).keys()].filter(
        (i) => ((train.labels[t] as Int32Array)[i] as number) >= 0,
      ),
    })),
    batchSize,
    strategy: options.batching ?? 'mixed',
    seed: `${seed}:batches`,
  });
  const metricsLog = options.out ? new MetricsLog(join(options.out, 'history.jsonl')) : undefined;
  const trained = await trainMultiTask({
    tasks,
    train,
    validation,
    batcher,
    wide: options.wide ? { learningRate: options.wideLearningRate, l2: options.wideL2 } : false,
    backbone: {
      vocabSize: vocabulary.size,
      ngramVocabSize: ngramVocabulary?.size,
      embeddingDim: vectors?.dim ?? options.embeddingDim,
      encoder: options.encoder,
      attentionHeads: options.attentionHeads,
      transformerBlocks: options.transformerBlocks,
      width: options.width,
      dropout: options.dropout,
      embeddingInit,
      randomEmbeddingDim: options.randomEmbeddingDim,
      sharing: options.sharing,
    },
    losses,
    weighting: { kind: options.weighting ?? 'fixed', weights: options.taskWeights },
    epochs: options.epochs,
    learningRate: options.learningRate,
    learningRateDecay: options.learningRateDecay,
    l2: options.l2,
    patience: options.patience,
    selection: options.selection,
    freezeEmbeddingEpochs: options.freezeEmbeddingEpochs ?? (embeddingInit ? 1 : 0),
    backboneLearningRateFactor: options.embeddingLearningRateFactor ?? (embeddingInit ? 0.5 : 1),
    seed,
    checkpointDirectory: options.out ? join(options.out, 'checkpoints') : undefined,
    progress: options.progress,
    onEpoch: (record) =>
      metricsLog?.append(record.epoch, {
        embeddingFrozen: record.embeddingFrozen ? 1 : 0,
        ...Object.fromEntries(
          tasks.flatMap(({ name }) => [
            [`trainLoss_${name}`, record.trainLoss[name] as number],
            [`validationMacroF1_${name}`, record.validationMacroF1[name] as number],
            [`taskWeight_${name}`, record.taskWeights[name] as number],
          ]),
        ),
      }),
  });
  try {
    // Each task's probabilities from the weights it is scored with.
    const predict = (dataset: EncodedDataset): PartProbabilities =>
      tasks.map((task, t) => {
        trained.useWeightsOf(task.name);
        return predictProbabilities(trained.model, dataset)[t] as Float32Array[];
      });
    // Without validation rows there is no curve to draw.
    if (options.out && rows.validation.length > 0) await writeValidationPlot(options.out, trained.history);
    return {
      run: {
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        bestEpochByTask: trained.bestEpochByTask,
        vocabularySize: vocabulary.size,
        vectorCoverage: transfer?.coverage,
        trainRows: train.labels[0]?.length ?? 0,
        validationRows: rows.validation.length,
      },
      validation: predict(validation),
      test: predict(test),
    };
  } finally {
    trained.dispose();
    trained.model.model.dispose();
  }
}

async function writeEvaluations(out: string, evaluations: TaskEvaluation[]): Promise<void> {
  await writeFileAtomic(
    join(out, 'metrics.json'),
    `${JSON.stringify(
      evaluations.map((e) => e.summary),
      null,
      2,
    )}\n`,
  );
  await writeFileAtomic(
    join(out, 'report.txt'),
    evaluations.map((e) => `${e.summary.task}\n\n${e.report}`).join('\n\n'),
  );
}

async function writeValidationPlot(out: string, history: EpochRecord[]): Promise<void> {
  await writeLinePlot(join(out, 'validation-macro-f1.svg'), {
    title: 'Validation macro-F1 per task',
    xLabel: 'epoch',
    yLabel: 'macro-F1',
    series: Object.keys(history[0]?.validationMacroF1 ?? {}).map((task) => ({
      name: task,
      points: history.map((record) => [record.epoch, record.validationMacroF1[task] as number] as [number, number]),
    })),
  });
}
