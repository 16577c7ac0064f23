// The Fréchet distance against values derived by hand and against scipy (pytorch-fid's recipe).
import { readFileSync } from 'node:fs';
import { Rng } from '@hw7/tensor-utils';
import { describe, expect, it } from 'vitest';
import { featureStatistics, frechetDistance } from './frechet-distance.js';

function expectRelative(actual: number, expected: number, tolerance: number, scale = Math.abs(expected)): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(scale, 1e-12));
}

function randomRows(rng: Rng, n: number, d: number, shift = 0, mixing?: number[][]): number[][] {
  return Array.from({ length: n }, () => {
    const z = Array.from({ length: d }, () => rng.normal());
    if (!mixing) return z.map((value) => value + shift);
    return Array.from({ length: d }, (_, j) => z.reduce((sum, value, k) => sum + value * mixing[k][j], shift));
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const unbiasedStd = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
};

describe('frechetDistance', () => {
  it('is 0 for identical sets', () => {
    const rng = new Rng(1);
    const mixing = randomRows(rng, 8, 8);
    const a = randomRows(rng, 50, 8, 3, mixing);
    const { covariance } = featureStatistics(a);
    const traceScale = Array.from({ length: 8 }, (_, i) => covariance[i * 8 + i]).reduce((x, y) => x + y, 0);
    const distance = frechetDistance(a, a);
    expect(distance).toBeGreaterThanOrEqual(0);
    expect(distance).toBeLessThanOrEqual(1e-6 * traceScale);
  });

  it('is (m1 - m2)^2 + (s1 - s2)^2 in one dimension', () => {
    const a = [1, 2, 3, 4];
    const b = [10, 14];
    // mean 2.5, unbiased variance 5/3; mean 12, unbiased variance 8.
    const expected = (12 - 2.5) ** 2 + (Math.sqrt(5 / 3) - Math.sqrt(8)) ** 2;
    expectRelative(
      frechetDistance(
        a.map((v) => [v]),
        b.map((v) => [v]),
      ),
      expected,
      1e-12,
    );

    const rng = new Rng(2);
    const c = Array.from({ length: 200 }, () => rng.normal(1, 2));
    const d = Array.from({ length: 150 }, () => rng.normal(-0.5, 0.7));
    const expectedRandom = (mean(c) - mean(d)) ** 2 + (unbiasedStd(c) - unbiasedStd(d)) ** 2;
    expectRelative(
      frechetDistance(
        c.map((v) => [v]),
        d.map((v) => [v]),
      ),
      expectedRandom,
      1e-10,
    );
  });

  it('sums (mu difference)^2 + (sqrt(a) - sqrt(b))^2 over the dimensions of diagonal covariances', () => {
    // Points at centre +- s_k e_k: the sample covariance is exactly diag(2 s_k^2 / (2d - 1)).
    const axisSet = (centre: number[], spreads: number[]) =>
      spreads.flatMap((s, k) => [s, -s].map((sign) => centre.map((c, j) => (j === k ? c + sign : c))));
    const centreA = [0.5, -1, 2];
    const centreB = [1.5, 0, -2];
    const spreadA = [1, 2, 3];
    const spreadB = [0.5, 4, 3];
    const n = 6;
    let expected = 0;
    for (let k = 0; k < 3; k++) {
      const varianceA = (2 * spreadA[k] ** 2) / (n - 1);
      const varianceB = (2 * spreadB[k] ** 2) / (n - 1);
      expected += (centreA[k] - centreB[k]) ** 2 + (Math.sqrt(varianceA) - Math.sqrt(varianceB)) ** 2;
    }
    expectRelative(frechetDistance(axisSet(centreA, spreadA), axisSet(centreB, spreadB)), expected, 1e-10);
  });

  it('is the squared shift between a set and its translate', () => {
    const rng = new Rng(3);
    const a = randomRows(rng, 40, 5);
    const shift = [1, -2, 0.5, 0, 3];
    const b = a.map((row) => row.map((v, j) => v + shift[j]));
    expectRelative(frechetDistance(a, b), 1 + 4 + 0.25 + 9, 1e-8);
  });

  it('does not depend on the order of the samples and is symmetric', () => {
    const rng = new Rng(4);
    const mixing = randomRows(rng, 6, 6);
    const a = randomRows(rng, 80, 6, 0, mixing);
    const b = randomRows(rng, 60, 6, 1);
    const reference = frechetDistance(a, b);
    const shuffledA = rng.shuffle([...a]);
    const shuffledB = rng.shuffle([...b]);
    expectRelative(frechetDistance(shuffledA, shuffledB), reference, 1e-9);
    expectRelative(frechetDistance(b, a), reference, 1e-9);
  });

  it('accepts a flat FeatureMatrix (e.g. float32 features) like arrays of vectors', () => {
    const rng = new Rng(5);
    const a = randomRows(rng, 30, 4);
    const b = randomRows(rng, 20, 4, 0.5);
    const flat = (rows: number[][]) => ({ data: Float32Array.from(rows.flat()), rows: rows.length, cols: 4 });
    const asFloat32 = (rows: number[][]) => rows.map((row) => Float32Array.from(row));
    expectRelative(frechetDistance(flat(a), flat(b)), frechetDistance(asFloat32(a), asFloat32(b)), 1e-12);
  });

  it('stays finite and non-negative with singular covariances (n <= d)', () => {
    const rng = new Rng(6);
    const distance = frechetDistance(randomRows(rng, 4, 10), randomRows(rng, 3, 10, 1));
    expect(Number.isFinite(distance)).toBe(true);
    expect(distance).toBeGreaterThan(0);
  });

  it('matches scipy.linalg.sqrtm (pytorch-fid recipe) to 1e-6', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../test/fixtures/frechet-fixture.json', import.meta.url), 'utf8'),
    ) as {
      cases: { name: string; a: number[][]; b: number[][]; distance: number }[];
    };
    expect(fixture.cases.length).toBeGreaterThanOrEqual(3);
    for (const { name, a, b, distance } of fixture.cases) {
      const actual = frechetDistance(a, b);
      expect(Math.abs(actual - distance) / distance, name).toBeLessThan(1e-6);
    }
  });

  it('rejects fewer than 2 samples, mismatched dimensions, ragged rows and non-finite values', () => {
    expect(() =>
      frechetDistance(
        [[1, 2]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toThrow(/at least 2 vectors/);
    expect(() => frechetDistance([], [[1], [2]])).toThrow(/at least 2 vectors/);
    expect(() =>
      frechetDistance(
        [
          [1, 2],
          [3, 4],
        ],
        [[1], [2]],
      ),
    ).toThrow(/dimensions differ/);
    expect(() =>
      frechetDistance(
        [[1, 2], [3]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toThrow(/featuresA\[1\] has 1/);
    expect(() =>
      frechetDistance(
        [
          [1, Number.NaN],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toThrow(/not finite/);
    expect(() => frechetDistance({ data: new Float32Array(5), rows: 2, cols: 3 }, [[1], [2]])).toThrow(/rows \* cols/);
  });
});
