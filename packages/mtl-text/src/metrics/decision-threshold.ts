// Threshold moving for an imbalanced binary task: instead of predicting the more probable class,
// predict the minority class whenever its probability reaches a threshold chosen on validation rows
// to maximise macro-F1 (the same score early stopping uses). Rebalancing the training data moves the
// decision boundary blindly; the threshold moves it to where validation says the F1 is best.

/** Predict `positiveClass` when its probability is >= `threshold`, else the other class. */
export interface BinaryDecision {
  positiveClass: 0 | 1;
  threshold: number;
}

/** The predicted class of one row of probabilities: the decision's, or the most probable class. */
export function decide(probabilities: Float32Array, decision?: BinaryDecision): number {
  if (!decision) return probabilities.indexOf(Math.max(...probabilities));
  const { positiveClass, threshold } = decision;
  return (probabilities[positiveClass] as number) >= threshold ? positiveClass : 1 - positiveClass;
}

/**
 * The threshold on `positiveClass`'s probability that maximises the binary macro-F1 over the rows
 * labelled 0 or 1 (-1 rows skipped). Candidates are the midpoints between consecutive distinct
 * probabilities (and the ends); among equally good ones the one closest to 0.5 wins, so a flat
 * optimum keeps the usual rule.
 */
export function tuneBinaryThreshold(
  yTrue: ArrayLike<number>,
  probabilities: readonly Float32Array[],
  positiveClass: 0 | 1,
): BinaryDecision {
  if (yTrue.length !== probabilities.length) {
    throw new RangeError(
      `tuneBinaryThreshold: yTrue and probabilities must have the same length; got ${yTrue.length} and ${probabilities.length}`,
    );
  }
  const rows: { p: number; positive: boolean }[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i] as number;
    if (label < 0) continue;
    if (label > 1) throw new RangeError(`tuneBinaryThreshold: labels must be -1, 0 or 1; got ${label} at row ${i}`);
    rows.push({ p: (probabilities[i] as Float32Array)[positiveClass] as number, positive: label === positiveClass });
  }
  if (rows.length === 0) throw new RangeError('tuneBinaryThreshold: no labelled row');
  rows.sort((a, b) => b.p - a.p);
  const positives = rows.filter((row) => row.positive).length;
  const negatives = rows.length - positives;
  const f1 = (tp: number, fp: number, fn: number) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  // Predicting nobody positive: threshold above every probability.
  let best = {
    score: f1(0, 0, positives) / 2 + f1(negatives, positives, 0) / 2,
    threshold: (rows[0] as { p: number }).p + 1e-6,
  };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as { p: number; positive: boolean };
    if (row.positive) tp++;
    else fp++;
    const next = rows[i + 1];
    if (next && next.p === row.p) continue; // a threshold cannot split equal probabilities
    const threshold = next ? (row.p + next.p) / 2 : row.p - 1e-6;
    const fn = positives - tp;
    const tn = negatives - fp;
    const score = f1(tp, fp, fn) / 2 + f1(tn, fn, fp) / 2;
    if (
      score > best.score + 1e-12 ||
      (Math.abs(score - best.score) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))
    ) {
      best = { score, threshold };
    }
  }
  return { positiveClass, threshold: best.threshold };
}
