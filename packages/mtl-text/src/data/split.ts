// Train/validation/test split by group (e.g. all sentences of one review), so that no group leaks
// across parts. Like scikit-learn's GroupShuffleSplit the groups are shuffled, but the parts are
// sized by row counts rather than group counts, so the fractions hold for groups of uneven size.
import { quoteValue, Rng } from '@hw7/tensor-utils/base';
import { OptionError } from '../option-error.js';
import { UNLABELLED } from './label-encoder.js';

export interface GroupedSplitOptions {
  /** Fraction of all rows for the test part; default 0.2. */
  testFraction?: number;
  /**
   * The test part's groups, instead of a random `testFraction` (e.g. to score on a published split);
   * the other groups are shuffled into validation and train as usual.
   */
  testGroups?: Iterable<string>;
  /** Fraction of the remaining rows for the validation part; default 0.1. */
  validationFraction?: number;
  seed: number | string;
}

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export type SplitName = keyof SplitIndices;

const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

function assertFraction(value: number, name: string): void {
  if (!(value >= 0 && value < 1)) throw new OptionError(name, value, 'is out of range', 'a number in [0, 1)');
}

/** What fills an empty validation or test part: the option that sizes it, its default, the advice. */
const PART_FRACTIONS = {
  validation: ['validationFraction', 0.1, 'a larger fraction, 0 for no validation part, or data with more groups'],
  test: ['testFraction', 0.2, 'a larger fraction, or data with more groups'],
} as const;

/** The error for an empty part, naming the option that emptied it and what would fill it. */
function emptyPart(name: SplitName, options: GroupedSplitOptions, groups: number): OptionError {
  if (name !== 'train') {
    const [option, fallback, advice] = PART_FRACTIONS[name];
    return new OptionError(
      option,
      options[option] ?? fallback,
      `leaves the ${name} part empty (${groups} groups to split)`,
      advice,
    );
  }
  if (options.testGroups !== undefined && groups === 0) {
    return new OptionError(
      'testGroups',
      undefined,
      'leaves no group to train on (0 groups outside the given test groups)',
      'fewer test groups',
    );
  }
  return new OptionError(
    'testFraction',
    options.testFraction ?? 0.2,
    `leaves no group to train on beside the test and validation parts (${groups} groups to split)`,
    'smaller test and validation fractions, or data with more groups',
  );
}

/**
 * Row indices (ascending) of each part. The distinct groups are shuffled with `seed`, laid end to
 * end by row count, and cut where the cumulative count crosses testFraction * n (test) and then
 * validationFraction of the rest (validation); a group goes to the part holding its middle row, so
 * each part's size is the closest a whole-group cut can get. Deterministic for a given seed.
 */
export function groupedSplit(groups: readonly string[], options: GroupedSplitOptions): SplitIndices {
  const { validationFraction = 0.1, seed } = options;
  if (options.testGroups !== undefined && options.testFraction !== undefined) {
    throw new OptionError(
      'testFraction',
      options.testFraction,
      'is given together with test groups',
      'a test fraction or test groups, not both',
    );
  }
  const testFraction = options.testGroups === undefined ? (options.testFraction ?? 0.2) : 0;
  assertFraction(testFraction, 'testFraction');
  assertFraction(validationFraction, 'validationFraction');
  const rowsByGroup = new Map<string, number[]>();
  groups.forEach((group, row) => {
    const rows = rowsByGroup.get(group);
    if (rows) rows.push(row);
    else rowsByGroup.set(group, [row]);
  });
  const parts: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  for (const group of options.testGroups ?? []) {
    const rows = rowsByGroup.get(group);
    if (!rows) {
      throw new OptionError(
        'testGroups',
        undefined,
        `lists ${quoteValue(group)}, which is not a group of the data (or lists it twice)`,
        'groups of the data, each once',
      );
    }
    parts.test.push(...rows);
    rowsByGroup.delete(group);
  }
  const shuffled = new Rng(seed).shuffle([...rowsByGroup.values()]);

  const remaining = groups.length - parts.test.length;
  const testTarget = testFraction * remaining;
  const validationTarget = testTarget + validationFraction * (remaining - testTarget);
  let cumulative = 0;
  for (const rows of shuffled) {
    const middle = cumulative + rows.length / 2;
    const part = middle < testTarget ? parts.test : middle < validationTarget ? parts.validation : parts.train;
    part.push(...rows);
    cumulative += rows.length;
  }

  const fractions: Record<SplitName, number> = {
    train: 1,
    validation: validationFraction,
    test: options.testGroups === undefined ? testFraction : 1,
  };
  for (const name of SPLIT_NAMES) {
    if (fractions[name] > 0 && parts[name].length === 0) throw emptyPart(name, options, rowsByGroup.size);
  }
  const sorted = (rows: number[]) => Int32Array.from(rows).sort();
  return { train: sorted(parts.train), validation: sorted(parts.validation), test: sorted(parts.test) };
}

