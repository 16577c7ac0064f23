import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy.js';
import { pairedBootstrap } from './paired-bootstrap.js';

// 50 groups of 4 rows; model A is right on every row, B wrong on the first row of every group.
const groups = Array.from({ length: 200 }, (_, row) => `g${Math.floor(row / 4)}`);
const truth = Array.from({ length: 200 }, (_, row) => row % 3);
const perfect = [...truth];
const worse = truth.map((label, row) => (row % 4 === 0 ? (label + 1) % 3 : label));

describe('pairedBootstrap', () => {
  it('measures the difference on the rows as given and brackets it', () => {
    const result = pairedBootstrap(truth, perfect, worse, groups, accuracyScore, { resamples: 500, seed: 1 });
    expect(result.difference).toBeCloseTo(0.25, 12);
    // Every group contributes exactly one wrong row in four, so every resample differs by 0.25.
    expect(result.low).toBeCloseTo(0.25, 12);
    expect(result.high).toBeCloseTo(0.25, 12);
    expect(result.shareAtLeastAsGood).toBe(1);
    const reversed = pairedBootstrap(truth, worse, perfect, groups, accuracyScore, { resamples: 500, seed: 1 });
    expect(reversed.difference).toBeCloseTo(-0.25, 12);
    expect(reversed.shareAtLeastAsGood).toBe(0);
  });

  it('resamples whole groups: a difference carried by one group gets a wide interval', () => {
    // B is wrong on every row of group g0 only.
    const oneGroup = truth.map((label, row) => (row < 4 ? (label + 1) % 3 : label));
    const result = pairedBootstrap(truth, perfect, oneGroup, groups, accuracyScore, { resamples: 2000, seed: 2 });
    expect(result.difference).toBeCloseTo(0.02, 12);
    expect(result.low).toBe(0); // in many resamples g0 is not drawn
    expect(result.high).toBeGreaterThan(0.03);
    expect(result.shareAtLeastAsGood).toBe(1);
  });

  it('is reproducible for a seed and names bad input', () => {
    const run = (seed: number) =>
      pairedBootstrap(truth, perfect, worse, groups, accuracyScore, { resamples: 50, seed });
    expect(run(3)).toEqual(run(3));
    expect(() => pairedBootstrap([0, 1], [0], [0, 1], ['a', 'b'], accuracyScore)).toThrow(
      'must have the same length; got 2, 1, 2, 2',
    );
    expect(() => pairedBootstrap([0], [0], [0], ['a'], accuracyScore, { resamples: 0 })).toThrow(
      'resamples must be an integer >= 1; got 0',
    );
  });
});
