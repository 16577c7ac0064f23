import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions.js';
import { InMemoryStorage } from '../storage/in-memory-storage.js';
import { nondominatedFronts, type StudyDirection } from '../study-direction.js';
import { paretoFront, paretoFrontSvg } from '../visualization/pareto-front.js';
import { studyOverview, studyVersion, trialRow } from './study-view.js';

function studyWith(directions: StudyDirection[], values: (number[] | 'FAIL' | 'RUNNING')[]) {
  const storage = new InMemoryStorage();
  const studyId = storage.createStudy('s', directions);
  for (const [index, value] of values.entries()) {
    const trial = storage.createTrial(studyId, { state: 'RUNNING' });
    storage.setTrialParam(trial.trialId, 'x', index / 10, floatDistribution(0, 1));
    if (value === 'FAIL') storage.setTrialStateValues(trial.trialId, 'FAIL', null);
    else if (value !== 'RUNNING') storage.setTrialStateValues(trial.trialId, 'COMPLETE', value);
  }
  const [stored] = storage.getAllStudies();
  return { storage, studyId, stored, trials: storage.getAllTrials(studyId) };
}

describe('studyOverview', () => {
  it('counts trials by state and finds the best value in the study direction (regression: maximize took the worst)', () => {
    const values: (number[] | 'FAIL')[] = [[0.3], [0.9], 'FAIL', [0.5], [Number.NaN]];
    const min = studyWith(['minimize'], values);
    expect(studyOverview(min.stored, min.trials)).toMatchObject({
      trials: 5,
      counts: { COMPLETE: 4, FAIL: 1, PRUNED: 0, RUNNING: 0, WAITING: 0 },
      best: 0.3,
      bestTrial: 0,
    });
    const max = studyWith(['maximize'], values);
    expect(studyOverview(max.stored, max.trials)).toMatchObject({ best: 0.9, bestTrial: 1 });
  });

  it('changes its version when a trial is added, finishes or reports while running, not otherwise', () => {
    const { storage, studyId, trials } = studyWith(['minimize'], [[1], 'RUNNING']);
    const first = studyVersion(trials);
    expect(studyVersion(storage.getAllTrials(studyId))).toBe(first);
    const running = trials[1];
    storage.setTrialIntermediateValue(running.trialId, 1, 0.5);
    const reported = studyVersion(storage.getAllTrials(studyId));
    expect(reported).not.toBe(first);
    storage.setTrialStateValues(running.trialId, 'COMPLETE', [0.5]);
    const finished = studyVersion(storage.getAllTrials(studyId));
    expect(finished).not.toBe(reported);
    expect(finished).toMatch(/^2-2-/);
  });

  it('writes non-finite values as strings JSON keeps', () => {
    const { trials } = studyWith(['minimize'], [[Number.POSITIVE_INFINITY]]);
    const row = trialRow(trials[0], Date.now());
    expect(row.values).toEqual(['Infinity']);
    expect(JSON.parse(JSON.stringify(row)).values).toEqual(['Infinity']);
    expect(row.params).toEqual({ x: 0 });
  });
});

describe('paretoFront', () => {
  it('is the first front of the non-dominated sort, for mixed directions', () => {
    const directions: StudyDirection[] = ['minimize', 'maximize'];
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const values = Array.from({ length: 200 }, () => [Math.round(random() * 50), Math.round(random() * 50)]);
    const { stored, trials } = studyWith(directions, values);
    const expected = nondominatedFronts(trials, (trial) => trial.values as number[], directions)[0];
    const front = paretoFront(directions, trials);
    expect(front.map((trial) => trial.number).sort((a, b) => a - b)).toEqual(
      expected.map((trial) => trial.number).sort((a, b) => a - b),
    );
    expect(studyOverview(stored, trials).paretoSize).toBe(expected.length);
    const svg = paretoFrontSvg({ directions, trials });
    const highlighted = svg.slice(svg.indexOf('<g class="pareto-front"'));
    expect(highlighted.slice(0, highlighted.indexOf('</g>')).match(/<circle /g)).toHaveLength(expected.length);
  });

  it('needs two objectives', () => {
    const { trials } = studyWith(['minimize'], [[1]]);
    expect(() => paretoFrontSvg({ directions: ['minimize'], trials })).toThrow(/needs at least 2/);
  });
});
