import { datasetFiles } from '@hw7/datasets';
import { describe, expect, it } from 'vitest';
import { dataFile } from './data-argument.js';

describe('dataFile (hw7-mtl train --data)', () => {
  it('huliu is the shipped product reviews; a path stays as it is; anything else names the known tables', async () => {
    const [shipped] = await datasetFiles('huliu');
    expect(shipped).toMatch(/huliu_product_reviews\.tsv$/);
    expect(await dataFile('huliu')).toBe(shipped);
    expect(await dataFile(shipped as string)).toBe(shipped);
    await expect(dataFile('reviews.tsv')).rejects.toThrow(
      'no such file, nor a shipped data set (--data "reviews.tsv"): a .tsv or .csv file, or a shipped table: huliu',
    );
  });
});
