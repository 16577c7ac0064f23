// The one training loop of hw7 (PyTorch Lightning's / Keras fit's role): the caller supplies a step,
// the loop owns everything around it: a learning-rate schedule, the finite-loss check, clean-up of
// every tensor a step leaves behind, periodic or per-epoch evaluation with early stopping and the
// best weights restored, a metrics log, progress, snapshots (pictures), checkpoints with exact resume,
// and cancellation by an AbortSignal. A step is either one optimizer on a loss (`optimizer` +
// `lossFn`) or a function doing a whole step (`trainStep`, e.g. a GAN's two updates through
// `optimizerStep`). Steps are counted (`steps`) or come from epochs of batches (`epochs` + `batches`).
//
// Step numbering: the callbacks that run a step (lossFn, trainStep, the schedule) get its 0-based
// index; everything reported after it (metrics log, progress, evaluation, early stopping,
// checkpoints, snapshots, the non-finite-loss error) uses the number of completed steps, so the
// record for step N in the log matches the checkpoint `step-N` and the run resumes with index N.
import { join } from 'node:path';
import * as tf from '../tf.js';
import { BestWeights, type BestWeightsTargets } from './best-weights.js';
import type { CheckpointManager, CheckpointTargets } from './checkpoint.js';
import type { EarlyStopping, EarlyStoppingState } from './early-stopping.js';
import { assertFiniteLoss } from './finite-loss.js';
import { type LearningRateSchedule, setLearningRate } from './lr-schedule.js';
import type { MetricsLog } from './metrics-log.js';
import type { Progress } from './progress.js';

/** The numbers one step reports, e.g. `{ loss_d: 0.51, loss_g: 1.93 }`. */
export type StepMetrics = Record<string, number>;

/** What `lossFn` may return: the loss alone, or with extra values (e.g. accuracy) computed alongside. */
export type LossOutput = tf.Scalar | { loss: tf.Scalar; metrics?: Record<string, tf.Scalar | number> };

/** Where a step is: its index, its epoch and, when training by epochs, its batch. */
export interface StepContext<Batch = undefined> {
  /** 0-based index of the step over the whole run (also the first argument of the step functions). */
  step: number;
  /** 0-based epoch (always 0 when counting steps). */
  epoch: number;
  /** 0-based position of the step in its epoch. */
  stepInEpoch: number;
  /** The batch from `batches` (undefined when counting steps). */
  batch: Batch;
}

interface LossStepOptions<Batch> {
  optimizer: tf.Optimizer;
  /** Called inside `optimizer.minimize`; its tensors are cleaned up by tfjs. */
  lossFn: (step: number, context: StepContext<Batch>) => LossOutput;
  /** The variables to train; by default every trainable variable tfjs knows, including other models'. */
  varList?: tf.Variable[];
  trainStep?: never;
}

interface CustomStepOptions<Batch> {
  /**
   * Does one whole step and returns its metrics; every one of them must be finite. Several
   * optimizers (a GAN): call `optimizerStep` once per optimizer.
   */
  trainStep: (step: number, context: StepContext<Batch>) => StepMetrics | Promise<StepMetrics>;
  optimizer?: never;
  lossFn?: never;
  varList?: never;
}

interface StepCountOptions {
  /** Train until this many steps are complete, counting those restored from a checkpoint. */
  steps: number;
  epochs?: never;
  batches?: never;
  batchWeight?: never;
}

interface EpochCountOptions<Batch> {
  /** Train until this many epochs are complete. */
  epochs: number;
  /** The batches of an epoch (0-based), one step each; e.g. `splitIntoBatches(epochOrder(n, seed, epoch), 64)`. */
  batches: (epoch: number) => Iterable<Batch>;
  /** The weight of a batch in the epoch's mean metrics (default 1), e.g. its number of examples. */
  batchWeight?: (batch: Batch) => number;
  steps?: never;
}

/** One evaluation, as `evaluate.onResult` receives it. */
export interface EvaluationResult {
  /** Completed steps when it ran. */
  step: number;
  epoch: number;
  /** Every value the evaluation returned. */
  metrics: StepMetrics;
  /** The monitored value (`evaluate.monitor`). */
  value: number;
  /** Whether it improved on the best so far (always true without early stopping). */
  improved: boolean;
}

