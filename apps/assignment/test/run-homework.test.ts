import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectQuestions } from '../src/questions/registry.js';
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

describe('selectQuestions', () => {
  it('expands groups and keeps homework order', () => {
    expect(selectQuestions(['q8', 'nas']).map((q) => q.id)).toEqual(['q1', 'q2', 'q8']);
    expect(selectQuestions([])).toHaveLength(8);
  });

  it('names the known questions when one is unknown', () => {
    expect(() => selectQuestions(['q9'])).toThrow(/unknown question "q9" \(known: q1, .*nas/);
  });
});

describe('runHomework', () => {
  it('keeps the finished questions when one fails, and marks the failed and skipped ones', async () => {
    const run = await runHomework({ ...quiet, out, questions: fakeQuestions({ failing: 'q3', skipped: 'q7' }) });
    expect(run.failed.map((result) => result.id)).toEqual(['q3']);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.questions.q3).toMatchObject({ status: 'failed', reason: 'fake failure' });
    expect(results.questions.q7).toMatchObject({ status: 'skipped', reason: 'the fake data set is missing' });
    expect(results.questions.q8?.status).toBe('done');
    expect(results.questions.q8?.output?.metrics).toEqual({ loss: 0.5 });
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('fake failure');
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it('a later run of one question keeps the other questions’ results', async () => {
    await runHomework({ ...quiet, out, questions: fakeQuestions() });
    await runHomework({ ...quiet, out, seed: 5, questions: fakeQuestions().filter((q) => q.id === 'q6') });
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.questions.q6?.seed).toBe(5);
    expect(results.questions.q1).toMatchObject({ status: 'done', seed: 0 });
  });
});
