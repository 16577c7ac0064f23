import { assertFiniteScores, assertLabelArray, assertSameLength, uniqueLabels } from './validation.js';

export interface RocCurveOptions {
  /**
   * Label of the positive class. Optional only when yTrue's labels are {0, 1} or {-1, 1} (or one of
   * those values alone), then 1, as in sklearn. Required when yTrue has more than two labels.
   */
  readonly posLabel?: number;
  /** Drop thresholds whose points are collinear with their neighbours (sklearn's drop_intermediate). Default true. */
  readonly dropIntermediate?: boolean;
}

export interface RocCurve {
  /** False positive rate at each threshold; all NaN when yTrue has no negatives (as in sklearn). */
  readonly fpr: number[];
  /** True positive rate at each threshold; all NaN when yTrue has no positives (as in sklearn). */
  readonly tpr: number[];
  /**
   * Decreasing thresholds: a sample is predicted positive when its score >= threshold. The first one
   * is `max(scores) + 1` (sklearn 1.2's convention, later versions use Infinity) so the curve starts at (0, 0).
   */
  readonly thresholds: number[];
}

/** Receiver operating characteristic of a binary problem, matching sklearn 1.2's `roc_curve`. */
export function rocCurve(yTrue: readonly number[], scores: readonly number[], options: RocCurveOptions = {}): RocCurve {
  let { falsePositives, truePositives, thresholds } = binaryClassifierCurve(yTrue, scores, options.posLabel);
  if ((options.dropIntermediate ?? true) && falsePositives.length > 2) {
    // Keep the ends and every corner; a point is dropped when both counts change linearly around it.
    const keep = falsePositives.map(
      (_, i) =>
        i === 0 ||
        i === falsePositives.length - 1 ||
        secondDifference(falsePositives, i) !== 0 ||
        secondDifference(truePositives, i) !== 0,
    );
    falsePositives = falsePositives.filter((_, i) => keep[i]);
    truePositives = truePositives.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  falsePositives = [0, ...falsePositives];
  truePositives = [0, ...truePositives];
  thresholds = [thresholds[0] + 1, ...thresholds];
  return { fpr: rates(falsePositives), tpr: rates(truePositives), thresholds };
}

/**
 * Area under a curve by the trapezoidal rule (sklearn's `auc`); x must be monotonic, either way.
 */
export function auc(x: readonly number[], y: readonly number[]): number {
  assertSameLength('x', x, 'y', y);
  if (x.length < 2) throw new RangeError(`x: at least 2 points are needed to compute an area, got ${x.length}`);
  const steps = x.slice(1).map((value, i) => value - x[i]);
  let direction = 1;
  if (steps.some((step) => step < 0)) {
    if (!steps.every((step) => step <= 0)) {
      throw new RangeError('x: expected monotonic increasing or decreasing values');
    }
    direction = -1;
  }
  let area = 0;
  for (let i = 0; i < steps.length; i++) area += (steps[i] * (y[i + 1] + y[i])) / 2;
  return direction * area;
}

/** Second difference at an interior index (numpy's `np.diff(values, 2)[i - 1]`). */
function secondDifference(values: readonly number[], i: number): number {
  return values[i + 1] - values[i] - (values[i] - values[i - 1]);
}

/** Counts divided by the final (total) count; NaN everywhere when the total is 0, as sklearn returns. */
function rates(counts: readonly number[]): number[] {
  const total = counts[counts.length - 1];
  return counts.map((count) => (total > 0 ? count / total : Number.NaN));
}

interface ClassifierCurve {
  falsePositives: number[];
  truePositives: number[];
  thresholds: number[];
}

/**
 * sklearn's `_binary_clf_curve`: cumulative false/true positive counts at each distinct score, in
 * decreasing score order. Tied scores form one threshold, so their order does not matter.
 */
function binaryClassifierCurve(
  yTrue: readonly number[],
  scores: readonly number[],
  posLabel: number | undefined,
): ClassifierCurve {
  assertLabelArray('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'scores', scores);
  assertFiniteScores('scores', scores);
  const positive = resolvePositiveLabel(yTrue, posLabel);
  const order = scores.map((_, index) => index).sort((a, b) => scores[b] - scores[a]);
  const falsePositives: number[] = [];
  const truePositives: number[] = [];
  const thresholds: number[] = [];
  let positives = 0;
  for (let rank = 0; rank < order.length; rank++) {
    const sample = order[rank];
    if (yTrue[sample] === positive) positives++;
    const isLastOfTie = rank === order.length - 1 || scores[order[rank + 1]] !== scores[sample];
    if (isLastOfTie) {
      truePositives.push(positives);
      falsePositives.push(rank + 1 - positives);
      thresholds.push(scores[sample]);
    }
  }
  return { falsePositives, truePositives, thresholds };
}

/** sklearn's `_check_pos_label_consistency` plus the binary-target check of `_binary_clf_curve`. */
function resolvePositiveLabel(yTrue: readonly number[], posLabel: number | undefined): number {
  const classes = uniqueLabels(yTrue);
  if (posLabel !== undefined) return posLabel;
  const key = classes.join(',');
  if (!['0,1', '-1,1', '0', '-1', '1'].includes(key)) {
    throw new RangeError(
      `yTrue takes values in {${classes.join(', ')}} and posLabel is not specified: ` +
        'either make yTrue take values in {0, 1} or {-1, 1} or pass posLabel',
    );
  }
  return 1;
}
