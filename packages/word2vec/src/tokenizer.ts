// The one tokeniser of the package. Its default is what the trainer reads corpora with and what
// the gensim reference script feeds gensim (`[^\W\d_]+(?:'[^\W\d_]+)*` on the lower-cased line), so
// the two see the same words; the homework's model needs sentence ends, so it splits like NLTK's
// word_tokenize instead (`tokens: 'nltk'`), and pre-tokenised text is split on whitespace.

/** Splits one line (a sentence or paragraph) into tokens. */
export type Tokenizer = (line: string) => string[];

export interface TokenizeOptions {
  /** Lower-case the text first (default true). */
  lowercase?: boolean;
  /**
   * What a token is:
   * - 'letters' (default): a run of Unicode letters, apostrophes inside a word kept; digits,
   *   punctuation and outer apostrophes separate words and are dropped.
   * - 'nltk': as NLTK's word_tokenize, which the homework used: runs of letters, digits and
   *   underscores (inner apostrophes kept) are words, and every other character that is not
   *   whitespace is a token of its own, so punctuation and sentence ends stay visible.
   * - 'whitespace': the fields between whitespace, for text that is already tokenised.
   */
  tokens?: 'letters' | 'nltk' | 'whitespace';
}

const LETTER_RUN = /\p{L}+(?:'\p{L}+)*/gu;
const NLTK_TOKEN = /[\p{L}\p{N}_]+(?:'[\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;
const WHITESPACE_FIELD = /\S+/gu;
const PATTERNS = { letters: LETTER_RUN, nltk: NLTK_TOKEN, whitespace: WHITESPACE_FIELD } as const;

/**
 * The tokens of `text`: by default lower-cased runs of letters with inner apostrophes,
 * `"I'd hug my chain!"` -> `["i'd", "hug", "my", "chain"]`; with `{ lowercase: false, tokens: 'nltk' }`
 * `"Deep learning. It is!"` -> `["Deep", "learning", ".", "It", "is", "!"]`.
 */
export function tokenize(text: string, { lowercase = true, tokens = 'letters' }: TokenizeOptions = {}): string[] {
  const pattern = PATTERNS[tokens];
  if (pattern === undefined) {
    throw new RangeError(`tokenize: tokens must be 'letters', 'nltk' or 'whitespace', got ${String(tokens)}`);
  }
  return (lowercase ? text.toLowerCase() : text).match(pattern) ?? [];
}
