import { describe, expect, it } from 'vitest';
import { defaultTokenizer, whitespaceTokenizer } from './tokenizer.js';

describe('defaultTokenizer', () => {
  it('lower-cases and keeps letter runs with inner apostrophes', () => {
    expect(defaultTokenizer("I'd hug my chain!")).toEqual(["i'd", 'hug', 'my', 'chain']);
  });

  it('drops digits, punctuation and outer apostrophes; keeps non-ASCII letters', () => {
    expect(defaultTokenizer("'Tis 1848: the Café's naïve owner -- Ægir_2 o'clock'")).toEqual([
      'tis',
      'the',
      "café's",
      'naïve',
      'owner',
      'ægir',
      "o'clock",
    ]);
  });

  it('returns an empty list for a line without letters', () => {
    expect(defaultTokenizer(' 12, 13. -- ')).toEqual([]);
  });
});

describe('whitespaceTokenizer', () => {
  it('splits on any whitespace and drops empty fields', () => {
    expect(whitespaceTokenizer('  a\tb  c\n')).toEqual(['a', 'b', 'c']);
  });
});
