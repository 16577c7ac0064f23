import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedStorageBehaviour } from '../../test/sql-storage-behaviour.js';
import { categoricalDistribution, floatDistribution } from '../distributions.js';
import { GridSampler } from '../samplers/grid-sampler.js';
import { createStudy } from '../study.js';
import { SyncPostgresConnection } from './postgres-connection.js';
import { PostgresStorage, type PostgresStorageOptions, SCHEMA_VERSION_TABLE } from './postgres-storage.js';
import { createTestDatabase, startTestPostgres } from './postgres-test-server.js';
import { storageFromUrl } from './storage-url.js';

const server = await startTestPostgres();
const skipReason = 'skipReason' in server ? server.skipReason : undefined;
if (skipReason) console.warn(`PostgresStorage tests skipped: ${skipReason}`);
afterAll(() => {
  if (!('skipReason' in server)) server.stop();
});

let database: ReturnType<typeof createTestDatabase>;
const opened: PostgresStorage[] = [];
function open(options?: PostgresStorageOptions): PostgresStorage {
  const storage = new PostgresStorage(database.url, options);
  opened.push(storage);
  return storage;
}

describe.skipIf(skipReason !== undefined)(`PostgresStorage${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeEach(() => {
    if (!('skipReason' in server)) database = createTestDatabase(server);
  });
  afterEach(() => {
    for (const storage of opened.splice(0)) storage.close();
    database.drop();
  });

  sharedStorageBehaviour(() => ({ open, url: () => database.url }));

  it('reads its own running trials from memory exactly as the server has them', () => {
    const owner = open();
    const other = open();
    const studyId = owner.createStudy('s', ['minimize']);
    const { trialId } = owner.createTrial(studyId, { state: 'RUNNING', userAttrs: { note: 'first' } });
    owner.setTrialParam(trialId, 'x', 0.5, floatDistribution(0, 1));
    owner.setTrialParam(trialId, 'x', 0.25, floatDistribution(0, 1));
    owner.setTrialParam(trialId, 'kind', 0, categoricalDistribution(['a', 'b']));
    for (const [step, value] of [
      [3, 0.9],
      [1, Number.NaN],
      [3, 0.7],
    ])
      owner.setTrialIntermediateValue(trialId, step, value);
    owner.setTrialUserAttr(trialId, 'note', 'second');
    owner.setTrialSystemAttr(trialId, 'gridId', 4);
    expect(owner.getTrial(trialId).toRecord()).toEqual(other.getTrial(trialId).toRecord());
    expect([...owner.getTrial(trialId).intermediateValues]).toEqual([
      [3, 0.7],
      [1, Number.NaN],
    ]);
    // Failed by another worker (its heartbeat stopped): the owner's next write is refused.
    expect(other.setTrialStateValues(trialId, 'FAIL', null)).toBe(true);
    expect(() => owner.setTrialParam(trialId, 'y', 1, floatDistribution(0, 1))).toThrow('already finished (FAIL)');
    expect(owner.setTrialStateValues(trialId, 'COMPLETE', [1])).toBe(false);
    expect(owner.getTrial(trialId).state).toBe('FAIL');
  });

  it('creates the schema once, records its version and refuses a newer one', () => {
    const storages = [open(), open()];
    const admin = new SyncPostgresConnection(database.url);
    try {
      expect(admin.query(`SELECT version FROM ${SCHEMA_VERSION_TABLE}`)).toEqual([[PostgresStorage.schemaVersion]]);
      const studyId = storages[0].createStudy('kept', ['minimize']);
      expect(open().findStudyId('kept')).toBe(studyId);
      admin.query(`UPDATE ${SCHEMA_VERSION_TABLE} SET version = version + 1`);
      expect(() => open()).toThrow(/schema version 2, newer than the 1 this @hw7\/hpo knows/);
    } finally {
      admin.close();
    }
  });

  it("fails a dead worker's trial and enqueues it again, holding its grid point, up to maxRetries times", async () => {
    const options = { heartbeatInterval: 0.05, gracePeriod: 0.2, maxRetries: 1 };
    const storage = open(options);
    const study = createStudy({
      storage,
      studyName: 'grid',
      sampler: new GridSampler({ x: [1, 2], kind: ['a', 'b'] }, { seed: 3 }),
    });
    // A worker that dies after its parameters were sampled: its trial stays RUNNING, its heartbeat stops.
    const dying = study.ask();
    const params = { kind: dying.suggestCategorical('kind', ['a', 'b']), x: dying.suggestInt('x', 1, 2) };
    await new Promise((resolve) => setTimeout(resolve, 400));
    const [failed] = storage.failStaleTrials(study.studyId);
    expect(failed.number).toBe(dying.number);
    expect(failed.state).toBe('FAIL');
    const retry = storage.getAllTrials(study.studyId, ['WAITING']);
    expect(retry).toHaveLength(1);
    expect(retry[0].systemAttrs).toMatchObject({
      gridId: failed.systemAttrs.gridId,
      fixedParams: params,
      retryOf: failed.number,
      retries: 1,
    });
    // The remaining grid points and the retry run once each; the retry evaluates the dead worker's point.
    await study.optimize(
      (trial) => trial.suggestInt('x', 1, 2) * (trial.suggestCategorical('kind', ['a', 'b']) === 'a' ? 1 : 10),
    );
    const complete = study.getTrials(['COMPLETE']);
    expect(complete.map((trial) => `${trial.params.x}${trial.params.kind}`).sort()).toEqual(['1a', '1b', '2a', '2b']);
    // A retry that goes stale again is failed but not retried a second time.
    const again = storage.createTrial(study.studyId, { state: 'RUNNING', systemAttrs: { retries: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(storage.failStaleTrials(study.studyId).map((trial) => trial.trialId)).toEqual([again.trialId]);
    expect(storage.getAllTrials(study.studyId, ['WAITING'])).toEqual([]);
  });

  it('explains invalid arguments and unreachable servers', () => {
    expect(() => new PostgresStorage('mysql://db')).toThrow("PostgreSQL URL must look like 'postgresql://");
    expect(() => new PostgresStorage(database.url, { maxRetries: 1 })).toThrow('it needs a heartbeatInterval');
    expect(() => new PostgresStorage(database.url, { maxRetries: -1 })).toThrow('maxRetries must be an integer >= 0');
    expect(() => new PostgresStorage(database.url, { gracePeriod: 5 })).toThrow(
      'gracePeriod needs a heartbeatInterval',
    );
    expect(() => storageFromUrl('sqlite:///x.db', { maxRetries: 1 })).toThrow('needs a postgresql:// storage');
    expect(() => storageFromUrl('mysql://db')).toThrow("or 'postgresql://user@host:5432/database'; got 'mysql://db'");
    expect(() => new PostgresStorage('postgresql://nobody:secret@127.0.0.1:1/none')).toThrow(
      /PostgreSQL \(postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none\): .*ECONNREFUSED/,
    );
  });
});