export interface EvaluateOptions {
  /** Every this many completed steps, or at the end of every epoch. */
  every: number | 'epoch';
  /** Computes a value (logged as `name`) or several (each logged under its key). */
  fn: (step: number, context: { epoch: number }) => number | StepMetrics | Promise<number | StepMetrics>;
  /** The name of a single returned value (default 'validation'). */
  name?: string;
  /** The value fed to `earlyStopping` and watched by `restoreBest` (default `name`). */
  monitor?: string;
  /** Ends the run when the monitored value stops improving. */
  earlyStopping?: EarlyStopping;
  /**
   * Keeps a copy of these weights at the best evaluation (by `earlyStopping`'s mode) and puts it back
   * when the loop ends, as Keras's `restore_best_weights`. With `checkpoint`, the copy is also saved
   * in its directory's `best/`, so a resumed run restores a best reached before the interruption.
   */
  restoreBest?: BestWeightsTargets;
  /** After each evaluation (e.g. to report it to a pruner, which may throw); 'stop' ends the run. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async callback that returns nothing is a Promise<void>.
  onResult?: (result: EvaluationResult) => void | 'stop' | Promise<void | 'stop'>;
}

/** An epoch's summary: the weighted means of its steps' metrics and its evaluation. */
export interface EpochSummary {
  epoch: number;
  /** Steps run in this epoch by this call (fewer than its batches after a resume mid-epoch). */
  steps: number;
  metrics: StepMetrics;
  evaluation: StepMetrics | null;
}

interface CommonOptions {
  /** Sets the rate of `optimizers` (default: `optimizer`) before each step, and logs it as `lr`. */
  learningRate?: { schedule: LearningRateSchedule; optimizers?: tf.Optimizer[] };
  evaluate?: EvaluateOptions;
  /**
   * Restores the latest checkpoint into `targets` before the first step, then saves every `every`
   * steps (or epochs), when the loop ends and when it is aborted. `state()` adds the caller's JSON
   * state (e.g. rng states), handed back to `onRestore` on resume.
   */
  checkpoint?: {
    manager: CheckpointManager;
    every: number | 'epoch';
    targets: CheckpointTargets;
    state?: () => unknown;
    onRestore?: (state: unknown) => void;
  };
  /** Receives one record per step, keyed by the number of completed steps; cut back to the checkpoint on resume. */
  metricsLog?: MetricsLog;
  /** Updated with the completed steps (or epochs, see `progressPer`) and the latest metrics; stopped at the end. */
  progress?: Progress;
  /** 'step' (default) or 'epoch': what `progress` counts. */
  progressPer?: 'step' | 'epoch';
  /**
   * Every `every` completed steps, and (with `atEnd`, the default) once when the loop ends,
   * `fn(completedSteps)` writes pictures or anything else that shows the run's state.
   */
  snapshot?: { every: number; fn: (step: number) => void | Promise<void>; atEnd?: boolean };
  /** After every epoch (when training by epochs). */
  onEpochEnd?: (summary: EpochSummary) => void | Promise<void>;
  /**
   * Stops the run after the current step: a checkpoint is saved (when configured), then the loop
   * rejects with `signal.reason`.
   */
  signal?: AbortSignal;
  /**
   * Dispose every tensor a step, an evaluation or a snapshot creates and neither returns nor keeps
   * (`tf.keep`), default true. Tensors meant to outlive a step must be kept or created before the
   * loop; turn it off if other code creates tensors while a step awaits.
   */
  disposeStepTensors?: boolean;
}

export type TrainLoopOptions<Batch = undefined> = CommonOptions &
  (StepCountOptions | EpochCountOptions<Batch>) &
  (LossStepOptions<Batch> | CustomStepOptions<Batch>);

export interface TrainLoopResult {
  /** Completed steps before this call: 0, or the step of the restored checkpoint. */
  startStep: number;
  stepsRun: number;
  /** The metrics of the last step run (empty if none ran). */
  lastMetrics: StepMetrics;
  stoppedEarly: boolean;
  /** The early-stopping monitor's best value and step, or null without early stopping or before any evaluation. */
  bestValue: number | null;
  bestStep: number | null;
  /** With `evaluate.restoreBest`: the step whose weights were put back, or null. */
  restoredBestStep: number | null;
  /** The epochs completed by this call (training by epochs). */
  epochs: EpochSummary[];
}

/** What the loop itself puts in checkpoints, next to the caller's state. */
type LoopCheckpointState = {
  earlyStopping: EarlyStoppingState | null;
  user: unknown;
  /** Where the next step is, when training by epochs. */
  epoch?: number;
  stepInEpoch?: number;
};

function assertPositiveInteger(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`trainLoop: ${name} must be an integer >= 1; got ${String(value)}`);
  }
}

