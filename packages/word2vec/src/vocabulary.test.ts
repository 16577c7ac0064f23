import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { suiteDirectory } from '../test/support.js';
import { countCorpusTokens } from './corpus.js';
import { tokenize } from './tokenizer.js';
import { Vocabulary } from './vocabulary.js';

const lines = (...text: string[]) => ({ lines: () => text });

describe('Vocabulary', () => {
  it('is a list of words with ids; a repeated word is an error', () => {
    const vocabulary = new Vocabulary(['b', 'a']);
    expect(vocabulary.words).toEqual(['b', 'a']);
    expect(vocabulary.indexOf('a')).toBe(1);
    expect(vocabulary.lookup('c')).toBeUndefined();
    expect(vocabulary.has('b')).toBe(true);
    expect(vocabulary.counts).toBeUndefined();
    expect(() => vocabulary.indexOf('c')).toThrow("word 'c' is not in the vocabulary (2 words)");
    expect(() => new Vocabulary(['a', 'b', 'a'])).toThrow("duplicate word 'a' at indices 0 and 2");
    expect(() => new Vocabulary(['a'], [1, 2])).toThrow('1 words need 1 counts, got 2');
  });

  it('fromTokens: most frequent first, ties in order of first appearance (gensim sorted_vocab)', () => {
    const vocabulary = Vocabulary.fromTokens('b a c c b d a e'.split(' '), { minCount: 1 });
    expect(vocabulary.words).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(vocabulary.counts).toEqual([2, 2, 2, 1, 1]);
    expect(vocabulary.totalCount).toBe(8);
  });

  it('fromTokens with sortByCount false keeps the order of first appearance, also after a maxVocab cut', () => {
    const tokens = 'x y z z w z y'.split(' ');
    expect(Vocabulary.fromTokens(tokens, { minCount: 1, sortByCount: false }).words).toEqual(['x', 'y', 'z', 'w']);
    expect(Vocabulary.fromTokens(tokens, { minCount: 1, sortByCount: false, maxVocab: 2 }).words).toEqual(['y', 'z']);
  });

  it('drops words below minCount (default 5, as gensim) and keeps at most maxVocab words', () => {
    const tokens = 'x x x y y z x y w'.split(' ');
    expect(Vocabulary.fromTokens(tokens).size).toBe(0);
    const byCount = Vocabulary.fromTokens(tokens, { minCount: 2 });
    expect(byCount.words).toEqual(['x', 'y']);
    expect(byCount.totalCount).toBe(7);
    expect(Vocabulary.fromTokens(tokens, { minCount: 1, maxVocab: 2 }).words).toEqual(['x', 'y']);
  });

  it('fromCorpus tokenises with the default tokenizer unless another is given', async () => {
    expect((await Vocabulary.fromCorpus(lines('The cat, the DOG.'), { minCount: 1 })).words).toEqual([
      'the',
      'cat',
      'dog',
    ]);
    const raw = await Vocabulary.fromCorpus(lines('The cat, the'), {
      minCount: 1,
      tokenizer: (line) => tokenize(line, { tokens: 'whitespace', lowercase: false }),
    });
    expect(raw.words).toEqual(['The', 'cat,', 'the']);
  });

  it('rejects invalid options', async () => {
    await expect(Vocabulary.fromCorpus(lines('a'), { minCount: 0 })).rejects.toThrow(
      'Vocabulary: minCount must be an integer >= 1, got 0',
    );
    await expect(Vocabulary.fromCorpus(lines('a'), { maxVocab: 1.5 })).rejects.toThrow(
      'maxVocab must be an integer >= 1',
    );
    await expect(Vocabulary.fromCorpus([] as string[])).rejects.toThrow(
      'corpus must be a non-empty list of file paths',
    );
    await expect(Vocabulary.fromCorpus({} as never)).rejects.toThrow('an object with a lines() method');
  });

  describe('files', () => {
    const dir = suiteDirectory('w2v-vocab-');

    it('reads plain and gzip files (detected by content) one after the other', async () => {
      const plain = join(dir, 'a.txt');
      const gzipped = join(dir, 'b.data');
      await writeFile(plain, 'one two\ntwo\n');
      await writeFile(gzipped, gzipSync('two three\n'));
      const vocabulary = await Vocabulary.fromCorpus([plain, gzipped], { minCount: 1 });
      expect(vocabulary.words).toEqual(['two', 'one', 'three']);
      expect(vocabulary.counts).toEqual([3, 1, 1]);
    });

    it('counts the tokens of a line longer than 1 Mi characters as of the whole line (read in pieces cut at spaces)', async () => {
      // 2.4 M characters on one line: readLines hands it over in pieces of at most 1 Mi characters.
      const words = Array.from({ length: 400_000 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}x`);
      const file = join(dir, 'one-line.txt');
      await writeFile(file, words.join(' '));
      const { counts, tokens } = await countCorpusTokens([file]);
      const whole = tokenize(words.join(' '));
      expect(tokens).toBe(whole.length);
      const expected = new Map<string, number>();
      for (const token of whole) expected.set(token, (expected.get(token) ?? 0) + 1);
      expect(counts).toEqual(expected);
    });
  });
});
