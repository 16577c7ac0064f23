import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddingBag, NgramBag } from './ngram-bag.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

/** The same bag from stock ops: gather, multiply by the weights, sum (or mean) over each row. */
function reference(table: tf.Tensor2D, ids: tf.Tensor2D, weights: tf.Tensor2D, average: boolean): tf.Tensor2D {
  const summed = tf.sum(tf.mul(tf.gather(table, ids), tf.expandDims(weights, 2)), 1) as tf.Tensor2D;
  return average ? tf.div(summed, tf.maximum(tf.sum(weights, 1, true), 1e-30)) : summed;
}

describe('embeddingBag', () => {
  // Rows: two real entries then padding; three; padding only. Two vocabulary sizes exercise both
  // ways of reading the table (whole, or by gather when the table is much larger than the lookups).
  for (const vocabulary of [6, 200]) {
    it(`equals gather x weights summed over the row, and so do its gradients (vocabulary ${vocabulary})`, () => {
      const table = tf.randomNormal([vocabulary, 3], 0, 1, 'float32', 11) as tf.Tensor2D;
      const ids = tf.tensor2d(
        [
          [1, 5, 0],
          [2, 2, 4],
          [0, 0, 0],
        ],
        [3, 3],
        'int32',
      );
      const weights = tf.tensor2d(
        [
          [0.5, 2, 0],
          [1, 0.25, 3],
          [0, 0, 0],
        ],
        [3, 3],
      );
      const upstream = tf.randomNormal([3, 3], 0, 1, 'float32', 12);
      for (const average of [false, true]) {
        const got = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(embeddingBag(t as tf.Tensor2D, ids, weights, average), upstream)),
        )(table);
        const want = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(reference(t as tf.Tensor2D, ids, weights, average), upstream)),
        )(table);
        expect(Array.from(embeddingBag(table, ids, weights, average).dataSync())).toEqual(
          Array.from(reference(table, ids, weights, average).dataSync()).map((value) => expect.closeTo(value, 5)),
        );
        expect(Array.from(got.dataSync())).toEqual(
          Array.from(want.dataSync()).map((value) => expect.closeTo(value, 5)),
        );
      }
    });
  }

  it('leaves no tensor behind after a training step', () => {
    const table = tf.variable(tf.randomNormal([10, 4], 0, 1, 'float32', 13));
    const ids = tf.tensor2d(
      [
        [1, 2],
        [3, 0],
      ],
      [2, 2],
      'int32',
    );
    const weights = tf.tensor2d(
      [
        [1, 1],
        [0.5, 0],
      ],
      [2, 2],
    );
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(embeddingBag(table as tf.Tensor2D, ids, weights)), [table]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('NgramBag', () => {
  it('is a layer on [ids, weights] that saves and loads its table with the model', async () => {
    const ids = tf.input({ shape: [null], dtype: 'int32' });
    const weights = tf.input({ shape: [null] });
    const bag = new NgramBag({ inputDim: 7, units: 2, average: true, seed: 3 });
    const model = tf.model({ inputs: [ids, weights], outputs: bag.apply([ids, weights]) as tf.SymbolicTensor });
    const feed = [tf.tensor2d([[1, 6]], [1, 2], 'int32'), tf.tensor2d([[1, 3]], [1, 2])];
    const before = (model.predict(feed) as tf.Tensor).dataSync();
    const table = bag.getWeights()[0]?.arraySync() as number[][];
    expect(Array.from(before)).toEqual(
      [0, 1].map((u) => expect.closeTo(((table[1]?.[u] as number) + 3 * (table[6]?.[u] as number)) / 4, 5)),
    );
    // An in-memory tfjs IO handler: model.save writes into it, tf.loadLayersModel reads from it.
    const memory: tf.io.IOHandler & { artifacts?: tf.io.ModelArtifacts } = {
      save: async (artifacts) => {
        memory.artifacts = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
      load: async () => memory.artifacts as tf.io.ModelArtifacts,
    };
    await model.save(memory);
    const loaded = await tf.loadLayersModel(memory);
    expect(Array.from((loaded.predict(feed) as tf.Tensor).dataSync())).toEqual(Array.from(before));
  });

  it('rejects a table without rows or units', () => {
    expect(() => new NgramBag({ inputDim: 0, units: 2 })).toThrow(/inputDim/);
    expect(() => new NgramBag({ inputDim: 5, units: 1.5 })).toThrow(/units/);
  });
});