function assertEvery(value: unknown, name: string, byEpochs: boolean): void {
  if (value === 'epoch') {
    if (!byEpochs) throw new TypeError(`trainLoop: ${name} 'epoch' needs epochs and batches`);
    return;
  }
  assertPositiveInteger(value, name);
}

/**
 * One update of `optimizer` on `lossFn`'s loss; resolves to `{ loss, ...extra metrics }` as numbers.
 * No tensor outlives it: what `lossFn` creates is cleaned up by tfjs, the loss and extras here.
 */
export async function optimizerStep(
  optimizer: tf.Optimizer,
  lossFn: () => LossOutput,
  varList?: tf.Variable[],
): Promise<StepMetrics> {
  let extra: Record<string, tf.Scalar | number> = {};
  let loss: tf.Scalar | null = null;
  try {
    loss = optimizer.minimize(
      () => {
        const output = lossFn();
        if (output instanceof tf.Tensor) return output;
        extra = output.metrics ?? {};
        // Keep the extra tensors alive past the gradient tape's cleanup until they are read.
        for (const value of Object.values(extra)) if (typeof value !== 'number') tf.keep(value);
        return output.loss;
      },
      true,
      varList,
    );
    const metrics: StepMetrics = { loss: (await (loss as tf.Scalar).data())[0] };
    for (const [name, value] of Object.entries(extra)) {
      metrics[name] = typeof value === 'number' ? value : (await value.data())[0];
    }
    return metrics;
  } finally {
    loss?.dispose();
    for (const value of Object.values(extra)) if (typeof value !== 'number') value.dispose();
  }
}

/** Runs `fn` in a tfjs scope that disposes what it creates and does not keep (async-capable tf.tidy). */
async function inScope<T>(enabled: boolean, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const engine = tf.engine();
  engine.startScope('trainLoop');
  try {
    return await fn();
  } finally {
    engine.endScope();
  }
}

/** Weighted running means of an epoch's step metrics. */
class EpochMeans {
  private sums = new Map<string, number>();
  private weights = new Map<string, number>();
  steps = 0;

  add(metrics: StepMetrics, weight: number): void {
    this.steps += 1;
    for (const [name, value] of Object.entries(metrics)) {
      this.sums.set(name, (this.sums.get(name) ?? 0) + weight * value);
      this.weights.set(name, (this.weights.get(name) ?? 0) + weight);
    }
  }

  means(): StepMetrics {
    return Object.fromEntries([...this.sums].map(([name, sum]) => [name, sum / (this.weights.get(name) || 1)]));
  }
}

interface StepPlace<Batch> extends StepContext<Batch> {
  /** The last step of its epoch (training by epochs). */
  endOfEpoch: boolean;
}

/** The state of one `trainLoop` call. */
class LoopRun<Batch> {
  readonly lossStep: LossStepOptions<Batch> | undefined;
  readonly scheduled: tf.Optimizer[];
  readonly bestWeights: BestWeights | undefined;
  readonly dispose: boolean;
  startStep = 0;
  /** Where the first step of this call is, when training by epochs. */
  startPlace = { epoch: 0, stepInEpoch: 0 };
  completed = 0;
  lastMetrics: StepMetrics = {};
  stoppedEarly: boolean;
  lastSaved = -1;
  lastSnapshot = -1;
  epochMeans = new EpochMeans();
  epochEvaluation: StepMetrics | null = null;
  epochs: EpochSummary[] = [];
  /** The next step's place, saved in checkpoints when training by epochs. */
  next = { epoch: 0, stepInEpoch: 0 };

