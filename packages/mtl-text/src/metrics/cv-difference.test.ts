import { describe, expect, it } from 'vitest';
import { cvDifference, meanAndSd, studentTQuantile } from './cv-difference.js';

describe('studentTQuantile', () => {
  it('agrees with scipy.stats.t.ppf', () => {
    // scipy 1.10: t.ppf(0.975, 14), t.ppf(0.975, 4), t.ppf(0.95, 9), t.ppf(0.995, 29), t.ppf(0.975, 1).
    expect(studentTQuantile(0.975, 14)).toBeCloseTo(2.1447866879169273, 5);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977987, 2);
    expect(studentTQuantile(0.95, 9)).toBeCloseTo(1.8331129326536335, 5);
    expect(studentTQuantile(0.995, 29)).toBeCloseTo(2.756385903670335, 6);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 6);
  });
});

describe('cvDifference', () => {
  it('gives the corrected resampled t interval of Nadeau & Bengio (numbers from numpy and scipy)', () => {
    const a = [0.78, 0.8, 0.77, 0.79, 0.81, 0.76];
    const b = [0.77, 0.78, 0.78, 0.77, 0.79, 0.75];
    const result = cvDifference(a, b, { testTrainRatio: 0.25 });
    // d = a - b; mean 0.011667, sd 0.011690; t.ppf(0.975, 5) * sqrt((1/6 + 0.25) * sd^2).
    expect(result.mean).toBeCloseTo(0.011666666666666678, 12);
    expect(result.sd).toBeCloseTo(0.011690451944500132, 12);
    expect(result.low).toBeCloseTo(-0.007731340466372588, 5);
    expect(result.high).toBeCloseTo(0.03106467379970594, 5);
    expect(result.shareAtLeastAsGood).toBeCloseTo(5 / 6, 12);
    expect(result.folds).toBe(6);
  });

  it('rejects folds that do not pair up and a missing ratio', () => {
    expect(() => cvDifference([1, 2], [1], { testTrainRatio: 0.25 })).toThrow(/2 folds, b 1/);
    expect(() => cvDifference([1, 2], [1, 2], { testTrainRatio: 0 })).toThrow(/testTrainRatio/);
    expect(() => meanAndSd([])).toThrow(/no values/);
  });
});
