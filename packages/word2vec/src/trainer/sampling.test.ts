import { describe, expect, it } from 'vitest';
import { fillKeepThresholds, fillUnigramAliasTable, keepProbability } from './sampling.js';

describe('keepProbability', () => {
  it('is (sqrt(f / t) + 1) * t / f with t = sample * total, capped at 1', () => {
    // t = 1e-3 * 1e6 = 1000.
    expect(keepProbability(100_000, 1e6, 1e-3)).toBeCloseTo((Math.sqrt(100) + 1) / 100, 12);
    expect(keepProbability(4000, 1e6, 1e-3)).toBeCloseTo((2 + 1) / 4, 12);
    expect(keepProbability(1000, 1e6, 1e-3)).toBe(1);
    expect(keepProbability(100_000, 1e6, 0)).toBe(1);
  });

  it('is scaled to uint32 thresholds over the total of the given counts', () => {
    const thresholds = new Uint32Array(2);
    fillKeepThresholds([900_000, 100_000], 1e-3, thresholds);
    expect(thresholds[0] / 0xffffffff).toBeCloseTo(keepProbability(900_000, 1e6, 1e-3), 8);
    expect(thresholds[1] / 0xffffffff).toBeCloseTo(keepProbability(100_000, 1e6, 1e-3), 8);
  });
});

describe('fillUnigramAliasTable', () => {
  const counts = [5000, 1200, 700, 300, 31, 30, 2, 1];
  const table = new Uint32Array(2 * counts.length);
  fillUnigramAliasTable(counts, table);

  it('encodes exactly the count^0.75 distribution', () => {
    const probability = new Array<number>(counts.length).fill(0);
    counts.forEach((_, word) => {
      const keep = table[2 * word] / 0xffffffff;
      probability[word] += keep / counts.length;
      probability[table[2 * word + 1]] += (1 - keep) / counts.length;
    });
    const weights = counts.map((count) => count ** 0.75);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    probability.forEach((p, word) => {
      expect(p).toBeCloseTo(weights[word] / total, 8);
    });
  });

  it('draws words with those frequencies', () => {
    const draws = new Array<number>(counts.length).fill(0);
    let state = 12345;
    const uniform32 = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const word = Math.floor((uniform32() / 2 ** 32) * counts.length);
      draws[uniform32() <= table[2 * word] ? word : table[2 * word + 1]]++;
    }
    const total = counts.reduce((sum, count) => sum + count ** 0.75, 0);
    expect(draws[0] / n).toBeCloseTo(5000 ** 0.75 / total, 2);
    expect(draws[3] / n).toBeCloseTo(300 ** 0.75 / total, 2);
  });
});
