// Class names <-> class indices, like scikit-learn's LabelEncoder but with a fixed class list from
// training, so a label the model never saw is an error instead of a silently new class.

/** The class index of an example that has no label for a task; losses and metrics skip it. */
export const UNLABELLED = -1;

/** Throws unless `classNames` is a non-empty list of distinct, non-empty names. */
export function assertClassNames(classNames: readonly string[], task: string): void {
  if (classNames.length === 0) throw new RangeError(`task '${task}': class names must be a non-empty list`);
  const seen = new Set<string>();
  for (const name of classNames) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`task '${task}': class names must be non-empty strings; got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new RangeError(`task '${task}': class name '${name}' is listed twice`);
    seen.add(name);
  }
}

/**
 * The class index of each value in `classNames`; an empty value is unlabelled (-1). A value not in
 * `classNames` throws `unknown label 'x' for task 'sentiment' (known: neg, pos)`.
 */
export function encodeLabels(values: readonly string[], classNames: readonly string[], task: string): Int32Array {
  assertClassNames(classNames, task);
  const indexOf = new Map(classNames.map((name, index) => [name, index]));
  return Int32Array.from(values, (value) => {
    if (value === '') return UNLABELLED;
    const index = indexOf.get(value);
    if (index === undefined) {
      throw new RangeError(`unknown label '${value}' for task '${task}' (known: ${classNames.join(', ')})`);
    }
    return index;
  });
}

/** The class names of class indices (-1 -> undefined), for printing predictions. */
export function decodeLabels(y: ArrayLike<number>, classNames: readonly string[]): (string | undefined)[] {
  return Array.from(y, (index) => (index === UNLABELLED ? undefined : classNames[index]));
}
