import { describe, expect, it } from 'vitest';
import { decide, tuneBinaryThreshold } from './decision-threshold.js';
import { macroF1 } from './scores.js';

const rows = (ps: number[]) => ps.map((p) => Float32Array.of(1 - p, p));

describe('tuneBinaryThreshold', () => {
  it('finds the threshold with the best macro-F1, which argmax misses when the minority is under-predicted', () => {
    // Class 1 (the minority) scores between 0.3 and 0.45: argmax never predicts it.
    const probabilities = rows([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45]);
    const truth = [0, 0, 0, 0, 0, 1, 1, 1, 1];
    const decision = tuneBinaryThreshold(truth, probabilities, 1);
    expect(decision.threshold).toBeCloseTo(0.275, 6);
    const predicted = probabilities.map((row) => decide(row, decision));
    expect(predicted).toEqual(truth);
    const argmax = probabilities.map((row) => decide(row));
    expect(macroF1(truth, predicted, 2)).toBe(1);
    expect(macroF1(truth, argmax, 2)).toBeLessThan(0.5);
  });

  it('matches an exhaustive search and skips unlabelled rows', () => {
    const ps = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.5];
    const truth = [0, 1, 0, 1, 1, 0, 1, 0, 0, 0, -1];
    const decision = tuneBinaryThreshold(truth, rows(ps), 1);
    const labelled = truth.flatMap((label, i) => (label < 0 ? [] : [i]));
    const scoreAt = (threshold: number) =>
      macroF1(
        labelled.map((i) => truth[i] as number),
        labelled.map((i) => ((ps[i] as number) >= threshold ? 1 : 0)),
        2,
      );
    const best = Math.max(...[0, ...ps, 1.1].map(scoreAt));
    expect(scoreAt(decision.threshold)).toBeCloseTo(best, 12);
  });

  it('keeps 0.5 when it is as good as any other threshold, and names bad input', () => {
    // Perfectly separated at every threshold between 0.2 and 0.8.
    expect(tuneBinaryThreshold([0, 1], rows([0.2, 0.8]), 1).threshold).toBeCloseTo(0.5, 6);
    expect(() => tuneBinaryThreshold([0, 1], rows([0.2]), 1)).toThrow('same length; got 2 and 1');
    expect(() => tuneBinaryThreshold([0, 2], rows([0.2, 0.3]), 1)).toThrow('labels must be -1, 0 or 1; got 2 at row 1');
    expect(() => tuneBinaryThreshold([-1], rows([0.2]), 1)).toThrow('no labelled row');
  });
});
