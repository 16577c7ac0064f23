import { Rng } from '@hw7/tensor-utils/base';
import { describe, expect, it } from 'vitest';
import { logNormalCdf, logNormalMass, normalCdf, sampleStandardTruncated } from './truncated-normal.js';

describe('truncated normal', () => {
  it('matches reference values of the normal CDF, also deep in the tails', () => {
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 6);
    expect(Math.exp(logNormalCdf(-10)) / 1e-24).toBeCloseTo(7.619853024160527, 4);
    expect(logNormalCdf(-30)).toBeCloseTo(-454.3212439955, 3);
    expect(Math.exp(logNormalMass(3, 4))).toBeCloseTo(0.0013182267897969, 8);
    expect(Math.exp(logNormalMass(-1, 2))).toBeCloseTo(0.8185946141203637, 6);
  });

  it('samples inside the bounds with the right mean, even far in a tail', () => {
    const rng = new Rng(1);
    for (const [a, b, mean] of [
      [-1, 2, 0.2296],
      [5, 6, 5.1831],
    ]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) {
        const x = sampleStandardTruncated(rng, a, b);
        expect(x).toBeGreaterThanOrEqual(a);
        expect(x).toBeLessThanOrEqual(b);
        sum += x;
      }
      expect(sum / 20000).toBeCloseTo(mean, 1);
    }
  });
});
