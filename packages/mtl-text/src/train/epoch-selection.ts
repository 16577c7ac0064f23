// Which epoch's weights score each task. 'mean': one choice for every task, the epoch with the best
// mean validation macro-F1 (the training loop's own early stopping and best-weights restore do it).
// 'per-task': each task its own best epoch; a copy of each task's best weights is kept, and training
// stops once no task has improved for `patience` epochs. Either way each kept choice is saved as a
// checkpoint when asked.
import { join } from 'node:path';
import { CheckpointManager, EarlyStopping, tf } from '@hw7/tensor-utils';
import type { CheckpointSelection } from '../model/kinds.js';
import type { MultiTaskModel } from '../model/multitask-model.js';

/** One kept choice: the mean (one for all tasks) or a task's own. */
interface Criterion {
  stopping: EarlyStopping;
  checkpoints: CheckpointManager | null;
  /** A copy of the weights at the best epoch ('per-task' only; with 'mean' the loop restores them). */
  weights: tf.Tensor[] | null;
  /** Every task's validation macro-F1 at the best epoch. */
  scores: number[];
  bestEpoch: number | null;
}

export class EpochSelection {
  /**
   * Watches the mean validation macro-F1 (the epoch number without validation rows): the training
   * loop's early stopping with 'mean' selection; only for `bestMeanEpoch` with 'per-task'.
   */
  readonly meanStopping: EarlyStopping;
  private readonly criteria: Criterion[];

  constructor(
    private readonly model: MultiTaskModel,
    readonly selection: CheckpointSelection,
    patience: number,
    checkpointDirectory: string | undefined,
  ) {
    if (selection !== 'mean' && selection !== 'per-task') {
      throw new RangeError(`trainMultiTask: selection must be 'mean' or 'per-task', got ${String(selection)}`);
    }
    const names = selection === 'mean' ? [undefined] : model.tasks.map((task) => task.name);
    this.criteria = names.map((name) => ({
      stopping: new EarlyStopping({ patience, mode: 'max' }),
      checkpoints:
        checkpointDirectory === undefined
          ? null
          : new CheckpointManager(name === undefined ? checkpointDirectory : join(checkpointDirectory, name), {
              keep: 1,
            }),
      weights: null,
      scores: [],
      bestEpoch: null,
    }));
    this.meanStopping =
      selection === 'mean' ? (this.criteria[0] as Criterion).stopping : new EarlyStopping({ patience, mode: 'max' });
  }

  /**
   * After the validation of `epoch` (1-based): `mean` is the monitored value the loop's early
   * stopping saw ('mean' selection, which says whether it `improved`), `own` each task's value.
   * Keeps and saves what improved; true when training should stop ('per-task' selection).
   */
  async update(epoch: number, scores: number[], own: number[], improved: boolean, state: unknown): Promise<boolean> {
    if (this.selection === 'mean') {
      if (improved) await this.keep(this.criteria[0] as Criterion, epoch, scores, state, false);
      return false;
    }
    this.meanStopping.update(own.reduce((a, b) => a + b, 0) / own.length, epoch);
    let stop = true;
    for (const [t, criterion] of this.criteria.entries()) {
      const update = criterion.stopping.update(own[t] as number, epoch);
      stop &&= update.shouldStop;
      if (update.improved) await this.keep(criterion, epoch, scores, state, true);
    }
    return stop;
  }

  private async keep(criterion: Criterion, epoch: number, scores: number[], state: unknown, copy: boolean) {
    if (copy) {
      tf.dispose(criterion.weights ?? []);
      // Kept past the training step's tensor scope.
      criterion.weights = this.model.model.getWeights().map((weight) => tf.keep(tf.clone(weight)));
    }
    criterion.scores = scores;
    criterion.bestEpoch = epoch;
    await criterion.checkpoints?.save({ step: epoch, models: { multitask: this.model.model }, state });
  }

  private criterionOf(task: number): Criterion {
    return this.criteria[this.selection === 'mean' ? 0 : task] as Criterion;
  }

  /** The epoch with the best mean validation macro-F1. */
  bestMeanEpoch(epochsRun: number): number {
    return (this.selection === 'mean' ? this.criterionOf(0).bestEpoch : this.meanStopping.bestStep) ?? epochsRun;
  }

  /** The epoch whose weights score each task. */
  bestEpochOf(task: number, epochsRun: number): number {
    return this.criterionOf(task).bestEpoch ?? epochsRun;
  }

  /** Each task's validation macro-F1 at its kept epoch. */
  bestScoreOf(task: number): number {
    return this.criterionOf(task).scores[task] ?? 0;
  }

  /** Loads the weights task `name` is scored with into the model ('per-task'; the model holds them already with 'mean'). */
  useWeightsOf(name: string): void {
    const t = this.model.tasks.findIndex((task) => task.name === name);
    if (t < 0) {
      const names = this.model.tasks.map((task) => task.name).join(', ');
      throw new RangeError(`useWeightsOf: unknown task '${name}' (tasks: ${names})`);
    }
    const weights = this.criterionOf(t).weights;
    if (weights) this.model.model.setWeights(weights);
  }

  dispose(): void {
    for (const criterion of this.criteria) {
      tf.dispose(criterion.weights ?? []);
      criterion.weights = null;
    }
  }
}
