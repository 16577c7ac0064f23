// The multi-task training loop: batches from a task batcher, one masked loss per task, the losses
// combined by a task-weighting scheme, AdamW with L2 on the kernels, an optionally frozen embedding
// that later trains at a smaller learning rate, early stopping on the mean validation macro-F1 and
// the best epoch's weights restored at the end (and saved as a checkpoint when asked); or, with
// per-task selection, each task's own best epoch kept for scoring that task.
import { join } from 'node:path';
import {
  AdamW,
  CheckpointManager,
  createProgress,
  EarlyStopping,
  ensureBackend,
  learningRateSchedule,
  seedEverything,
  setLearningRate,
  tf,
} from '@hw7/tensor-utils';
import { type NgramBags, padNgramRows } from '../data/ngrams.js';
import { decide } from '../decision-threshold.js';
import { macroF1 } from '../metrics/index.js';
import type { BackboneOptions } from '../model/backbone.js';
import { type ClassificationLossOptions, maskedClassificationLoss } from '../model/losses.js';
import {
  createMultiTaskModel,
  headLayerName,
  type ModelInputs,
  type MultiTaskModel,
  type TaskSpec,
} from '../model/multitask-model.js';
import { createTaskWeighting, type TaskWeightingOptions } from '../model/task-weighting.js';
import { fitLogisticRegression } from './wide-init.js';

/**
 * Token ids of `count` texts, each padded to `maxLength` (row-major), their n-gram bags (for the
 * fastText encoder and the wide part), and per-task labels (-1 = none).
 */
export interface EncodedDataset {
  tokens: Int32Array;
  maxLength: number;
  /** The texts' TF-IDF n-grams (NgramVocabulary.encodeAll), when the model reads them. */
  ngrams?: NgramBags;
  /** labels[t][i]: the class of example i for task t, or -1 when it has no label for that task. */
  labels: Int32Array[];
}

/** Supplies each epoch's batches of example indices (a TaskBatcher from createTaskBatcher). */
export interface EpochBatcher {
  /** A batch with `task` set trains that task alone (task sampling); otherwise every task labelled in it. */
  nextEpoch(): { task?: string; indices: Int32Array }[];
  /** Told each task's mean training loss after every epoch (for loss-driven task sampling). */
  updateLosses?(lossByTask: Record<string, number>): void;
}

export interface TrainMultiTaskOptions {
  tasks: readonly TaskSpec[];
  train: EncodedDataset;
  validation: EncodedDataset;
  batcher: EpochBatcher;
  backbone: Omit<BackboneOptions, 'maxLength' | 'seed'>;
  /**
   * A linear part on the n-gram features in every head (needs `train.ngrams` and
   * backbone.ngramVocabSize). Before the first epoch each task's part (and its head's bias) is set
   * to that task's class-weighted logistic regression solved with L-BFGS (fitLogisticRegression),
   * then it trains jointly with the encoder at its own learning rate (default learningRate) with
   * the same L2 penalty (default 1 / (2 n), n the task's labelled training rows: scikit-learn's C = 1).
   */
  wide?: boolean | { learningRate?: number; l2?: number };
  /** Per task (same order as `tasks`): class weights and/or focal gamma. */
  losses?: readonly ClassificationLossOptions[];
  weighting?: TaskWeightingOptions;
  /** Default 20. */
  epochs?: number;
  /** Default 2e-3. */
  learningRate?: number;
  /**
   * 'constant' (default) or 'cosine': every learning rate follows a cosine from its start value
   * towards 0 over `epochs` (per epoch), so the last epochs settle instead of jittering around the
   * optimum, which the linear wide part needs.
   */
  learningRateDecay?: 'constant' | 'cosine';
  /** L2 penalty on every kernel and the embedding (default 1e-5). */
  l2?: number;
  /** Epochs with the embedding frozen (default 0); after them it trains at learningRate * backboneLearningRateFactor. */
  freezeEmbeddingEpochs?: number;
  /** Default 1 (0.1 is typical with transferred vectors). */
  backboneLearningRateFactor?: number;
  /** Stop after this many epochs without a better mean validation macro-F1 (default 4). */
  patience?: number;
  /**
   * Which epoch's weights each task is scored with. 'mean' (default): the epoch with the best mean
   * validation macro-F1, for every task. 'per-task': each task its own best epoch (tasks often peak
   * at different epochs); training stops when no task has improved for `patience` epochs.
   */
  selection?: CheckpointSelection;
  /** Default 0. */
  seed?: number;
  /** Save the best epoch's model here (a CheckpointManager directory). */
  checkpointDirectory?: string;
  /** Show a progress bar / lines on stderr (default true). */
  progress?: boolean;
  onEpoch?: (record: EpochRecord) => void;
}