  constructor(readonly options: TrainLoopOptions<Batch>) {
    this.lossStep = options.trainStep === undefined ? (options as LossStepOptions<Batch>) : undefined;
    this.scheduled = options.learningRate?.optimizers ?? (this.lossStep ? [this.lossStep.optimizer] : []);
    const { evaluate, checkpoint } = options;
    this.bestWeights = evaluate?.restoreBest
      ? new BestWeights(evaluate.restoreBest, checkpoint ? join(checkpoint.manager.directory, 'best') : undefined)
      : undefined;
    this.dispose = options.disposeStepTensors ?? true;
    this.stoppedEarly = evaluate?.earlyStopping?.shouldStop ?? false;
  }

  async restore(): Promise<void> {
    const { checkpoint, evaluate, metricsLog } = this.options;
    if (!checkpoint) return;
    const restored = await checkpoint.manager.restore<LoopCheckpointState | null>(checkpoint.targets);
    if (!restored) {
      // A run that never reached a checkpoint starts again from step 0, so its records go too.
      await metricsLog?.truncateAfter(0);
      return;
    }
    this.startStep = restored.step;
    this.lastSaved = restored.step;
    const state = restored.state;
    if (evaluate?.earlyStopping && state?.earlyStopping) evaluate.earlyStopping.restore(state.earlyStopping);
    this.stoppedEarly = evaluate?.earlyStopping?.shouldStop ?? false;
    if (state?.epoch !== undefined) {
      this.startPlace = { epoch: state.epoch, stepInEpoch: state.stepInEpoch ?? 0 };
    } else if (this.options.epochs !== undefined && this.startStep > 0) {
      throw new TypeError(
        `trainLoop: the checkpoint at step ${this.startStep} does not say where in an epoch it is (a run that counted steps wrote it); resume it with steps`,
      );
    }
    checkpoint.onRestore?.(state?.user ?? null);
    // Records after the checkpoint belong to a run that crashed; the resumed run writes them again.
    await metricsLog?.truncateAfter(this.startStep);
  }

  async save(): Promise<void> {
    const { checkpoint, evaluate } = this.options;
    if (!checkpoint || this.lastSaved === this.completed) return;
    const state: LoopCheckpointState = {
      earlyStopping: evaluate?.earlyStopping?.state() ?? null,
      user: checkpoint.state?.() ?? null,
      ...('epochs' in this.options && this.options.epochs !== undefined ? this.next : {}),
    };
    await checkpoint.manager.save({ ...checkpoint.targets, step: this.completed, state });
    this.lastSaved = this.completed;
  }

  async throwIfAborted(): Promise<void> {
    const { signal } = this.options;
    // A step whose awaits all resolve as microtasks never lets the event loop run: yield to it, so
    // that Ctrl-C (which aborts `signal`) and timers (progress redraws) are seen between steps.
    if (signal) await new Promise((resolve) => setImmediate(resolve));
    if (!signal?.aborted) return;
    if (this.completed > this.startStep) await this.save();
    throw signal.reason ?? new DOMException('The training loop was aborted', 'AbortError');
  }

  /** Runs the evaluation; returns its metrics to log with the step. */
  async evaluate(epoch: number): Promise<StepMetrics> {
    const evaluate = this.options.evaluate as EvaluateOptions;
    const name = evaluate.name ?? 'validation';
    const returned = await evaluate.fn(this.completed, { epoch });
    const metrics: StepMetrics = typeof returned === 'number' ? { [name]: returned } : { ...returned };
    const monitor = evaluate.monitor ?? name;
    const value = metrics[monitor];
    if (typeof value !== 'number') {
      throw new TypeError(
        `trainLoop: the evaluation returned no '${monitor}' to monitor (it returned ${Object.keys(metrics).join(', ')})`,
      );
    }
    let improved = true;
    if (evaluate.earlyStopping) {
      const update = evaluate.earlyStopping.update(value, this.completed);
      improved = update.improved;
      if (update.shouldStop) this.stoppedEarly = true;
    }
    if (improved) await this.bestWeights?.capture(this.completed);
    const verdict = await evaluate.onResult?.({ step: this.completed, epoch, metrics, value, improved });
    if (verdict === 'stop') this.stoppedEarly = true;
    return metrics;
  }

