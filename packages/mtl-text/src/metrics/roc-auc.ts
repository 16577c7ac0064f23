import { sum, weightedMean } from './numeric.js';
import { auc, rocCurve } from './roc.js';
import { assertFiniteScores, assertLabelArray, assertSameLength, uniqueLabels } from './validation.js';

export interface OneVsRestAucOptions {
  /** Required for multi-class scores, like sklearn where the default 'raise' refuses to guess. */
  readonly multiClass: 'ovr';
  /** How the per-class AUCs are combined. Default 'macro'. */
  readonly average?: 'macro' | 'weighted' | 'micro';
  /** Label of each score column, sorted ascending; defaults to the sorted labels of yTrue. */
  readonly labels?: readonly number[];
}

/**
 * Area under the ROC curve, matching sklearn 1.2's `roc_auc_score`.
 *
 * Binary: `scores` holds one score per sample for the greater of yTrue's two labels.
 * Multi-class: `scores` is an N x K matrix of class probabilities (rows must sum to 1, as sklearn
 * requires) and each class is scored one-vs-rest, then averaged: 'macro' (plain mean), 'weighted'
 * (by class support in yTrue) or 'micro' (all class/sample pairs pooled).
 */
export function rocAucScore(yTrue: readonly number[], scores: readonly number[]): number;
export function rocAucScore(
  yTrue: readonly number[],
  scores: readonly (readonly number[])[],
  options: OneVsRestAucOptions,
): number;
export function rocAucScore(
  yTrue: readonly number[],
  scores: readonly number[] | readonly (readonly number[])[],
  options?: OneVsRestAucOptions,
): number {
  assertLabelArray('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'scores', scores);
  if (isMatrix(scores)) return oneVsRestAuc(yTrue, scores, options);
  const classes = uniqueLabels(yTrue);
  if (classes.length > 2) {
    throw new RangeError(
      `yTrue has ${classes.length} classes: pass scores as an N x ${classes.length} probability matrix with { multiClass: 'ovr' }`,
    );
  }
  const positive = classes[classes.length - 1];
  return binaryAuc(
    yTrue.map((label) => (label === positive && classes.length === 2 ? 1 : 0)),
    scores,
  );
}

function isMatrix(
  scores: readonly number[] | readonly (readonly number[])[],
): scores is readonly (readonly number[])[] {
  return scores.length > 0 && Array.isArray(scores[0]);
}

/** sklearn's `_binary_roc_auc_score`; `isPositive` holds 0/1. */
function binaryAuc(isPositive: readonly number[], scores: readonly number[]): number {
  if (uniqueLabels(isPositive).length !== 2) {
    throw new RangeError('yTrue: only one class present; ROC AUC is not defined when only one class is present');
  }
  const { fpr, tpr } = rocCurve(isPositive, scores);
  return auc(fpr, tpr);
}

/** sklearn's `_multiclass_roc_auc_score` with multi_class='ovr', including its input checks. */
function oneVsRestAuc(
  yTrue: readonly number[],
  scores: readonly (readonly number[])[],
  options: OneVsRestAucOptions | undefined,
): number {
  if (options?.multiClass !== 'ovr') {
    throw new RangeError(`multiClass: expected 'ovr' for an N x K score matrix, got ${String(options?.multiClass)}`);
  }
  const average = options.average ?? 'macro';
  if (!['macro', 'weighted', 'micro'].includes(average)) {
    throw new RangeError(`average: expected 'macro', 'weighted' or 'micro', got ${String(average)}`);
  }
  const columns = scores[0].length;
  scores.forEach((row, index) => {
    if (!Array.isArray(row) || row.length !== columns) {
      throw new RangeError(`scores: expected every row to have ${columns} columns, row ${index} does not`);
    }
    assertFiniteScores(`scores[${index}]`, row);
  });
  const classes = oneVsRestClasses(yTrue, columns, options.labels);
  if (classes.length <= 2) {
    throw new RangeError(
      `scores: a ${classes.length}-class problem is binary; pass the greater class's scores as a 1-D array`,
    );
  }
  // np.allclose(1, row sums): |1 - sum| <= 1e-8 + 1e-5 * |sum|.
  const notProbability = scores.findIndex((row) => {
    const total = sum(row);
    return !(Math.abs(1 - total) <= 1e-8 + 1e-5 * Math.abs(total));
  });
  if (notProbability >= 0) {
    throw new RangeError(
      `scores: expected class probabilities (each row summing to 1) for multi-class ROC AUC, row ${notProbability} does not`,
    );
  }
  const indicators = classes.map((label) => yTrue.map((trueLabel): number => (trueLabel === label ? 1 : 0)));
  if (average === 'micro') {
    // Row-major pooling of (sample, class) pairs, like numpy's ravel of the indicator matrix.
    const pooledTruth = yTrue.flatMap((_, sample) => indicators.map((column) => column[sample]));
    return binaryAuc(pooledTruth, scores.flat());
  }
  const perClass = classes.map((_, k) =>
    binaryAuc(
      indicators[k],
      scores.map((row) => row[k]),
    ),
  );
  if (average === 'macro') return weightedMean(perClass);
  const support = indicators.map(sum);
  return weightedMean(perClass, support);
}

/** The label of each score column, validated like sklearn does. */
function oneVsRestClasses(yTrue: readonly number[], columns: number, labels: readonly number[] | undefined): number[] {
  if (labels === undefined) {
    const classes = uniqueLabels(yTrue);
    if (classes.length !== columns) {
      throw new RangeError(`scores: expected ${classes.length} columns (one per class in yTrue), got ${columns}`);
    }
    return classes;
  }
  assertLabelArray('labels', labels);
  const sorted = uniqueLabels(labels);
  if (sorted.length !== labels.length)
    throw new RangeError(`labels: expected distinct labels, got [${labels.join(', ')}]`);
  if (sorted.some((label, index) => label !== labels[index])) {
    throw new RangeError(`labels: expected ascending order, got [${labels.join(', ')}]`);
  }
  if (labels.length !== columns) {
    throw new RangeError(`labels: expected one label per score column (${columns}), got ${labels.length}`);
  }
  const unknown = yTrue.find((label) => !labels.includes(label));
  if (unknown !== undefined) throw new RangeError(`yTrue: contains label ${unknown}, which is not in labels`);
  return [...labels];
}
