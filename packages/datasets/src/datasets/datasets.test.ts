import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, DATASETS, datasetFiles } from '../registry.js';
import { eltec, loadEltecNovels } from './eltec.js';
import { huliu, loadHuLiuReviews } from './huliu.js';
import { loadWordSim353, wordsim353 } from './wordsim353.js';

const countBy = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((counts, item) => {
    counts[key(item)] = (counts[key(item)] ?? 0) + 1;
    return counts;
  }, {});

describe('the shipped data sets match the counts their manifests state', () => {
  it('huliu: 8,194 sentences of 14 products in 7 categories; pos 2415 / neg 1371 / none 4388 / mixed 20', async () => {
    const rows = await loadHuLiuReviews();
    expect(rows).toHaveLength(huliu.counts.rows);
    expect(new Set(rows.map((row) => row.product)).size).toBe(huliu.counts.products);
    expect(new Set(rows.map((row) => row.category)).size).toBe(huliu.counts.categories);
    const { pos, neg, none, mixed } = huliu.counts;
    expect(countBy(rows, (row) => row.sentiment)).toEqual({ pos, neg, none, mixed });
    // mtl/MANIFEST.md: opinion rows (pos + neg) by category.
    const opinions = rows.filter((row) => row.sentiment === 'pos' || row.sentiment === 'neg');
    expect(countBy(opinions, (row) => row.category)).toEqual({
      mp3_player: 1328,
      camera: 694,
      phone: 624,
      router: 382,
      dvd_player: 342,
      baby_product: 212,
      software: 204,
    });
    // The label is the sign of the summed aspect scores.
    expect(rows.every((row) => (row.sentiment === 'pos') === row.scoreSum > 0)).toBe(true);
  });

  it('wordsim353: 353 pairs, the first "love sex 6.77", scores within 0-10', async () => {
    const pairs = await loadWordSim353();
    expect(pairs).toHaveLength(wordsim353.counts.pairs);
    expect(pairs[0]).toEqual({ word1: 'love', word2: 'sex', score: 6.77 });
    expect(pairs.every((pair) => pair.score >= 0 && pair.score <= 10)).toBe(true);
  });

  it('eltec: 99 novels of 11,424,420 words; a novel has as many words as its manifest row says', async () => {
    const novels = await loadEltecNovels();
    expect(novels).toHaveLength(eltec.counts.novels);
    expect(novels.reduce((sum, novel) => sum + novel.words, 0)).toBe(eltec.counts.words);
    expect(novels.map((novel) => novel.path)).toEqual(await datasetFiles('eltec'));
    const shortest = novels.reduce((a, b) => (a.words <= b.words ? a : b));
    let words = 0;
    for await (const line of createInterface({ input: createReadStream(shortest.path).pipe(createGunzip()) })) {
      words += line.split(/\s+/).filter(Boolean).length;
    }
    expect(words).toBe(shortest.words);
    expect(novels.filter((novel) => novel.year === null)).toHaveLength(1);
    expect(novels.every((novel) => novel.licence.startsWith('text public domain'))).toBe(true);
  });

  it('every descriptor has its files, a licence and a citation; the registry knows them by name', () => {
    expect(DATASET_NAMES).toEqual(['eltec', 'huliu', 'wordsim353']);
    for (const name of DATASET_NAMES) {
      const dataset = DATASETS[name];
      expect(dataset.name).toBe(name);
      expect(dataset.files.length).toBeGreaterThan(0);
      expect(dataset.bytes).toBe(dataset.files.reduce((sum, file) => sum + file.bytes, 0));
      expect(dataset.licence).not.toBe('');
      expect(dataset.citation).not.toBe('');
    }
    expect(eltec.files).toHaveLength(99);
  });

  it('an unknown name, or a name of another kind, lists the known ones', async () => {
    await expect(datasetFiles('wiki')).rejects.toThrow('no shipped data set "wiki"; known: eltec, huliu, wordsim353');
    await expect(datasetFiles('huliu', { kind: 'corpus' })).rejects.toThrow(
      'no shipped corpus data set "huliu"; known: eltec',
    );
  });
});
