import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/metrics/sklearn-fixture.js';
import { auc, rocCurve } from './roc.js';

const fixture = loadFixture();

describe('rocCurve matches sklearn', () => {
  it.each(fixture.roc.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const posLabel = testCase.posLabel ?? undefined;
    for (const [dropIntermediate, expected] of [
      [true, testCase.curve],
      [false, testCase.fullCurve],
    ] as const) {
      if (expected.value === undefined) throw new Error(`fixture has no curve: ${expected.error}`);
      const { fpr, tpr, thresholds } = rocCurve(testCase.yTrue, testCase.scores, { posLabel, dropIntermediate });
      expectClose([fpr, tpr, thresholds], expected.value, `dropIntermediate=${dropIntermediate}`);
    }
  });
});

describe('rocCurve', () => {
  it("starts at (0, 0) with sklearn 1.2's max(scores) + 1 threshold and merges ties", () => {
    expect(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [1.8, 0.8, 0.4, 0.35, 0.1],
    });
    expect(rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.2]).thresholds).toEqual([1.5, 0.5, 0.2]);
  });

  it('needs posLabel unless yTrue is {0, 1} or {-1, 1}', () => {
    expect(() => rocCurve([1, 2], [0.1, 0.2])).toThrow('yTrue takes values in {1, 2} and posLabel is not specified');
    expect(rocCurve([1, 2], [0.1, 0.2], { posLabel: 2 }).tpr).toEqual([0, 1, 1]);
  });

  it('names the arguments on bad input', () => {
    expect(() => rocCurve([], [])).toThrow('yTrue: expected at least one sample');
    expect(() => rocCurve([0, 1], [0.5])).toThrow('yTrue and scores must have the same length, got 2 and 1');
    expect(() => rocCurve([0, 1], [0.5, Number.NaN])).toThrow('scores: expected finite numbers, got NaN at index 1');
  });
});

describe('auc', () => {
  it('integrates increasing and decreasing x by the trapezoidal rule', () => {
    expect(auc([0, 0.5, 1], [0, 1, 1])).toBe(0.75);
    expect(auc([1, 0.5, 0], [1, 1, 0])).toBe(0.75);
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow('x: expected monotonic');
    expect(() => auc([0], [0])).toThrow('x: at least 2 points are needed');
  });
});
