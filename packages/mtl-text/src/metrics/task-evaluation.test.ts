import { describe, expect, it } from 'vitest';
import { rocAucScore, rocCurve } from './index.js';
import { evaluateTask } from './task-evaluation.js';

describe('evaluateTask', () => {
  it('returns the scored rows (unlabelled ones skipped), from which the ROC curve of the summary’s AUC follows', () => {
    const yTrue = [0, 1, -1, 1, 0, 1];
    const positive = [0.2, 0.9, 0.5, 0.4, 0.6, 0.7];
    const probabilities = positive.map((p) => Float32Array.from([1 - p, p]));
    const evaluation = evaluateTask('sentiment', ['neg', 'pos'], yTrue, probabilities);
    expect(evaluation.scored.truth).toEqual([0, 1, 1, 0, 1]);
    const scores = evaluation.scored.scores.map((row) => row[1] as number);
    expect(scores).toHaveLength(5);
    expect(scores[3]).toBeCloseTo(0.6, 6);
    // sklearn: roc_auc_score([0, 1, 1, 0, 1], [0.2, 0.9, 0.4, 0.6, 0.7]) = 0.8333 (5 of 6 positive-negative pairs ordered)
    expect(evaluation.summary.rocAuc).toBeCloseTo(5 / 6, 6);
    expect(rocAucScore(evaluation.scored.truth, scores)).toBeCloseTo(evaluation.summary.rocAuc as number, 12);
    const curve = rocCurve(evaluation.scored.truth, scores);
    expect(curve.fpr.at(-1)).toBe(1);
    expect(curve.tpr.at(-1)).toBe(1);
  });
});
