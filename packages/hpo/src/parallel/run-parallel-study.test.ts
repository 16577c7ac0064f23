// runParallelStudy's processes are exercised in test/parallel-processes.test.ts; here, what one
// worker does (in this process) and the argument checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStudy } from '../study.js';
import { runParallelStudy, runStudyWorker, type StudyWorkerConfig } from './run-parallel-study.js';

let directory: string;
let worker: StudyWorkerConfig;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hpo-worker-'));
  worker = {
    storage: `sqlite:///${join(directory, 'study.db')}`,
    studyName: 'quadratic',
    objectiveModule: new URL('../../test/fixtures/quadratic-objective.ts', import.meta.url).href,
    workerIndex: 1,
    nJobs: 2,
    nTrials: 3,
    catchErrors: false,
  };
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('runStudyWorker', () => {
  it("runs its share of trials of a SQLite study with the module's objective and sampler", async () => {
    const study = createStudy({ storage: worker.storage, studyName: 'quadratic' });
    await runStudyWorker(worker);
    await runStudyWorker({ ...worker, workerIndex: 0 });
    const values = study.trials.map((trial) => trial.value);
    expect(values).toHaveLength(6);
    // Seeded by worker index: the two workers drew different points.
    expect(new Set(values).size).toBe(6);
  });

  it('names a module without an objective and a missing study', async () => {
    createStudy({ storage: worker.storage, studyName: 'quadratic' });
    const notAnObjective = new URL('../../test/fixtures/busy-wait.ts', import.meta.url).href;
    await expect(runStudyWorker({ ...worker, objectiveModule: notAnObjective })).rejects.toThrow(
      /busy-wait\.ts must export a function named 'objective'; it exports \[busyWait\]/,
    );
    await expect(runStudyWorker({ ...worker, studyName: 'other' })).rejects.toThrow('no study named "other"');
  });
});

describe('runParallelStudy', () => {
  it('explains invalid arguments before starting any worker', async () => {
    const options = { storage: worker.storage, studyName: 's', objectiveModule: worker.objectiveModule };
    await expect(runParallelStudy({ ...options, nJobs: 0 })).rejects.toThrow('nJobs must be an integer >= 1; got 0');
    // Issue 24, case 8: worker counts were unbounded.
    await expect(runParallelStudy({ ...options, nJobs: 10_000 })).rejects.toThrow(
      `nJobs must be at most ${4 * availableParallelism()} (4 per core`,
    );
    await expect(runParallelStudy({ ...options, nJobs: 2, nTrials: 1.5 })).rejects.toThrow(
      'nTrials must be an integer >= 0; got 1.5',
    );
    await expect(runParallelStudy({ ...options, nJobs: 2, storage: 'memory' })).rejects.toThrow(
      "storage URL must look like 'sqlite:///<path to file>' or 'postgresql://user@host:5432/database'; got 'memory'",
    );
  });
});
