// The one vocabulary of the package: words with their ids (and, when counted from text, their
// counts), as gensim's KeyedVectors keeps them (index_to_key, key_to_index, the 'count' attribute).
// The trainer, the vectors and the homework's model all use it.
import { type CorpusSource, countCorpusTokens } from './corpus.js';
import type { Tokenizer } from './tokenizer.js';

export interface VocabularyOptions {
  /** Words seen fewer times are dropped (default 5, gensim's min_count). */
  minCount?: number;
  /** Keep only this many of the most frequent words (default: no limit; gensim's max_final_vocab). */
  maxVocab?: number;
  /**
   * Most frequent first, equal counts in order of first appearance (default true, gensim's
   * sorted_vocab); false keeps the order of first appearance.
   */
  sortByCount?: boolean;
}

/** Throws a RangeError naming `name` unless `value` is an integer >= `min`. */
export function assertInteger(value: unknown, name: string, min: number, caller: string): asserts value is number {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new RangeError(`${caller}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/**
 * Words and their ids: `words[id]` is the word of an id, `indexOf(word)` its id. Counted
 * vocabularies (`fromTokens`, `fromCorpus`) also know each word's count.
 */
export class Vocabulary {
  /** The words, by id. */
  readonly words: readonly string[];
  /** `counts[id]`: occurrences of `words[id]` in the text it was counted from; undefined for a plain word list. */
  readonly counts: readonly number[] | undefined;
  private readonly ids: Map<string, number>;

  /** A vocabulary of `words` in the order given (ids 0, 1, ...); a repeated word is an error. */
  constructor(words: Iterable<string>, counts?: readonly number[]) {
    const ids = new Map<string, number>();
    for (const word of words) {
      if (typeof word !== 'string') throw new TypeError(`Vocabulary: words must be strings, got ${typeof word}`);
      const earlier = ids.get(word);
      if (earlier !== undefined) throw new Error(`duplicate word '${word}' at indices ${earlier} and ${ids.size}`);
      ids.set(word, ids.size);
    }
    if (counts !== undefined && counts.length !== ids.size) {
      throw new RangeError(`Vocabulary: ${ids.size} words need ${ids.size} counts, got ${counts.length}`);
    }
    this.ids = ids;
    this.words = [...ids.keys()];
    this.counts = counts === undefined ? undefined : [...counts];
  }

  /**
   * The words of `counts` (word -> count, in order of first appearance) seen at least `minCount`
   * times, ordered and cut as `options` say.
   */
  static fromCounts(counts: Iterable<readonly [string, number]>, options: VocabularyOptions = {}): Vocabulary {
    const { minCount = 5, maxVocab, sortByCount = true } = options;
    assertInteger(minCount, 'minCount', 1, 'Vocabulary');
    if (maxVocab !== undefined) assertInteger(maxVocab, 'maxVocab', 1, 'Vocabulary');
    const kept = [...counts]
      .map(([word, count], order) => ({ word, count, order }))
      .filter(({ count }) => count >= minCount);
    // Array.prototype.sort is stable: equal counts keep their order of first appearance.
    if (sortByCount || maxVocab !== undefined) kept.sort((a, b) => b.count - a.count);
    if (maxVocab !== undefined) kept.length = Math.min(kept.length, maxVocab);
    if (!sortByCount) kept.sort((a, b) => a.order - b.order);
    return new Vocabulary(
      kept.map(({ word }) => word),
      kept.map(({ count }) => count),
    );
  }

  /** Counts `tokens` and keeps the words seen at least `minCount` times (see `fromCounts`). */
  static fromTokens(tokens: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
    const counts = new Map<string, number>();
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    return Vocabulary.fromCounts(counts, options);
  }

  /** Reads `corpus` once, tokenising each line, and counts its words (gensim's build_vocab). */
  static async fromCorpus(
    corpus: CorpusSource,
    options: VocabularyOptions & { tokenizer?: Tokenizer } = {},
  ): Promise<Vocabulary> {
    return Vocabulary.fromCounts((await countCorpusTokens(corpus, options.tokenizer, 'Vocabulary')).counts, options);
  }

  /** The number of words. */
  get size(): number {
    return this.words.length;
  }

  /** The sum of the counts: how many tokens of these words the counted text held (0 without counts). */
  get totalCount(): number {
    return this.counts?.reduce((sum, count) => sum + count, 0) ?? 0;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** The id of `word`, or undefined when it is not in the vocabulary. */
  lookup(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** The id of `word`; throws, naming it, when it is not in the vocabulary. */
  indexOf(word: string): number {
    const id = this.ids.get(word);
    if (id === undefined) throw new RangeError(`word '${word}' is not in the vocabulary (${this.size} words)`);
    return id;
  }
}
