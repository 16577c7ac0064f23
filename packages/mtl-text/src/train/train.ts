// The multi-task training loop, run by the core's trainLoop: batches from a task batcher, one masked
// loss per task, the losses combined by a task-weighting scheme, AdamW with L2 on the kernels (one
// optimizer per parameter group), an optionally frozen embedding that later trains at a smaller
// learning rate, evaluation on the validation rows after every epoch with early stopping on the
// mean validation macro-F1 and the best epoch's weights restored at the end (and saved as a
// checkpoint when asked); or, with per-task selection, each task's own best epoch kept for scoring
// that task.
import {
  createProgress,
  ensureBackend,
  learningRateSchedule,
  type StepContext,
  seedEverything,
  tf,
  trainLoop,
} from '@hw7/tensor-utils';
import type { BackboneOptions } from '../model/backbone.js';
import type { CheckpointSelection } from '../model/kinds.js';
import { type ClassificationLossOptions, maskedClassificationLoss } from '../model/losses.js';
import { createMultiTaskModel, type MultiTaskModel, type TaskSpec } from '../model/multitask-model.js';
import { createTaskWeighting, type TaskWeighting, type TaskWeightingOptions } from '../model/task-weighting.js';
import { EpochSelection } from './epoch-selection.js';
import { ParameterGroups } from './parameter-groups.js';
import { datasetSize, type EncodedDataset, macroF1ByTask, modelInputs } from './predict.js';
import { initialiseWideParts } from './wide-init.js';

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
  /** Stops training after the current step; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

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

/** The options with their defaults, checked. */
function settingsOf(options: TrainMultiTaskOptions) {
  const {
    tasks,
    train,
    validation,
    epochs = 20,
    learningRate = 2e-3,
    learningRateDecay = 'constant',
    backboneLearningRateFactor = 1,
  } = options;
  if (train.labels.length !== tasks.length || validation.labels.length !== tasks.length) {
    throw new RangeError(`trainMultiTask: train and validation need labels for each of the ${tasks.length} tasks`);
  }
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new RangeError(`trainMultiTask: epochs must be an integer >= 1, got ${epochs}`);
  if (learningRateDecay !== 'constant' && learningRateDecay !== 'cosine') {
    throw new RangeError(
      `trainMultiTask: learningRateDecay must be 'constant' or 'cosine', got ${String(learningRateDecay)}`,
    );
  }
  const wide = options.wide === true ? {} : options.wide || undefined;
  // Each task's wide L2: given, or scikit-learn's C = 1 for its number of labelled training rows.
  const labelledRows = (t: number) => Array.from(train.labels[t] as Int32Array).filter((label) => label >= 0).length;
  return {
    epochs,
    wide,
    wideL2: tasks.map((_, t) => wide?.l2 ?? 1 / (2 * Math.max(1, labelledRows(t)))),
    rates: {
      learningRate,
      embeddingFactor: backboneLearningRateFactor,
      wideLearningRate: wide?.learningRate ?? learningRate,
    },
    // The factor of each epoch (0-based); one step past the last epoch ends at 0.
    decay: learningRateSchedule({ baseLr: 1, decay: learningRateDecay, totalSteps: epochs + 1 }),
  };
}

type Settings = ReturnType<typeof settingsOf>;
type Batch = { task?: string; indices: Int32Array };

/** The state of one training run: the model, its optimizers, and the current epoch's bookkeeping. */
class MultiTaskTraining {
  readonly history: EpochRecord[] = [];
  private embeddingFrozen = false;
  private taskWeights: number[] = [];
  private lossSums: Float64Array;
  private lossCounts: Float64Array;

  constructor(
    readonly options: TrainMultiTaskOptions,
    readonly settings: Settings,
    readonly model: MultiTaskModel,
    readonly weighting: TaskWeighting,
    readonly groups: ParameterGroups,
    readonly selection: EpochSelection,
    readonly validated: boolean,
  ) {
    this.lossSums = new Float64Array(options.tasks.length);
    this.lossCounts = new Float64Array(options.tasks.length);
  }

