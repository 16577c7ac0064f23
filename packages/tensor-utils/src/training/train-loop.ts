// The step loop every model package needs, wired to the other training utilities: learning-rate
// schedule, finite-loss check, periodic evaluation with early stopping, metrics log, progress and
// checkpoints, including resuming from the latest checkpoint. Either the loop runs one optimizer on
// a loss, or the caller does whole steps itself (several optimizers, as a GAN needs).
//
// Step numbering: the callbacks that run a step (lossFn, trainStep, the schedule) get its 0-based
// index; everything reported after it (metrics log, progress, evaluation, early stopping,
// checkpoints, the non-finite-loss error) uses the number of completed steps, so the record for
// step N in the log matches the checkpoint `step-N` and the run resumes with index N.
import * as tf from '../tf.js';
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

interface LossStepOptions {
  optimizer: tf.Optimizer;
  /** Called inside `optimizer.minimize` with the 0-based step index; its tensors are cleaned up by tfjs. */
  lossFn: (step: number) => LossOutput;
  /** The variables to train; by default every trainable variable tfjs knows, including other models'. */
  varList?: tf.Variable[];
  trainStep?: never;
}

interface CustomStepOptions {
  /** Does one whole step (0-based index) and returns its metrics; every one of them must be finite. */
  trainStep: (step: number) => StepMetrics | Promise<StepMetrics>;
  optimizer?: never;
  lossFn?: never;
  varList?: never;
}

interface CommonOptions {
  /** Train until this many steps are complete, counting those restored from a checkpoint. */
  steps: number;
  /** Sets the rate of `optimizers` (default: `optimizer`) before each step, and logs it as `lr`. */
  learningRate?: { schedule: LearningRateSchedule; optimizers?: tf.Optimizer[] };
  /**
   * Every `every` completed steps, `fn(completedSteps)` computes a value logged as `name`
   * (default 'validation') and fed to `earlyStopping`, which can end the run.
   */
  evaluate?: {
    every: number;
    fn: (step: number) => number | Promise<number>;
    name?: string;
    earlyStopping?: EarlyStopping;
  };
  /**
   * Restores the latest checkpoint into `targets` before the first step, then saves every `every`
   * steps and when the loop ends. `state()` adds the caller's JSON state (e.g. rng states), handed
   * back to `onRestore` on resume.
   */
  checkpoint?: {
    manager: CheckpointManager;
    every: number;
    targets: CheckpointTargets;
    state?: () => unknown;
    onRestore?: (state: unknown) => void;
  };
  /** Receives one record per step, keyed by the number of completed steps. */
  metricsLog?: MetricsLog;
  /** Updated with the number of completed steps and the step's metrics; stopped when the loop ends. */
  progress?: Progress;
}

export type TrainLoopOptions = CommonOptions & (LossStepOptions | CustomStepOptions);

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
}

/** What the loop itself puts in checkpoints, next to the caller's state. */
type LoopCheckpointState = { earlyStopping: EarlyStoppingState | null; user: unknown };

function assertPositiveInteger(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`trainLoop: ${name} must be an integer >= 1; got ${String(value)}`);
  }
}

async function runLossStep({ optimizer, lossFn, varList }: LossStepOptions, step: number): Promise<StepMetrics> {
  let extra: Record<string, tf.Scalar | number> = {};
  let loss: tf.Scalar | null = null;
  try {
    loss = optimizer.minimize(
      () => {
        const output = lossFn(step);
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

/** Runs training steps until `steps` are complete or early stopping ends the run. */
export async function trainLoop(options: TrainLoopOptions): Promise<TrainLoopResult> {
  const { steps, learningRate, evaluate, checkpoint, metricsLog, progress } = options;
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new RangeError(`trainLoop: steps must be an integer >= 0; got ${String(steps)}`);
  }
  const lossStep = options.trainStep === undefined ? (options as LossStepOptions) : undefined;
  if (lossStep && (lossStep.optimizer === undefined || typeof lossStep.lossFn !== 'function')) {
    throw new TypeError('trainLoop: pass either optimizer and lossFn, or trainStep');
  }
  const scheduled = learningRate?.optimizers ?? (lossStep ? [lossStep.optimizer] : []);
  if (learningRate && scheduled.length === 0) {
    throw new TypeError('trainLoop: learningRate.optimizers is required with trainStep');
  }
  if (evaluate) assertPositiveInteger(evaluate.every, 'evaluate.every');
  if (checkpoint) assertPositiveInteger(checkpoint.every, 'checkpoint.every');
  const earlyStopping = evaluate?.earlyStopping;
  const evaluationName = evaluate?.name ?? 'validation';

  let startStep = 0;
  if (checkpoint) {
    const restored = await checkpoint.manager.restore<LoopCheckpointState | null>(checkpoint.targets);
    if (restored) {
      startStep = restored.step;
      if (earlyStopping && restored.state?.earlyStopping) earlyStopping.restore(restored.state.earlyStopping);
      checkpoint.onRestore?.(restored.state?.user ?? null);
      metricsLog?.markResume(startStep);
    }
  }
  const saveCheckpoint = (step: number) =>
    checkpoint?.manager.save({
      ...checkpoint.targets,
      step,
      state: { earlyStopping: earlyStopping?.state() ?? null, user: checkpoint.state?.() ?? null },
    });

  let lastMetrics: StepMetrics = {};
  let stoppedEarly = earlyStopping?.shouldStop ?? false;
  let completed = startStep;
  try {
    progress?.update(startStep);
    while (completed < steps && !stoppedEarly) {
      const step = completed;
      const rate = learningRate?.schedule(step);
      if (rate !== undefined) for (const optimizer of scheduled) setLearningRate(optimizer, rate);
      // The caller's metrics are copied because `lr` and the evaluation are added to them.
      const metrics = lossStep
        ? await runLossStep(lossStep, step)
        : { ...(await (options as CustomStepOptions).trainStep(step)) };
      completed = step + 1;
      for (const [name, value] of Object.entries(metrics)) assertFiniteLoss(value, { step: completed, name });
      if (rate !== undefined) metrics.lr = rate;
      if (evaluate && completed % evaluate.every === 0) {
        const value = await evaluate.fn(completed);
        metrics[evaluationName] = value;
        if (earlyStopping) stoppedEarly = earlyStopping.update(value, completed).shouldStop;
      }
      metricsLog?.append(completed, metrics);
      progress?.update(completed, metrics);
      lastMetrics = metrics;
      if (checkpoint && (completed % checkpoint.every === 0 || completed === steps || stoppedEarly)) {
        await saveCheckpoint(completed);
      }
    }
  } finally {
    progress?.stop();
  }
  return {
    startStep,
    stepsRun: completed - startStep,
    lastMetrics,
    stoppedEarly,
    bestValue: earlyStopping?.best ?? null,
    bestStep: earlyStopping?.bestStep ?? null,
  };
}
