// One model of an experiment: its training rows rebalanced and encoded with vocabularies built from
// them, trained by trainMultiTask (early-stopped on its validation rows, when it has any), and its
// class probabilities for the validation and test rows.
import { join } from 'node:path';
import { MetricsLog, writeLinePlot } from '@hw7/tensor-utils';
import type { KeyedVectors } from '@hw7/word2vec';
import { NgramVocabulary } from './data/ngrams.js';
import { rebalancedTrainingRows } from './data/rebalance.js';
import type { SplitIndices } from './data/split.js';
import type { LabeledTable } from './data/table.js';
import { createTaskBatcher } from './data/task-batcher.js';
import { TextVocabulary } from './data/vocabulary.js';
import type { ExperimentOptions } from './experiment-options.js';
import { balancedClassWeights, type ClassificationLossOptions } from './model/losses.js';
import { checkCoverage, embeddingFromVectors } from './model/transfer.js';
import { type EncodedDataset, predictProbabilities } from './train/predict.js';
import { type EpochRecord, type TrainMultiTaskOptions, trainMultiTask } from './train/train.js';

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

/** Per task, the class probabilities of each row of a part: [task][row of the part]. */
export type PartProbabilities = Float32Array[][];

export interface FittedModel {
  run: ModelRun;
  validation: PartProbabilities;
  test: PartProbabilities;
}

/** A class the model never saw in training cannot be predicted; scoring it would be meaningless. */
function assertHeldOutLabelsTrained(table: LabeledTable, rows: SplitIndices): void {
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
}

/** The vocabularies of the (rebalanced) training texts and the three parts encoded with them. */
function encodeParts(table: LabeledTable, rows: SplitIndices, options: ExperimentOptions) {
  const { seed = 0, maxLength = 48, imbalance = {} } = options;
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
  const allLabels = table.tasks.map((task) => task.y);
  return {
    vocabulary,
    ngramVocabulary,
    train: encode(trainTexts, [...trainTexts.keys()], trainLabels),
    validation: encode(table.texts, rows.validation, allLabels),
    test: encode(table.texts, rows.test, allLabels),
  };
}

type EncodedParts = ReturnType<typeof encodeParts>;

/** trainMultiTask's options for the encoded parts: losses, batches, backbone and schedule. */
function trainingOptions(
  table: LabeledTable,
  parts: EncodedParts,
  embeddingInit: Float32Array | undefined,
  vectors: KeyedVectors | undefined,
  options: ExperimentOptions,
): TrainMultiTaskOptions {
  const { seed = 0, imbalance = {}, batchSize = 32 } = options;
  const { train, validation, vocabulary, ngramVocabulary } = parts;
  const losses: ClassificationLossOptions[] = table.tasks.map((task, t) => ({
    classWeights: imbalance.classWeights?.includes(task.name)
      ? balancedClassWeights(train.labels[t] as Int32Array, task.labels.length)
      : undefined,
    focalGamma: imbalance.focal?.[task.name] ?? 0,
  }));
  const batcher = createTaskBatcher({
    tasks: table.tasks.map((task, t) => {
      const labels = train.labels[t] as Int32Array;
      return { name: task.name, indices: [...labels.keys()].filter((i) => (labels[i] as number) >= 0) };
    }),
    batchSize,
    strategy: options.batching ?? 'mixed',
    seed: `${seed}:batches`,
  });
  return {
    tasks: table.tasks.map((task) => ({ name: task.name, classes: task.labels })),
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
    progress: options.progress,
    signal: options.signal,
  };
}

/** history.jsonl: one line per epoch with each task's training loss, validation macro-F1 and weight. */
function historyWriter(out: string | undefined, tasks: readonly { name: string }[]) {
  const log = out ? new MetricsLog(join(out, 'history.jsonl')) : undefined;
  return (record: EpochRecord) =>
    log?.append(record.epoch, {
      embeddingFrozen: record.embeddingFrozen ? 1 : 0,
      ...Object.fromEntries(
        tasks.flatMap(({ name }) => [
          [`trainLoss_${name}`, record.trainLoss[name] as number],
          [`validationMacroF1_${name}`, record.validationMacroF1[name] as number],
          [`taskWeight_${name}`, record.taskWeights[name] as number],
        ]),
      ),
    });
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

/**
 * Trains one model on `rows.train` (plus augmented and oversampled copies), early-stopped on
 * `rows.validation`, and returns its probabilities for the validation and test rows. With `out`, it
 * writes history.jsonl, the validation plot and the kept epoch's checkpoint there.
 */
export async function fitModel(
  table: LabeledTable,
  rows: SplitIndices,
  vectors: KeyedVectors | undefined,
  options: ExperimentOptions,
  out: string | undefined,
): Promise<FittedModel> {
  assertHeldOutLabelsTrained(table, rows);
  const parts = encodeParts(table, rows, options);
  const transfer = vectors ? embeddingFromVectors(parts.vocabulary.tokens, vectors, { seed: options.seed }) : undefined;
  if (transfer) checkCoverage(transfer.coverage, parts.vocabulary.size - 2, options.vectors ?? 'vectors');
  const settings = trainingOptions(table, parts, transfer?.matrix, vectors, options);
  const trained = await trainMultiTask({
    ...settings,
    checkpointDirectory: out ? join(out, 'checkpoints') : undefined,
    onEpoch: historyWriter(out, settings.tasks),
  });
  try {
    // Each task's probabilities from the weights it is scored with.
    const predict = (dataset: EncodedDataset): PartProbabilities =>
      settings.tasks.map((task, t) => {
        trained.useWeightsOf(task.name);
        return predictProbabilities(trained.model, dataset)[t] as Float32Array[];
      });
    // Without validation rows there is no curve to draw.
    if (out && rows.validation.length > 0) await writeValidationPlot(out, trained.history);
    return {
      run: {
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        bestEpochByTask: trained.bestEpochByTask,
        vocabularySize: parts.vocabulary.size,
        vectorCoverage: transfer?.coverage,
        trainRows: parts.train.labels[0]?.length ?? 0,
        validationRows: rows.validation.length,
      },
      validation: predict(parts.validation),
      test: predict(parts.test),
    };
  } finally {
    trained.dispose();
    trained.model.model.dispose();
  }
}
