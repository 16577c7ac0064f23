// hw7-word2vec's command line, run as a user runs it (a child process): what --corpus accepts, and
// issue #24's cases: bad arguments and paths refused before any work in one line naming them
// (exit status 2), bad files in one line naming them (exit status 1), no stack trace without --debug.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runCommand } from '@hw7/tensor-utils/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  runCommand(CLI, args, { env: { ...process.env, ...env } });

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

/** Issue #24's T: `--dim 10 --epochs 1 --threads 1 --min-count 1`. */
const T = ['--dim', '10', '--epochs', '1', '--threads', '1', '--min-count', '1'];

const train = async (
  corpus: string[],
  env: NodeJS.ProcessEnv = {},
  out = join(directory, `v-${Math.random()}.txt`),
) => {
  const result = await run(['train', '--corpus', ...corpus, ...T, '--out', out], env);
  expect(result.stderr).not.toContain('hw7-word2vec:');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { rawWords: number; vocabulary: number; out: string };
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
});

describe('hw7-word2vec: bad arguments and paths, refused before any work (exit status 2)', () => {
  it.each<[string, (dir: string) => string[], (dir: string) => string]>([
    [
      'a missing corpus path',
      (dir) => ['train', '--corpus', join(dir, 'nowhere.txt')],
      (dir) =>
        `no such file or directory, nor a shipped corpus (--corpus ${JSON.stringify(join(dir, 'nowhere.txt'))}): a text file, a directory of .txt or .txt.gz files, or eltec`,
    ],
    [
      'paths without --corpus',
      (dir) => ['train', join(dir, 'c.txt')],
      () => 'missing (--corpus): --corpus PATH: the text to train on',
    ],
    [
      'issue 24, case 8: --threads 1000 (4.8 GB, 20-70x slower)',
      () => ['train', '--corpus', 'eltec', '--threads', '1000'],
      () =>
        `invalid value (--threads "1000"): an integer from 1 to ${4 * availableParallelism()} (4 per core; this machine has ${availableParallelism()})`,
    ],
    ['--sg and --cbow', () => ['train', '--corpus', 'eltec', '--sg', '--cbow'], () => 'both given (--sg and --cbow)'],
    [
      '--negative 0 without --hs',
      () => ['train', '--corpus', 'eltec', '--negative', '0'],
      () => 'nothing to train with (--negative 0): --negative 1 or more, or --hs',
    ],
    ['eval with two files', () => ['eval', 'a', 'b'], () => 'unexpected argument ("b")'],
    [
      'eval of an unknown name',
      (dir) => ['eval', 'simlex999', '--vectors', join(dir, 'c.txt')],
      () => 'no such file, nor a shipped evaluation set ("simlex999"): a word-pair or analogy file, or wordsim353',
    ],
  ])('%s', async (_, args, message) => {
    const result = await run(args(directory));
    expect(result.stderr).toContain(`hw7-word2vec: ${message(directory)}`);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.status).toBe(2);
  });

  it('issue 24, case 1: --out naming the corpus (or a file in a corpus directory, or a non-vectors file) keeps the data', async () => {
    const corpus = join(directory, 'my.txt');
    await writeFile(corpus, text(40, 6));
    const same = await run(['train', '--corpus', corpus, '--out', corpus, ...T]);
    expect(same.stderr).toBe(
      `hw7-word2vec: is also the input --corpus ${JSON.stringify(corpus)} (--out ${JSON.stringify(corpus)}): an output apart from every input, so no input is overwritten\n`,
    );
    expect(same.status).toBe(2);
    expect(await readFile(corpus, 'utf8')).toBe(text(40, 6));
    const books = join(directory, 'books');
    const inside = await run(['train', '--corpus', books, '--out', join(books, 'vectors.txt'), ...T]);
    expect(inside.stderr).toContain(`lies inside the input --corpus ${JSON.stringify(books)}`);
    const notes = join(books, 'notes.md');
    const other = await run(['train', '--corpus', corpus, '--out', notes, ...T]);
    expect(other.stderr).toBe(
      `hw7-word2vec: already exists and is not a word2vec vectors file (--out ${JSON.stringify(notes)}): a new path, or a vectors file to replace, so that no other data is overwritten\n`,
    );
    expect(await readFile(notes, 'utf8')).toBe('not part of the corpus');
  });

  it('issue 24, case 2: --corpus /dev/zero (a pass over it never ends) is refused as not a regular file', async () => {
    const result = await run(['train', '--corpus', '/dev/zero', ...T]);
    expect(result.stderr).toBe('hw7-word2vec: is not a regular file (--corpus "/dev/zero"): a file\n');
    expect(result.status).toBe(2);
  });
});