/**
 * `k` disjoint folds of `rows` (ascending row indices in each), whole groups only, for k-fold cross-
 * validation: the groups of `rows` are shuffled with `seed`, laid end to end by row count and cut
 * at every multiple of rows / k (a group goes to the fold holding its middle row), so the folds hold
 * near-equal numbers of rows even when groups differ in size. Deterministic for a given seed.
 */
export function groupedFolds(
  groups: readonly string[],
  rows: ArrayLike<number>,
  options: { k: number; seed: number | string },
): Int32Array[] {
  const { k, seed } = options;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`groupedFolds: k must be an integer >= 2; got ${k}`);
  const rowsByGroup = new Map<string, number[]>();
  for (const row of Array.from(rows)) {
    const group = groups[row];
    if (group === undefined) throw new RangeError(`groupedFolds: row ${row} has no group (${groups.length} groups)`);
    const members = rowsByGroup.get(group);
    if (members) members.push(row);
    else rowsByGroup.set(group, [row]);
  }
  if (rowsByGroup.size < k) {
    throw new RangeError(`groupedFolds: ${k} folds need at least ${k} groups; the rows hold ${rowsByGroup.size}`);
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  const foldSize = rows.length / k;
  let cumulative = 0;
  for (const members of new Rng(seed).shuffle([...rowsByGroup.values()])) {
    const fold = Math.min(k - 1, Math.floor((cumulative + members.length / 2) / foldSize));
    folds[fold]?.push(...members);
    cumulative += members.length;
  }
  const empty = folds.findIndex((fold) => fold.length === 0);
  if (empty >= 0) {
    throw new RangeError(
      `groupedFolds: fold ${empty + 1} of ${k} is empty (${rowsByGroup.size} groups of uneven size); use fewer folds`,
    );
  }
  return folds.map((fold) => Int32Array.from(fold).sort());
}

/** Throws if a group has rows in two parts (a leak); returns the number of distinct groups per part. */
export function assertGroupsDisjoint(split: SplitIndices, groups: readonly string[]): Record<SplitName, number> {
  const partOfGroup = new Map<string, SplitName>();
  const groupCounts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  for (const name of SPLIT_NAMES) {
    for (const row of split[name]) {
      const group = groups[row];
      const seenIn = partOfGroup.get(group);
      if (seenIn === undefined) {
        partOfGroup.set(group, name);
        groupCounts[name]++;
      } else if (seenIn !== name) {
        throw new Error(`group '${group}' is in both the ${seenIn} and the ${name} part (row ${row})`);
      }
    }
  }
  return groupCounts;
}

/** Per class name (and 'unlabelled' for -1) the number of rows in one part. */
export type ClassCounts = Record<string, number>;

/**
 * The class counts of each part, to check by eye (or in a test) that a split that is grouped but
 * not stratified still has every class in every part in similar proportions.
 */
export function classCountsBySplit(
  split: SplitIndices,
  y: ArrayLike<number>,
  classNames: readonly string[],
): Record<SplitName, ClassCounts> {
  const countPart = (rows: Int32Array): ClassCounts => {
    const counts: ClassCounts = Object.fromEntries(classNames.map((name) => [name, 0]));
    counts.unlabelled = 0;
    for (const row of rows) {
      const label = y[row];
      if (label === UNLABELLED) counts.unlabelled++;
      else if (label >= 0 && label < classNames.length) counts[classNames[label]]++;
      else throw new RangeError(`y[${row}] must be -1 or a class index below ${classNames.length}; got ${label}`);
    }
    return counts;
  };
  return { train: countPart(split.train), validation: countPart(split.validation), test: countPart(split.test) };
}
