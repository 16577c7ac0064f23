import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenizer.js';

describe('tokenize', () => {
  it('by default lower-cases and keeps letter runs with inner apostrophes (the gensim reference script)', () => {
    expect(tokenize("I'd hug my chain!")).toEqual(["i'd", 'hug', 'my', 'chain']);
  });

  it('drops digits, punctuation and outer apostrophes; keeps non-ASCII letters', () => {
    expect(tokenize("'Tis 1848: the Café's naïve owner -- Ægir_2 o'clock'")).toEqual([
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
    expect(tokenize(' 12, 13. -- ')).toEqual([]);
  });

  it("tokens: 'nltk' splits like NLTK's word_tokenize: numbers are words, each punctuation mark a token", () => {
    expect(tokenize('I love to learn deep learning. It is fascinating!', { lowercase: false, tokens: 'nltk' })).toEqual(
      ['I', 'love', 'to', 'learn', 'deep', 'learning', '.', 'It', 'is', 'fascinating', '!'],
    );
    expect(tokenize("In 1848, O'Brien's_2 left...", { tokens: 'nltk' })).toEqual([
      'in',
      '1848',
      ',',
      "o'brien's_2",
      'left',
      '.',
      '.',
      '.',
    ]);
  });

  it("tokens: 'whitespace' splits on any whitespace and drops empty fields", () => {
    expect(tokenize('  A\tb,  c\n', { tokens: 'whitespace', lowercase: false })).toEqual(['A', 'b,', 'c']);
    expect(tokenize('  A\tb,  c\n', { tokens: 'whitespace' })).toEqual(['a', 'b,', 'c']);
  });

  it('names the option and the values it takes for an unknown kind of token', () => {
    expect(() => tokenize('a', { tokens: 'words' as never })).toThrow(
      "tokenize: tokens must be 'letters', 'nltk' or 'whitespace', got words",
    );
  });
});
