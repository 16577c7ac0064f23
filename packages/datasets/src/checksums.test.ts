import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUMS_FILE, computeChecksums, readChecksums } from './checksums.js';
import { SHIPPED_DATA_DIRECTORY } from './data-directory.js';

describe('the shipped checksums.json', () => {
  it('lists exactly the files of data/ with their current sizes and SHA-256 (else run write-checksums)', async () => {
    const committed = JSON.parse(await readFile(join(SHIPPED_DATA_DIRECTORY, CHECKSUMS_FILE), 'utf8'));
    expect(await computeChecksums(SHIPPED_DATA_DIRECTORY)).toEqual(committed);
  });

  it('holds the 104 files copied from shared/data: 3 manifests, 99 novels, the reviews and WordSim-353', async () => {
    const checksums = await readChecksums(SHIPPED_DATA_DIRECTORY);
    const paths = checksums?.files.map((file) => file.path) ?? [];
    expect(paths).toHaveLength(104);
    expect(paths.filter((path) => path.endsWith('.txt.gz'))).toHaveLength(99);
    expect(paths).toEqual(
      expect.arrayContaining([
        'MANIFEST.md',
        'wordsim353.tsv',
        'mtl/MANIFEST.md',
        'mtl/huliu_product_reviews.tsv',
        'corpus/MANIFEST.tsv',
      ]),
    );
  });
});
