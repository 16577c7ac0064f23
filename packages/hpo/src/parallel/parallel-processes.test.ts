// Several worker processes on one SQLite study: grid points are evaluated exactly once, and a
// worker killed mid-study loses nothing that had finished.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { objective as quadratic } from '../../test/fixtures/quadratic-objective.js';
import { loadStudy } from '../index.js';
import { runParallelStudy } from '../parallel.js';
import { RandomSampler } from '../samplers.js';
import { SqliteStorage } from '../storages.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hpo-parallel-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

describe('worker processes on one SQLite study', () => {
  it('evaluate every grid point exactly once with four processes', async () => {
    const file = join(directory, 'grid.db');
    const study = await runParallelStudy({
      storage: `sqlite:///${file}`,
      studyName: 'grid',
      objectiveModule: new URL('../../test/fixtures/grid-objective.ts', import.meta.url),
      nJobs: 4,
    });
    const trials = study.trials;
    expect(trials.map((trial) => trial.state)).toEqual(Array(24).fill('COMPLETE'));
    const points = trials.map((trial) => `${trial.params.x}/${trial.params.y}`);
    expect(new Set(points).size).toBe(24);
    const gridIds = trials.map((trial) => trial.systemAttrs.gridId as number).sort((a, b) => a - b);
    expect(gridIds).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // The processes really overlapped (the claim was contended).
    expect(new Set(trials.map((trial) => trial.userAttrs.pid)).size).toBeGreaterThan(1);
  });

  it('keep every finished trial when a worker is killed, and the study goes on', async () => {
    const file = join(directory, 'killed.db');
    const heartbeat = { heartbeatInterval: 0.2, gracePeriod: 1 };
    const pids: number[] = [];
    const run = runParallelStudy({
      storage: `sqlite:///${file}`,
      studyName: 'killed',
      objectiveModule: new URL('../../test/fixtures/quadratic-objective.ts', import.meta.url),
      nJobs: 2,
      nTrials: 30,
      ...heartbeat,
      onWorkerStart: ({ pid }) => pids.push(pid),
    });
    // Observed only once the kill is done; this keeps the early rejection from going unhandled.
    const settled = run.then(
      () => 'all workers succeeded',
      (error: Error) => error.message,
    );
    const observer = new SqliteStorage(file);
    const studyId = observer.findStudyId('killed') as number;
    await until(() => observer.getAllTrials(studyId, ['COMPLETE']).length >= 6, 'six trials have completed');

    const completedBeforeKill = observer.getAllTrials(studyId, ['COMPLETE']);
    process.kill(pids[0], 'SIGKILL');
    const killedAt = Date.now();
    expect(await settled).toMatch(/1 of 2 workers .* failed: worker 0 was killed by SIGKILL/);

    // Every trial that had completed is still there, unchanged.
    for (const before of completedBeforeKill) {
      const after = observer.getTrial(before.trialId);
      expect([after.state, after.values, after.params]).toEqual(['COMPLETE', before.values, before.params]);
    }
    // The killed worker's trial was left RUNNING at most; after the grace period it is failed by
    // the next worker to start a trial, and the study goes on.
    expect(observer.getAllTrials(studyId, ['RUNNING', 'FAIL']).length).toBeLessThanOrEqual(1);
    await sleep(Math.max(0, killedAt + 1_200 - Date.now()));
    const resumed = loadStudy({
      storage: new SqliteStorage(file, heartbeat),
      studyName: 'killed',
      sampler: new RandomSampler({ seed: 2 }),
    });
    const completeBeforeResume = resumed.getTrials(['COMPLETE']).length;
    await resumed.optimize(quadratic, { nTrials: 3 });
    expect(resumed.getTrials(['COMPLETE']).length).toBe(completeBeforeResume + 3);
    expect(resumed.getTrials(['RUNNING'])).toEqual([]);
    for (const failed of resumed.getTrials(['FAIL'])) expect(failed.failReason).toMatch(/no heartbeat for 1 s/);
    observer.close();
  });
});