  private startEpoch(epoch: number): void {
    this.embeddingFrozen = epoch < (this.options.freezeEmbeddingEpochs ?? 0);
    this.groups.setRateFactor(this.settings.decay(epoch));
    this.lossSums.fill(0);
    this.lossCounts.fill(0);
    this.taskWeights = this.weighting.weights();
  }

  /** The training objective on one batch: the weighted task losses plus the L2 penalties. */
  private objective(indices: Int32Array, active: boolean[], perTask: number[]): tf.Scalar {
    const { model, options, groups, settings } = this;
    const { train, losses = [], l2 = 1e-5 } = options;
    const logits = model.predict(modelInputs(model, train, indices), true);
    const taskLosses = logits.map((taskLogits, t) => {
      const labels = train.labels[t] as Int32Array;
      const y = tf.tensor1d(
        Int32Array.from(indices, (row) => labels[row] as number),
        'int32',
      );
      return maskedClassificationLoss(y, taskLogits, losses[t]);
    });
    for (const loss of taskLosses) perTask.push(loss.dataSync()[0] as number);
    const penalty = tf.mul(tf.addN(groups.penalised.map((w) => tf.sum(tf.square(w)))), l2);
    const widePenalty = groups.wide.map((w, t) => tf.mul(tf.sum(tf.square(w)), settings.wideL2[t] as number));
    return widePenalty.reduce(
      (total, term) => tf.add(total, term),
      tf.add(this.weighting.combine(taskLosses, active), penalty),
    ) as tf.Scalar;
  }

  /** One training step (trainLoop's trainStep): one gradient, every parameter group updated. */
  step = (_step: number, { epoch, stepInEpoch, batch }: StepContext<Batch>): { loss: number } => {
    if (stepInEpoch === 0) this.startEpoch(epoch);
    const { tasks, train } = this.options;
    const active = tasks.map((task) => batch.task === undefined || task.name === batch.task);
    const perTask: number[] = [];
    const { value, grads } = tf.variableGrads(
      () => this.objective(batch.indices, active, perTask),
      this.groups.trainable(this.embeddingFrozen),
    );
    // Each task's epoch loss is the mean over its labelled examples.
    perTask.forEach((loss, t) => {
      if (!active[t]) return;
      const taskLabels = train.labels[t] as Int32Array;
      let labelled = 0;
      for (const row of batch.indices) if ((taskLabels[row] as number) >= 0) labelled++;
      this.lossSums[t] += loss * labelled;
      this.lossCounts[t] += labelled;
    });
    this.groups.apply(grads);
    const loss = value.dataSync()[0] as number;
    tf.dispose([value, ...Object.values(grads)]);
    return { loss };
  };

  /**
   * The evaluation after each epoch (0-based `epoch`): validation macro-F1 per task and their mean,
   * the epoch's record. Without validation rows the monitored value is the epoch number, so every
   * epoch counts as the best so far: all epochs run and the last is kept.
   */
  evaluate = (epoch: number): Record<string, number> => {
    const { tasks } = this.options;
    const scores = this.validated ? macroF1ByTask(this.model, this.options.validation) : tasks.map(() => Number.NaN);
    if (this.validated) this.weighting.observe(scores);
    const trainLoss = Object.fromEntries(
      tasks.map((task, t) => [task.name, (this.lossSums[t] as number) / Math.max(1, this.lossCounts[t] as number)]),
    );
    this.options.batcher.updateLosses?.(trainLoss);
    this.history.push({
      epoch: epoch + 1,
      trainLoss,
      validationMacroF1: Object.fromEntries(tasks.map((task, t) => [task.name, scores[t] as number])),
      taskWeights: Object.fromEntries(tasks.map((task, t) => [task.name, this.taskWeights[t] as number])),
      embeddingFrozen: this.embeddingFrozen,
    });
    const meanMacroF1 = scores.reduce((a, b) => a + b, 0) / scores.length;
    const perTaskScores = Object.fromEntries(tasks.map((task, t) => [`macroF1_${task.name}`, scores[t] as number]));
    return this.validated ? { meanMacroF1, ...perTaskScores } : { epoch: epoch + 1 };
  };

