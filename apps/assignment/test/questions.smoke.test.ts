// Every question end to end on the tiny 'smoke' profile, against the packages as they are: an API
// change in a package breaks this test, not the next hour-long run. q3 and q7 read a small data
// directory written here; q4 and q8 score with a tiny classifier trained in seconds.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { huliu, SHIPPED_DATA_DIRECTORY, wordsim353 } from '@hw7/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionId } from '../src/questions/question.js';
import { selectQuestions, subQuestionIds } from '../src/questions/registry.js';
import { renderReport } from '../src/report/html.js';
import type { Results } from '../src/results.js';
import { runHomework } from '../src/run-homework.js';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hw7-smoke-'));
  data = join(root, 'data');
  // Every 8th opinion sentence of the reviews (about 470, all products and topics).
  const [header, ...rows] = (await readFile(join(SHIPPED_DATA_DIRECTORY, huliu.path), 'utf8')).trimEnd().split('\n');
  const opinions = rows.filter((row) => /\t(pos|neg)\t/.test(row)).filter((_, i) => i % 8 === 0);
  await mkdir(join(data, 'mtl'), { recursive: true });
  await writeFile(join(data, huliu.path), `${[header, ...opinions].join('\n')}\n`);
  // Two small novels of 13 words a line, beside the shipped WordSim-353.
  await mkdir(join(data, 'corpus'), { recursive: true });
  const line = 'the tiger and a cat book paper computer keyboard money cash king queen';
  for (const name of ['a.txt', 'b.txt']) {
    await writeFile(join(data, 'corpus', name), `${Array.from({ length: 40 }, () => line).join('\n')}\n`);
  }
  await cp(join(SHIPPED_DATA_DIRECTORY, wordsim353.path), join(data, wordsim353.path));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const QUESTIONS: QuestionId[] = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'];

describe('every question on the smoke profile', () => {
  it('runs, and its answers read its results', async () => {
    const out = join(root, 'out');
    const run = await runHomework({
      questions: selectQuestions(QUESTIONS),
      profile: 'smoke',
      seed: 0,
      backend: 'wasm',
      out,
      dataDirectory: data,
      log: () => {},
    });
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    for (const id of QUESTIONS) {
      const result = results.questions[id];
      expect(result?.reason, id).toBeUndefined();
      expect(result?.status, id).toBe('done');
    }
    expect(run.failed).toEqual([]);
    const html = await renderReport(results, out);
    expect(html).not.toContain('could not be built from results.json');
    expect(html).not.toContain('Figure missing');
    for (const id of subQuestionIds().filter((sub) => QUESTIONS.some((q) => sub.startsWith(q)))) {
      expect(html).toContain(`id="answer-${id}"`);
    }
  }, 600_000);
});
