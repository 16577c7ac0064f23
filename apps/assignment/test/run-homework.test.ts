import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@hw7/tensor-utils/dev';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectQuestions, subQuestionIds } from '../src/questions/registry.js';
import type { Results } from '../src/results.js';
import { runHomework } from '../src/run-homework.js';
import { fakeQuestions } from './fake-questions.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'hw7-run-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

const quiet = { profile: 'quick', seed: 0, backend: 'cpu', log: () => {} } as const;
const readResults = async () => JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
const only = (id: string, options: Parameters<typeof fakeQuestions>[0] = {}) =>
  fakeQuestions(options).filter((question) => question.id === id);

describe('selectQuestions', () => {
  it('expands groups and keeps homework order', () => {
    expect(selectQuestions(['q8', 'nas']).map((q) => q.id)).toEqual(['q1', 'q2', 'q8']);
    expect(selectQuestions([])).toHaveLength(8);
  });

  it('names the known questions when one is unknown', () => {
    expect(() => selectQuestions(['q9'])).toThrow(/unknown question "q9" \(known: q1, .*nas/);
  });
});

describe('the sub-questions the report answers', () => {
  it('are the homework’s, numbered as in the homework', () => {
    expect(subQuestionIds()).toEqual([
      'q1a',
      'q1b',
      'q2',
      'q3a',
      'q3b',
      'q3c',
      'q3d',
      'q4a',
      'q4b',
      'q4c',
      'q4d',
      'q4e',
      'q5',
      'q6a',
      'q6b',
      'q6c',
      'q7',
      'q8',
    ]);
  });
});

describe('runHomework', () => {
  it('keeps the finished questions when one fails, and marks the failed and skipped ones', async () => {
    const run = await runHomework({ ...quiet, out, questions: fakeQuestions({ failing: 'q3', skipped: 'q7' }) });
    expect(run.failed.map((result) => result.id)).toEqual(['q3']);
    const results = await readResults();
    expect(results.questions.q3).toMatchObject({ status: 'failed', reason: 'fake failure' });
    expect(results.questions.q7).toMatchObject({ status: 'skipped', reason: 'the fake data set is missing' });
    expect(results.questions.q8?.status).toBe('done');
    expect(results.questions.q8?.completed?.output.metrics).toEqual({ loss: 0.5 });
    // Nothing of the failed question is left on disk: no folder, no staging folder.
    expect(existsSync(join(out, 'q3'))).toBe(false);
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('fake failure');
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it('a later run of one question keeps the other questions’ results', async () => {
    await runHomework({ ...quiet, out, questions: fakeQuestions() });
    await runHomework({ ...quiet, out, seed: 5, questions: only('q6') });
    const results = await readResults();
    expect(results.questions.q6?.completed?.seed).toBe(5);
    expect(results.questions.q1).toMatchObject({ status: 'done', completed: { seed: 0 } });
  });
});

describe('a rerun keeps the earlier results until it completes (issue #24)', () => {
  it('while it runs, the earlier numbers stay in results.json and its files stay in place', async () => {
    await runHomework({ ...quiet, out, questions: only('q1') });
    const seen: { status?: string; seed?: number; curve: boolean }[] = [];
    await runHomework({
      ...quiet,
      out,
      seed: 9,
      questions: only('q1', {
        during: async () => {
          const results = await readResults();
          seen.push({
            status: results.questions.q1?.status,
            seed: results.questions.q1?.completed?.seed,
            curve: existsSync(join(out, 'q1', 'curve.svg')),
          });
        },
      }),
    });
    expect(seen).toEqual([{ status: 'running', seed: 0, curve: true }]);
    expect((await readResults()).questions.q1?.completed?.seed).toBe(9);
  });

  it('a failed rerun keeps the earlier run’s numbers and files, and says it failed', async () => {
    await runHomework({ ...quiet, out, questions: only('q1') });
    await runHomework({ ...quiet, out, seed: 9, questions: only('q1', { failing: 'q1' }) });
    const q1 = (await readResults()).questions.q1;
    expect(q1).toMatchObject({ status: 'failed', reason: 'fake failure', completed: { seed: 0 } });
    expect(q1?.attempt?.seed).toBe(9);
    expect(existsSync(join(out, 'q1', 'curve.svg'))).toBe(true);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('The latest run failed: fake failure');
    expect(html).toContain('The results below are from the earlier run that completed.');
  });

  it('hw7 q1, then a run killed with SIGKILL during q1: q1’s figure and numbers survive', async () => {
    await runHomework({ ...quiet, out, questions: only('q1') });
    const started = join(out, 'started');
    const child = spawnHangingRun(out, started);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await waitFor(() => existsSync(started), 30_000);
      // Killed in the middle of q1's rerun: its staging folder exists, the earlier folder too.
      expect(existsSync(join(out, '.q1.partial', 'curve.svg'))).toBe(true);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      child.kill('SIGKILL');
    }
    expect(existsSync(join(out, 'q1', 'curve.svg'))).toBe(true);
    const killed = (await readResults()).questions.q1;
    expect(killed).toMatchObject({ status: 'running', completed: { seed: 0, output: { metrics: { loss: 0.5 } } } });
    // The next run reports the interruption, clears the staging folder and completes the rerun.
    await runHomework({ ...quiet, out, seed: 3, questions: only('q1') });
    expect((await readResults()).questions.q1).toMatchObject({ status: 'done', completed: { seed: 3 } });
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 60_000);
});

const HANGING_RUN = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hanging-run.ts');

/** A child process that reruns q1 into `out`, writes `started` from inside q1's run, then waits forever. */
function spawnHangingRun(outDirectory: string, started: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', HANGING_RUN, outDirectory, started], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
