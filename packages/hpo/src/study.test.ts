import { describe, expect, it } from 'vitest';
import { RandomSampler } from './samplers/random-sampler.js';
import { InMemoryStorage } from './storage/in-memory-storage.js';
import { DuplicatedStudyError, StudyNotFoundError } from './storage/storage.js';
import { createStudy, deleteStudy, loadStudy } from './study.js';
import type { Trial } from './trial.js';
import { TrialPruned } from './trial-pruned.js';

const quadratic = (trial: Trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2;

describe('define-by-run search spaces', () => {
  it('lets later parameters depend on earlier ones (per-layer filters after the number of layers)', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      (trial) => {
        const nLayers = trial.suggestInt('n_layers', 1, 4);
        let cost = 0;
        for (let layer = 0; layer < nLayers; layer++)
          cost += trial.suggestInt(`filters_${layer}`, 4, 64, { log: true });
        return cost;
      },
      { nTrials: 20 },
    );
    for (const trial of study.trials) {
      const nLayers = trial.params.n_layers as number;
      expect(Object.keys(trial.params)).toHaveLength(1 + nLayers);
      for (let layer = 0; layer < nLayers; layer++) expect(trial.params[`filters_${layer}`]).toBeGreaterThanOrEqual(4);
    }
  });

  it('returns the same value when a parameter is suggested again with the same distribution', () => {
    const trial = createStudy({ sampler: new RandomSampler({ seed: 2 }) }).ask();
    const first = trial.suggestFloat('lr', 1e-5, 1, { log: true });
    expect(trial.suggestFloat('lr', 1e-5, 1, { log: true })).toBe(first);
    expect(trial.suggestCategorical('act', ['relu', 'tanh'])).toBe(trial.suggestCategorical('act', ['relu', 'tanh']));
  });

  it('rejects an inconsistent redefinition within a trial, naming the parameter', () => {
    const trial = createStudy().ask();
    trial.suggestFloat('lr', 1e-5, 1, { log: true });
    expect(() => trial.suggestFloat('lr', 1e-4, 1, { log: true })).toThrow(/parameter 'lr' was already suggested/);
    expect(() => trial.suggestInt('lr', 1, 3)).toThrow(/cannot be redefined as int/);
  });

  it('reports invalid ranges naming the argument', () => {
    const trial = createStudy().ask();
    expect(() => trial.suggestFloat('x', 1, 0)).toThrow("suggestFloat('x'): low (1) must be <= high (0)");
    expect(() => trial.suggestFloat('x', 0, 1, { log: true })).toThrow(/low must be > 0 when log is true/);
    expect(() => trial.suggestFloat('x', 0.1, 1, { log: true, step: 0.1 })).toThrow(/step and log/);
    expect(() => trial.suggestInt('n', 1, 10, { step: 0 })).toThrow(/step must be a positive/);
    expect(() => trial.suggestInt('n', 1.5, 10)).toThrow(/low must be an integer/);
    expect(() => trial.suggestCategorical('c', [])).toThrow(
      "suggestCategorical('c'): choices must be a non-empty array",
    );
  });

  it('lowers high onto the step grid when step does not divide the range (as Optuna)', () => {
    const trial = createStudy().ask();
    trial.suggestInt('n', 0, 10, { step: 3 });
    trial.suggestFloat('x', 0, 1, { step: 0.3 });
    expect(trial.distributions.n).toMatchObject({ high: 9 });
    expect(trial.distributions.x).toMatchObject({ high: 0.8999999999999999 });
  });
});

describe('study.optimize', () => {
  it('records failing trials with their error and re-throws unless caught (Optuna semantics)', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const boom = () => {
      throw new RangeError('diverged');
    };
    await expect(study.optimize(boom, { nTrials: 3 })).rejects.toThrow('diverged');
    expect(study.trials.map((trial) => trial.state)).toEqual(['FAIL']);
    expect(study.trials[0].failReason).toBe('diverged');
    await study.optimize(boom, { nTrials: 2, catch: [RangeError] });
    await study.optimize(boom, { nTrials: 1, catch: () => true });
    expect(study.getTrials(['FAIL'])).toHaveLength(4);
  });

  it('fails trials that return NaN or a non-number, and keeps going', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    const results: unknown[] = [Number.NaN, 'oops', 1.5];
    await study.optimize((trial) => results[trial.number] as number, { nTrials: 3 });
    expect(study.trials.map((trial) => trial.state)).toEqual(['FAIL', 'FAIL', 'COMPLETE']);
    expect(study.trials[0].failReason).toMatch(/NaN/);
    expect(study.bestValue).toBe(1.5);
  });

  it('marks trials PRUNED when the objective throws TrialPruned, with their last reported value', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize(
      (trial) => {
        trial.report(0.7, 0);
        trial.report(0.5, 1);
        throw new TrialPruned();
      },
      { nTrials: 1 },
    );
    expect(study.trials[0].state).toBe('PRUNED');
    expect(study.trials[0].values).toEqual([0.5]);
    expect(() => study.bestTrial).toThrow(/no trial has completed/);
  });

  it('calls callbacks after each trial and stops on study.stop()', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 6 }) });
    const seen: number[] = [];
    await study.optimize(quadratic, {
      nTrials: 10,
      callbacks: [
        (s, trial) => {
          seen.push(trial.number);
          if (trial.number === 3) s.stop();
        },
      ],
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('starts no trial after the timeout', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 7 }) });
    const slow = async (trial: Trial) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return quadratic(trial);
    };
    const start = Date.now();
    await study.optimize(slow, { timeout: 0.1 });
    // Timing-independent: however slow the machine, no trial starts after the deadline (a few ms
    // of clock granularity allowed), and the trial running at the deadline is allowed to finish.
    expect(study.trials.length).toBeGreaterThanOrEqual(1);
    for (const trial of study.trials) {
      expect((trial.datetimeStart as Date).getTime() - start).toBeLessThanOrEqual(100 + 5);
      expect(trial.state).toBe('COMPLETE');
    }
  });

  it('runs async objectives concurrently with nJobs, each trial claimed once', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 8 }) });
    let running = 0;
    let maxRunning = 0;
    await study.optimize(
      async (trial) => {
        maxRunning = Math.max(maxRunning, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return quadratic(trial);
      },
      { nTrials: 8, nJobs: 4 },
    );
    expect(maxRunning).toBe(4);
    expect(study.getTrials(['COMPLETE'])).toHaveLength(8);
  });

  it('validates its options', async () => {
    const study = createStudy();
    await expect(study.optimize(quadratic, { nTrials: -1 })).rejects.toThrow(/nTrials/);
    await expect(study.optimize(quadratic, { nJobs: 0 })).rejects.toThrow(/nJobs/);
  });
});