  /** One step and everything after it: checks, evaluation, log, progress, checkpoint, snapshot. */
  async step(place: StepPlace<Batch>): Promise<void> {
    await this.throwIfAborted();
    const { options } = this;
    const { step, endOfEpoch, ...context } = place;
    const metrics = await inScope(this.dispose, async () => {
      const rate = options.learningRate?.schedule(step);
      if (rate !== undefined) for (const optimizer of this.scheduled) setLearningRate(optimizer, rate);
      const lossStep = this.lossStep;
      const ctx = { step, ...context };
      // The caller's metrics are copied because `lr` and the evaluation are added to them.
      const result = lossStep
        ? await optimizerStep(lossStep.optimizer, () => lossStep.lossFn(step, ctx), lossStep.varList)
        : { ...(await (options as CustomStepOptions<Batch>).trainStep(step, ctx)) };
      this.completed = step + 1;
      for (const [name, value] of Object.entries(result)) assertFiniteLoss(value, { step: this.completed, name });
      if (rate !== undefined) result.lr = rate;
      const weight = 'batchWeight' in options && options.batchWeight ? options.batchWeight(context.batch) : 1;
      this.epochMeans.add(result, weight);
      const every = options.evaluate?.every;
      if (every === 'epoch' ? endOfEpoch : every !== undefined && this.completed % every === 0) {
        const evaluation = await this.evaluate(context.epoch);
        if (endOfEpoch) this.epochEvaluation = evaluation;
        Object.assign(result, evaluation);
      }
      return result;
    });
    this.next = endOfEpoch
      ? { epoch: context.epoch + 1, stepInEpoch: 0 }
      : { epoch: context.epoch, stepInEpoch: context.stepInEpoch + 1 };
    await this.afterStep(metrics, endOfEpoch, context.epoch);
  }

  async afterStep(metrics: StepMetrics, endOfEpoch: boolean, epoch: number): Promise<void> {
    const { options, completed } = this;
    options.metricsLog?.append(completed, metrics);
    if (options.progressPer !== 'epoch') options.progress?.update(completed, metrics);
    this.lastMetrics = metrics;
    const every = options.checkpoint?.every;
    const last = 'steps' in options && options.steps !== undefined && completed === options.steps;
    if (
      every !== undefined &&
      (every === 'epoch' ? endOfEpoch : completed % every === 0 || last || this.stoppedEarly)
    ) {
      await this.save();
    }
    if (options.snapshot && completed % options.snapshot.every === 0) await this.snapshot();
    if (endOfEpoch) await this.endEpoch(epoch);
  }

  async endEpoch(epoch: number): Promise<void> {
    const { options } = this;
    const summary: EpochSummary = {
      epoch,
      steps: this.epochMeans.steps,
      metrics: this.epochMeans.means(),
      evaluation: this.epochEvaluation,
    };
    this.epochs.push(summary);
    this.epochMeans = new EpochMeans();
    this.epochEvaluation = null;
    if (options.progressPer === 'epoch')
      options.progress?.update(epoch + 1, { ...summary.metrics, ...summary.evaluation });
    if (this.stoppedEarly && options.checkpoint?.every === 'epoch') await this.save();
    await options.onEpochEnd?.(summary);
  }

  async snapshot(): Promise<void> {
    const snapshot = this.options.snapshot;
    if (!snapshot || this.lastSnapshot === this.completed) return;
    await inScope(this.dispose, async () => snapshot.fn(this.completed));
    this.lastSnapshot = this.completed;
  }

  /** Saves the final checkpoint, restores the best weights, writes the last snapshot. */
  async finish(): Promise<number | null> {
    const { options } = this;
    if (this.completed > this.startStep) await this.save();
    const earlyStopping = options.evaluate?.earlyStopping;
    const restoredBestStep = (await this.bestWeights?.restore(earlyStopping?.bestStep ?? null)) ?? null;
    if (options.snapshot && options.snapshot.atEnd !== false) await this.snapshot();
    return restoredBestStep;
  }
}

