// Word vectors with gensim's KeyedVectors queries (most_similar, most_similar_cosmul, similarity,
// similar_by_vector), computed with the same formulas so results match gensim's to float precision.

import {
  type AnalogiesResult,
  type EvaluateAnalogiesOptions,
  type EvaluateWordPairsOptions,
  evaluateAnalogies,
  evaluateWordPairs,
  type WordPairsResult,
} from './evaluation.js';
import { Vocabulary } from './vocabulary.js';

/** One query answer: a vocabulary word and its score (cosine, or the 3CosMul objective). */
export interface ScoredWord {
  word: string;
  similarity: number;
}

export interface MostSimilarOptions {
  /** Words whose (unit-normalised) vectors are added: one word or a list. */
  positive: string | readonly string[];
  /** Words whose (unit-normalised) vectors are subtracted. */
  negative?: string | readonly string[];
  /** How many answers to return (default 10). */
  topn?: number;
  /** Search only the first `restrictVocab` words (the most frequent ones in a frequency-sorted vocabulary). */
  restrictVocab?: number;
}

export type AnalogyMethod = '3CosAdd' | '3CosMul';

export interface AnalogyOptions {
  /** '3CosAdd' (gensim's most_similar, the default) or '3CosMul' (gensim's most_similar_cosmul). */
  method?: AnalogyMethod;
  topn?: number;
  restrictVocab?: number;
}

/** gensim's most_similar_cosmul adds this to the denominator to avoid dividing by zero. */
const COSMUL_EPSILON = 1e-6;

/**
 * A vocabulary and one `dim`-dimensional vector per word, stored row-major in one Float32Array
 * (row i is the vector of `words[i]`). Vocabulary order matters for `restrictVocab`: like gensim,
 * it is assumed to be most frequent first.
 *
 * Do not modify the matrix after the first similarity query: unit-normalised vectors are computed
 * once, lazily, and cached.
 */
export class KeyedVectors {
  /** The words and their ids (rows); with counts when the vectors come from training. */
  readonly vocabulary: Vocabulary;
  readonly vectors: Float32Array;
  readonly dim: number;
  private unitVectors: Float32Array | null = null;

  /** `words` as a list (copied; a repeated word is an error) or a `Vocabulary`; `vectors` is not copied. */
  constructor(words: readonly string[] | Vocabulary, vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
    const vocabulary = words instanceof Vocabulary ? words : new Vocabulary(words);
    if (vectors.length !== vocabulary.size * dim) {
      throw new RangeError(
        `${vocabulary.size} words x ${dim} dimensions need ${vocabulary.size * dim} values, got ${vectors.length}`,
      );
    }
    this.vocabulary = vocabulary;
    this.vectors = vectors;
    this.dim = dim;
  }

  /** The words, by row (gensim's index_to_key). */
  get words(): readonly string[] {
    return this.vocabulary.words;
  }

  /** Number of words. */
  get size(): number {
    return this.vocabulary.size;
  }

