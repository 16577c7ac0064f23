// The anchor's synthetic validation-loss curves (hpo_optuna.py `learning_curve`, family "crossing"):
// high learning rates converge fast to worse asymptotes, so early leaders are often not final winners.
import { type Trial, TrialPruned } from '../src/index.js';

export const N_EPOCHS = 50;

export function learningCurve(lr: number, momentum: number, epoch: number): number {
  const asymptote = 0.05 + 0.08 * (Math.log10(lr) + 2.5) ** 2 + 0.3 * (momentum - 0.9) ** 2;
  const rate = 0.5 * Math.sqrt(lr) * (1 + momentum);
  return asymptote + (1 - asymptote) * Math.exp(-rate * epoch);
}

/** The anchor's `CurveObjective`: reports every epoch and counts the epochs actually run. */
export function curveObjective(): { objective: (trial: Trial) => number; epochs: () => number } {
  let epochs = 0;
  const objective = (trial: Trial) => {
    const lr = trial.suggestFloat('lr', 1e-4, 1.0, { log: true });
    const momentum = trial.suggestFloat('momentum', 0.0, 0.99);
    let loss = Number.NaN;
    for (let epoch = 1; epoch <= N_EPOCHS; epoch++) {
      loss = learningCurve(lr, momentum, epoch);
      epochs++;
      trial.report(loss, epoch);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
    return loss;
  };
  return { objective, epochs: () => epochs };
}
