import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
/** The exit status and stderr of a run expected to fail. */
const failure = (args: string[]) =>
  run(args).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

// Three small text files of 40, 60 and 30 words (one gzipped), and a data directory laid out like
// the shipped one whose corpus is two of them.
let directory = '';
const text = (words: number, seed: number) =>
  Array.from({ length: words / 10 }, (_, line) =>
    Array.from({ length: 10 }, (_, i) => `w${(line * 7 + i * 3 + seed) % 13}`).join(' '),
  ).join('\n');
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'w2v-cli-'));
  await mkdir(join(directory, 'books'));
  await writeFile(join(directory, 'books', 'a.txt'), text(40, 1));
  await writeFile(join(directory, 'books', 'b.txt.gz'), gzipSync(text(60, 2)));
  await writeFile(join(directory, 'books', 'notes.md'), 'not part of the corpus');
  await writeFile(join(directory, 'c.txt'), text(30, 3));
  await mkdir(join(directory, 'data', 'corpus'), { recursive: true });
  await writeFile(join(directory, 'data', 'corpus', 'x.txt'), text(40, 4));
  await writeFile(join(directory, 'data', 'corpus', 'y.txt'), text(30, 5));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const train = async (corpus: string[], env: NodeJS.ProcessEnv = {}) => {
  const out = join(directory, `vectors-${Math.random().toString(36).slice(2)}.txt`);
  const settings = ['--dim', '8', '--min-count', '1', '--epochs', '1', '--threads', '1', '--out', out];
  const { stdout } = await run(['train', '--corpus', ...corpus, ...settings], env);
  return JSON.parse(stdout) as { rawWords: number; vocabulary: number; out: string };
};

describe('hw7-word2vec train --corpus', () => {
  it('a directory: its .txt and .txt.gz files', async () => {
    expect((await train([join(directory, 'books')])).rawWords).toBe(100);
  });

  it("several paths after one --corpus (a shell glob's expansion), and --corpus repeated", async () => {
    const books = join(directory, 'books');
    expect((await train([join(books, 'a.txt'), join(books, 'b.txt.gz'), join(directory, 'c.txt')])).rawWords).toBe(130);
    const repeated = await train([join(books, 'a.txt'), '--corpus', join(directory, 'c.txt')]);
    expect(repeated.rawWords).toBe(70);
  });

  it('a shipped corpus by name, read from $HW7_DATA_DIR when it is set', async () => {
    expect((await train(['eltec'], { HW7_DATA_DIR: join(directory, 'data') })).rawWords).toBe(70);
  });

  it('eval wordsim353 scores on the shipped WordSim-353: 3 of its 353 pairs are in this vocabulary', async () => {
    await writeFile(join(directory, 'animals.txt'), 'love sex tiger cat tiger\ncat love sex tiger cat\n');
    const { out } = await train([join(directory, 'animals.txt')]);
    const { stdout } = await run(['eval', 'wordsim353', '--vectors', out]);
    // love-sex, tiger-cat and tiger-tiger.
    expect(JSON.parse(stdout)).toMatchObject({ pairs: 3, oovPairs: 350, skippedLines: 0 });
  });

  it('bad values fail before training with a message naming them', async () => {
    const missing = await failure(['train', '--corpus', join(directory, 'nowhere.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `hw7-word2vec: --corpus ${join(directory, 'nowhere.txt')}: no such file or directory, nor a shipped corpus (known: eltec)\n`,
    );
    const stray = await failure(['train', join(directory, 'c.txt')]);
    expect(stray.stderr).toContain(
      `train needs --corpus PATH... (files, directories or eltec) (got "${join(directory, 'c.txt')}" without it)`,
    );
    // Other commands still refuse extra arguments.
    expect((await failure(['eval', 'a', 'b'])).stderr).toContain('unexpected argument "b" for eval');
  });
});
