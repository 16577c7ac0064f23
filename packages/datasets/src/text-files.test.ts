import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTextFileName, listTextFiles } from './text-files.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-text-files-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('listTextFiles', () => {
  it('lists the .txt and .txt.gz files at the top level, sorted, and nothing else', async () => {
    const names = ['b.txt.gz', 'MANIFEST.tsv', 'a.txt', 'C.TXT', '.hidden.txt', 'notes.md', 'archive.tar.gz'];
    for (const name of names) await writeFile(join(directory, name), '');
    await mkdir(join(directory, 'nested.txt'));
    await writeFile(join(directory, 'nested.txt', 'deep.txt'), '');
    expect(await listTextFiles(directory)).toEqual(['C.TXT', 'a.txt', 'b.txt.gz'].map((name) => join(directory, name)));
  });

  it('isTextFileName', () => {
    expect(['x.txt', 'x.txt.gz', 'X.Txt.GZ'].every(isTextFileName)).toBe(true);
    expect(['x.gz', 'x.tsv', '.x.txt', 'x.txt.bz2'].some(isTextFileName)).toBe(false);
  });
});
