// Input checks shared by the metrics. Every message names the offending argument and says what was
// expected, because these functions are usually called far away from where the arrays were built.

/** Throws unless `values` is a non-empty array of integer class labels. */
export function assertLabelArray(name: string, values: readonly number[]): void {
  if (!Array.isArray(values)) {
    throw new TypeError(`${name}: expected an array of integer class labels, got ${typeof values}`);
  }
  if (values.length === 0) {
    throw new RangeError(`${name}: expected at least one sample, got an empty array`);
  }
  const index = values.findIndex((value) => !Number.isSafeInteger(value));
  if (index >= 0) {
    throw new TypeError(`${name}: expected integer class labels, got ${String(values[index])} at index ${index}`);
  }
}

/** Throws unless both arrays have the same length, naming both arguments. */
export function assertSameLength(
  firstName: string,
  first: { readonly length: number },
  secondName: string,
  second: { readonly length: number },
): void {
  if (first.length !== second.length) {
    throw new RangeError(
      `${firstName} and ${secondName} must have the same length, got ${first.length} and ${second.length}`,
    );
  }
}

/** Validates a (yTrue, yPred) pair of label arrays. */
export function assertTargets(yTrue: readonly number[], yPred: readonly number[]): void {
  assertLabelArray('yTrue', yTrue);
  assertLabelArray('yPred', yPred);
  assertSameLength('yTrue', yTrue, 'yPred', yPred);
}

/** Throws unless the explicit `labels` option is a non-empty list of distinct integers. */
export function assertLabelsOption(labels: readonly number[]): void {
  assertLabelArray('labels', labels);
  if (new Set(labels).size !== labels.length) {
    throw new RangeError(`labels: expected distinct labels, got [${labels.join(', ')}]`);
  }
}

/** Throws unless every score is a finite number (sklearn's assert_all_finite). */
export function assertFiniteScores(name: string, scores: readonly number[]): void {
  const index = scores.findIndex((score) => typeof score !== 'number' || !Number.isFinite(score));
  if (index >= 0) {
    throw new RangeError(`${name}: expected finite numbers, got ${String(scores[index])} at index ${index}`);
  }
}

/** Sorted distinct values of the given label arrays (sklearn's unique_labels). */
export function uniqueLabels(...arrays: readonly (readonly number[])[]): number[] {
  const unique = new Set<number>();
  for (const values of arrays) {
    for (const value of values) unique.add(value);
  }
  return [...unique].sort((a, b) => a - b);
}
