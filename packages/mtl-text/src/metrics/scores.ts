// Single-score wrappers around precisionRecallFscoreSupport, like sklearn's precision_score & co.
// As in sklearn their `average` defaults to 'binary'; null returns one score per label.
import {
  type Average,
  type AveragedScores,
  type PerLabelScores,
  type PrecisionRecallOptions,
  precisionRecallFscoreSupport,
} from './precision-recall.js';

export type ScoreOptions = Omit<PrecisionRecallOptions, 'beta'>;
type ScoreName = 'precision' | 'recall' | 'fScore' | 'specificity';

function pickScore(
  name: ScoreName,
  yTrue: readonly number[],
  yPred: readonly number[],
  options: PrecisionRecallOptions,
): number | number[] {
  const average = options.average === undefined ? 'binary' : options.average;
  const scores: PerLabelScores | AveragedScores = precisionRecallFscoreSupport(yTrue, yPred, { ...options, average });
  return scores[name];
}

export function precisionScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: ScoreOptions & { readonly average?: Average },
): number;
export function precisionScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions & { readonly average: null },
): number[];
export function precisionScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions = {},
): number | number[] {
  return pickScore('precision', yTrue, yPred, options);
}

export function recallScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: ScoreOptions & { readonly average?: Average },
): number;
export function recallScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions & { readonly average: null },
): number[];
export function recallScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions = {},
): number | number[] {
  return pickScore('recall', yTrue, yPred, options);
}

export function f1Score(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: ScoreOptions & { readonly average?: Average },
): number;
export function f1Score(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions & { readonly average: null },
): number[];
export function f1Score(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions = {},
): number | number[] {
  return pickScore('fScore', yTrue, yPred, { ...options, beta: 1 });
}

export function fbetaScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  beta: number,
  options?: ScoreOptions & { readonly average?: Average },
): number;
export function fbetaScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  beta: number,
  options: ScoreOptions & { readonly average: null },
): number[];
export function fbetaScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  beta: number,
  options: ScoreOptions = {},
): number | number[] {
  return pickScore('fScore', yTrue, yPred, { ...options, beta });
}

/** TN / (TN + FP); see PerLabelScores.specificity for the definition (sklearn has no specificity). */
export function specificityScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: ScoreOptions & { readonly average?: Average },
): number;
export function specificityScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions & { readonly average: null },
): number[];
export function specificityScore(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ScoreOptions = {},
): number | number[] {
  return pickScore('specificity', yTrue, yPred, options);
}

/**
 * Macro-averaged F1 over the classes 0..numClasses-1, whether or not they occur (sklearn's
 * `f1_score(y_true, y_pred, labels=range(numClasses), average='macro', zero_division=0)`).
 */
export function macroF1(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number {
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`numClasses: expected a positive integer, got ${numClasses}`);
  }
  const labels = Array.from({ length: numClasses }, (_, label) => label);
  return f1Score(yTrue, yPred, { labels, average: 'macro', zeroDivision: 0 });
}
