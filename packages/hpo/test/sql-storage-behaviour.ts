// The behaviour every persistent, shareable storage must have (SQLite and PostgreSQL run these same
// cases): data survives reconnecting, a study runs from its URL and resumes, trial numbers and
// claims are unique across connections, finished trials refuse changes, and stale trials fail.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../src/distributions.js';
import { TPESampler } from '../src/samplers/tpe/tpe-sampler.js';
import type { HeartbeatOptions } from '../src/storage/sql-common.js';
import { DuplicatedStudyError, type Storage, StudyNotFoundError } from '../src/storage/storage.js';
import { createStudy, deleteStudy, loadStudy } from '../src/study.js';
import type { Trial } from '../src/trial.js';

export interface SharedStorageFixture {
  /** A new connection to the test's database; the fixture closes it after the test. */
  open(options?: HeartbeatOptions): Storage & { close(): void };
  /** The test database's storage URL. */
  url(): string;
}

/** Declares the shared cases (call inside a `describe`); `fixture` is read when each case runs. */
export function sharedStorageBehaviour(fixture: () => SharedStorageFixture): void {
  it('keeps studies and trials across reconnecting, non-finite numbers included', () => {
    const writer = fixture().open();
    const studyId = writer.createStudy('s', ['minimize', 'maximize']);
    writer.setStudyUserAttr(studyId, 'dataset', { name: 'mnist', size: 60000 });
    const { trialId } = writer.createTrial(studyId, { state: 'RUNNING', userAttrs: { note: 'first' } });
    writer.setTrialParam(trialId, 'lr', 0.01, floatDistribution(1e-5, 1, { log: true }));
    writer.setTrialParam(trialId, 'layers', 3, intDistribution(1, 4));
    writer.setTrialParam(trialId, 'opt', 1, categoricalDistribution(['sgd', 'adam']));
    writer.setTrialIntermediateValue(trialId, 2, Number.NaN);
    writer.setTrialIntermediateValue(trialId, 1, Number.POSITIVE_INFINITY);
    writer.setTrialSystemAttr(trialId, 'failReason', null);
    expect(writer.setTrialStateValues(trialId, 'COMPLETE', [Number.NEGATIVE_INFINITY, 0.5])).toBe(true);
    const written = writer.getTrial(trialId);
    writer.close();

    const reader = fixture().open();
    expect(reader.findStudyId('s')).toBe(studyId);
    expect(reader.getStudyDirections(studyId)).toEqual(['minimize', 'maximize']);
    expect(reader.getStudyUserAttrs(studyId)).toEqual({ dataset: { name: 'mnist', size: 60000 } });
    const read = reader.getTrial(trialId);
    expect(read.toRecord()).toEqual(written.toRecord());
    expect(read.params).toEqual({ lr: 0.01, layers: 3, opt: 'adam' });
    expect([...read.intermediateValues]).toEqual([
      [2, Number.NaN],
      [1, Number.POSITIVE_INFINITY],
    ]);
    expect(read.values).toEqual([Number.NEGATIVE_INFINITY, 0.5]);
  });

  it('runs a study given as a URL and resumes it', async () => {
    const url = fixture().url();
    const study = createStudy({ storage: url, studyName: 'quadratic', sampler: new TPESampler({ seed: 1 }) });
    const objective = (trial: Trial) => (trial.suggestFloat('x', -3, 3) - 1) ** 2;
    await study.optimize(objective, { nTrials: 12 });
    const resumed = createStudy({ storage: url, studyName: 'quadratic', loadIfExists: true });
    expect(resumed.trials.map((trial) => trial.toRecord())).toEqual(study.trials.map((trial) => trial.toRecord()));
    await resumed.optimize(objective, { nTrials: 3 });
    expect(loadStudy({ storage: url, studyName: 'quadratic' }).trials.map((trial) => trial.number)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
    expect(() => createStudy({ storage: url, studyName: 'quadratic' })).toThrow(DuplicatedStudyError);
    expect(() => loadStudy({ storage: url, studyName: 'other' })).toThrow(StudyNotFoundError);
    deleteStudy({ storage: url, studyName: 'quadratic' });
    expect(() => loadStudy({ storage: url, studyName: 'quadratic' })).toThrow(StudyNotFoundError);
    expect(fixture().open().createStudy('quadratic', ['minimize'])).toBeGreaterThan(study.studyId);
  });

  it('numbers trials and hands out claims once across connections', () => {
    const first = fixture().open();
    const second = fixture().open();
    const studyId = first.createStudy('s', ['minimize']);
    first.createTrial(studyId, { state: 'WAITING' });
    const claim = { key: 'gridId', candidates: [0, 1, 2] };
    const claimed = [
      first.createTrialClaiming(studyId, claim),
      second.createTrialClaiming(studyId, claim),
      first.createTrialClaiming(studyId, claim),
    ].map((trial) => trial?.systemAttrs.gridId);
    expect(claimed).toEqual([0, 1, 2]);
    expect(second.createTrialClaiming(studyId, claim)).toBeUndefined();
    expect(second.claimWaitingTrial(studyId)?.number).toBe(0);
    expect(first.claimWaitingTrial(studyId)).toBeUndefined();
    expect(first.getAllTrials(studyId).map((trial) => trial.number)).toEqual([0, 1, 2, 3]);
  });

  it('refuses changes to finished trials, as told by any connection', () => {
    const first = fixture().open();
    const second = fixture().open();
    const studyId = first.createStudy('s', ['minimize']);
    const { trialId } = first.createTrial(studyId, { state: 'RUNNING' });
    expect(second.setTrialStateValues(trialId, 'COMPLETE', [1])).toBe(true);
    expect(first.setTrialStateValues(trialId, 'FAIL', null)).toBe(false);
    expect(() => first.setTrialIntermediateValue(trialId, 0, 1)).toThrow(/trial 0 has already finished \(COMPLETE\)/);
    expect(() => first.getTrial(99)).toThrow('no trial with id 99');
    expect(() => first.getAllTrials(7)).toThrow(StudyNotFoundError);
  });

  it('fails RUNNING trials whose heartbeat is older than the grace period', async () => {
    const watched = fixture().open({ heartbeatInterval: 0.05, gracePeriod: 0.3 });
    const unwatched = fixture().open();
    const studyId = watched.createStudy('s', ['minimize']);
    const dead = watched.createTrial(studyId, { state: 'RUNNING' });
    const alive = watched.createTrial(studyId, { state: 'RUNNING' });
    const untracked = unwatched.createTrial(studyId, { state: 'RUNNING' });
    const stopHeartbeat = watched.startHeartbeat?.(alive.trialId) as () => void;
    // The heartbeat thread beats even while this thread is blocked, as by a synchronous objective.
    const blockedUntil = performance.now() + 600;
    while (performance.now() < blockedUntil);
    expect(watched.failStaleTrials?.(studyId).map((trial) => trial.trialId)).toEqual([dead.trialId]);
    stopHeartbeat();
    expect(watched.getTrial(dead.trialId).failReason).toMatch(/no heartbeat for 0.3 s/);
    expect(watched.getTrial(alive.trialId).state).toBe('RUNNING');
    expect(watched.getTrial(untracked.trialId).state).toBe('RUNNING');
    expect(unwatched.failStaleTrials?.(studyId)).toEqual([]);
    await sleep(400);
    expect(watched.failStaleTrials?.(studyId).map((trial) => trial.trialId)).toEqual([alive.trialId]);
  });
}
