// Transfer learning: start the embedding from word vectors (e.g. trained by @hw7/word2vec on the
// shared corpus) instead of random values. Words without a vector keep a small random one.
import { Rng } from '@hw7/tensor-utils/base';
import type { KeyedVectors } from '@hw7/word2vec';

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
