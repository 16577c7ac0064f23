import { describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import { HyperbandPruner } from './hyperband-pruner.js';
import { NopPruner } from './nop-pruner.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';

describe('SuccessiveHalvingPruner (Optuna semantics)', () => {
  it('promotes the top 1/reductionFactor of the trials that reached a rung', () => {
    const study = createStudy({ pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }) });
    const first = study.ask();
    first.report(1, 1);
    // Alone at rung 0 (step 1): promoted; rung 1 starts at step 2.
    expect(first.shouldPrune()).toBe(false);
    expect(study.trials[0].systemAttrs).toEqual({ completed_rung_0: 1 });
    const second = study.ask();
    second.report(2, 1);
    // Competing values [1, 2]: only the best 2 // 2 = 1 is promoted.
    expect(second.shouldPrune()).toBe(true);
    const third = study.ask();
    third.report(0.5, 1);
    expect(third.shouldPrune()).toBe(false);
  });

  it("estimates minResource ('auto') from the completed trials' last step", () => {
    const study = createStudy({ pruner: new SuccessiveHalvingPruner() });
    const pending = study.ask();
    pending.report(1, 0);
    expect(pending.shouldPrune()).toBe(false);
    const done = study.ask();
    for (let step = 0; step < 300; step++) done.report(1, step);
    study.tell(done, 1);
    // minResource = 299 // 100 = 2, so rung 0 is at step 2.
    const trial = study.ask();
    trial.report(5, 1);
    expect(trial.shouldPrune()).toBe(false);
    expect(study.storage.getTrial(trial.trialId).systemAttrs).toEqual({});
  });
});

describe('HyperbandPruner', () => {
  it('splits trials into brackets that each run successive halving', () => {
    const study = createStudy({
      studyName: 'hyperband',
      pruner: new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 }),
    });
    const pruned: number[] = [];
    for (let i = 0; i < 30; i++) {
      const trial = study.ask();
      const quality = (i * 7) % 10;
      let stopped = false;
      for (let step = 1; step <= 9 && !stopped; step++) {
        trial.report(quality + 1 / step, step);
        stopped = trial.shouldPrune();
      }
      if (stopped) {
        pruned.push(quality);
        study.tell(trial, { state: 'PRUNED' });
      } else study.tell(trial, quality);
    }
    expect(pruned.length).toBeGreaterThan(5);
    // The best quality (0) reaches every rung first in its bracket or beats everyone there.
    expect(pruned).not.toContain(0);
    expect(new NopPruner().prune()).toBe(false);
  });

  it('waits for a completed trial when maxResource is auto', () => {
    const study = createStudy({ pruner: new HyperbandPruner() });
    const trial = study.ask();
    trial.report(1, 5);
    expect(trial.shouldPrune()).toBe(false);
  });
});
