// Mixed operations, the entropy of alpha, and the derivation of the discrete cell.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Cell } from '../cell/cell.js';
import { formatCell, NB201_EDGES, NB201_OPERATIONS, parseCell } from '../spaces/nb201-cell.js';
import { deriveGenotype, meanAlphaEntropy, softmaxMixture } from './architecture-parameters.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('softmaxMixture', () => {
  it('makes an edge compute the softmax(alpha)-weighted sum of its operations', () => {
    const cell = new Cell(
      NB201_EDGES.map(() => NB201_OPERATIONS),
      2,
      new Rng(0),
    );
    const x = tf.randomNormal([3, 4, 4, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
    const alpha = tf.randomNormal([6, 5], 0, 1, 'float32', 3);
    const edge = 4;
    const mixed = tf.tidy(() => cell.applyEdge(edge, x, softmaxMixture(alpha)[edge]));
    const expected = tf.tidy(() => {
      const weights = tf.softmax(alpha).arraySync() as number[][];
      return tf.addN(
        NB201_OPERATIONS.map((operation, k) => tf.mul(cell.applyEdge(edge, x, [{ operation }]), weights[edge][k])),
      );
    });
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(mixed, expected))).arraySync() as number);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([x, alpha, mixed, expected, ...cell.variables]);
  });
});

describe('meanAlphaEntropy', () => {
  it('is ln 5 for equal alpha and falls as one operation dominates', () => {
    const uniform = tf.zeros([6, 5]);
    const decided = tf.tidy(() => tf.mul(tf.oneHot(tf.tensor1d([3, 3, 1, 2, 3, 4], 'int32'), 5), 10));
    expect(meanAlphaEntropy(uniform)).toBeCloseTo(Math.log(5), 5);
    expect(meanAlphaEntropy(decided)).toBeLessThan(0.01);
    tf.dispose([uniform, decided]);
  });
});

describe('deriveGenotype', () => {
  it("keeps every edge with its strongest operation other than 'none', and round-trips as a string", () => {
    // Edge 0 prefers 'none' most, then nor_conv_1x1.
    const alpha = tf.tensor2d([
      [5, 0, 2, 1, 0],
      [0, 3, 0, 0, 0],
      [0, 0, 0, 3, 0],
      [0, 0, 0, 0, 3],
      [9, 1, 0, 0, 0],
      [0, 0, 4, 0, 0],
    ]);
    const genotype = deriveGenotype(alpha);
    expect(genotype.edges).toEqual([
      'nor_conv_1x1',
      'skip_connect',
      'nor_conv_3x3',
      'avg_pool_3x3',
      'skip_connect',
      'nor_conv_1x1',
    ]);
    const text = formatCell(genotype);
    expect(text).toBe(
      '|nor_conv_1x1~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|skip_connect~1|nor_conv_1x1~2|',
    );
    expect(parseCell(text)).toEqual(genotype);
    alpha.dispose();
  });

  it('names the expected shape', () => {
    const alpha = tf.zeros([5, 5]);
    expect(() => deriveGenotype(alpha)).toThrow(/alpha must be \[6, 5\]; got \[5, 5\]/);
    alpha.dispose();
  });
});
