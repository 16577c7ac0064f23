import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whitespaceTokenizer } from '../tokenizer.js';
import { buildVocabulary } from './vocabulary.js';

const lines = (...text: string[]) => ({ lines: () => text });

describe('buildVocabulary', () => {
  it('counts words, most frequent first, ties in order of first appearance', async () => {
    const vocabulary = await buildVocabulary(lines('b a c', 'c b d', 'a e'), { minCount: 1 });
    expect(vocabulary.words).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(vocabulary.counts).toEqual([2, 2, 2, 1, 1]);
    expect(vocabulary.totalTokens).toBe(8);
    expect(vocabulary.keptTokens).toBe(8);
  });

  it('drops words below minCount and keeps at most maxVocab words', async () => {
    const corpus = lines('x x x y y z', 'x y w');
    const byCount = await buildVocabulary(corpus, { minCount: 2 });
    expect(byCount.words).toEqual(['x', 'y']);
    expect(byCount.totalTokens).toBe(9);
    expect(byCount.keptTokens).toBe(7);
    expect((await buildVocabulary(corpus, { minCount: 1, maxVocab: 2 })).words).toEqual(['x', 'y']);
  });

  it('uses the default tokenizer unless another is given', async () => {
    expect((await buildVocabulary(lines('The cat, the DOG.'), { minCount: 1 })).words).toEqual(['the', 'cat', 'dog']);
    const raw = await buildVocabulary(lines('The cat, the'), { minCount: 1, tokenizer: whitespaceTokenizer });
    expect(raw.words).toEqual(['The', 'cat,', 'the']);
  });

  it('rejects invalid options', async () => {
    await expect(buildVocabulary(lines('a'), { minCount: 0 })).rejects.toThrow(
      'buildVocabulary: minCount must be an integer >= 1, got 0',
    );
    await expect(buildVocabulary(lines('a'), { maxVocab: 1.5 })).rejects.toThrow('maxVocab must be an integer >= 1');
    await expect(buildVocabulary([] as string[])).rejects.toThrow('corpus must be a non-empty list of file paths');
    await expect(buildVocabulary({} as never)).rejects.toThrow('an object with a lines() method');
  });

  describe('files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'w2v-vocab-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads plain and gzip files (detected by content) one after the other', async () => {
      const plain = join(dir, 'a.txt');
      const gzipped = join(dir, 'b.data');
      await writeFile(plain, 'one two\ntwo\n');
      await writeFile(gzipped, gzipSync('two three\n'));
      const vocabulary = await buildVocabulary([plain, gzipped], { minCount: 1 });
      expect(vocabulary.words).toEqual(['two', 'one', 'three']);
      expect(vocabulary.counts).toEqual([3, 1, 1]);
    });
  });
});
