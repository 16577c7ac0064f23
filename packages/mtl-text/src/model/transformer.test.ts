import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MaskedMeanPooling, MultiHeadSelfAttention, PositionEmbedding } from './transformer.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

/** A small attention layer built for inputs of the given size, with the given weights. */
function attentionLayer(heads: number, dim: number, kernels: number[][][], bias: number[]) {
  const layer = new MultiHeadSelfAttention({ heads });
  layer.build([
    [null, null, dim],
    [null, null],
  ]);
  layer.setWeights([...kernels.map((kernel) => tf.tensor2d(kernel)), tf.tensor1d(bias)]);
  return layer;
}

const identity = (dim: number) =>
  Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0)));

/** softmax(x x^T / sqrt(dim)) x over the real positions, computed by hand for one head with identity weights. */
function referenceAttention(rows: number[][], real: boolean[]): number[][] {
  const dim = rows[0]?.length ?? 0;
  return rows.map((query) => {
    const scores = rows.map((key, j) =>
      real[j] ? key.reduce((sum, value, k) => sum + value * (query[k] as number), 0) / Math.sqrt(dim) : -Infinity,
    );
    const top = Math.max(...scores);
    const weights = scores.map((score) => Math.exp(score - top));
    const total = weights.reduce((a, b) => a + b, 0);
    return Array.from({ length: dim }, (_, k) =>
      rows.reduce((sum, value, j) => sum + ((weights[j] as number) / total) * (value[k] as number), 0),
    );
  });
}

describe('transformer layers', () => {
  const rows = [
    [0.5, -1, 2],
    [1, 0.25, -0.5],
    [-2, 1, 0],
    [9, 9, 9],
  ];

  it('attends like softmax(QK^T / sqrt(d)) V, never to padding', () => {
    const layer = attentionLayer(1, 3, [identity(3), identity(3), identity(3), identity(3)], [0.1, 0.2, 0.3]);
    const tokens = tf.tensor2d([[5, 7, 2, 0]], [1, 4], 'int32');
    const output = layer.apply([tf.tensor3d([rows]), tokens]) as tf.Tensor3D;
    const bias = [0.1, 0.2, 0.3];
    const expected = referenceAttention(rows, [true, true, true, false]).map((row) =>
      row.map((value, k) => value + (bias[k] as number)),
    );
    const actual = output.arraySync()[0] as number[][];
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) expect(actual[i]?.[k]).toBeCloseTo(expected[i]?.[k] as number, 5);
    }
    // The padded position's vector does not reach any real position.
    const changed = layer.apply([tf.tensor3d([[...rows.slice(0, 3), [-5, 3, 1]]]), tokens]) as tf.Tensor3D;
    expect((changed.arraySync()[0] as number[][]).slice(0, 3)).toEqual(actual.slice(0, 3));
    tf.dispose([tokens, output, changed]);
  });

  it('splits the projections into heads', () => {
    // Two heads over dims {0, 1} and {2, 3}: with identity weights each head attends within its own slice.
    const dim = 4;
    const layer = attentionLayer(2, dim, [identity(dim), identity(dim), identity(dim), identity(dim)], [0, 0, 0, 0]);
    const input = [
      [1, 0, 0, 2],
      [0, 1, 1, 0],
    ];
    const output = (
      layer.apply([tf.tensor3d([input]), tf.tensor2d([[3, 4]], [1, 2], 'int32')]) as tf.Tensor3D
    ).arraySync()[0] as number[][];
    const first = referenceAttention(
      input.map((row) => row.slice(0, 2)),
      [true, true],
    );
    const second = referenceAttention(
      input.map((row) => row.slice(2)),
      [true, true],
    );
    // referenceAttention scales by sqrt(2), the head size, as the layer does.
    for (let i = 0; i < 2; i++) {
      const expected = [...(first[i] as number[]), ...(second[i] as number[])];
      for (let k = 0; k < dim; k++) expect(output[i]?.[k]).toBeCloseTo(expected[k] as number, 5);
    }
  });

  it('rejects heads that do not divide the size', () => {
    expect(() => new MultiHeadSelfAttention({ heads: 0 })).toThrow(/heads must be an integer >= 1, got 0/);
    const layer = new MultiHeadSelfAttention({ heads: 2 });
    expect(() =>
      layer.build([
        [null, 4, 3],
        [null, 4],
      ]),
    ).toThrow(/heads \(2\) must divide the embedding size \(3\)/);
  });

  it('pools the mean of the real tokens and adds a learned vector per position', () => {
    const pooled = new MaskedMeanPooling({}).apply([
      tf.tensor3d([rows, rows]),
      tf.tensor2d(
        [
          [4, 4, 0, 0],
          [0, 0, 0, 0],
        ],
        [2, 4],
        'int32',
      ),
    ]) as tf.Tensor2D;
    const [mean, empty] = pooled.arraySync();
    mean?.forEach((value, k) => {
      expect(value).toBeCloseTo(((rows[0]?.[k] as number) + (rows[1]?.[k] as number)) / 2, 6);
    });
    expect(empty).toEqual([0, 0, 0]);
    // One learned vector per position, the same for every text of the batch.
    const layer = new PositionEmbedding({ seed: 3 });
    const x = tf.tensor3d([rows, rows.map((row) => row.map((value) => -value))]);
    const shifted = (layer.apply(x) as tf.Tensor3D).arraySync();
    const positions = (layer.getWeights()[0] as tf.Tensor2D).arraySync();
    expect(positions).toHaveLength(4);
    expect(positions.flat().some((value) => value !== 0)).toBe(true);
    rows.forEach((row, p) => {
      row.forEach((value, k) => {
        expect(shifted[0]?.[p]?.[k]).toBeCloseTo(value + (positions[p]?.[k] as number), 6);
        expect(shifted[1]?.[p]?.[k]).toBeCloseTo(-value + (positions[p]?.[k] as number), 6);
      });
    });
  });
});
