import { assertLabelsOption, assertTargets, uniqueLabels } from './validation.js';

export interface LabelsOption {
  /**
   * Labels to report, in this order (sklearn's `labels=`). Defaults to the sorted union of the labels
   * in yTrue and yPred. Labels may be absent from the data; samples whose true or predicted label is
   * not listed are left out of the confusion matrix.
   */
  readonly labels?: readonly number[];
}

/** Resolves the `labels` option: explicit labels are validated, otherwise the sorted present labels. */
export function resolveLabels(
  yTrue: readonly number[],
  yPred: readonly number[],
  labels?: readonly number[],
): number[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  assertLabelsOption(labels);
  return [...labels];
}

/**
 * Confusion matrix like sklearn's `confusion_matrix`: `matrix[i][j]` counts samples whose true label
 * is `labels[i]` and predicted label is `labels[j]`.
 */
export function confusionMatrix(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: LabelsOption = {},
): number[][] {
  assertTargets(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const indexOf = new Map(labels.map((label, index) => [label, index]));
  if (options.labels !== undefined && !yTrue.some((label) => indexOf.has(label))) {
    throw new RangeError(`labels: at least one label must be in yTrue, got [${labels.join(', ')}]`);
  }
  const matrix = labels.map(() => labels.map(() => 0));
  for (let sample = 0; sample < yTrue.length; sample++) {
    const row = indexOf.get(yTrue[sample]);
    const column = indexOf.get(yPred[sample]);
    if (row !== undefined && column !== undefined) matrix[row][column]++;
  }
  return matrix;
}

/** One-vs-rest counts of one label. */
export interface OneVsRestCounts {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

/**
 * One-vs-rest counts per label, the same numbers as sklearn's `multilabel_confusion_matrix`
 * (`[[tn, fp], [fn, tp]]` per label). True negatives count every other sample, including samples
 * whose labels are not in `labels`.
 */
export function oneVsRestCounts(
  yTrue: readonly number[],
  yPred: readonly number[],
  labels: readonly number[],
): OneVsRestCounts[] {
  const indexOf = new Map(labels.map((label, index) => [label, index]));
  const truePositives = labels.map(() => 0);
  const predicted = labels.map(() => 0);
  const actual = labels.map(() => 0);
  for (let sample = 0; sample < yTrue.length; sample++) {
    const trueIndex = indexOf.get(yTrue[sample]);
    const predIndex = indexOf.get(yPred[sample]);
    if (trueIndex !== undefined) actual[trueIndex]++;
    if (predIndex !== undefined) predicted[predIndex]++;
    if (trueIndex !== undefined && yTrue[sample] === yPred[sample]) truePositives[trueIndex]++;
  }
  return labels.map((_, index) => {
    const falsePositives = predicted[index] - truePositives[index];
    const falseNegatives = actual[index] - truePositives[index];
    return {
      truePositives: truePositives[index],
      falsePositives,
      falseNegatives,
      trueNegatives: yTrue.length - truePositives[index] - falsePositives - falseNegatives,
    };
  });
}

/** sklearn's `multilabel_confusion_matrix` for single-label targets: `[[tn, fp], [fn, tp]]` per label. */
export function multilabelConfusionMatrix(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: LabelsOption = {},
): number[][][] {
  assertTargets(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  return oneVsRestCounts(yTrue, yPred, labels).map((counts) => [
    [counts.trueNegatives, counts.falsePositives],
    [counts.falseNegatives, counts.truePositives],
  ]);
}
