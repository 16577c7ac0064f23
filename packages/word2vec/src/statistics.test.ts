import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, regularizedIncompleteBeta, spearman } from './statistics.js';

// Expected values come from scipy 1.10 (Debian's python3-scipy); each test names the call.

/** |actual - expected| <= tolerance * |expected|: p-values span hundreds of orders of magnitude. */
function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('pearson and spearman', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5];
  const y = [2, 1, 4, 3, 7, 8, 6, 9, 12, 10];

  it('match scipy.stats.pearsonr(x, y) and spearmanr(x, y)', () => {
    // pearsonr -> (0.9193471061682319, 0.00016780035064116523); spearmanr -> (0.9272727272727272, 0.00011203450639397582)
    const r = pearson(x, y);
    expectRelativelyClose(r.coefficient, 0.9193471061682319, 1e-14);
    expectRelativelyClose(r.pValue, 0.00016780035064116523);
    const rho = spearman(x, y);
    expectRelativelyClose(rho.coefficient, 0.9272727272727272, 1e-14);
    expectRelativelyClose(rho.pValue, 0.00011203450639397582);
  });

  it('rank ties by their average rank, like scipy.stats.spearmanr', () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4];
    // stats.rankdata(a)
    expect(averageRanks(a)).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
    // spearmanr(a, b) -> (0.1384567651467695, 0.6847503048108998); pearsonr(a, b) -> (0.09422924859889792, 0.7828721022183339)
    expectRelativelyClose(spearman(a, b).coefficient, 0.1384567651467695, 1e-13);
    expectRelativelyClose(spearman(a, b).pValue, 0.6847503048108998);
    expectRelativelyClose(pearson(a, b).coefficient, 0.09422924859889792, 1e-13);
    expectRelativelyClose(pearson(a, b).pValue, 0.7828721022183339);
  });

  it('keep tiny p-values accurate for large samples', () => {
    // n = 500; xs = np.sin(np.arange(n)*0.7) + np.arange(n)*0.001; ys = xs + np.cos(np.arange(n)*1.3)*0.9
    const xs = Array.from({ length: 500 }, (_, i) => Math.sin(i * 0.7) + i * 0.001);
    const ys = xs.map((value, i) => value + Math.cos(i * 1.3) * 0.9);
    // pearsonr -> (0.7481383712692312, 9.314516020372871e-91); spearmanr -> (0.745187044748179, 1.1167527551178012e-89)
    expectRelativelyClose(pearson(xs, ys).coefficient, 0.7481383712692312, 1e-12);
    expectRelativelyClose(pearson(xs, ys).pValue, 9.314516020372871e-91, 1e-8);
    expectRelativelyClose(spearman(xs, ys).coefficient, 0.745187044748179, 1e-12);
    expectRelativelyClose(spearman(xs, ys).pValue, 1.1167527551178012e-89, 1e-8);
  });

  it('give p = 1 for two pairs and NaN for a constant sample, as scipy does', () => {
    // pearsonr([1, 2], [3, 1]) -> (-1.0, 1.0)
    expect(pearson([1, 2], [3, 1])).toEqual({ coefficient: -1, pValue: 1 });
    expect(pearson([1, 2, 3], [5, 5, 5]).coefficient).toBeNaN();
    expect(spearman([1, 2, 3], [5, 5, 5]).pValue).toBeNaN();
  });

  it('reject samples of different lengths or fewer than two pairs', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow('samples differ in length: 3 and 2');
    expect(() => spearman([1], [1])).toThrow('at least 2 pairs, got 1');
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches scipy.special.betainc(a, b, x)', () => {
    // betainc(2.5, 0.5, 0.3), betainc(1500, 0.5, 0.999), betainc(0.5, 0.5, 0.5), betainc(10, 3, 0.9)
    expectRelativelyClose(regularizedIncompleteBeta(0.3, 2.5, 0.5), 0.01892712407194565, 1e-13);
    expectRelativelyClose(regularizedIncompleteBeta(0.999, 1500, 0.5), 0.08321309751422594, 1e-10);
    expectRelativelyClose(regularizedIncompleteBeta(0.5, 0.5, 0.5), 0.5000000000000001, 1e-14);
    expectRelativelyClose(regularizedIncompleteBeta(0.9, 10, 3), 0.889130022255, 1e-11);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});
