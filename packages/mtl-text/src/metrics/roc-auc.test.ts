import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/metrics/sklearn-fixture.js';
import { rocAucScore } from './roc-auc.js';

const fixture = loadFixture();

describe('rocAucScore (binary) matches sklearn', () => {
  it.each(fixture.roc.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const positive = testCase.posLabel ?? 1;
    const isPositive = testCase.yTrue.map((label) => (label === positive ? 1 : 0));
    if (testCase.auc.error !== undefined) {
      expect(() => rocAucScore(isPositive, testCase.scores)).toThrow('only one class present');
    } else {
      expectClose(rocAucScore(isPositive, testCase.scores), testCase.auc.value);
    }
  });
});

describe('rocAucScore (one-vs-rest) matches sklearn', () => {
  const rows = fixture.ovr.flatMap((testCase) =>
    (['macro', 'weighted', 'micro'] as const).map((average) => [testCase.name, average, testCase] as const),
  );
  it.each(rows)('%s average=%s', (_name, average, testCase) => {
    const compute = () =>
      rocAucScore(testCase.yTrue, testCase.scores, {
        multiClass: 'ovr',
        average,
        labels: testCase.labels ?? undefined,
      });
    const expected = testCase.auc[average];
    if (expected.error !== undefined) {
      expect(compute).toThrow(/only one class present|expected class probabilities/);
    } else {
      expectClose(compute(), expected.value);
    }
  });
});

describe('rocAucScore errors', () => {
  // Three examples, each most probably of its own class (rows sum to 1).
  const probabilities = [0, 1, 2].map((example) => [0, 1, 2].map((c) => (c === example ? 0.6 : 0.2)));

  it('refuses a single class in yTrue, as sklearn does', () => {
    expect(() => rocAucScore([1, 1, 1], [0.1, 0.5, 0.9])).toThrow(
      'yTrue: only one class present; ROC AUC is not defined when only one class is present',
    );
  });

  it('asks for a probability matrix and multiClass for multi-class yTrue', () => {
    expect(() => rocAucScore([0, 1, 2], [0.1, 0.5, 0.9])).toThrow('yTrue has 3 classes');
    expect(() => rocAucScore([0, 1, 2], probabilities, {} as { multiClass: 'ovr' })).toThrow(
      "multiClass: expected 'ovr'",
    );
    expect(() =>
      rocAucScore(
        [0, 1],
        [
          [0.3, 0.7],
          [0.6, 0.4],
        ],
        { multiClass: 'ovr' },
      ),
    ).toThrow('binary; pass the greater class');
  });

  it('validates the score matrix and labels like sklearn', () => {
    expect(() => rocAucScore([0, 1, 1], probabilities, { multiClass: 'ovr' })).toThrow(
      'scores: expected 2 columns (one per class in yTrue), got 3',
    );
    expect(() => rocAucScore([0, 1, 2], probabilities, { multiClass: 'ovr', labels: [2, 1, 0] })).toThrow(
      'labels: expected ascending order',
    );
    expect(() => rocAucScore([0, 1, 3], probabilities, { multiClass: 'ovr', labels: [0, 1, 2] })).toThrow(
      'yTrue: contains label 3, which is not in labels',
    );
    expect(() => rocAucScore([0, 1], [0.2, 0.4, 0.6])).toThrow(
      'yTrue and scores must have the same length, got 2 and 3',
    );
  });
});
