import { describe, expect, it } from 'vitest';
import { kendallTau } from './kendall-tau.js';

describe('kendallTau', () => {
  it('is 1 for the same order, -1 for the reverse, whatever the scale', () => {
    expect(kendallTau([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).toBeCloseTo(1, 12);
    expect(kendallTau([1, 2, 3, 4, 5], [0.5, 0.4, 0.3, 0.2, 0.1])).toBeCloseTo(-1, 12);
  });

  it('counts concordant and discordant pairs', () => {
    // [3, 1, 2, 5, 4] against 1..5: discordant pairs (3,1), (3,2), (5,4); 7 of 10 concordant.
    // Fixture: scipy.stats.kendalltau gives 0.39999999999999997.
    expect(kendallTau([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo((7 - 3) / 10, 12);
  });

  it('handles ties as tau-b (scipy.stats.kendalltau fixtures)', () => {
    // By hand: 6 pairs, 4 concordant, 0 discordant, one tied in x, one tied in y:
    // 4 / sqrt((6 - 1) (6 - 1)) = 0.8.
    expect(kendallTau([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 12);
    expect(kendallTau([0.9, 0.8, 0.8, 0.7, 0.95, 0.6], [0.5, 0.4, 0.45, 0.45, 0.6, 0.1])).toBeCloseTo(
      0.7857142857142858,
      12,
    );
    expect(kendallTau([1, 2, 2, 3, 3, 3], [1, 1, 2, 2, 3, 3])).toBeCloseTo(0.7833494518006404, 12);
  });

  it('is NaN for a constant ranking and rejects bad input by name', () => {
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => kendallTau([1, 2], [1])).toThrow(/same length; got 2 and 1/);
    expect(() => kendallTau([1], [1])).toThrow(/at least 2 pairs; got 1/);
    expect(() => kendallTau([1, Number.NaN], [1, 2])).toThrow(/finite numbers; got NaN/);
  });
});