  has(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /** Row of `word` in the matrix; throws when it is not in the vocabulary. */
  indexOf(word: string): number {
    return this.vocabulary.indexOf(word);
  }

  /** A copy of the raw (not normalised) vector of `word`. */
  vector(word: string): Float32Array {
    const start = this.indexOf(word) * this.dim;
    return this.vectors.slice(start, start + this.dim);
  }

  /** Cosine similarity of two words (0 when either vector is all zeros). */
  similarity(a: string, b: string): number {
    const rowA = this.unitRow(this.indexOf(a));
    const rowB = this.unitRow(this.indexOf(b));
    let sum = 0;
    for (let d = 0; d < this.dim; d++) sum += rowA[d] * rowB[d];
    return sum;
  }

  /**
   * gensim's most_similar: the mean of the unit-normalised positive vectors and negated negative
   * vectors, normalised again, ranked by cosine against every word except the query words.
   */
  mostSimilar({ positive, negative = [], topn = 10, restrictVocab }: MostSimilarOptions): ScoredWord[] {
    const positiveIndices = this.indicesOf(positive);
    const negativeIndices = this.indicesOf(negative);
    if (positiveIndices.length + negativeIndices.length === 0) {
      throw new Error('mostSimilar needs at least one positive or negative word');
    }
    const mean = new Float64Array(this.dim);
    for (const [indices, sign] of [
      [positiveIndices, 1],
      [negativeIndices, -1],
    ] as const) {
      for (const index of indices) {
        const row = this.unitRow(index);
        for (let d = 0; d < this.dim; d++) mean[d] += sign * row[d];
      }
    }
    const scores = this.cosines(normalised(mean), restrictVocab);
    return this.best(scores, topn, new Set([...positiveIndices, ...negativeIndices]));
  }

  /** gensim's similar_by_vector: the words whose vectors have the highest cosine with `vector`. */
  similarByVector(vector: ArrayLike<number>, topn = 10, restrictVocab?: number): ScoredWord[] {
    if (vector.length !== this.dim) {
      throw new RangeError(`the query vector has ${vector.length} dimensions, the vectors have ${this.dim}`);
    }
    return this.best(this.cosines(normalised(Float64Array.from(vector)), restrictVocab), topn, new Set());
  }

  /**
   * Solves a : b :: c : ? (the answers to "b - a + c"), excluding a, b and c from the answers.
   * '3CosAdd' is gensim's most_similar(positive=[b, c], negative=[a]); '3CosMul' is gensim's
   * most_similar_cosmul (Levy & Goldberg 2014, eq. 4): cos'(x,b) cos'(x,c) / (cos'(x,a) + 1e-6),
   * with each cosine shifted to [0, 1] as cos' = (1 + cos) / 2.
   */
  analogy(
    a: string,
    b: string,
    c: string,
    { method = '3CosAdd', topn = 10, restrictVocab }: AnalogyOptions = {},
  ): ScoredWord[] {
    if (method === '3CosAdd') return this.mostSimilar({ positive: [b, c], negative: [a], topn, restrictVocab });
    const indices = [a, b, c].map((word) => this.indexOf(word));
    const [cosinesA, cosinesB, cosinesC] = indices.map((index) =>
      this.cosines(Float64Array.from(this.unitRow(index)), restrictVocab),
    );
    const scores = cosinesA.map(
      (cosineA, i) => (((1 + cosinesB[i]) / 2) * ((1 + cosinesC[i]) / 2)) / ((1 + cosineA) / 2 + COSMUL_EPSILON),
    );
    return this.best(scores, topn, new Set(indices));
  }

  private indicesOf(words: string | readonly string[]): number[] {
    return (typeof words === 'string' ? [words] : words).map((word) => this.indexOf(word));
  }

  /** Unit-normalised copy of the matrix, computed on first use; all-zero rows stay zero. */
  private unitMatrix(): Float32Array {
    if (this.unitVectors) return this.unitVectors;
    const unit = new Float32Array(this.vectors.length);
    for (let offset = 0; offset < unit.length; offset += this.dim) {
      let squares = 0;
      for (let d = 0; d < this.dim; d++) squares += this.vectors[offset + d] ** 2;
      const inverseNorm = squares > 0 ? 1 / Math.sqrt(squares) : 0;
      for (let d = 0; d < this.dim; d++) unit[offset + d] = this.vectors[offset + d] * inverseNorm;
    }
    this.unitVectors = unit;
    return unit;
  }

  private unitRow(index: number): Float32Array {
    return this.unitMatrix().subarray(index * this.dim, (index + 1) * this.dim);
  }

  /**
   * Cosine of the unit vector `query` with each of the first `restrictVocab` words: the hot loop of
   * every query, kept monomorphic (Float32Array rows, Float64Array query) so V8 optimises it well.
   */
  private cosines(query: Float64Array, restrictVocab = this.size): Float64Array {
    const unit = this.unitMatrix();
    const { dim } = this;
    const scores = new Float64Array(Math.min(this.size, restrictVocab));
    for (let row = 0, offset = 0; row < scores.length; row++, offset += dim) {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += unit[offset + d] * query[d];
      scores[row] = sum;
    }
    return scores;
  }

  /** gensim's `evaluate_word_pairs`: see `evaluateWordPairs`. */
  evaluateWordPairs(path: string, options?: EvaluateWordPairsOptions): Promise<WordPairsResult> {
    return evaluateWordPairs(this, path, options);
  }

  /** gensim's `evaluate_word_analogies`: see `evaluateAnalogies`. */
  evaluateAnalogies(path: string, options?: EvaluateAnalogiesOptions): Promise<AnalogiesResult> {
    return evaluateAnalogies(this, path, options);
  }

  /**
   * The `topn` highest `scores` with their words, skipping `excluded` indices, best first (ties:
   * lower index first). A size-`topn` min-heap keeps this O(n log topn) instead of a full sort.
   */
  private best(scores: Float64Array, topn: number, excluded: ReadonlySet<number>): ScoredWord[] {
    if (!Number.isInteger(topn) || topn < 0) throw new RangeError(`topn must be a non-negative integer, got ${topn}`);
    const heap = new TopK(Math.min(topn, scores.length));
    for (let index = 0; index < scores.length; index++) {
      if (heap.accepts(scores[index], index) && !excluded.has(index)) heap.insert(scores[index], index);
    }
    return heap.sortedDescending().map(({ index, score }) => ({ word: this.words[index], similarity: score }));
  }
}

/** `vector` scaled to unit length (left as is when all zeros, as gensim's unitvec does). */
function normalised(vector: Float64Array): Float64Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  if (squares > 0) {
    const inverseNorm = 1 / Math.sqrt(squares);
    for (let d = 0; d < vector.length; d++) vector[d] *= inverseNorm;
  }
  return vector;
}

