// Thrown from an objective to stop the trial early; the study records it as PRUNED (Optuna's
// `optuna.TrialPruned`), with its last reported value as its value.
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
