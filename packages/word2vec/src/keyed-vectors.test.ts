import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyedVectors, type ScoredWord } from './keyed-vectors.js';

// Vectors and gensim's answers on them, written by test/fixtures/make-fixtures.py.
interface GensimExpected {
  dim: number;
  words: string[];
  vectors: number[][];
  mostSimilar: Record<'kingWomanMinusMan' | 'café' | 'negativeOnly' | 'restricted', [string, number][]>;
  cosmul: [string, number][];
  queryVector: number[];
  similarByVector: [string, number][];
  similarity: { kingQueen: number };
}
const expected: GensimExpected = JSON.parse(
  readFileSync(new URL('../test/fixtures/gensim-expected.json', import.meta.url), 'utf8'),
);
const fixture = new KeyedVectors(expected.words, Float32Array.from(expected.vectors.flat()), expected.dim);

/** Same words in the same order as gensim, scores equal to float32 precision. */
function expectGensimAnswer(actual: ScoredWord[], gensim: [string, number][]) {
  expect(actual.map(({ word }) => word)).toEqual(gensim.map(([word]) => word));
  expect(actual.map(({ similarity }) => similarity)).toEqual(gensim.map(([, score]) => expect.closeTo(score, 5)));
}

describe('KeyedVectors', () => {
  const small = new KeyedVectors(['a', 'b', 'c'], Float32Array.from([1, 0, 0, 1, 3, 4]), 2);

  it('validates its input', () => {
    expect(() => new KeyedVectors(['a', 'b'], new Float32Array(5), 2)).toThrow(
      '2 words x 2 dimensions need 4 values, got 5',
    );
    expect(() => new KeyedVectors(['a', 'b', 'a'], new Float32Array(6), 2)).toThrow(
      "duplicate word 'a' at indices 0 and 2",
    );
    expect(() => new KeyedVectors([], new Float32Array(0), 0)).toThrow('dim must be a positive integer, got 0');
  });

  it('looks words up and returns copies of their vectors', () => {
    expect(small.size).toBe(3);
    expect(small.has('b')).toBe(true);
    expect(small.has('z')).toBe(false);
    expect(small.indexOf('c')).toBe(2);
    const vector = small.vector('c');
    expect(Array.from(vector)).toEqual([3, 4]);
    vector[0] = 100;
    expect(small.vectors[4]).toBe(3);
  });

  it('names the missing word and the vocabulary size', () => {
    const message = "word 'xyz' is not in the vocabulary (3 words)";
    expect(() => small.vector('xyz')).toThrow(message);
    expect(() => small.similarity('a', 'xyz')).toThrow(message);
    expect(() => small.mostSimilar({ positive: ['a'], negative: ['xyz'] })).toThrow(message);
    expect(() => small.analogy('a', 'b', 'xyz', { method: '3CosMul' })).toThrow(message);
  });

  it('computes cosine similarity', () => {
    expect(small.similarity('a', 'c')).toBeCloseTo(0.6, 6);
    expect(small.similarity('a', 'b')).toBe(0);
    expect(fixture.similarity('king', 'queen')).toBeCloseTo(expected.similarity.kingQueen, 6);
  });

  it('answers most_similar like gensim', () => {
    expectGensimAnswer(
      fixture.mostSimilar({ positive: ['king', 'woman'], negative: ['man'], topn: 5 }),
      expected.mostSimilar.kingWomanMinusMan,
    );
    expectGensimAnswer(fixture.mostSimilar({ positive: 'café', topn: 5 }), expected.mostSimilar.café);
    expectGensimAnswer(
      fixture.mostSimilar({ positive: [], negative: 'paris', topn: 3 }),
      expected.mostSimilar.negativeOnly,
    );
    expectGensimAnswer(
      fixture.mostSimilar({ positive: 'rome', topn: 4, restrictVocab: 10 }),
      expected.mostSimilar.restricted,
    );
  });

  it('solves analogies with 3CosAdd and 3CosMul like gensim', () => {
    expectGensimAnswer(fixture.analogy('man', 'king', 'woman', { topn: 5 }), expected.mostSimilar.kingWomanMinusMan);
    expectGensimAnswer(fixture.analogy('man', 'king', 'woman', { method: '3CosMul', topn: 5 }), expected.cosmul);
  });

  it('finds the words nearest a vector like gensim', () => {
    expectGensimAnswer(fixture.similarByVector(expected.queryVector, 5), expected.similarByVector);
    expect(() => fixture.similarByVector([1, 2, 3])).toThrow('the query vector has 3 dimensions, the vectors have 8');
  });

  it('excludes the query words, caps topn at the vocabulary and breaks ties by vocabulary order', () => {
    const tied = new KeyedVectors(['q', 'x', 'y', 'z'], Float32Array.from([1, 0, 0, 1, 0, 2, 1, 0]), 2);
    expect(tied.mostSimilar({ positive: 'q', topn: 10 })).toEqual([
      { word: 'z', similarity: 1 },
      { word: 'x', similarity: 0 },
      { word: 'y', similarity: 0 },
    ]);
    expect(tied.mostSimilar({ positive: 'q', topn: 0 })).toEqual([]);
    expect(() => tied.mostSimilar({ positive: [] })).toThrow('at least one positive or negative word');
  });

  it('treats an all-zero vector as similar to nothing (cosine 0)', () => {
    const withZero = new KeyedVectors(['zero', 'one'], Float32Array.from([0, 0, 1, 1]), 2);
    expect(withZero.similarity('zero', 'one')).toBe(0);
    expect(withZero.mostSimilar({ positive: 'one' })).toEqual([{ word: 'zero', similarity: 0 }]);
  });

  it('finds the same top words on 50k x 100 vectors as a full sort (the partial top-k selection)', () => {
    const count = 50_000;
    const dim = 100;
    const values = new Float32Array(count * dim);
    let seed = 1;
    for (let i = 0; i < values.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      values[i] = seed / 2 ** 30 - 1;
    }
    const words = Array.from({ length: count }, (_, i) => `w${i}`);
    const large = new KeyedVectors(words, values, dim);
    const answer = large.mostSimilar({ positive: 'w7', topn: 25 });
    const bySort = words
      .filter((word) => word !== 'w7')
      .map((word) => ({ word, similarity: large.similarity('w7', word) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 25);
    expect(answer.map(({ word }) => word)).toEqual(bySort.map(({ word }) => word));
    for (const [i, { similarity }] of answer.entries())
      expect(similarity).toBeCloseTo(bySort[i]?.similarity as number, 10);
  });
});
