import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/metrics/sklearn-fixture.js';
import { confusionMatrix, multilabelConfusionMatrix } from './confusion-matrix.js';

const fixture = loadFixture();

describe('confusionMatrix matches sklearn', () => {
  it.each(fixture.classification.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const compute = () => confusionMatrix(testCase.yTrue, testCase.yPred, { labels: testCase.labels ?? undefined });
    if (testCase.confusionMatrix.error !== undefined) {
      expect(compute).toThrow(/labels: at least one label must be in yTrue/);
    } else {
      expectClose(compute(), testCase.confusionMatrix.value);
    }
  });
});

describe('confusionMatrix', () => {
  it('puts true labels on rows and predictions on columns, dropping unlisted labels', () => {
    expect(confusionMatrix([0, 0, 1, 2], [1, 0, 1, 9], { labels: [2, 1, 0] })).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
    ]);
  });

  it('names the arguments on bad input', () => {
    expect(() => confusionMatrix([], [])).toThrow('yTrue: expected at least one sample');
    expect(() => confusionMatrix([0, 1], [0])).toThrow('yTrue and yPred must have the same length, got 2 and 1');
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrow('yTrue: expected integer class labels, got 1.5 at index 1');
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [] })).toThrow('labels: expected at least one sample');
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [1, 1] })).toThrow('labels: expected distinct labels');
  });
});

describe('multilabelConfusionMatrix', () => {
  it('gives [[tn, fp], [fn, tp]] per label, counting unlisted samples as negatives', () => {
    expect(multilabelConfusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], { labels: [2, 5] })).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      [
        [4, 0],
        [0, 0],
      ],
    ]);
  });
});
