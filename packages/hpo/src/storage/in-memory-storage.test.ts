import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions.js';
import { InMemoryStorage } from './in-memory-storage.js';

describe('InMemoryStorage', () => {
  it('hands each waiting trial to one claimant, oldest first', () => {
    const storage = new InMemoryStorage();
    const studyId = storage.createStudy('s', ['minimize']);
    storage.createTrial(studyId, { state: 'WAITING', systemAttrs: { fixedParams: { x: 1 } } });
    storage.createTrial(studyId, { state: 'WAITING' });
    expect(storage.claimWaitingTrial(studyId)?.number).toBe(0);
    expect(storage.claimWaitingTrial(studyId)?.number).toBe(1);
    expect(storage.claimWaitingTrial(studyId)).toBeUndefined();
  });

  it('keeps snapshots immutable and refuses changes to finished trials', () => {
    const storage = new InMemoryStorage();
    const studyId = storage.createStudy('s', ['minimize']);
    const before = storage.createTrial(studyId, { state: 'RUNNING' });
    storage.setTrialParam(before.trialId, 'x', 0.5, floatDistribution(0, 1));
    expect(before.params).toEqual({});
    expect(storage.getTrial(before.trialId).params).toEqual({ x: 0.5 });
    expect(storage.setTrialStateValues(before.trialId, 'COMPLETE', [1])).toBe(true);
    expect(storage.setTrialStateValues(before.trialId, 'FAIL', null)).toBe(false);
    expect(() => storage.setTrialIntermediateValue(before.trialId, 0, 1)).toThrow(/already finished/);
  });

  it('round-trips trial records through JSON', () => {
    const storage = new InMemoryStorage();
    const studyId = storage.createStudy('s', ['minimize']);
    const { trialId } = storage.createTrial(studyId, { state: 'RUNNING' });
    storage.setTrialParam(trialId, 'x', 0.25, floatDistribution(0, 1, { step: 0.25 }));
    storage.setTrialIntermediateValue(trialId, 3, 0.1);
    const record = storage.getTrial(trialId).toRecord();
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});
