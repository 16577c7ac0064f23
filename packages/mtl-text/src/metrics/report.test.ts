import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/metrics/sklearn-fixture.js';
import { classificationReport } from './report.js';

const fixture = loadFixture();

describe('classificationReport matches sklearn', () => {
  it.each(fixture.classification.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const options = {
      labels: testCase.labels ?? undefined,
      targetNames: testCase.targetNames ?? undefined,
      zeroDivision: testCase.zeroDivision,
    };
    expect(classificationReport(testCase.yTrue, testCase.yPred, { ...options, digits: testCase.digits })).toBe(
      testCase.report.value,
    );
    expectClose(
      classificationReport(testCase.yTrue, testCase.yPred, { ...options, outputDict: true }),
      testCase.reportDict.value,
    );
  });
});

describe('classificationReport', () => {
  it('lays out the text like sklearn', () => {
    expect(classificationReport([0, 1, 1, 0], [0, 1, 0, 0], { targetNames: ['neg', 'pos'] })).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '         neg       0.67      1.00      0.80         2',
        '         pos       1.00      0.50      0.67         2',
        '',
        '    accuracy                           0.75         4',
        '   macro avg       0.83      0.75      0.73         4',
        'weighted avg       0.83      0.75      0.73         4',
        '',
      ].join('\n'),
    );
  });

  it('requires one target name per label', () => {
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).toThrow(
      'targetNames: expected one name per label (2: [0, 1]), got 1',
    );
    expect(() => classificationReport([0, 1], [0, 1], { labels: [0], targetNames: ['a', 'b'] })).toThrow(
      'targetNames: expected one name per label (1: [0]), got 2',
    );
  });

  it('names the arguments on bad input', () => {
    expect(() => classificationReport([], [])).toThrow('yTrue: expected at least one sample');
    expect(() => classificationReport([0], [0, 1])).toThrow('yTrue and yPred must have the same length, got 1 and 2');
    expect(() => classificationReport([0], [0], { digits: -1 })).toThrow('digits: expected a non-negative integer');
  });
});
