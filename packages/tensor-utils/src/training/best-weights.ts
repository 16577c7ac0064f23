// Keras's `restore_best_weights`: a copy of the weights at the best evaluation, put back when
// training ends, so a run that went on past its best (early stopping's patience) returns its best
// model. With a checkpoint directory the copy is also saved there, so a resumed run can restore a
// best reached before the interruption.
import * as tf from '../tf.js';
import { CheckpointManager, type CheckpointTargets } from './checkpoint.js';

/** What `restoreBest` keeps: models' weights and variables (not optimizer states). */
export type BestWeightsTargets = Pick<CheckpointTargets, 'models' | 'variables'>;

export class BestWeights {
  private snapshot: tf.Tensor[][] | null = null;
  private snapshotStep: number | null = null;

  /** `directory`: where a copy is saved on every improvement (for resumed runs); none by default. */
  constructor(
    private readonly targets: BestWeightsTargets,
    private readonly directory?: string,
  ) {}

  private get disk(): CheckpointManager | undefined {
    return this.directory === undefined ? undefined : new CheckpointManager(this.directory, { keep: 1 });
  }

  private current(): tf.Tensor[][] {
    const models = Object.values(this.targets.models ?? {}).map((model) =>
      model.getWeights().map((w) => tf.keep(w.clone())),
    );
    const variables = Object.values(this.targets.variables ?? {}).map((variable) => [tf.keep(variable.clone())]);
    return [...models, ...variables];
  }

  /** Copies the current weights as the best, at `step`. */
  async capture(step: number): Promise<void> {
    this.dispose();
    this.snapshot = this.current();
    this.snapshotStep = step;
    await this.disk?.save({ step, ...this.targets });
  }

  /**
   * Puts the weights of the best step back: from memory, or from the saved copy when the best came
   * before a resume. Returns the step restored, or null when there was no best to restore.
   */
  async restore(bestStep: number | null): Promise<number | null> {
    if (this.snapshot !== null && this.snapshotStep === bestStep) {
      const snapshot = this.snapshot;
      const models = Object.values(this.targets.models ?? {});
      const variables = Object.values(this.targets.variables ?? {});
      for (const [index, model] of models.entries()) model.setWeights(snapshot[index]);
      for (const [index, variable] of variables.entries()) variable.assign(snapshot[models.length + index][0]);
      return bestStep;
    }
    const disk = this.disk;
    if (bestStep === null || disk === undefined || (await disk.latest())?.step !== bestStep) return null;
    await disk.restore(this.targets);
    return bestStep;
  }

  dispose(): void {
    for (const tensors of this.snapshot ?? []) tf.dispose(tensors);
    this.snapshot = null;
    this.snapshotStep = null;
  }
}