describe('ask, tell and enqueue', () => {
  it('runs an objective outside optimize', () => {
    const study = createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 9 }) });
    for (let i = 0; i < 5; i++) {
      const trial = study.ask();
      study.tell(trial, -quadratic(trial));
    }
    const trial = study.ask();
    study.tell(trial.number, { state: 'FAIL' });
    expect(study.getTrials(['COMPLETE'])).toHaveLength(5);
    expect(study.bestValue).toBe(Math.max(...study.getTrials(['COMPLETE']).map((t) => t.value as number)));
    expect(() => study.tell(trial, 1)).toThrow(/already finished/);
  });

  it('tells FAIL for a wrong number of values', () => {
    const study = createStudy({ directions: ['minimize', 'maximize'] });
    const trial = study.ask();
    expect(study.tell(trial, [1]).state).toBe('FAIL');
  });

  it('runs enqueued trials first, with their fixed parameters, and skips duplicates on request', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 10 }) });
    study.enqueueTrial({ x: 2 }, { userAttrs: { source: 'manual' } });
    study.enqueueTrial({ x: 2 }, { skipIfExists: true });
    study.enqueueTrial({ x: -3 });
    await study.optimize(quadratic, { nTrials: 3 });
    expect(study.trials.map((trial) => trial.params.x).slice(0, 2)).toEqual([2, -3]);
    expect(study.trials[0].userAttrs.source).toBe('manual');
    expect(study.bestValue).toBe(0);
  });
});

describe('studies in a storage', () => {
  it('creates, loads and deletes studies by name', async () => {
    const storage = new InMemoryStorage();
    const study = createStudy({ storage, studyName: 'search' });
    await study.optimize(quadratic, { nTrials: 2 });
    expect(() => createStudy({ storage, studyName: 'search' })).toThrow(DuplicatedStudyError);
    expect(createStudy({ storage, studyName: 'search', loadIfExists: true }).trials).toHaveLength(2);
    expect(loadStudy({ storage, studyName: 'search' }).trials).toHaveLength(2);
    deleteStudy({ storage, studyName: 'search' });
    expect(() => loadStudy({ storage, studyName: 'search' })).toThrow(StudyNotFoundError);
  });

  it('keeps user attributes on studies and trials', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 11 }) });
    study.setUserAttr('dataset', 'cifar10');
    await study.optimize(
      (trial) => {
        trial.setUserAttr('accuracy', 0.9);
        return quadratic(trial);
      },
      { nTrials: 1 },
    );
    expect(study.userAttrs).toEqual({ dataset: 'cifar10' });
    expect(study.trials[0].userAttrs).toEqual({ accuracy: 0.9 });
  });
});

describe('export', () => {
  it('writes CSV with one row per trial and quoted fields', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 12 }) });
    await study.optimize(
      (trial) => {
        trial.setUserAttr('note', 'a, "quoted" note');
        return trial.suggestInt('n', 1, 3) + (trial.suggestCategorical('opt', ['sgd', 'adam']) === 'sgd' ? 0 : 10);
      },
      { nTrials: 3 },
    );
    const lines = study.toCsv().trimEnd().split('\n');
    expect(lines[0]).toBe(
      'number,value,state,datetime_start,datetime_complete,duration_s,params_n,params_opt,user_attrs_note,fail_reason',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^0,\d+,COMPLETE,/);
    expect(lines[1]).toContain('"a, ""quoted"" note"');
  });

  it('writes JSON that holds internal values and distributions, enough to rebuild trials', async () => {
    const study = createStudy({ studyName: 'exported', sampler: new RandomSampler({ seed: 13 }) });
    await study.optimize((trial) => (trial.suggestCategorical('opt', ['sgd', 'adam']) === 'adam' ? 1 : 2), {
      nTrials: 2,
    });
    const parsed = JSON.parse(study.toJson());
    expect(parsed.studyName).toBe('exported');
    expect(parsed.directions).toEqual(['minimize']);
    const trial = parsed.trials[0];
    expect(trial.distributions.opt).toEqual({ type: 'categorical', choices: ['sgd', 'adam'] });
    expect(trial.externalParams.opt).toBe(['sgd', 'adam'][trial.params.opt]);
  });
});