export type CheckpointSelection = 'mean' | 'per-task';

export interface EpochRecord {
  epoch: number;
  /** Mean training loss per task. */
  trainLoss: Record<string, number>;
  /** Validation macro-F1 per task. */
  validationMacroF1: Record<string, number>;
  /** The task weights in effect during the epoch. */
  taskWeights: Record<string, number>;
  embeddingFrozen: boolean;
}

export interface TrainMultiTaskResult {
  model: MultiTaskModel;
  history: EpochRecord[];
  /** 1-based epoch with the best mean validation macro-F1 (the model's weights with 'mean' selection). */
  bestEpoch: number;
  /** 1-based epoch whose weights score each task (all `bestEpoch` with 'mean' selection). */
  bestEpochByTask: Record<string, number>;
  /** Validation macro-F1 of each task at its kept epoch. */
  bestValidationMacroF1: Record<string, number>;
  /** Loads the weights `task` is scored with into `model` (with 'per-task' selection; no-op otherwise). */
  useWeightsOf(task: string): void;
  /** Frees the kept per-task weights (not the model). */
  dispose(): void;
}

/** The number of texts in a dataset. */
export function datasetSize(dataset: EncodedDataset): number {
  return dataset.labels[0]?.length ?? dataset.tokens.length / dataset.maxLength;
}

/** The model's input tensors for the rows `indices` of `dataset`. */
function inputsOf(model: MultiTaskModel, dataset: EncodedDataset, indices: Int32Array): ModelInputs {
  const inputs: ModelInputs = {};
  if (model.inputNames.includes('tokens')) {
    const { tokens, maxLength } = dataset;
    const batch = new Int32Array(indices.length * maxLength);
    for (const [i, row] of indices.entries())
      batch.set(tokens.subarray(row * maxLength, (row + 1) * maxLength), i * maxLength);
    inputs.tokens = tf.tensor2d(batch, [indices.length, maxLength], 'int32');
  }
  if (model.inputNames.includes('ngramIds')) {
    if (!dataset.ngrams) throw new RangeError('the model reads n-grams; the dataset has none (EncodedDataset.ngrams)');
    const { ids, weights, width } = padNgramRows(dataset.ngrams, indices);
    inputs.ngramIds = tf.tensor2d(ids, [indices.length, width], 'int32');
    inputs.ngramWeights = tf.tensor2d(weights, [indices.length, width], 'float32');
  }
  return inputs;
}

function labelsOf(labels: Int32Array, indices: Int32Array): tf.Tensor1D {
  return tf.tensor1d(
    Int32Array.from(indices, (row) => labels[row] as number),
    'int32',
  );
}

/** Class probabilities (softmax) of every example for every task: [task][example] -> one value per class. */
export function predictProbabilities(
  model: MultiTaskModel,
  dataset: EncodedDataset,
  batchSize = 256,
): Float32Array[][] {
  const count = datasetSize(dataset);
  const probabilities: Float32Array[][] = model.tasks.map(() => []);
  for (let start = 0; start < count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const batch = tf.tidy(() => model.predict(inputsOf(model, dataset, indices)).map((logits) => tf.softmax(logits)));
    batch.forEach((tensor, t) => {
      const classes = tensor.shape[1] as number;
      const values = tensor.dataSync() as Float32Array;
      for (let i = 0; i < indices.length; i++) probabilities[t]?.push(values.slice(i * classes, (i + 1) * classes));
      tensor.dispose();
    });
  }
  return probabilities;
}

/** The most probable class of every example for every task. */
export function predictClasses(model: MultiTaskModel, dataset: EncodedDataset): Int32Array[] {
  return predictProbabilities(model, dataset).map((rows) => Int32Array.from(rows, (row) => decide(row)));
}

