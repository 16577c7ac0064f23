import { type OneVsRestCounts, oneVsRestCounts, resolveLabels } from './confusion-matrix.js';
import { sum, weightedMean } from './numeric.js';
import { assertTargets, uniqueLabels } from './validation.js';

/**
 * Value used when a ratio has a zero denominator. `'warn'` is sklearn 1.2's default and behaves as
 * 0; sklearn also emits an UndefinedMetricWarning, which these pure functions do not.
 */
export type ZeroDivision = 0 | 1 | 'warn';

/** How per-label scores are combined, as in sklearn's `average=`. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

export interface PrecisionRecallOptions {
  /** Labels to score, in this order; defaults to the sorted labels present in yTrue or yPred. Ignored for 'binary'. */
  readonly labels?: readonly number[];
  /** null (default) returns per-label scores. */
  readonly average?: Average | null;
  /** The positive label when `average` is 'binary'. Default 1. */
  readonly posLabel?: number;
  /** Weight of recall in the F-score. Default 1 (F1); Infinity gives recall. */
  readonly beta?: number;
  /** Default 'warn' (= 0). */
  readonly zeroDivision?: ZeroDivision;
}

/** Per-label scores; entry i belongs to `labels[i]`. */
export interface PerLabelScores {
  readonly labels: number[];
  readonly precision: number[];
  readonly recall: number[];
  readonly fScore: number[];
  /**
   * TN / (TN + FP), one label versus the rest, from the multilabel confusion matrix (like imblearn's
   * `specificity_score`; sklearn has no specificity). A zero denominator gives the zeroDivision value.
   */
  readonly specificity: number[];
  /** Number of samples of each label in yTrue. */
  readonly support: number[];
}

/** Averaged scores; sklearn returns no support for these, so neither does this. */
export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
  /** Averaged like the other scores; with 'weighted' and zero total support it is the zeroDivision value. */
  readonly specificity: number;
}

/**
 * Precision, recall, F-beta, specificity and support with the semantics of sklearn 1.2's
 * `precision_recall_fscore_support` (zero_division, micro/macro/weighted/binary averaging).
 */
export function precisionRecallFscoreSupport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: PrecisionRecallOptions & { readonly average?: null },
): PerLabelScores;
export function precisionRecallFscoreSupport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: PrecisionRecallOptions & { readonly average: Average },
): AveragedScores;
export function precisionRecallFscoreSupport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: PrecisionRecallOptions,
): PerLabelScores | AveragedScores;
export function precisionRecallFscoreSupport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: PrecisionRecallOptions = {},
): PerLabelScores | AveragedScores {
  const { average = null, posLabel = 1, beta = 1, zeroDivision = 'warn' } = options;
  assertTargets(yTrue, yPred);
  if (zeroDivision !== 0 && zeroDivision !== 1 && zeroDivision !== 'warn') {
    throw new RangeError(`zeroDivision: expected 0, 1 or 'warn', got ${String(zeroDivision)}`);
  }
  if (!(beta >= 0)) throw new RangeError(`beta: expected a number >= 0, got ${beta}`);
  if (average !== null && !['binary', 'micro', 'macro', 'weighted'].includes(average)) {
    throw new RangeError(`average: expected null, 'binary', 'micro', 'macro' or 'weighted', got ${String(average)}`);
  }
  const labels =
    average === 'binary' ? [binaryPositiveLabel(yTrue, yPred, posLabel)] : resolveLabels(yTrue, yPred, options.labels);
  const counts = oneVsRestCounts(yTrue, yPred, labels);
  const fallback = zeroDivision === 1 ? 1 : 0;

  if (average === 'micro') {
    const total = sumCounts(counts);
    return scoreCounts(total, beta, fallback);
  }
  const perLabel = counts.map((count) => scoreCounts(count, beta, fallback));
  const support = counts.map((count) => count.truePositives + count.falseNegatives);
  if (average === null) {
    return {
      labels,
      precision: perLabel.map((scores) => scores.precision),
      recall: perLabel.map((scores) => scores.recall),
      fScore: perLabel.map((scores) => scores.fScore),
      specificity: perLabel.map((scores) => scores.specificity),
      support,
    };
  }
  if (average === 'weighted') {
    if (sum(support) === 0) {
      // sklearn's special case: no true samples of any scored label.
      const anyPredicted = counts.some((count) => count.truePositives + count.falsePositives > 0);
      return anyPredicted
        ? { precision: 0, recall: fallback, fScore: 0, specificity: fallback }
        : { precision: fallback, recall: fallback, fScore: fallback, specificity: fallback };
    }
    return averageScores(perLabel, support);
  }
  return averageScores(perLabel);
}

/** sklearn's checks for average='binary': at most two labels overall, and posLabel must be one of them. */
function binaryPositiveLabel(yTrue: readonly number[], yPred: readonly number[], posLabel: number): number {
  const present = uniqueLabels(yTrue, yPred);
  if (present.length > 2) {
    throw new RangeError(
      `average: 'binary' needs at most two labels in yTrue and yPred, got [${present.join(', ')}]; ` +
        "choose null, 'micro', 'macro' or 'weighted'",
    );
  }
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new RangeError(`posLabel: expected one of [${present.join(', ')}], got ${posLabel}`);
  }
  return posLabel;
}

function scoreCounts(counts: OneVsRestCounts, beta: number, fallback: number): AveragedScores {
  const { truePositives, falsePositives, falseNegatives, trueNegatives } = counts;
  const precision = divide(truePositives, truePositives + falsePositives, fallback);
  const recall = divide(truePositives, truePositives + falseNegatives, fallback);
  const specificity = divide(trueNegatives, trueNegatives + falsePositives, fallback);
  return { precision, recall, fScore: fBeta(precision, recall, beta), specificity };
}

/** sklearn's _prf_divide: a zero denominator yields the zero_division value. */
function divide(numerator: number, denominator: number, fallback: number): number {
  return denominator === 0 ? fallback : numerator / denominator;
}

/** F-beta from precision and recall, with sklearn's operation order so results are bit-identical. */
function fBeta(precision: number, recall: number, beta: number): number {
  if (beta === Number.POSITIVE_INFINITY) return recall;
  const beta2 = beta ** 2;
  const denominator = beta2 * precision + recall;
  return ((1 + beta2) * precision * recall) / (denominator === 0 ? 1 : denominator);
}

function sumCounts(counts: readonly OneVsRestCounts[]): OneVsRestCounts {
  return {
    truePositives: sum(counts.map((count) => count.truePositives)),
    falsePositives: sum(counts.map((count) => count.falsePositives)),
    falseNegatives: sum(counts.map((count) => count.falseNegatives)),
    trueNegatives: sum(counts.map((count) => count.trueNegatives)),
  };
}

function averageScores(perLabel: readonly AveragedScores[], weights?: readonly number[]): AveragedScores {
  const mean = (pick: (scores: AveragedScores) => number) => weightedMean(perLabel.map(pick), weights);
  return {
    precision: mean((scores) => scores.precision),
    recall: mean((scores) => scores.recall),
    fScore: mean((scores) => scores.fScore),
    specificity: mean((scores) => scores.specificity),
  };
}
