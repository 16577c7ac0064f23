// q7 (and q3) read their data through @hw7/datasets: --data-dir points them at other files, and a
// damaged file fails the question with a message naming it instead of skipping it.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_DATA_DIRECTORY, wordsim353, writeChecksums } from '@hw7/datasets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Q7Metrics, q7Word2vec } from '../src/questions/q7-word2vec.js';
import type { Results } from '../src/results.js';
import { runHomework } from '../src/run-homework.js';

let root: string;
let data: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hw7-data-'));
  data = join(root, 'data');
  // A small corpus of 2 x 38 lines of 13 words beside the shipped WordSim-353.
  await mkdir(join(data, 'corpus'), { recursive: true });
  // 13 words that make 7 WordSim-353 pairs (tiger-cat, tiger-tiger, book-paper, computer-keyboard,
  // king-queen, and money-cash, which WordSim-353 lists twice).
  const line = 'the tiger and a cat book paper computer keyboard money cash king queen';
  for (const name of ['a.txt', 'b.txt']) {
    await writeFile(join(data, 'corpus', name), `${Array.from({ length: 38 }, () => line).join('\n')}\n`);
  }
  await cp(join(SHIPPED_DATA_DIRECTORY, wordsim353.path), join(data, wordsim353.path));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (dataDirectory: string) =>
  runHomework({
    questions: [q7Word2vec],
    profile: 'quick',
    seed: 0,
    backend: 'cpu',
    out: join(root, 'out'),
    dataDirectory,
    log: () => {},
  }).then(async () => JSON.parse(await readFile(join(root, 'out', 'results.json'), 'utf8')) as Results);

describe('the data of q7', () => {
  it('comes from --data-dir when it is given', async () => {
    const { q7 } = (await run(data)).questions;
    expect(q7?.reason).toBeUndefined();
    expect(q7?.status).toBe('done');
    const corpus = (q7?.completed?.output.metrics as Q7Metrics | undefined)?.corpus;
    expect(corpus?.files).toBe(2);
    expect(corpus?.rawWords).toBe(2 * 38 * 13);
    expect(corpus?.pairs).toBe(7);
  });

  it('a file that does not match its checksums fails the question, naming the file and its expected hash', async () => {
    const { files } = await writeChecksums(data);
    const expected = files.find((file) => file.path === 'corpus/b.txt');
    await writeFile(join(data, 'corpus', 'b.txt'), 'altered\n');
    const { q7 } = (await run(data)).questions;
    expect(q7?.status).toBe('failed');
    expect(q7?.reason).toContain(`${join(data, 'corpus', 'b.txt')} is truncated or altered`);
    expect(q7?.reason).toContain(expected?.sha256);
  });
});
