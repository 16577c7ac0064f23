// Transfer learning: start the embedding from word vectors (e.g. trained by @hw7/word2vec on the
// shared corpus) instead of random values. Words without a vector keep a small random one.
import { Rng } from '@hw7/tensor-utils/base';
import type { KeyedVectors } from '@hw7/word2vec';
import { OptionError } from '../option-error.js';

export interface EmbeddingFromVectorsResult {
  /** [words.length, vectors.dim], row i for words[i]; row 0 (padding) is zero. */
  matrix: Float32Array;
  /** Words (padding and unknown excluded) that had a vector, as a fraction. */
  coverage: number;
}

/**
 * The embedding matrix for a vocabulary (`words[0]` is padding and stays zero). Found vectors are
 * used as they are; missing words get uniform values with the found vectors' standard deviation, so
 * both kinds of rows start at the same scale.
 */
export function embeddingFromVectors(
  words: readonly string[],
  vectors: KeyedVectors,
  { seed = 0 } = {},
): EmbeddingFromVectorsResult {
  const dim = vectors.dim;
  const matrix = new Float32Array(words.length * dim);
  const missing: number[] = [];
  let found = 0;
  let sumSquares = 0;
  for (let row = 1; row < words.length; row++) {
    const word = words[row] as string;
    if (vectors.has(word)) {
      const vector = vectors.vector(word);
      matrix.set(vector, row * dim);
      for (const value of vector) sumSquares += value * value;
      found++;
    } else {
      missing.push(row);
    }
  }
  const std = found > 0 ? Math.sqrt(sumSquares / (found * dim)) : 0.05;
  // Uniform in [-r, r] has standard deviation r / sqrt(3).
  const r = std * Math.sqrt(3);
  const rng = new Rng(seed);
  for (const row of missing) for (let d = 0; d < dim; d++) matrix[row * dim + d] = rng.uniform(-r, r);
  return { matrix, coverage: words.length > 1 ? found / (words.length - 1) : 0 };
}

/** A word: some letter, and no replacement character (an undecodable byte) or control character. */
const WORD_LIKE = /^(?=.*\p{L})[^\uFFFD\p{Cc}]+$/u;
/** How many of the first words are looked at. */
const WORDS_SAMPLED = 1000;

/** What of the experiment the vectors must fit: their size is the embedding's. */
export interface VectorsFit {
  encoder?: string;
  embeddingDim?: number;
  randomEmbeddingDim?: number;
  attentionHeads?: number;
}

/**
 * Throws an OptionError naming the file unless `vectors` (read from `path`) look like word vectors
 * that fit the model: most of their first words look like words (a file of another format read as
 * vectors gives junk words), and their size is the embedding size asked for (when one is) and, for
 * the transformer, a multiple of its attention heads.
 */
export function checkVectors(vectors: KeyedVectors, path: string, fit: VectorsFit): void {
  const sample = vectors.words.slice(0, WORDS_SAMPLED);
  const junk = sample.filter((word) => !WORD_LIKE.test(word));
  if (sample.length === 0 || junk.length > sample.length / 2) {
    const examples = junk.slice(0, 3).map((word) => JSON.stringify(word.slice(0, 20)));
    throw new OptionError(
      'vectors',
      path,
      `holds words that do not look like words (${junk.length} of the first ${sample.length}, e.g. ${examples.join(', ')})`,
      'a word2vec vectors file (text or binary, as @hw7/word2vec and gensim write them)',
    );
  }
  const { dim } = vectors;
  if (fit.embeddingDim !== undefined && fit.embeddingDim !== dim) {
    throw new OptionError(
      'vectors',
      path,
      `has vectors of ${dim} dimensions, not the ${fit.embeddingDim} asked for (embeddingDim)`,
      `vectors of ${fit.embeddingDim} dimensions, or no embedding size: the vectors' size is the embedding's`,
    );
  }
  const heads = fit.attentionHeads ?? 4;
  const size = dim + (fit.randomEmbeddingDim ?? 0);
  if (fit.encoder === 'transformer' && size % heads !== 0) {
    throw new OptionError(
      'vectors',
      path,
      `gives an embedding of ${size} dimensions, which ${heads} attention heads do not divide`,
      'a number of attention heads that divides the embedding size',
    );
  }
}

/** Throws an OptionError naming the file when the vectors hold none of the training words. */
export function checkCoverage(coverage: number, words: number, path: string): void {
  if (coverage > 0) return;
  throw new OptionError(
    'vectors',
    path,
    `has a vector for none of the ${words} words of the training texts`,
    'vectors of the same language and tokenisation (word2vec vectors are lower-case words: the "words" tokenizer)',
  );
}
