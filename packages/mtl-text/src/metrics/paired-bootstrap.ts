// Is model A really better than model B on this test set? A paired bootstrap over groups (e.g.
// reviews): resample whole groups with replacement, score both models' predictions on the same
// resample, and look at the spread of the difference. Resampling groups rather than rows respects
// that sentences of one review are not independent.
import { Rng } from '@hw7/tensor-utils/base';

export interface PairedBootstrapOptions {
  /** Default 2000. */
  resamples?: number;
  /** Default 0. */
  seed?: number | string;
  /** Central interval's coverage (default 0.95). */
  confidence?: number;
}

export interface PairedBootstrapResult {
  /** metric(A) - metric(B) on the rows as given. */
  difference: number;
  /** Percentile interval of the difference over the resamples. */
  low: number;
  high: number;
  /** Fraction of resamples in which A scores at least as well as B. */
  shareAtLeastAsGood: number;
  resamples: number;
}

/** A score of predictions against the truth, e.g. `(t, p) => macroF1(t, p, classes)`. */
export type PairedMetric = (yTrue: number[], yPred: number[]) => number;

/**
 * Paired group bootstrap of `metric(yTrue, predictedA) - metric(yTrue, predictedB)`; all arrays are
 * parallel, one entry per scored row, and `groups` names each row's group.
 */
export function pairedBootstrap(
  yTrue: ArrayLike<number>,
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  groups: readonly string[],
  metric: PairedMetric,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const { resamples = 2000, seed = 0, confidence = 0.95 } = options;
  const n = yTrue.length;
  if (predictedA.length !== n || predictedB.length !== n || groups.length !== n) {
    throw new RangeError(
      `pairedBootstrap: yTrue, predictedA, predictedB and groups must have the same length; got ${n}, ${predictedA.length}, ${predictedB.length}, ${groups.length}`,
    );
  }
  if (n === 0) throw new RangeError('pairedBootstrap: no rows to score');
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`pairedBootstrap: resamples must be an integer >= 1; got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`pairedBootstrap: confidence must be in (0, 1); got ${confidence}`);
  }
  const rowsByGroup = new Map<string, number[]>();
  groups.forEach((group, row) => {
    const rows = rowsByGroup.get(group);
    if (rows) rows.push(row);
    else rowsByGroup.set(group, [row]);
  });
  const members = [...rowsByGroup.values()];
  const score = (rows: readonly number[]) => {
    const truth = rows.map((row) => yTrue[row] as number);
    return (
      metric(
        truth,
        rows.map((row) => predictedA[row] as number),
      ) -
      metric(
        truth,
        rows.map((row) => predictedB[row] as number),
      )
    );
  };
  const rng = new Rng(seed);
  const differences = Float64Array.from({ length: resamples }, () =>
    score(Array.from(members, () => members[rng.int(0, members.length - 1)] as number[]).flat()),
  ).sort();
  // Nearest-rank percentiles of the sorted differences.
  const quantile = (q: number) =>
    differences[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))] as number;
  const tail = (1 - confidence) / 2;
  return {
    difference: score([...groups.keys()]),
    low: quantile(tail),
    high: quantile(1 - tail),
    shareAtLeastAsGood: differences.filter((d) => d >= 0).length / resamples,
    resamples,
  };
}
