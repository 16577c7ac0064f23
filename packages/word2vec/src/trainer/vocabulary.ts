// The corpus the trainer reads and the vocabulary pass over it: word counts, the minCount /
// maxVocab cut and the frequency order every later table (Huffman tree, unigram table) relies on.
import { readCorpus } from '@hw7/tensor-utils/base';
import { defaultTokenizer, type Tokenizer } from '../tokenizer.js';

/**
 * Text to train on, one sentence (or paragraph) per line: a list of plain or gzip-compressed files,
 * or any re-iterable source of lines, e.g. `{ lines: () => ['a b c', 'd e'] }`. It is read once to
 * build the vocabulary and once more per epoch, so `lines()` must start over on every call.
 */
export type CorpusSource = readonly string[] | { lines(): Iterable<string> | AsyncIterable<string> };

/** A fresh pass over the lines of `corpus`; files are streamed, never loaded whole. */
export function corpusLines(corpus: CorpusSource): Iterable<string> | AsyncIterable<string> {
  return isFileList(corpus) ? readCorpus(corpus) : corpus.lines();
}

function isFileList(corpus: CorpusSource): corpus is readonly string[] {
  return Array.isArray(corpus);
}

/** Throws unless `corpus` is a non-empty list of paths or an object with a `lines()` method. */
export function assertCorpusSource(corpus: unknown, caller: string): asserts corpus is CorpusSource {
  if (Array.isArray(corpus)) {
    if (corpus.length === 0 || !corpus.every((path) => typeof path === 'string')) {
      throw new TypeError(`${caller}: corpus must be a non-empty list of file paths or { lines() }`);
    }
  } else if (typeof (corpus as { lines?: unknown } | null)?.lines !== 'function') {
    throw new TypeError(`${caller}: corpus must be a list of file paths or an object with a lines() method`);
  }
}

export interface CorpusVocabulary {
  /** Kept words, most frequent first; equal counts keep the order in which the words first appeared. */
  words: string[];
  /** counts[i] = occurrences of words[i]. */
  counts: number[];
  /** Tokens read, including those of words that were not kept. */
  totalTokens: number;
  /** Occurrences of kept words: the words one epoch trains on before subsampling. */
  keptTokens: number;
}

export interface BuildVocabularyOptions {
  tokenizer?: Tokenizer;
  /** Words seen fewer times are dropped (default 5). */
  minCount?: number;
  /** Keep only this many of the most frequent words (default: no limit). */
  maxVocab?: number;
}

/** Throws a RangeError naming `name` unless `value` is an integer >= `min`. */
export function assertInteger(value: unknown, name: string, min: number, caller: string): asserts value is number {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new RangeError(`${caller}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Counts the tokens of `corpus` and keeps the words seen at least `minCount` times. */
export async function buildVocabulary(
  corpus: CorpusSource,
  { tokenizer = defaultTokenizer, minCount = 5, maxVocab }: BuildVocabularyOptions = {},
): Promise<CorpusVocabulary> {
  assertCorpusSource(corpus, 'buildVocabulary');
  if (typeof tokenizer !== 'function') throw new TypeError('buildVocabulary: tokenizer must be a function');
  assertInteger(minCount, 'minCount', 1, 'buildVocabulary');
  if (maxVocab !== undefined) assertInteger(maxVocab, 'maxVocab', 1, 'buildVocabulary');

  // A Map iterates in insertion order, i.e. first appearance, which the stable sort below keeps for ties.
  const countByWord = new Map<string, number>();
  let totalTokens = 0;
  for await (const line of corpusLines(corpus)) {
    const tokens = tokenizer(line);
    totalTokens += tokens.length;
    for (const token of tokens) countByWord.set(token, (countByWord.get(token) ?? 0) + 1);
  }
  const kept = [...countByWord].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1]);
  if (maxVocab !== undefined) kept.length = Math.min(kept.length, maxVocab);
  const counts = kept.map(([, count]) => count);
  return {
    words: kept.map(([word]) => word),
    counts,
    totalTokens,
    keptTokens: counts.reduce((sum, count) => sum + count, 0),
  };
}
