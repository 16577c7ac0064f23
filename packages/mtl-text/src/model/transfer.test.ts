import { KeyedVectors } from '@hw7/word2vec';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../option-error.js';
import { checkCoverage, checkVectors } from './transfer.js';

const vectorsOf = (words: string[], dim: number) => new KeyedVectors(words, new Float32Array(words.length * dim), dim);

describe('checkVectors', () => {
  it('accepts word vectors that fit the model', () => {
    const vectors = vectorsOf(['the', 'camera', 'is', '2009', 'great', "don't", 'café'], 8);
    expect(() => checkVectors(vectors, 'v.txt', { encoder: 'cnn' })).not.toThrow();
    expect(() => checkVectors(vectors, 'v.txt', { encoder: 'transformer', attentionHeads: 4 })).not.toThrow();
    expect(() => checkVectors(vectors, 'v.txt', { embeddingDim: 8 })).not.toThrow();
  });

  it('junk --vectors (issue #24 case 8): refuses words that do not look like words, naming the file', () => {
    // A text vectors file read as binary: after the first word, fragments of the numbers.
    const fragments = vectorsOf(['the', '0.0412', '-0.13', '0.9981', '-1.25', 'camera', '0.5'], 4);
    expect(() => checkVectors(fragments, 'x.bin', {})).toThrow(
      'holds words that do not look like words (5 of the first 7, e.g. "0.0412", "-0.13", "0.9981") (vectors "x.bin"): a word2vec vectors file',
    );
    const undecodable = vectorsOf(['\ufffd\ufffd', 'a\ufffd', 'ok'], 4);
    expect(() => checkVectors(undecodable, 'y.bin', {})).toThrow(OptionError);
  });

  it('refuses vectors whose size does not fit the embedding asked for', () => {
    const vectors = vectorsOf(['the', 'camera', 'is', 'great'], 6);
    expect(() => checkVectors(vectors, 'v.txt', { embeddingDim: 16 })).toThrow(
      'has vectors of 6 dimensions, not the 16 asked for (embeddingDim) (vectors "v.txt")',
    );
    expect(() => checkVectors(vectors, 'v.txt', { encoder: 'transformer' })).toThrow(
      'gives an embedding of 6 dimensions, which 4 attention heads do not divide (vectors "v.txt")',
    );
    expect(() => checkVectors(vectors, 'v.txt', { encoder: 'transformer', randomEmbeddingDim: 2 })).not.toThrow();
  });

  it('refuses vectors that hold none of the training words', () => {
    expect(() => checkCoverage(0, 120, 'v.txt')).toThrow(
      'has a vector for none of the 120 words of the training texts (vectors "v.txt")',
    );
    expect(() => checkCoverage(0.01, 120, 'v.txt')).not.toThrow();
  });
});
