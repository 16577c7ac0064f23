import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/metrics/sklearn-fixture.js';
import { accuracyScore } from './accuracy.js';
import { type Average, precisionRecallFscoreSupport } from './precision-recall.js';
import { f1Score, fbetaScore, macroF1, precisionScore, recallScore, specificityScore } from './scores.js';

const fixture = loadFixture();
const AVERAGES = ['None', 'macro', 'micro', 'weighted', 'binary'] as const;

describe('precisionRecallFscoreSupport matches sklearn', () => {
  const rows = fixture.classification.flatMap((testCase) =>
    AVERAGES.filter((average) => testCase.scores[average] !== undefined).map(
      (average) => [testCase.name, average, testCase] as const,
    ),
  );
  it.each(rows)('%s average=%s', (_name, averageKey, testCase) => {
    const expected = testCase.scores[averageKey];
    const average: Average | null = averageKey === 'None' ? null : averageKey;
    const actual = precisionRecallFscoreSupport(testCase.yTrue, testCase.yPred, {
      labels: testCase.labels ?? undefined,
      average,
      beta: testCase.beta,
      zeroDivision: testCase.zeroDivision,
      posLabel: testCase.binaryPosLabel,
    });
    if (expected?.value === undefined) throw new Error(`fixture has no value: ${expected?.error}`);
    const { labels, ...scores } = actual as { labels?: number[] };
    expectClose(scores, expected.value);
    if (average === null)
      expect(labels).toEqual(
        testCase.labels ?? [...new Set([...testCase.yTrue, ...testCase.yPred])].sort((a, b) => a - b),
      );
  });

  it.each(fixture.classification.map((c) => [c.name, c] as const))('accuracyScore %s', (_name, testCase) => {
    expectClose(accuracyScore(testCase.yTrue, testCase.yPred), testCase.accuracy.value);
  });
});

describe('score wrappers', () => {
  const yTrue = [0, 1, 1, 0, 1, 1];
  const yPred = [0, 1, 0, 1, 1, 1];

  it("default to average 'binary' with posLabel 1 like sklearn", () => {
    expect(precisionScore(yTrue, yPred)).toBe(0.75);
    expect(recallScore(yTrue, yPred)).toBe(0.75);
    expect(f1Score(yTrue, yPred)).toBe(0.75);
    expect(specificityScore(yTrue, yPred)).toBe(0.5);
    expect(fbetaScore(yTrue, yPred, 2)).toBeCloseTo(0.75, 12);
  });

  it('return one score per label with average null', () => {
    expect(recallScore(yTrue, yPred, { average: null })).toEqual([0.5, 0.75]);
    expect(specificityScore(yTrue, yPred, { average: null })).toEqual([0.75, 0.5]);
  });
});

describe('precisionRecallFscoreSupport errors', () => {
  it('rejects empty and mismatched inputs, naming the arguments', () => {
    expect(() => precisionRecallFscoreSupport([], [])).toThrow('yTrue: expected at least one sample');
    expect(() => precisionRecallFscoreSupport([0, 1, 1], [0, 1])).toThrow(
      'yTrue and yPred must have the same length, got 3 and 2',
    );
  });

  it("rejects average 'binary' for multi-class targets and an absent posLabel", () => {
    expect(() => precisionRecallFscoreSupport([0, 1, 2], [0, 1, 2], { average: 'binary' })).toThrow(
      "average: 'binary' needs at most two labels",
    );
    expect(() => precisionRecallFscoreSupport([0, 2], [0, 2], { average: 'binary' })).toThrow(
      'posLabel: expected one of [0, 2], got 1',
    );
  });

  it('rejects bad options', () => {
    expect(() => precisionRecallFscoreSupport([0, 1], [0, 1], { beta: -1 })).toThrow('beta: expected a number >= 0');
    expect(() => precisionRecallFscoreSupport([0, 1], [0, 1], { zeroDivision: 2 as unknown as 0 })).toThrow(
      "zeroDivision: expected 0, 1 or 'warn', got 2",
    );
    expect(() => precisionRecallFscoreSupport([0, 1], [0, 1], { average: 'samples' as Average })).toThrow(
      'average: expected null',
    );
  });
});

describe('macroF1', () => {
  it('averages F1 over classes 0..numClasses-1, absent classes counting as 0', () => {
    // Class 2 never occurs, so it adds an F1 of 0 to the mean (sklearn with labels=range(3)).
    expect(macroF1([0, 1, 1, 0], [0, 1, 1, 0], 3)).toBeCloseTo(2 / 3, 15);
    expect(() => macroF1([0], [0], 0)).toThrow('numClasses: expected a positive integer, got 0');
  });
});