/** Macro-F1 per task over the examples labelled for it. */
function validationScores(model: MultiTaskModel, dataset: EncodedDataset): number[] {
  const predictions = predictClasses(model, dataset);
  return model.tasks.map((task, t) => {
    const truth: number[] = [];
    const predicted: number[] = [];
    (dataset.labels[t] as Int32Array).forEach((label, i) => {
      if (label < 0) return;
      truth.push(label);
      predicted.push((predictions[t] as Int32Array)[i] as number);
    });
    return truth.length === 0 ? 0 : macroF1(truth, predicted, task.classes.length);
  });
}

/** Sets each task's wide part and head bias to its logistic regression on the training n-grams. */
function initialiseWideParts(
  model: MultiTaskModel,
  train: EncodedDataset,
  losses: readonly ClassificationLossOptions[],
  l2: readonly number[],
): void {
  if (!train.ngrams) throw new RangeError('trainMultiTask: the wide part needs train.ngrams');
  const bags = train.ngrams;
  model.tasks.forEach((task, t) => {
    const labels = train.labels[t] as Int32Array;
    const rows = Int32Array.from(labels.keys()).filter((row) => (labels[row] as number) >= 0);
    const layer = model.wideLayers[t] as tf.layers.Layer;
    const [features] = (layer.getWeights()[0] as tf.Tensor).shape as [number, number];
    const fit = fitLogisticRegression(bags, {
      rows,
      labels,
      classes: task.classes.length,
      features,
      classWeights: losses[t]?.classWeights,
      l2: l2[t] as number,
    });
    tf.tidy(() => layer.setWeights([tf.tensor2d(fit.weights, [features, task.classes.length])]));
    const head = model.model.getLayer(headLayerName(task.name));
    const [kernel] = head.getWeights();
    tf.tidy(() => head.setWeights([kernel as tf.Tensor, tf.tensor1d(fit.intercept)]));
  });
}

