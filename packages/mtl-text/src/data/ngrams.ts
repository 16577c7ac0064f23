// Bag-of-n-grams features for the fastText-style encoder and the wide (linear) part of a head: word
// 1-2-grams and character 3-5-grams of each word with boundary marks ("<good>" gives "<go", "goo",
// ..., "od>"; Bojanowski et al. 2017), counted per text and weighted by TF-IDF with sublinear tf
// (1 + ln tf) and smooth idf (ln((1 + n) / (1 + df)) + 1), as scikit-learn's TfidfVectorizer does;
// the word and the character block are each L2-normalised. The n-grams are indexed from the
// training texts (those in at least `minDocumentFrequency` of them) instead of hashed into buckets
// as fastText does: with a few thousand texts the index is small, exact, and an n-gram never seen in
// training would only land in a bucket trained by others.
import { TOKENIZERS, type TokenizerName } from './vocabulary.js';

/** Id 0 is padding: weight 0, never a feature. */
export const NGRAM_PAD_ID = 0;

export interface NgramVocabularyOptions {
  /** Default 'whitespace' (see TokenizerName). */
  tokenizer?: TokenizerName;
  /** Word n-gram lengths [min, max]; default [1, 2]. */
  wordNgrams?: readonly [number, number];
  /** Character n-gram lengths [min, max] within each word; default [3, 5]; null for none. */
  charNgrams?: readonly [number, number] | null;
  /** Keep n-grams found in at least this many training texts; default 2. */
  minDocumentFrequency?: number;
  /** Keep at most this many n-grams, the most frequent (by document frequency) first; default no limit. */
  maxFeatures?: number;
}

/** Texts as rows of (n-gram id, TF-IDF weight) pairs, compressed: row i is [offsets[i], offsets[i + 1]). */
export interface NgramBags {
  offsets: Int32Array;
  ids: Int32Array;
  weights: Float32Array;
}

/** The serialised vocabulary, for checkpoints. */
export interface NgramVocabularyJSON {
  options: Required<Omit<NgramVocabularyOptions, 'maxFeatures'>> & { maxFeatures: number | null };
  /** N-grams by id starting at 1 ('w:' word n-grams, 'c:' character n-grams) and their idf. */
  ngrams: string[];
  idf: number[];
}

function assertRange(range: readonly [number, number] | null | undefined, name: string): void {
  if (range === null || range === undefined) return;
  const [min, max] = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new RangeError(`${name} must be [min, max] with integers 1 <= min <= max; got [${range.join(', ')}]`);
  }
}

/** The word n-grams (prefix 'w:') and character n-grams (prefix 'c:') of one text, with their counts. */
function countNgrams(
  tokens: readonly string[],
  wordNgrams: readonly [number, number],
  charNgrams: readonly [number, number] | null,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const [wordMin, wordMax] = wordNgrams;
  for (let n = wordMin; n <= wordMax; n++) {
    for (let start = 0; start + n <= tokens.length; start++) add(`w:${tokens.slice(start, start + n).join(' ')}`);
  }
  if (charNgrams) {
    const [charMin, charMax] = charNgrams;
    for (const token of tokens) {
      const marked = `<${token}>`;
      for (let n = charMin; n <= charMax; n++) {
        for (let start = 0; start + n <= marked.length; start++) add(`c:${marked.slice(start, start + n)}`);
      }
    }
  }
  return counts;
}

export class NgramVocabulary {
  readonly options: NgramVocabularyJSON['options'];
  /** N-grams by id; id 0 is padding. */
  readonly ngrams: readonly string[];
  private readonly idf: Float32Array;
  private readonly ids: ReadonlyMap<string, number>;
  /** 1 for a character n-gram, 0 for a word n-gram (the two blocks are normalised apart). */
  private readonly isChar: Uint8Array;

  private constructor(options: NgramVocabularyJSON['options'], ngrams: readonly string[], idf: Float32Array) {
    this.options = options;
    this.ngrams = ngrams;
    this.idf = idf;
    this.ids = new Map(ngrams.map((ngram, id) => [ngram, id]));
    this.isChar = Uint8Array.from(ngrams, (ngram) => (ngram.startsWith('c:') ? 1 : 0));
  }

