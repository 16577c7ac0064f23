import { describe, expect, it } from 'vitest';
import { assertGroupsDisjoint, classCountsBySplit, groupedFolds, groupedSplit } from './split.js';

// 200 groups of 1 to 9 rows.
const groups = Array.from({ length: 200 }, (_, group) =>
  Array.from({ length: 1 + (group % 9) }, () => `g${group}`),
).flat();

describe('groupedSplit', () => {
  it('keeps every group in one part and covers every row once', () => {
    const split = groupedSplit(groups, { seed: 1 });
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(groups.map((_, row) => row));
    const groupCounts = assertGroupsDisjoint(split, groups);
    expect(groupCounts.train + groupCounts.validation + groupCounts.test).toBe(200);
  });

  it('sizes the parts close to the fractions by rows', () => {
    const split = groupedSplit(groups, { testFraction: 0.2, validationFraction: 0.1, seed: 2 });
    const n = groups.length;
    // A cut is off by at most half a group (<= 4.5 rows).
    expect(Math.abs(split.test.length - 0.2 * n)).toBeLessThanOrEqual(4.5);
    expect(Math.abs(split.validation.length - 0.1 * 0.8 * n)).toBeLessThanOrEqual(9);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(groupedSplit(groups, { seed: 'a' })).toEqual(groupedSplit(groups, { seed: 'a' }));
    expect(groupedSplit(groups, { seed: 'a' }).test).not.toEqual(groupedSplit(groups, { seed: 'b' }).test);
  });

  it('explains a part that cannot be filled and rejects bad fractions', () => {
    expect(() => groupedSplit(['a', 'a', 'a', 'b'], { seed: 1, testFraction: 0.1 })).toThrow(
      /^leaves the (test|validation) part empty \(2 groups to split\) \((test|validation)Fraction 0\.1\): a larger fraction/,
    );
    expect(() => groupedSplit(groups, { seed: 1, testFraction: 1 })).toThrow(
      'is out of range (testFraction 1): a number in [0, 1)',
    );
  });

  it('advises only what an option can do (regression, issue #24 case 9: "set its fraction to 0" for the training part, and for a part no flag sets)', () => {
    const advice = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    // Two groups: the validation part takes the one the test part leaves.
    const noTrain = advice(() => groupedSplit(['a', 'b'], { seed: 1, testFraction: 0.5, validationFraction: 0.9 }));
    expect(noTrain).toBe(
      'leaves no group to train on beside the test and validation parts (2 groups to split) (testFraction 0.5): smaller test and validation fractions, or data with more groups',
    );
    expect(advice(() => groupedSplit(['a', 'b'], { seed: 1, testGroups: ['a', 'b'] }))).toMatch(
      /^leaves no group to train on \(0 groups outside the given test groups\) \(testGroups\): fewer test groups$/,
    );
    const noValidation = advice(() => groupedSplit(['a', 'b', 'b', 'b', 'b'], { seed: 2, testFraction: 0.1 }));
    expect(noValidation).toMatch(
      /validation fraction|a larger fraction, 0 for no validation part|a larger fraction, or data/,
    );
    expect(noValidation).not.toMatch(/set its fraction to 0/);
  });

  it('holds out exactly the given test groups and splits the rest as usual', () => {
    const testGroups = ['g3', 'g10', 'g199'];
    const split = groupedSplit(groups, { seed: 3, testGroups });
    expect([...new Set(Array.from(split.test, (row) => groups[row]))].sort()).toEqual([...testGroups].sort());
    expect(split.test.length).toBe(4 + 2 + 2); // group g has 1 + (g % 9) rows
    assertGroupsDisjoint(split, groups);
    const rest = groups.length - split.test.length;
    expect(Math.abs(split.validation.length - 0.1 * rest)).toBeLessThanOrEqual(4.5);
    expect(split.train.length + split.validation.length).toBe(rest);
  });

  it('names a test group that is not in the data and refuses two ways to choose the test part', () => {
    expect(() => groupedSplit(groups, { seed: 1, testGroups: ['g3', 'nope'] })).toThrow(
      'lists "nope", which is not a group of the data (or lists it twice) (testGroups): groups of the data, each once',
    );
    expect(() => groupedSplit(groups, { seed: 1, testGroups: ['g3'], testFraction: 0.2 })).toThrow(
      'is given together with test groups (testFraction 0.2): a test fraction or test groups, not both',
    );
  });

  it('detects a leaked group', () => {
    const leaky = { train: Int32Array.of(0), validation: new Int32Array(0), test: Int32Array.of(1) };
    expect(() => assertGroupsDisjoint(leaky, ['r1', 'r1'])).toThrow(
      "group 'r1' is in both the train and the test part (row 1)",
    );
  });
});

describe('groupedFolds', () => {
  const { train } = groupedSplit(groups, { seed: 4, validationFraction: 0 });

  it('partitions the given rows into k folds of whole groups and near-equal size', () => {
    const folds = groupedFolds(groups, train, { k: 5, seed: 1 });
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((fold) => [...fold]).sort((a, b) => a - b)).toEqual([...train]);
    const foldOfGroup = new Map<string, number>();
    folds.forEach((fold, f) => {
      for (const row of fold) {
        const group = groups[row] as string;
        expect(foldOfGroup.get(group) ?? f).toBe(f);
        foldOfGroup.set(group, f);
      }
      // A cut is off by at most half a group (<= 4.5 rows) at each end.
      expect(Math.abs(fold.length - train.length / 5)).toBeLessThanOrEqual(9);
    });
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(groupedFolds(groups, train, { k: 3, seed: 'a' })).toEqual(groupedFolds(groups, train, { k: 3, seed: 'a' }));
    expect(groupedFolds(groups, train, { k: 3, seed: 'a' })[0]).not.toEqual(
      groupedFolds(groups, train, { k: 3, seed: 'b' })[0],
    );
  });

  it('names a bad k and too few groups', () => {
    expect(() => groupedFolds(groups, train, { k: 1, seed: 1 })).toThrow('k must be an integer >= 2; got 1');
    expect(() => groupedFolds(['a', 'a', 'b'], [0, 1, 2], { k: 3, seed: 1 })).toThrow(
      '3 folds need at least 3 groups; the rows hold 2',
    );
  });
});

describe('classCountsBySplit', () => {
  it('counts each class and the unlabelled rows per part', () => {
    const split = { train: Int32Array.of(0, 1, 2), validation: Int32Array.of(3), test: Int32Array.of(4, 5) };
    expect(classCountsBySplit(split, [0, 1, 1, -1, 0, 0], ['neg', 'pos'])).toEqual({
      train: { neg: 1, pos: 2, unlabelled: 0 },
      validation: { neg: 0, pos: 0, unlabelled: 1 },
      test: { neg: 2, pos: 0, unlabelled: 0 },
    });
  });
});
