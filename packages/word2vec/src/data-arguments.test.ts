import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCorpusArguments, corpusFiles, evaluationFile } from './data-arguments.js';

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
      'no such file or directory, nor a shipped corpus (--corpus "novels/*.txt"): a text file, a directory of .txt or .txt.gz files, or eltec',
    );
    await expect(corpusFiles([join(directory, 'empty')])).rejects.toThrow(
      `the directory has no text files (--corpus ${JSON.stringify(join(directory, 'empty'))}): a directory holding .txt or .txt.gz files`,
    );
    // huliu is shipped, but it is a table, not text to train on.
    await expect(corpusFiles(['huliu'])).rejects.toThrow('nor a shipped corpus (--corpus "huliu")');
  });

  it('checkCorpusArguments refuses a device such as /dev/zero before any work (issue #24), and lists the paths', () => {
    expect(() => checkCorpusArguments(['/dev/zero'])).toThrow('is not a regular file (--corpus "/dev/zero"): a file');
    expect(checkCorpusArguments(['eltec', join(directory, 'c.txt')])).toEqual([
      {
        subject: `--corpus ${JSON.stringify(join(directory, 'c.txt'))}`,
        path: join(directory, 'c.txt'),
        rule: { role: 'input', kind: 'file' },
      },
    ]);
  });
});

describe('evaluationFile (hw7-word2vec eval)', () => {
  it('takes a file as it is, or wordsim353 for the shipped pairs', async () => {
    expect(await evaluationFile(join(directory, 'c.txt'))).toBe(join(directory, 'c.txt'));
    expect(await evaluationFile('wordsim353')).toEqual((await datasetFiles('wordsim353'))[0]);
    await expect(evaluationFile('simlex999')).rejects.toThrow(
      'no such file, nor a shipped evaluation set ("simlex999"): a word-pair or analogy file, or wordsim353',
    );
    await expect(evaluationFile(directory)).rejects.toThrow(`is a directory (${JSON.stringify(directory)}): a file`);
  });
});
