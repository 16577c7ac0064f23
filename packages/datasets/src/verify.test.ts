import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKSUMS_FILE, type DataFile } from './checksums.js';
import { SHIPPED_DATA_DIRECTORY } from './data-directory.js';
import { eltec, loadEltecNovels } from './datasets/eltec.js';
import { loadHuLiuReviews } from './datasets/huliu.js';
import { loadWordSim353, wordsim353 } from './datasets/wordsim353.js';
import { datasetFiles } from './registry.js';
import { DataFileError } from './verify.js';

// A copy of the shipped data (with the shipped checksums.json) that the tests damage.
let copy = '';
beforeEach(async () => {
  copy = await mkdtemp(join(tmpdir(), 'hw7-datasets-'));
  await cp(SHIPPED_DATA_DIRECTORY, copy, { recursive: true });
});
afterEach(async () => {
  await rm(copy, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<DataFileError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DataFileError);
  return error as DataFileError;
}

describe('verification against checksums.json', () => {
  it('a truncated file is named with its expected size and SHA-256', async () => {
    const file = join(copy, 'wordsim353.tsv');
    await truncate(file, 1000);
    const expected = wordsim353.files[0] as DataFile;
    const error = await failure(loadWordSim353({ dataDirectory: copy }));
    expect(error.message).toContain(file);
    expect(error.message).toContain('truncated or altered: 1000 bytes');
    expect(error.message).toContain(`expected ${expected.bytes}`);
    expect(error.message).toContain(expected.sha256);
    expect(error.path).toBe(file);
  });

  it('an altered byte of a gzipped novel (same size) is caught by its SHA-256 before any path is handed out', async () => {
    const entry = eltec.files[10] as DataFile;
    const file = join(copy, entry.path);
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] ^= 0xff;
    await writeFile(file, bytes);
    const error = await failure(datasetFiles('eltec', { dataDirectory: copy }));
    expect(error.message).toMatch(
      new RegExp(`^${file} is corrupt or altered: sha256 [0-9a-f]{64}, expected ${entry.sha256}`),
    );
  });

  it('a missing file of the corpus is named, and the check passes again once the file is back', async () => {
    const entry = eltec.files[0] as DataFile;
    await rm(join(copy, entry.path));
    const error = await failure(loadEltecNovels({ dataDirectory: copy }));
    expect(error.message).toContain(`${join(copy, entry.path)} is missing (expected`);
    expect(error.message).toContain(entry.sha256);
    expect(error.message).toContain(`dataDirectory "${copy}"`);
    await cp(join(SHIPPED_DATA_DIRECTORY, entry.path), join(copy, entry.path));
    expect(await datasetFiles('eltec', { dataDirectory: copy })).toHaveLength(99);
  });

  it('HW7_DATA_DIR points the loaders at another directory, and names it in errors', async () => {
    await truncate(join(copy, 'mtl', 'huliu_product_reviews.tsv'), 10);
    const previous = process.env.HW7_DATA_DIR;
    process.env.HW7_DATA_DIR = copy;
    try {
      const error = await failure(loadHuLiuReviews());
      expect(error.message).toContain(`HW7_DATA_DIR=${copy}`);
      // The explicit option wins over the environment.
      expect(await loadHuLiuReviews({ dataDirectory: SHIPPED_DATA_DIRECTORY })).toHaveLength(8194);
    } finally {
      if (previous === undefined) delete process.env.HW7_DATA_DIR;
      else process.env.HW7_DATA_DIR = previous;
    }
  });

  it('a directory without checksums.json is read as it is: the corpus is its .txt and .txt.gz files', async () => {
    await rm(join(copy, CHECKSUMS_FILE));
    const corpus = join(copy, 'corpus');
    await rm(corpus, { recursive: true });
    await cp(join(SHIPPED_DATA_DIRECTORY, 'corpus'), corpus, {
      recursive: true,
      filter: (source) => !source.endsWith('.gz') || source.includes('Arlen'),
    });
    await writeFile(join(corpus, 'mine.txt'), 'my own text\n');
    expect(await datasetFiles('eltec', { dataDirectory: copy })).toEqual([
      join(corpus, 'eltec-eng_ENG19201_Arlen.txt.gz'),
      join(corpus, 'mine.txt'),
    ]);
    // The loader insists on the metadata: mine.txt has no row in corpus/MANIFEST.tsv.
    await expect(loadEltecNovels({ dataDirectory: copy })).rejects.toThrow(
      `${join(corpus, 'MANIFEST.tsv')} has no row for mine.txt`,
    );
  });

  it('an empty corpus directory and a missing data directory are errors naming them', async () => {
    await rm(join(copy, CHECKSUMS_FILE));
    await rm(join(copy, 'corpus'), { recursive: true });
    await expect(datasetFiles('eltec', { dataDirectory: copy })).rejects.toThrow(
      `${join(copy, 'corpus')} has no .txt or .txt.gz files (ELTeC English novels); data directory: dataDirectory "${copy}"`,
    );
    const nowhere = join(copy, 'nowhere');
    await expect(datasetFiles('eltec', { dataDirectory: nowhere })).rejects.toThrow(
      `data directory ${nowhere} does not exist (dataDirectory "${nowhere}")`,
    );
  });
});
