import { Rng } from '@hw7/tensor-utils/base';
import { describe, expect, it } from 'vitest';
import {
  applyEdaOperation,
  augmentExamples,
  editCount,
  randomDeletion,
  randomInsertion,
  randomSwap,
  synonymReplacement,
} from './augment.js';
import type { SynonymSource } from './wordnet.js';

// A fixed synonym table keeps the operation tests independent of WordNet.
const table: SynonymSource = {
  synonyms: (word) => ({ good: ['fine', 'very good'], sound: ['audio'] })[word] ?? [],
};
const tokens = ['the', 'sound', 'is', 'good', ',', 'really', 'good', '.'];
const sorted = (words: readonly string[]) => [...words].sort();

describe('EDA operations', () => {
  it('synonym replacement replaces every occurrence of the chosen words, never stop words or punctuation', () => {
    const result = synonymReplacement(tokens, 2, new Rng(1), table);
    const text = result.join(' ');
    expect(text).toMatch(/^the audio is (fine|very good) , really (fine|very good) \.$/);
    // Both occurrences of 'good' get the same synonym.
    const [, first, second] = /is (.+) , really (.+) \.$/.exec(text) ?? [];
    expect(first).toBe(second);
    // A word without synonyms is left as it is.
    expect(synonymReplacement(['really'], 1, new Rng(1), table)).toEqual(['really']);
  });

  it('random insertion adds synonyms of words in the sentence and keeps the original order otherwise', () => {
    const result = randomInsertion(tokens, 3, new Rng(2), table);
    expect(result.length).toBeGreaterThanOrEqual(tokens.length + 3);
    const inserted = [...result];
    for (const token of tokens) inserted.splice(inserted.indexOf(token), 1);
    for (const word of inserted) expect(['fine', 'very', 'good', 'audio']).toContain(word);
    expect(randomInsertion(['the', '.'], 2, new Rng(2), table)).toEqual(['the', '.']);
  });

  it('random swap only permutes the tokens and does move some', () => {
    const result = randomSwap(tokens, 2, new Rng(3));
    expect(sorted(result)).toEqual(sorted(tokens));
    expect(result).not.toEqual(tokens);
    expect(randomSwap(['one'], 3, new Rng(3))).toEqual(['one']);
  });

  it('random deletion keeps a subsequence at about 1 - p of the tokens, never nothing', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const kept = randomDeletion(long, 0.3, new Rng(4));
    expect(kept.length).toBeGreaterThan(650);
    expect(kept.length).toBeLessThan(750);
    expect(kept).toEqual(long.filter((token) => kept.includes(token)));
    expect(randomDeletion(tokens, 1, new Rng(4))).toHaveLength(1);
  });

  it('edits max(1, floor(alpha * length)) words', () => {
    expect(editCount(0.1, 8)).toBe(1);
    expect(editCount(0.25, 8)).toBe(2);
    expect(applyEdaOperation('a b c d', 'randomSwap', new Rng(5), { alpha: 0.5 }).split(' ').sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});

describe('augmentExamples', () => {
  const texts = ['the sound is good .', 'the battery is bad .', 'the screen is great !'];

  it('makes perExample texts per source example, deterministically per seed', () => {
    const options = { perExample: 4, seed: 7, synonyms: table };
    const augmented = augmentExamples([0, 2], texts, options);
    expect(augmented.texts).toHaveLength(8);
    expect([...augmented.sourceIndices]).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
    expect(augmentExamples([0, 2], texts, options)).toEqual(augmented);
    expect(augmentExamples([0, 2], texts, { ...options, seed: 8 }).texts).not.toEqual(augmented.texts);
  });

  it('uses only the requested operations', () => {
    const augmented = augmentExamples([1], texts, { perExample: 5, seed: 9, operations: ['randomSwap'], alpha: 0.5 });
    for (const text of augmented.texts) expect(sorted(text.split(' '))).toEqual(sorted(texts[1].split(' ')));
  });

  it('names a bad argument', () => {
    expect(() => augmentExamples([3], texts, { perExample: 1, seed: 1, synonyms: table })).toThrow(
      'indices[0] must be an index into texts (0..2); got 3',
    );
    expect(() => augmentExamples([0], texts, { perExample: 0, seed: 1 })).toThrow(
      'perExample must be an integer >= 1; got 0',
    );
    expect(() => augmentExamples([0], texts, { perExample: 1, seed: 1, alpha: 0 })).toThrow(
      'alpha must be in (0, 1]; got 0',
    );
  });
});