  /** Indexes the n-grams of the training texts and their idf. */
  static build(texts: readonly string[], options: NgramVocabularyOptions = {}): NgramVocabulary {
    const {
      tokenizer = 'whitespace',
      wordNgrams = [1, 2],
      charNgrams = [3, 5],
      minDocumentFrequency = 2,
      maxFeatures = null,
    } = options;
    if (!Object.hasOwn(TOKENIZERS, tokenizer)) {
      throw new RangeError(`tokenizer must be one of ${Object.keys(TOKENIZERS).join(', ')}; got ${tokenizer}`);
    }
    assertRange(wordNgrams, 'wordNgrams');
    assertRange(charNgrams, 'charNgrams');
    if (!Number.isInteger(minDocumentFrequency) || minDocumentFrequency < 1) {
      throw new RangeError(`minDocumentFrequency must be an integer >= 1; got ${minDocumentFrequency}`);
    }
    if (maxFeatures !== null && (!Number.isInteger(maxFeatures) || maxFeatures < 1)) {
      throw new RangeError(`maxFeatures must be an integer >= 1; got ${maxFeatures}`);
    }
    const documentFrequency = new Map<string, number>();
    for (const text of texts) {
      for (const key of countNgrams(TOKENIZERS[tokenizer](text), wordNgrams, charNgrams).keys()) {
        documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
      }
    }
    const kept = [...documentFrequency]
      .filter(([, df]) => df >= minDocumentFrequency)
      .sort(([a, dfA], [b, dfB]) => dfB - dfA || (a < b ? -1 : 1))
      .slice(0, maxFeatures ?? undefined);
    const idf = new Float32Array(kept.length + 1);
    kept.forEach(([, df], i) => {
      idf[i + 1] = Math.log((1 + texts.length) / (1 + df)) + 1;
    });
    return new NgramVocabulary(
      {
        tokenizer,
        wordNgrams: [...wordNgrams],
        charNgrams: charNgrams && [...charNgrams],
        minDocumentFrequency,
        maxFeatures,
      },
      ['', ...kept.map(([key]) => key)],
      idf,
    );
  }

  static fromJSON(json: NgramVocabularyJSON): NgramVocabulary {
    if (!Array.isArray(json?.ngrams) || !Array.isArray(json.idf) || json.ngrams.length !== json.idf.length + 1) {
      throw new TypeError('n-gram vocabulary JSON: ngrams must hold one more entry (padding) than idf');
    }
    return new NgramVocabulary(json.options, json.ngrams, Float32Array.from([0, ...json.idf]));
  }

  toJSON(): NgramVocabularyJSON {
    return { options: this.options, ngrams: [...this.ngrams], idf: Array.from(this.idf.subarray(1)) };
  }

  /** Number of ids, including the padding id 0 (the input dimension of an n-gram bag). */
  get size(): number {
    return this.ngrams.length;
  }

  /** The known n-grams of `text` with their TF-IDF weights (ids ascending); unknown n-grams are dropped. */
  encode(text: string): { ids: Int32Array; weights: Float32Array } {
    const { tokenizer, wordNgrams, charNgrams } = this.options;
    const entries: [number, number][] = [];
    for (const [key, count] of countNgrams(TOKENIZERS[tokenizer](text), wordNgrams, charNgrams)) {
      const id = this.ids.get(key);
      if (id !== undefined) entries.push([id, (1 + Math.log(count)) * (this.idf[id] as number)]);
    }
    // Each block (word, character) to unit length, as two TfidfVectorizers side by side.
    const squares = [0, 0];
    for (const [id, weight] of entries) squares[this.isChar[id] as number] += weight * weight;
    for (const entry of entries) entry[1] /= Math.sqrt(squares[this.isChar[entry[0]] as number] as number);
    entries.sort(([a], [b]) => a - b);
    return { ids: Int32Array.from(entries, ([id]) => id), weights: Float32Array.from(entries, ([, weight]) => weight) };
  }

  /** `encode` for each text, as compressed rows. */
  encodeAll(texts: readonly string[]): NgramBags {
    const rows = texts.map((text) => this.encode(text));
    const offsets = new Int32Array(texts.length + 1);
    rows.forEach((row, i) => {
      offsets[i + 1] = (offsets[i] as number) + row.ids.length;
    });
    const ids = new Int32Array(offsets[texts.length] as number);
    const weights = new Float32Array(ids.length);
    rows.forEach((row, i) => {
      ids.set(row.ids, offsets[i]);
      weights.set(row.weights, offsets[i]);
    });
    return { offsets, ids, weights };
  }
}

/**
 * The rows `indices` of `bags` as two [rows, width] matrices (ids and weights), each row padded
 * with id 0 and weight 0 to the longest selected row (at least 1), for an n-gram bag layer.
 */
export function padNgramRows(
  bags: NgramBags,
  indices: ArrayLike<number>,
): { ids: Int32Array; weights: Float32Array; width: number } {
  let width = 1;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i] as number;
    width = Math.max(width, (bags.offsets[row + 1] as number) - (bags.offsets[row] as number));
  }
  const ids = new Int32Array(indices.length * width);
  const weights = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i] as number;
    const start = bags.offsets[row] as number;
    const end = bags.offsets[row + 1] as number;
    ids.set(bags.ids.subarray(start, end), i * width);
    weights.set(bags.weights.subarray(start, end), i * width);
  }
  return { ids, weights, width };
}
