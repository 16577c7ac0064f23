// Random oversampling (imbalanced-learn's RandomOverSampler): the minority classes' rows are
// repeated, drawn with replacement, until each class has about as many rows as the majority.
import { Rng } from '@hw7/tensor-utils/base';
import { UNLABELLED } from './label-encoder.js';

export interface OversampleOptions {
  seed: number | string;
  /** The rows of y to resample (e.g. the training split); default all rows. */
  rows?: ArrayLike<number>;
  /** Each class is raised to at least round(majority count * targetRatio) rows; in (0, 1], default 1. */
  targetRatio?: number;
}

/**
 * Row indices of y to train on: every row of `rows` once, in order (unlabelled rows, y = -1,
 * included but never repeated, as they may carry labels for other tasks), followed by the extra
 * draws of minority-class rows. Classes already at or above the target are left as they are.
 */
export function oversampleMinority(y: ArrayLike<number>, options: OversampleOptions): Int32Array {
  const { seed, targetRatio = 1, rows = Int32Array.from({ length: y.length }, (_, row) => row) } = options;
  if (!(targetRatio > 0 && targetRatio <= 1)) throw new RangeError(`targetRatio must be in (0, 1]; got ${targetRatio}`);
  const rowsByClass = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!(Number.isInteger(row) && row >= 0 && row < y.length)) {
      throw new RangeError(`rows[${i}] must be a row of y (0..${y.length - 1}); got ${row}`);
    }
    const label = y[row];
    if (label === UNLABELLED) continue;
    if (!Number.isInteger(label) || label < 0)
      throw new RangeError(`y[${row}] must be -1 or a class index; got ${label}`);
    const classRows = rowsByClass.get(label);
    if (classRows) classRows.push(row);
    else rowsByClass.set(label, [row]);
  }
  const majority = Math.max(0, ...[...rowsByClass.values()].map((classRows) => classRows.length));
  const target = Math.round(majority * targetRatio);
  const rng = new Rng(seed);
  const extra: number[] = [];
  // Classes in index order, so the draws do not depend on which class happens to come first in y.
  for (const label of [...rowsByClass.keys()].sort((a, b) => a - b)) {
    const classRows = rowsByClass.get(label) ?? [];
    for (let k = classRows.length; k < target; k++) extra.push(rng.choice(classRows));
  }
  const indices = new Int32Array(rows.length + extra.length);
  indices.set(Array.from(rows));
  indices.set(extra, rows.length);
  return indices;
}

/** The number of rows of each class (index = class), ignoring -1. */
export function countClasses(y: ArrayLike<number>, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (let row = 0; row < y.length; row++) {
    const label = y[row];
    if (label === UNLABELLED) continue;
    if (!(Number.isInteger(label) && label >= 0 && label < classCount)) {
      throw new RangeError(`y[${row}] must be -1 or a class index below ${classCount}; got ${label}`);
    }
    counts[label]++;
  }
  return counts;
}
