// Summary statistics for the bench, computed like the anchor's numpy calls.
import { nanPercentile } from '../src/percentile.js';
import { normalCdf } from '../src/samplers/tpe/truncated-normal.js';

export function summary(values: readonly number[]): { median: number; q25: number; q75: number; iqr: number } {
  const q25 = nanPercentile(values, 25);
  const q75 = nanPercentile(values, 75);
  return { median: nanPercentile(values, 50), q25, q75, iqr: q75 - q25 };
}

export function median(values: readonly number[]): number {
  return nanPercentile(values, 50);
}

/** Running minimum. */
export function bestSoFar(values: readonly number[]): number[] {
  let best = Number.POSITIVE_INFINITY;
  return values.map((value) => (best = Math.min(best, value)));
}

/**
 * One-sided Mann-Whitney U test (normal approximation with tie correction): the probability of
 * ranks at least this unfavourable if `ours` and `theirs` came from the same distribution, where
 * unfavourable means `ours` tends to be larger (worse, when minimising).
 */
export function mannWhitneyGreaterP(ours: readonly number[], theirs: readonly number[]): number {
  const pooled = [...ours.map((value) => ({ value, ours: true })), ...theirs.map((value) => ({ value, ours: false }))];
  pooled.sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(pooled.length);
  let tieTerm = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1].value === pooled[i].value) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const n1 = ours.length;
  const n2 = theirs.length;
  const rankSum = pooled.reduce((sum, item, i) => sum + (item.ours ? ranks[i] : 0), 0);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return normalCdf(-z);
}