describe('hw7-word2vec: bad files, refused naming them (exit status 1)', () => {
  it('issue 24, case 8: a binary file as corpus', async () => {
    const binary = join(directory, 'image.png');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const result = await run(['train', '--corpus', binary, ...T, '--out', join(directory, 'never.txt')]);
    expect(result.stderr).toBe(
      `hw7-word2vec: is binary, not text (a NUL byte at offset 8) (--corpus ${JSON.stringify(binary)}): UTF-8 text files, plain or gzipped\n`,
    );
    expect(result.status).toBe(1);
    expect(readdirSync(directory)).not.toContain('never.txt');
  });

  it('issue 24, case 2: a corpus that is one line of 3 MB (over the 1 Mi characters read at once) trains on every word', async () => {
    const line = join(directory, 'one-line.txt');
    await writeFile(line, 'alpha beta gamma delta '.repeat(130_000));
    const { rawWords, vocabulary } = await train([line]);
    expect(rawWords).toBe(4 * 130_000);
    expect(vocabulary).toBe(4);
  });

  it('issue 24, case 4: junk as --vectors, in one line naming it; a stack trace only with --debug', async () => {
    const junk = join(directory, 'junk.bin');
    await writeFile(junk, 'not vectors at all\n');
    const plain = await run(['similar', 'cat', '--vectors', junk]);
    expect(plain.stderr).toBe(
      `hw7-word2vec: bad header "not vectors at all", expected '<count> <dim>' with dim > 0 (--vectors ${JSON.stringify(junk)}): a vectors file in the word2vec text or binary format\n`,
    );
    expect(plain.status).toBe(1);
    const debug = await run(['similar', 'cat', '--vectors', junk, '--debug']);
    expect(debug.stderr).toMatch(/FileError: .*bad header[\s\S]*\n {4}at /);
  });
});

describe('hw7-word2vec: issue 24, case 4 (wrong results with no error)', () => {
  it('eval reads a word-pair or an analogy file with a BOM as without it; vectors in text named .bin are read as text', async () => {
    await writeFile(join(directory, 'royals.txt'), 'king queen man woman prince princess boy girl\n'.repeat(20));
    const { out } = await train([join(directory, 'royals.txt')], {}, join(directory, 'royals.bin.txt'));
    const textNamedBin = join(directory, 'royals-text.bin');
    await writeFile(textNamedBin, await readFile(out));
    const pairs = 'king\tqueen\t8\nman\twoman\t8\nking\tgirl\t2\nboy\tprincess\t3\n';
    const questions = ': royals\nman woman king queen\nboy girl prince princess\n';
    const results: Record<string, unknown> = {};
    for (const [name, content] of Object.entries({ pairs, questions })) {
      for (const bom of ['', '\ufeff']) {
        const file = join(directory, `${name}${bom ? '-bom' : ''}.txt`);
        await writeFile(file, `${bom}${content}`);
        const result = await run(['eval', file, '--vectors', textNamedBin]);
        expect(result.stderr).toBe('');
        results[`${name}${bom}`] = JSON.parse(result.stdout);
      }
    }
    expect(results.pairs).toMatchObject({ pairs: 4, oovPairs: 0, oovRatio: 0 });
    expect(results['pairs\ufeff']).toEqual(results.pairs);
    expect(results.questions).toMatchObject({ questions: 2, sections: [{ section: 'royals' }] });
    expect(results['questions\ufeff']).toEqual(results.questions);
  });
});

describe('hw7-word2vec: issue 24, case 10 (files left behind)', () => {
  it('kill -9 while train writes its vectors leaves no partial output, and the next run removes the temporary file', async () => {
    const out = join(directory, 'killed');
    await mkdir(out);
    // 30,000 words x 50 values as text: a write of a few seconds to catch.
    const words = Array.from({ length: 30_000 }, (_, i) =>
      `w${i.toString(36)}`.replace(/\d/g, (d) => 'qrstuvwxyz'[+d]),
    );
    await writeFile(join(directory, 'many-words.txt'), words.join(' '));
    const settings = ['--dim', '50', '--epochs', '1', '--threads', '1', '--min-count', '1'];
    const corpus = join(directory, 'many-words.txt');
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      CLI,
      'train',
      '--corpus',
      corpus,
      ...settings,
      '--out',
      join(out, 'vectors.txt'),
    ]);
    let exited = false;
    const exit = new Promise((resolve) => child.on('exit', resolve)).then(() => {
      exited = true;
    });
    let temporary: string | undefined;
    while (temporary === undefined && !exited) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      temporary = readdirSync(out).find((name) => name.startsWith('.vectors.txt.tmp-'));
    }
    expect(temporary).toBeDefined();
    child.kill('SIGKILL');
    await exit;
    expect(await readdir(out)).toEqual([temporary]);

    await train([join(directory, 'c.txt')], {}, join(out, 'vectors.txt'));
    expect(await readdir(out)).toEqual(['vectors.txt']);
  });
});