export async function trainMultiTask(options: TrainMultiTaskOptions): Promise<TrainMultiTaskResult> {
  const {
    tasks,
    train,
    validation,
    batcher,
    losses = [],
    epochs = 20,
    learningRate = 2e-3,
    learningRateDecay = 'constant',
    l2 = 1e-5,
    freezeEmbeddingEpochs = 0,
    backboneLearningRateFactor = 1,
    patience = 4,
    selection = 'mean',
    seed = 0,
    progress: showProgress = true,
  } = options;
  if (selection !== 'mean' && selection !== 'per-task') {
    throw new RangeError(`trainMultiTask: selection must be 'mean' or 'per-task', got ${String(selection)}`);
  }
  if (train.labels.length !== tasks.length || validation.labels.length !== tasks.length) {
    throw new RangeError(`trainMultiTask: train and validation need labels for each of the ${tasks.length} tasks`);
  }
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new RangeError(`trainMultiTask: epochs must be an integer >= 1, got ${epochs}`);
  await ensureBackend();
  seedEverything(seed);
  const validated = datasetSize(validation) > 0;
  if (!validated && options.weighting?.kind === 'dynamic') {
    throw new RangeError(
      "trainMultiTask: 'dynamic' task weighting needs validation rows (it weights by validation macro-F1)",
    );
  }
  const wide = options.wide === true ? {} : options.wide || undefined;
  const model = createMultiTaskModel({ ...options.backbone, tasks, maxLength: train.maxLength, seed, wide: !!wide });
  const weighting = createTaskWeighting(tasks.length, options.weighting);
  const variablesOf = (layers: readonly tf.layers.Layer[]) =>
    layers.flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
  const embeddingVariables = variablesOf([model.embedding]);
  const wideVariables = variablesOf(model.wideLayers);
  const separate = new Set([...embeddingVariables, ...wideVariables].map((v) => v.name));
  const otherVariables = [...variablesOf([model.model]).filter((v) => !separate.has(v.name)), ...weighting.variables];
  const embeddingNames = new Set(embeddingVariables.map((v) => v.name));
  const wideNames = new Set(wideVariables.map((v) => v.name));
  const penalised = [...model.model.trainableWeights]
    .filter((w) => /kernel|embeddings/.test(w.originalName))
    .map((w) => w.read() as tf.Variable)
    .filter((v) => !wideNames.has(v.name));
  // Each task's wide L2: given, or scikit-learn's C = 1 for its number of labelled training rows.
  const labelledRows = (t: number) => Array.from(train.labels[t] as Int32Array).filter((label) => label >= 0).length;
  const wideL2 = tasks.map((_, t) => wide?.l2 ?? 1 / (2 * Math.max(1, labelledRows(t))));
  if (wide) initialiseWideParts(model, train, losses, wideL2);
  const optimizer = new AdamW({ learningRate, weightDecay: 0 });
  const embeddingOptimizer = new AdamW({ learningRate: learningRate * backboneLearningRateFactor, weightDecay: 0 });
  const wideOptimizer = new AdamW({ learningRate: wide?.learningRate ?? learningRate, weightDecay: 0 });
  if (learningRateDecay !== 'constant' && learningRateDecay !== 'cosine') {
    throw new RangeError(
      `trainMultiTask: learningRateDecay must be 'constant' or 'cosine', got ${String(learningRateDecay)}`,
    );
  }
  // The factor of each epoch (0-based); one step past the last epoch ends at 0.
  const decay = learningRateSchedule({ baseLr: 1, decay: learningRateDecay, totalSteps: epochs + 1 });
  const startRates = new Map<tf.Optimizer, number>([
    [optimizer, learningRate],
    [embeddingOptimizer, learningRate * backboneLearningRateFactor],
    [wideOptimizer, wide?.learningRate ?? learningRate],
  ]);
  // One criterion per kept set of weights: the mean score, or each task's own score.
  const criteria = selection === 'mean' ? ['mean'] : tasks.map((task) => task.name);
  const stoppings = criteria.map(() => new EarlyStopping({ patience, mode: 'max' }));
  const meanStopping =
    selection === 'mean' ? (stoppings[0] as EarlyStopping) : new EarlyStopping({ patience, mode: 'max' });
  const checkpoints = criteria.map((criterion) =>
    options.checkpointDirectory
      ? new CheckpointManager(
          selection === 'mean' ? options.checkpointDirectory : join(options.checkpointDirectory, criterion),
          { keep: 1 },
        )
      : null,
  );
  const keptWeights: (tf.Tensor[] | null)[] = criteria.map(() => null);
  const keptScores: number[][] = criteria.map(() => []);
  const history: EpochRecord[] = [];
  const progress = showProgress ? createProgress({ total: epochs, label: 'mtl' }) : undefined;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const embeddingFrozen = epoch <= freezeEmbeddingEpochs;
      for (const [epochOptimizer, rate] of startRates) setLearningRate(epochOptimizer, rate * decay(epoch - 1));
      const lossSums = new Float64Array(tasks.length);
      const lossCounts = new Float64Array(tasks.length);
      const taskWeights = weighting.weights();
      for (const { task: batchTask, indices } of batcher.nextEpoch()) {
        const active = tasks.map((task) => batchTask === undefined || task.name === batchTask);
        const perTask: number[] = [];
        const { value, grads } = tf.variableGrads(() => {
          const logits = model.predict(inputsOf(model, train, indices), true);
          const taskLosses = logits.map((taskLogits, t) =>
            maskedClassificationLoss(labelsOf(train.labels[t] as Int32Array, indices), taskLogits, losses[t]),
          );
          for (const loss of taskLosses) perTask.push(loss.dataSync()[0] as number);
          const penalty = tf.mul(tf.addN(penalised.map((w) => tf.sum(tf.square(w)))), l2);
          const widePenalty = wideVariables.map((w, t) => tf.mul(tf.sum(tf.square(w)), wideL2[t] as number));
          return widePenalty.reduce(
            (total, term) => tf.add(total, term),
            tf.add(weighting.combine(taskLosses, active), penalty),
          ) as tf.Scalar;
        }, [...otherVariables, ...wideVariables, ...(embeddingFrozen ? [] : embeddingVariables)]);
        // Each task's epoch loss is the mean over its labelled examples.
        perTask.forEach((loss, t) => {
          if (!active[t]) return;
          const taskLabels = train.labels[t] as Int32Array;
          let labelled = 0;
          for (const row of indices) if ((taskLabels[row] as number) >= 0) labelled++;
          lossSums[t] += loss * labelled;
          lossCounts[t] += labelled;
        });
        const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
        const embeddingGrads = named.filter(({ name }) => embeddingNames.has(name));
        const wideGrads = named.filter(({ name }) => wideNames.has(name));
        optimizer.applyGradients(named.filter(({ name }) => !separate.has(name)));
        if (embeddingGrads.length > 0) embeddingOptimizer.applyGradients(embeddingGrads);
        if (wideGrads.length > 0) wideOptimizer.applyGradients(wideGrads);
        tf.dispose([value, ...Object.values(grads)]);
      }
      const scores = validated ? validationScores(model, validation) : tasks.map(() => Number.NaN);
      if (validated) weighting.observe(scores);
      const trainLoss = Object.fromEntries(
        tasks.map((task, t) => [task.name, (lossSums[t] as number) / Math.max(1, lossCounts[t] as number)]),
      );
      batcher.updateLosses?.(trainLoss);
      const record: EpochRecord = {
        epoch,
        trainLoss,
        validationMacroF1: Object.fromEntries(tasks.map((task, t) => [task.name, scores[t] as number])),
        taskWeights: Object.fromEntries(tasks.map((task, t) => [task.name, taskWeights[t] as number])),
        embeddingFrozen,
      };
      history.push(record);
      options.onEpoch?.(record);
      const meanScore = scores.reduce((a, b) => a + b, 0) / scores.length;
      // Without validation rows every epoch counts as the best so far: all `epochs` run, the last is kept.
      if (selection === 'per-task') meanStopping.update(validated ? meanScore : epoch, epoch);
      let stop = true;
      for (const [c, stopping] of stoppings.entries()) {
        const { improved, shouldStop } = stopping.update(
          validated ? (selection === 'mean' ? meanScore : (scores[c] as number)) : epoch,
          epoch,
        );
        stop &&= shouldStop;
        if (!improved) continue;
        tf.dispose(keptWeights[c] ?? []);
        keptWeights[c] = model.model.getWeights().map((w) => tf.clone(w));
        keptScores[c] = scores;
        // JSON, where a missing validation score (NaN) becomes null.
        await checkpoints[c]?.save({
          step: epoch,
          models: { multitask: model.model },
          state: { record: JSON.parse(JSON.stringify(record)) },
        });
      }
      // Without validation rows the progress shows the mean training loss.
      const meanLoss = Object.values(trainLoss).reduce((a, b) => a + b, 0) / tasks.length;
      progress?.tick(1, validated ? { score: meanScore } : { loss: meanLoss });
      if (stop) break;
    }
  } finally {
    progress?.stop();
    optimizer.dispose();
    embeddingOptimizer.dispose();
    wideOptimizer.dispose();
    weighting.dispose();
  }
  const criterionOf = (t: number) => (selection === 'mean' ? 0 : t);
  const useWeightsOf = (task: string) => {
    const t = tasks.findIndex(({ name }) => name === task);
    if (t < 0)
      throw new RangeError(`useWeightsOf: unknown task '${task}' (tasks: ${tasks.map(({ name }) => name).join(', ')})`);
    const weights = keptWeights[criterionOf(t)];
    if (weights) model.model.setWeights(weights);
  };
  useWeightsOf((tasks[0] as TaskSpec).name);
  if (selection === 'mean') {
    tf.dispose(keptWeights[0] ?? []);
    keptWeights[0] = null;
  }
  return {
    model,
    history,
    bestEpoch: meanStopping.bestStep ?? history.length,
    bestEpochByTask: Object.fromEntries(
      tasks.map((task, t) => [task.name, stoppings[criterionOf(t)]?.bestStep ?? history.length]),
    ),
    bestValidationMacroF1: Object.fromEntries(
      tasks.map((task, t) => [task.name, keptScores[criterionOf(t)]?.[t] ?? 0]),
    ),
    useWeightsOf,
    dispose: () => {
      for (const weights of keptWeights) tf.dispose(weights ?? []);
      keptWeights.fill(null);
    },
  };
}