  /** After each evaluation: the record to the caller, the kept weights and checkpoints; 'stop' ends training. */
  afterEvaluation = async ({ improved, epoch }: { improved: boolean; epoch: number }) => {
    const record = this.history[this.history.length - 1] as EpochRecord;
    this.options.onEpoch?.(record);
    const scores = this.options.tasks.map((task) => record.validationMacroF1[task.name] as number);
    const own = this.validated ? scores : scores.map(() => epoch + 1);
    // JSON, where a missing validation score (NaN) becomes null.
    const state = { record: JSON.parse(JSON.stringify(record)) };
    return (await this.selection.update(epoch + 1, scores, own, improved, state)) ? ('stop' as const) : undefined;
  };
}

export async function trainMultiTask(options: TrainMultiTaskOptions): Promise<TrainMultiTaskResult> {
  const { tasks, train, validation, selection = 'mean', seed = 0, progress = true } = options;
  const settings = settingsOf(options);
  await ensureBackend();
  seedEverything(seed);
  const validated = datasetSize(validation) > 0;
  if (!validated && options.weighting?.kind === 'dynamic') {
    throw new RangeError(
      "trainMultiTask: 'dynamic' task weighting needs validation rows (it weights by validation macro-F1)",
    );
  }
  const { wide } = settings;
  const model = createMultiTaskModel({ ...options.backbone, tasks, maxLength: train.maxLength, seed, wide: !!wide });
  const weighting = createTaskWeighting(tasks.length, options.weighting);
  const groups = new ParameterGroups(model, weighting, settings.rates);
  if (wide) initialiseWideParts(model, train, options.losses ?? [], settings.wideL2);
  const chosen = new EpochSelection(model, selection, options.patience ?? 4, options.checkpointDirectory);
  const run = new MultiTaskTraining(options, settings, model, weighting, groups, chosen, validated);
  try {
    await trainLoop<Batch>({
      epochs: settings.epochs,
      batches: () => options.batcher.nextEpoch(),
      trainStep: run.step,
      evaluate: {
        every: 'epoch',
        fn: (_step, { epoch }) => run.evaluate(epoch),
        monitor: validated ? 'meanMacroF1' : 'epoch',
        // 'mean' selection is the loop's early stopping and best weights; 'per-task' keeps its own.
        earlyStopping: selection === 'mean' ? chosen.meanStopping : undefined,
        restoreBest: selection === 'mean' ? { models: { multitask: model.model } } : undefined,
        onResult: run.afterEvaluation,
      },
      progress: progress ? createProgress({ total: settings.epochs, label: 'mtl' }) : undefined,
      progressPer: 'epoch',
      signal: options.signal,
    });
  } catch (error) {
    chosen.dispose();
    model.model.dispose();
    throw error;
  } finally {
    groups.dispose();
    weighting.dispose();
  }
  chosen.useWeightsOf((tasks[0] as TaskSpec).name);
  const epochsRun = run.history.length;
  return {
    model,
    history: run.history,
    bestEpoch: chosen.bestMeanEpoch(epochsRun),
    bestEpochByTask: Object.fromEntries(tasks.map((task, t) => [task.name, chosen.bestEpochOf(t, epochsRun)])),
    bestValidationMacroF1: Object.fromEntries(tasks.map((task, t) => [task.name, chosen.bestScoreOf(t)])),
    useWeightsOf: (task) => chosen.useWeightsOf(task),
    dispose: () => chosen.dispose(),
  };
}
