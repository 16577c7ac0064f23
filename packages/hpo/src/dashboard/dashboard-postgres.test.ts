// The dashboard on PostgreSQL: a read-only session sees the trials another connection writes, and
// the server refuses any write of its own. Runs against HW7_POSTGRES_URL or a throwaway server, as
// the PostgresStorage tests do, and skips saying why when there is neither.
import { afterAll, describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions.js';
import { PostgresStorage } from '../storage/postgres-storage.js';
import { createTestDatabase, startTestPostgres } from '../storage/postgres-test-server.js';
import { startDashboard } from './dashboard-server.js';

const server = await startTestPostgres();
const skipReason = 'skipReason' in server ? server.skipReason : undefined;
if (skipReason) console.warn(`dashboard PostgreSQL tests skipped: ${skipReason}`);
afterAll(() => {
  if (!('skipReason' in server)) server.stop();
});

describe.skipIf(skipReason !== undefined)('the dashboard on PostgreSQL', () => {
  it('shows the trials another connection writes, through a session that cannot write', async () => {
    if ('skipReason' in server) return;
    const database = createTestDatabase(server);
    const writer = new PostgresStorage(database.url);
    const dashboard = await startDashboard({ storage: database.url, port: 0 });
    try {
      const studyId = writer.createStudy('on-postgres', ['maximize']);
      const trialsUrl = new URL(`api/studies/${studyId}/trials`, dashboard.url);
      const read = async () =>
        (await (await fetch(trialsUrl)).json()) as {
          overview: { name: string; trials: number; best?: number; version: string };
          trials: { number: number; state: string; values: number[] }[];
        };
      expect((await read()).overview).toMatchObject({ name: 'on-postgres', trials: 0 });
      for (const value of [0.3, 0.9, 0.5]) {
        const trial = writer.createTrial(studyId, { state: 'RUNNING' });
        writer.setTrialParam(trial.trialId, 'x', value, floatDistribution(0, 1));
        writer.setTrialStateValues(trial.trialId, 'COMPLETE', [value]);
      }
      const after = await read();
      expect(after.overview).toMatchObject({ trials: 3, best: 0.9 });
      expect(after.trials.map((trial) => [trial.number, trial.state, trial.values])).toEqual([
        [0, 'COMPLETE', [0.3]],
        [1, 'COMPLETE', [0.9]],
        [2, 'COMPLETE', [0.5]],
      ]);
      const history = await fetch(new URL(`studies/${studyId}/plots/history.svg`, dashboard.url));
      expect((await history.text()).match(/<title>Trial \d+\n/g)).toHaveLength(3);

      const readOnly = new PostgresStorage(database.url, { readOnly: true });
      try {
        expect(readOnly.getAllStudies().map((study) => study.studyName)).toEqual(['on-postgres']);
        expect(() => readOnly.createStudy('written', ['minimize'])).toThrow(/read-only transaction/);
      } finally {
        readOnly.close();
      }
    } finally {
      await dashboard.close();
      writer.close();
      database.drop();
    }
  });

  it('refuses a database without the schema instead of creating it', () => {
    if ('skipReason' in server) return;
    const database = createTestDatabase(server);
    try {
      expect(() => new PostgresStorage(database.url, { readOnly: true })).toThrow(/schema version 0, not the \d+/);
    } finally {
      database.drop();
    }
  });
});