/** The places of the steps still to run when counting steps. */
function* stepPlaces(start: number, steps: number): Generator<StepPlace<undefined>> {
  for (let step = start; step < steps; step++)
    yield { step, epoch: 0, stepInEpoch: step, batch: undefined, endOfEpoch: false };
}

/** The places of the steps still to run when training by epochs, knowing which is the last of its epoch. */
function* epochPlaces<Batch>(
  run: LoopRun<Batch>,
  epochs: number,
  batches: (epoch: number) => Iterable<Batch>,
): Generator<StepPlace<Batch>> {
  let step = run.startStep;
  for (let epoch = run.startPlace.epoch; epoch < epochs && !run.stoppedEarly; epoch++) {
    const skip = epoch === run.startPlace.epoch ? run.startPlace.stepInEpoch : 0;
    const iterator = batches(epoch)[Symbol.iterator]();
    for (let skipped = 0; skipped < skip; skipped++) iterator.next();
    let current = iterator.next();
    for (let stepInEpoch = skip; !current.done; stepInEpoch++) {
      const following = iterator.next();
      yield { step, epoch, stepInEpoch, batch: current.value, endOfEpoch: following.done === true };
      step += 1;
      if (run.stoppedEarly) return;
      current = following;
    }
  }
}

function validate<Batch>(options: TrainLoopOptions<Batch>): void {
  const byEpochs = options.epochs !== undefined;
  if (byEpochs) {
    assertPositiveInteger(options.epochs, 'epochs');
    if (typeof options.batches !== 'function') throw new TypeError('trainLoop: epochs needs batches(epoch)');
  } else if (typeof options.steps !== 'number' || !Number.isInteger(options.steps) || options.steps < 0) {
    throw new RangeError(`trainLoop: steps must be an integer >= 0; got ${String(options.steps)}`);
  }
  const lossStep = options.trainStep === undefined;
  if (lossStep && (options.optimizer === undefined || typeof options.lossFn !== 'function')) {
    throw new TypeError('trainLoop: pass either optimizer and lossFn, or trainStep');
  }
  if (options.learningRate && !lossStep && !options.learningRate.optimizers?.length) {
    throw new TypeError('trainLoop: learningRate.optimizers is required with trainStep');
  }
  if (options.evaluate) assertEvery(options.evaluate.every, 'evaluate.every', byEpochs);
  if (options.checkpoint) assertEvery(options.checkpoint.every, 'checkpoint.every', byEpochs);
  if (options.snapshot) assertPositiveInteger(options.snapshot.every, 'snapshot.every');
}

/**
 * Runs training steps until `steps` (or `epochs`) are complete, early stopping ends the run, or
 * `signal` aborts it. See `TrainLoopOptions` for what the loop does around each step.
 */
export async function trainLoop<Batch = undefined>(options: TrainLoopOptions<Batch>): Promise<TrainLoopResult> {
  validate(options);
  const run = new LoopRun(options);
  try {
    await run.restore();
    run.completed = run.startStep;
    run.next = run.startPlace;
    options.progress?.update(options.progressPer === 'epoch' ? run.startPlace.epoch : run.startStep);
    const places =
      options.epochs !== undefined
        ? epochPlaces(run, options.epochs, options.batches)
        : (stepPlaces(run.startStep, options.steps) as Generator<StepPlace<Batch>>);
    for (const place of run.stoppedEarly ? [] : places) {
      await run.step(place);
      if (run.stoppedEarly) break;
    }
    const restoredBestStep = await run.finish();
    const earlyStopping = options.evaluate?.earlyStopping;
    return {
      startStep: run.startStep,
      stepsRun: run.completed - run.startStep,
      lastMetrics: run.lastMetrics,
      stoppedEarly: run.stoppedEarly,
      bestValue: earlyStopping?.best ?? null,
      bestStep: earlyStopping?.bestStep ?? null,
      restoredBestStep,
      epochs: run.epochs,
    };
  } finally {
    options.progress?.stop();
    run.bestWeights?.dispose();
  }
}
