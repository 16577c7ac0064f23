import { describe, expect, it } from 'vitest';
import { createStudy, type StudyOptions } from '../study.js';
import { MedianPruner } from './median-pruner.js';
import { PercentilePruner } from './percentile-pruner.js';
import type { Pruner } from './pruner.js';

/** A study whose completed trials reported the given curves (step -> value). */
function studyWith(pruner: Pruner, curves: number[][], options: StudyOptions = {}) {
  const study = createStudy({ pruner, ...options });
  for (const curve of curves) {
    const trial = study.ask();
    curve.forEach((value, step) => {
      trial.report(value, step);
    });
    study.tell(trial, curve[curve.length - 1]);
  }
  return study;
}

/** Reports `values` at steps 0.. on a new trial and returns shouldPrune() after each. */
function decisions(study: ReturnType<typeof studyWith>, values: number[]): boolean[] {
  const trial = study.ask();
  return values.map((value, step) => {
    trial.report(value, step);
    return trial.shouldPrune();
  });
}

describe('MedianPruner (Optuna semantics)', () => {
  it('prunes a trial worse than the median of completed trials at the same step', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0 }), [
      [1, 1],
      [3, 3],
      [5, 5],
    ]);
    expect(decisions(study, [4, 4])).toEqual([true, true]);
    // Not worse than the median at step 0, and at step 1 its best value so far (3) still is not.
    expect(decisions(study, [3, 4])).toEqual([false, false]);
  });

  it('waits for nStartupTrials completed trials', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 3 }), [[1], [1]]);
    expect(decisions(study, [100])).toEqual([false]);
  });

  it('never prunes during the warm-up steps', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0, nWarmupSteps: 2 }), [[1, 1, 1, 1]]);
    expect(decisions(study, [9, 9, 9, 9])).toEqual([false, false, true, true]);
  });

  it('checks once per interval, at the first reported step of each', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0, intervalSteps: 2 }), [[1, 1, 1, 1, 1]]);
    expect(decisions(study, [9, 9, 9, 9, 9])).toEqual([true, false, true, false, true]);
  });

  it('compares the best value so far, and prunes on NaN', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0 }), [[2, 2, 2]]);
    expect(decisions(study, [1, 5, 5])).toEqual([false, false, false]);
    expect(decisions(study, [Number.NaN])).toEqual([true]);
  });

  it('does not prune at a step no completed trial reported', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0 }), [[1]]);
    expect(decisions(study, [0, 9])).toEqual([false, false]);
  });

  it('flips the comparison when maximising', () => {
    const study = studyWith(new MedianPruner({ nStartupTrials: 0 }), [[5], [5]], { direction: 'maximize' });
    expect(decisions(study, [4])).toEqual([true]);
    expect(decisions(study, [6])).toEqual([false]);
  });

  it('rejects bad options', () => {
    expect(() => new MedianPruner({ intervalSteps: 0 })).toThrow('intervalSteps must be an integer >= 1; got 0');
    expect(() => new PercentilePruner(101)).toThrow(/percentile must be in \[0, 100\]/);
  });
});

describe('PercentilePruner', () => {
  it("uses numpy's linear percentile of the completed trials' values", () => {
    const curves = [[1], [2], [3], [4], [5]];
    // 25th percentile = 2: only values above it are pruned.
    expect(decisions(studyWith(new PercentilePruner(25, { nStartupTrials: 0 }), curves), [2.5])).toEqual([true]);
    // 75th percentile = 4.
    expect(decisions(studyWith(new PercentilePruner(75, { nStartupTrials: 0 }), curves), [3.9])).toEqual([false]);
  });
});
