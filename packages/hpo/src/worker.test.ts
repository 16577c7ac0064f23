// Eight `hw7-hpo worker` processes on one PostgreSQL study of a 64-point grid, two of them killed
// mid-trial: every point is evaluated exactly once, the dead workers' trials are failed after the
// grace period and run again by the survivors, and no completed trial is lost.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from './storage/postgres-storage.js';
import { createTestDatabase, startTestPostgres } from './storage/postgres-test-server.js';
import { loadStudy } from './study.js';
import { runWorker } from './worker.js';

const server = await startTestPostgres();
const skipReason = 'skipReason' in server ? server.skipReason : undefined;
if (skipReason) console.warn(`distributed worker tests skipped: ${skipReason}`);
afterAll(() => {
  if (!('skipReason' in server)) server.stop();
});

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const OBJECTIVE = fileURLToPath(new URL('../test/fixtures/grid-worker-objective.ts', import.meta.url));
const WORKERS = 8;
const KILLED = 2;

interface Worker {
  child: ChildProcess;
  lines: string[];
  exit: Promise<string>;
}

function startWorker(url: string, index: number): Worker {
  const args = ['worker', '--storage', url, '--study', 'grid64', '--objective', OBJECTIVE];
  args.push(
    '--heartbeat-interval',
    '0.2',
    '--grace-period',
    '1',
    '--max-retries',
    '1',
    '--worker-index',
    String(index),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, HW7_HPO_TRIAL_MS: '300' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
  });
  const exit = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
  );
  return { child, lines, exit };
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

describe('runWorker', () => {
  it('creates or joins the study and runs its share; a later worker finishes the grid', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hpo-worker-'));
    try {
      const storage = `sqlite:///${join(directory, 'grid.db')}`;
      const options = { storage, studyName: 'grid', objectiveModule: OBJECTIVE };
      const first = await runWorker({ ...options, nTrials: 10, directions: ['minimize'] });
      expect(first.finished).toEqual({ COMPLETE: 10, PRUNED: 0, FAIL: 0 });
      const rest = await runWorker({ ...options, heartbeatInterval: 0.1 });
      expect(rest.finished.COMPLETE).toBe(54);
      const points = loadStudy({ storage, studyName: 'grid' }).trials.map(
        (trial) => `${trial.params.x},${trial.params.y}`,
      );
      expect(new Set(points).size).toBe(64);
      await expect(runWorker({ ...options, directions: ['maximize'] })).rejects.toThrow(
        'study "grid" exists with directions [minimize], not [maximize]',
      );
      await expect(runWorker({ ...options, objective: () => 0 })).rejects.toThrow(
        'runWorker needs exactly one of objectiveModule and objective',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipReason !== undefined)(`hw7-hpo worker${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('8 processes evaluate a 64-point grid exactly once; 2 killed mid-trial lose nothing', async () => {
    if ('skipReason' in server) return;
    const database = createTestDatabase(server);
    const watcher = new PostgresStorage(database.url);
    const workers = Array.from({ length: WORKERS }, (_, index) => startWorker(database.url, index));
    try {
      const byPid = new Map(workers.map((worker) => [worker.child.pid, worker]));
      const studyId = await until(() => watcher.findStudyId('grid64'), 'a worker created the study');
      // Two different workers, each caught in the middle of a trial (its busy objective).
      const victims = await until(() => {
        const running = watcher
          .getAllTrials(studyId, ['RUNNING'])
          .filter((trial) => byPid.has(trial.userAttrs.pid as number));
        const pids = [...new Set(running.map((trial) => trial.userAttrs.pid as number))];
        return pids.length >= KILLED ? pids.slice(0, KILLED) : undefined;
      }, `${KILLED} workers were running trials`);
      for (const pid of victims) byPid.get(pid)?.child.kill('SIGKILL');

      const exits = await Promise.all(workers.map((worker) => worker.exit));
      expect(exits.filter((exit) => exit === 'SIGKILL')).toHaveLength(KILLED);
      expect(exits.filter((exit) => exit === 'code 0')).toHaveLength(WORKERS - KILLED);

      const trials = watcher.getAllTrials(studyId);
      const failed = trials.filter((trial) => trial.state === 'FAIL');
      const complete = trials.filter((trial) => trial.state === 'COMPLETE');
      // Nothing stuck: the killed workers' trials were failed for their stale heartbeat...
      expect(trials.filter((trial) => trial.state !== 'COMPLETE' && trial.state !== 'FAIL')).toEqual([]);
      expect(failed.map((trial) => trial.userAttrs.pid).sort()).toEqual([...victims].sort());
      for (const trial of failed) expect(trial.failReason).toMatch(/no heartbeat for 1 s/);
      // ...and run again by a survivor: every grid point completed exactly once.
      const points = complete.map((trial) => `${trial.params.x},${trial.params.y}`);
      expect(new Set(points).size).toBe(64);
      expect(complete).toHaveLength(64);
      expect(trials).toHaveLength(64 + failed.length);
      expect(
        complete.filter((trial) => trial.systemAttrs.retryOf !== undefined).map((trial) => trial.systemAttrs.retryOf),
      ).toEqual(expect.arrayContaining(failed.map((trial) => trial.number)));
      for (const trial of complete)
        expect(trial.value).toBe((trial.params.x as number) * 8 + (trial.params.y as number));
      // Every trial a worker reported as complete (the killed ones too) is in the study as it was reported.
      const reported = workers.flatMap((worker) => worker.lines.filter((line) => line.includes('"state":"COMPLETE"')));
      expect(reported).toHaveLength(64);
      for (const line of reported) {
        const { number, values } = JSON.parse(line) as { number: number; values: number[] };
        expect(trials[number].values).toEqual(values);
      }
      expect(new Set(complete.map((trial) => trial.userAttrs.pid)).size).toBeGreaterThan(KILLED);
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
      watcher.close();
      database.drop();
    }
  }, 180_000);
});