/**
 * Keeps the `capacity` best (score, index) pairs seen, as a binary min-heap whose root is the worst
 * kept pair. "Worse" means a lower score, or an equal score at a higher index, so ties resolve to
 * the earlier (more frequent) word deterministically.
 */
class TopK {
  private readonly scores: Float64Array;
  private readonly indices: Int32Array;
  private length = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
  }

  /** Whether (score, index) would be kept: a cheap test that rejects most candidates. */
  accepts(score: number, index: number): boolean {
    if (Number.isNaN(score) || this.capacity === 0) return false;
    return this.length < this.capacity || this.worse(this.scores[0], this.indices[0], score, index);
  }

  /** Adds a pair that `accepts` approved, evicting the worst kept pair when full. */
  insert(score: number, index: number): void {
    if (this.length < this.capacity) {
      this.scores[this.length] = score;
      this.indices[this.length] = index;
      this.siftUp(this.length++);
    } else {
      this.scores[0] = score;
      this.indices[0] = index;
      this.siftDown(0);
    }
  }

  sortedDescending(): { index: number; score: number }[] {
    const entries = Array.from({ length: this.length }, (_, i) => ({ index: this.indices[i], score: this.scores[i] }));
    return entries.sort((x, y) => y.score - x.score || x.index - y.index);
  }

  private worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
  }

  private worseAt(i: number, j: number): boolean {
    return this.worse(this.scores[i], this.indices[i], this.scores[j], this.indices[j]);
  }

  private swap(i: number, j: number): void {
    [this.scores[i], this.scores[j]] = [this.scores[j], this.scores[i]];
    [this.indices[i], this.indices[j]] = [this.indices[j], this.indices[i]];
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worseAt(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.length && this.worseAt(left, worst)) worst = left;
      if (right < this.length && this.worseAt(right, worst)) worst = right;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
