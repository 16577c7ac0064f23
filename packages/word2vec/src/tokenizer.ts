// The default tokenisation of every corpus the trainer reads, and the one the gensim reference
// script uses (`[^\W\d_]+(?:'[^\W\d_]+)*` on the lower-cased line), so the two see the same words.

/** Splits one line (a sentence or paragraph) into tokens. */
export type Tokenizer = (line: string) => string[];

const WORD = /\p{L}+(?:'\p{L}+)*/gu;

/**
 * Lower-cases `line` and keeps the runs of Unicode letters, with apostrophes inside a word kept:
 * `"I'd hug my chain!"` -> `["i'd", "hug", "my", "chain"]`. Digits, punctuation and a leading or
 * trailing apostrophe separate words and are dropped.
 */
export function defaultTokenizer(line: string): string[] {
  return line.toLowerCase().match(WORD) ?? [];
}

/** Whitespace splitting, for corpora that are already tokenised (one token per space-separated field). */
export function whitespaceTokenizer(line: string): string[] {
  return line.split(/\s+/u).filter((token) => token !== '');
}
