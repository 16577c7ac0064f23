import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedCorpusFiles } from './reference.js';

let shared = '';
beforeAll(async () => {
  shared = await mkdtemp(join(tmpdir(), 'hw7-shared-'));
});
afterAll(async () => {
  await rm(shared, { recursive: true, force: true });
});

describe('sharedCorpusFiles', () => {
  it('lists the corpus .txt.gz files by name and nothing else', async () => {
    expect(sharedCorpusFiles(shared)).toEqual([]);
    const corpus = join(shared, 'data', 'corpus');
    await mkdir(corpus, { recursive: true });
    for (const name of ['b.txt.gz', 'MANIFEST.tsv', 'a.txt.gz']) await writeFile(join(corpus, name), '');
    expect(sharedCorpusFiles(shared)).toEqual([join(corpus, 'a.txt.gz'), join(corpus, 'b.txt.gz')]);
  });
});
