// Word ids for the model's embedding layer, built from the training texts only (so validation and
// test words the model never trained on become <unk>, as they would in deployment).
import { type Tokenizer, tokenize } from '@hw7/word2vec';

export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';
export const PAD_ID = 0;
export const UNK_ID = 1;

/**
 * 'whitespace': lower-case, then split on whitespace, keeping punctuation tokens (for the
 * pre-tokenised review data). 'words': `@hw7/word2vec`'s `tokenize` (runs of letters, for
 * raw text; the same tokens as the word2vec embeddings).
 */
export type TokenizerName = 'whitespace' | 'words';

export const TOKENIZERS: Readonly<Record<TokenizerName, Tokenizer>> = {
  whitespace: (text) => tokenize(text, { tokens: 'whitespace' }),
  words: (text) => tokenize(text),
};

export interface TextVocabularyOptions {
  /** Drop words seen fewer times in the training texts; default 1. */
  minCount?: number;
  /** Largest vocabulary size, counting <pad> and <unk>; the least frequent words go first; default no limit. */
  maxSize?: number;
  /** Default 'whitespace'. */
  tokenizer?: TokenizerName;
}

/** The serialised vocabulary, for checkpoints. */
export interface TextVocabularyJSON {
  tokenizer: TokenizerName;
  /** Tokens by id, starting with <pad> and <unk>. */
  tokens: string[];
}

function isTokenizerName(name: unknown): name is TokenizerName {
  return typeof name === 'string' && Object.hasOwn(TOKENIZERS, name);
}

export class TextVocabulary {
  readonly tokenizerName: TokenizerName;
  /** Tokens by id: <pad>, <unk>, then words from most to least frequent (ties alphabetical). */
  readonly tokens: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(tokens: readonly string[], tokenizerName: TokenizerName) {
    this.tokens = tokens;
    this.tokenizerName = tokenizerName;
    this.ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /** Counts the tokens of the training texts and keeps the frequent ones. */
  static build(texts: readonly string[], options: TextVocabularyOptions = {}): TextVocabulary {
    const { minCount = 1, maxSize = Number.POSITIVE_INFINITY, tokenizer = 'whitespace' } = options;
    if (!Number.isInteger(minCount) || minCount < 1)
      throw new RangeError(`minCount must be an integer >= 1; got ${minCount}`);
    if (maxSize !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxSize) || maxSize < 2)) {
      throw new RangeError(`maxSize must be an integer >= 2 (it counts <pad> and <unk>); got ${maxSize}`);
    }
    if (!isTokenizerName(tokenizer)) {
      throw new RangeError(`tokenizer must be one of ${Object.keys(TOKENIZERS).join(', ')}; got ${tokenizer}`);
    }
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const token of TOKENIZERS[tokenizer](text)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    counts.delete(PAD_TOKEN);
    counts.delete(UNK_TOKEN);
    const words = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([wordA, countA], [wordB, countB]) => countB - countA || (wordA < wordB ? -1 : 1))
      .slice(0, maxSize - 2)
      .map(([word]) => word);
    return new TextVocabulary([PAD_TOKEN, UNK_TOKEN, ...words], tokenizer);
  }

  static fromJSON(json: TextVocabularyJSON): TextVocabulary {
    if (!isTokenizerName(json?.tokenizer)) {
      throw new TypeError(`vocabulary JSON: tokenizer must be one of ${Object.keys(TOKENIZERS).join(', ')}`);
    }
    if (!Array.isArray(json.tokens) || json.tokens[PAD_ID] !== PAD_TOKEN || json.tokens[UNK_ID] !== UNK_TOKEN) {
      throw new TypeError(`vocabulary JSON: tokens must be an array starting with '${PAD_TOKEN}', '${UNK_TOKEN}'`);
    }
    if (new Set(json.tokens).size !== json.tokens.length)
      throw new TypeError('vocabulary JSON: tokens must be distinct');
    return new TextVocabulary([...json.tokens], json.tokenizer);
  }

  toJSON(): TextVocabularyJSON {
    return { tokenizer: this.tokenizerName, tokens: [...this.tokens] };
  }

  /** Number of ids, including <pad> and <unk> (the embedding layer's input dimension). */
  get size(): number {
    return this.tokens.length;
  }

  tokenize(text: string): string[] {
    return TOKENIZERS[this.tokenizerName](text);
  }

  /** The id of `token`, or UNK_ID for a word outside the vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /**
   * `maxLength` ids: the text's first `maxLength` tokens (a longer text is truncated at the end,
   * since review sentences tend to state their opinion early), then PAD_ID up to `maxLength`.
   */
  encode(text: string, maxLength: number): Int32Array {
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new RangeError(`maxLength must be an integer >= 1; got ${maxLength}`);
    }
    const ids = new Int32Array(maxLength);
    const tokens = this.tokenize(text);
    for (let i = 0; i < Math.min(tokens.length, maxLength); i++) ids[i] = this.idOf(tokens[i]);
    return ids;
  }

  /** `encode` for each text, row after row in one array of texts.length * maxLength ids (a [n, maxLength] matrix). */
  encodeAll(texts: readonly string[], maxLength: number): Int32Array {
    const ids = new Int32Array(texts.length * maxLength);
    texts.forEach((text, i) => {
      ids.set(this.encode(text, maxLength), i * maxLength);
    });
    return ids;
  }
}
