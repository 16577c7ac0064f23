import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, evaluationFile } from './data-arguments.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'w2v-data-arguments-'));
  await mkdir(join(directory, 'books'));
  for (const name of ['b.txt.gz', 'a.txt', 'MANIFEST.tsv']) await writeFile(join(directory, 'books', name), '');
  await mkdir(join(directory, 'empty'));
  await writeFile(join(directory, 'c.txt'), '');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('corpusFiles (hw7-word2vec train --corpus)', () => {
  it('a directory gives its .txt and .txt.gz files by name; files keep the order given', async () => {
    const books = join(directory, 'books');
    expect(await corpusFiles([join(directory, 'c.txt'), books])).toEqual([
      join(directory, 'c.txt'),
      join(books, 'a.txt'),
      join(books, 'b.txt.gz'),
    ]);
  });

  it('eltec is the shipped corpus, verified', async () => {
    const shipped = await datasetFiles('eltec');
    expect(shipped).toHaveLength(99);
    expect(await corpusFiles(['eltec'])).toEqual(shipped);
  });

  it('a missing path, an empty directory and an unknown name are errors naming the argument', async () => {
    await expect(corpusFiles(['novels/*.txt'])).rejects.toThrow(
      '--corpus novels/*.txt: no such file or directory, nor a shipped corpus (known: eltec)',
    );
    await expect(corpusFiles([join(directory, 'empty')])).rejects.toThrow(
      `--corpus ${join(directory, 'empty')}: the directory has no .txt or .txt.gz files`,
    );
    // huliu is shipped, but it is a table, not text to train on.
    await expect(corpusFiles(['huliu'])).rejects.toThrow('nor a shipped corpus (known: eltec)');
  });
});

describe('evaluationFile (hw7-word2vec eval)', () => {
  it('takes a file as it is, or wordsim353 for the shipped pairs', async () => {
    expect(await evaluationFile(join(directory, 'c.txt'))).toBe(join(directory, 'c.txt'));
    expect(await evaluationFile('wordsim353')).toEqual((await datasetFiles('wordsim353'))[0]);
    await expect(evaluationFile('simlex999')).rejects.toThrow(
      'eval simlex999: no such file, nor a shipped evaluation set (known: wordsim353)',
    );
    await expect(evaluationFile(directory)).rejects.toThrow(`eval ${directory}: not a file`);
  });
});
