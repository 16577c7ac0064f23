import { initBackend, tf } from '@hw7/tensor-utils';
import { KeyedVectors } from '@hw7/word2vec';
import { beforeAll, describe, expect, it } from 'vitest';
import { RANDOM_EMBEDDING_LAYER } from './backbone.js';
import { balancedClassWeights, maskedClassificationLoss } from './losses.js';
import { createMultiTaskModel, wideLayerName } from './multitask-model.js';
import { createTaskWeighting } from './task-weighting.js';
import { embeddingFromVectors } from './transfer.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const logits = () =>
  tf.tensor2d([
    [2, -1, 0.5],
    [0.1, 0.2, 0.3],
    [-1, 3, 0],
    [1, 1, 1],
  ]);

describe('maskedClassificationLoss', () => {
  // Expected values from PyTorch 1.13 on rows 0-2 (row 3 is unlabelled, -1):
  //   F.cross_entropy(logits[:3], labels[:3], weight=torch.tensor([1., 2., .5]))
  //   lp = F.log_softmax(logits[:3], 1).gather(1, labels[:3, None])[:, 0]; (-(1 - lp.exp())**2 * lp).mean()
  it('matches PyTorch: class-weighted cross-entropy and focal loss, unlabelled rows ignored', () => {
    const labels = tf.tensor1d([0, 2, 1, -1], 'int32');
    const weighted = maskedClassificationLoss(labels, logits(), { classWeights: [1, 2, 0.5] });
    expect(weighted.dataSync()[0]).toBeCloseTo(0.249728724360466, 5);
    const focal = maskedClassificationLoss(labels, logits(), { focalGamma: 2 });
    expect(focal.dataSync()[0]).toBeCloseTo(0.13753943145275116, 5);
    const none = maskedClassificationLoss(tf.tensor1d([-1, -1, -1, -1], 'int32'), logits());
    expect(none.dataSync()[0]).toBe(0);
  });

  it('rejects mismatched shapes and weights', () => {
    expect(() => maskedClassificationLoss(tf.tensor1d([0], 'int32'), logits())).toThrow(/labels has 1 rows, logits 4/);
    expect(() => maskedClassificationLoss(tf.tensor1d([0, 0, 0, 0], 'int32'), logits(), { classWeights: [1] })).toThrow(
      /classWeights must have 3 entries/,
    );
  });

  it('balancedClassWeights is scikit-learn\'s "balanced"', () => {
    // compute_class_weight('balanced', classes=[0, 1], y=[0, 0, 0, 1]) = [4 / (2 * 3), 4 / (2 * 1)]
    expect(balancedClassWeights([0, 0, 0, 1, -1], 2)).toEqual([4 / 6, 2]);
  });
});

describe('task weighting', () => {
  it('fixed multiplies, dynamic favours the weaker task, uncertainty learns log-variances', () => {
    const losses = [tf.scalar(1), tf.scalar(3)];
    const fixed = createTaskWeighting(2, { weights: [0.5, 2] });
    expect(fixed.combine(losses).dataSync()[0]).toBeCloseTo(6.5, 6);
    // A batch sampled for the second task only.
    expect(fixed.combine(losses, [false, true]).dataSync()[0]).toBeCloseTo(6, 6);
    const dynamic = createTaskWeighting(2, { kind: 'dynamic' });
    dynamic.observe([0.9, 0.5]);
    const [strong, weak] = dynamic.weights() as [number, number];
    expect(weak).toBeGreaterThan(strong);
    expect(strong + weak).toBeCloseTo(2, 10);
    const uncertainty = createTaskWeighting(2, { kind: 'uncertainty' });
    // s = 0 at first: exp(0) * L + 0.
    expect(uncertainty.combine(losses).dataSync()[0]).toBeCloseTo(4, 6);
    expect(uncertainty.variables).toHaveLength(2);
    uncertainty.dispose();
    expect(() => createTaskWeighting(2, { weights: [1] })).toThrow(/weights must be 2 numbers >= 0/);
  });
});

describe('createMultiTaskModel', () => {
  it('builds one head per task on a CNN, BiGRU or transformer backbone, with transferred embeddings and an optional random channel', () => {
    const words = ['<pad>', '<unk>', 'good', 'bad', 'camera'];
    const vectors = new KeyedVectors(['good', 'bad'], Float32Array.from([1, 0, 0, 1]), 2);
    const { matrix, coverage } = embeddingFromVectors(words, vectors);
    expect(coverage).toBeCloseTo(2 / 4, 10);
    expect(Array.from(matrix.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(matrix.subarray(4, 8))).toEqual([1, 0, 0, 1]);
    const tasks = [
      { name: 'sentiment', classes: ['neg', 'pos'] },
      { name: 'topic', classes: ['a', 'b', 'c'] },
    ];
    for (const [encoder, randomEmbeddingDim] of [
      ['cnn', 0],
      ['bigru', 0],
      ['transformer', 0],
      ['cnn', 2],
      ['bigru', 2],
      ['transformer', 2],
    ] as const) {
      const built = createMultiTaskModel({
        tasks,
        vocabSize: 5,
        maxLength: 6,
        embeddingDim: 2,
        encoder,
        attentionHeads: 2,
        embeddingInit: matrix,
        randomEmbeddingDim,
      });
      if (randomEmbeddingDim > 0) {
        const random = built.model.getLayer(RANDOM_EMBEDDING_LAYER).getWeights()[0] as tf.Tensor;
        expect(random.shape).toEqual([5, 2]);
        // Random, not a copy of the transferred vectors.
        expect(Array.from(random.dataSync()).some((value) => value !== 0)).toBe(true);
      } else {
        expect(built.model.layers.some((layer) => layer.name === RANDOM_EMBEDDING_LAYER)).toBe(false);
      }
      const [sentiment, topic] = built.predict(tf.tensor2d([[2, 3, 4, 0, 0, 0]], [1, 6], 'int32'));
      expect(sentiment?.shape).toEqual([1, 2]);
      expect(topic?.shape).toEqual([1, 3]);
      expect(Array.from((built.embedding.getWeights()[0] as tf.Tensor).dataSync().subarray(4, 8))).toEqual([
        1, 0, 0, 1,
      ]);
      built.model.dispose();
    }
    expect(() => createMultiTaskModel({ tasks: [], vocabSize: 5, maxLength: 6 })).toThrow(/at least one task/);
    expect(() => createMultiTaskModel({ tasks, vocabSize: 5, maxLength: 6, sharing: 'heads' as 'encoder' })).toThrow(
      /sharing must be one of encoder, embedding, got heads/,
    );
    expect(() => createMultiTaskModel({ tasks, vocabSize: 5, maxLength: 6, randomEmbeddingDim: -1 })).toThrow(
      /randomEmbeddingDim must be an integer >= 0, got -1/,
    );
    expect(() => createMultiTaskModel({ tasks, vocabSize: 5, maxLength: 6, encoder: 'lstm' as 'cnn' })).toThrow(
      /encoder must be one of cnn, bigru, transformer, fasttext, got lstm/,
    );
  });

  it("shares only the embedding with sharing 'embedding': one encoder per task, trained by its own task alone", () => {
    const tasks = [
      { name: 'sentiment', classes: ['neg', 'pos'] },
      { name: 'topic', classes: ['a', 'b', 'c'] },
    ];
    const options = { tasks, vocabSize: 7, maxLength: 5, embeddingDim: 4, width: 8, kernelSizes: [2], seed: 1 };
    const convolutions = (model: tf.LayersModel) => model.layers.filter((layer) => layer.getClassName() === 'Conv1D');
    const shared = createMultiTaskModel(options);
    const separate = createMultiTaskModel({ ...options, sharing: 'embedding' });
    expect(convolutions(shared.model)).toHaveLength(1);
    expect(convolutions(separate.model)).toHaveLength(2);
    expect(separate.model.layers.filter((layer) => layer.getClassName() === 'Embedding')).toHaveLength(1);
    // The first task's encoder starts from the same weights as the shared one (same seeds).
    const [sharedKernel] = convolutions(shared.model)[0]?.getWeights() ?? [];
    const [firstKernel] = convolutions(separate.model)[0]?.getWeights() ?? [];
    expect(Array.from(firstKernel?.dataSync() ?? [])).toEqual(Array.from(sharedKernel?.dataSync() ?? []));
    // A loss on the topic head alone sends gradients to the embedding and the topic encoder, not to
    // the sentiment encoder.
    const tokens = tf.tensor2d([[1, 2, 3, 4, 0]], [1, 5], 'int32');
    const { grads } = tf.variableGrads(() => {
      const [, topic] = separate.predict(tokens);
      return (topic as tf.Tensor2D).square().sum() as tf.Scalar;
    });
    const gradientNorm = (layer: tf.layers.Layer) =>
      layer.trainableWeights.reduce((sum, weight) => {
        const gradient = grads[(weight.read() as tf.Variable).name];
        return sum + (gradient ? (gradient.abs().sum().dataSync()[0] as number) : 0);
      }, 0);
    const [sentimentEncoder, topicEncoder] = convolutions(separate.model);
    expect(gradientNorm(separate.embedding)).toBeGreaterThan(0);
    expect(gradientNorm(topicEncoder as tf.layers.Layer)).toBeGreaterThan(0);
    expect(gradientNorm(sentimentEncoder as tf.layers.Layer)).toBe(0);
    tf.dispose([tokens, ...Object.values(grads)]);
    shared.model.dispose();
    separate.model.dispose();
  });

  it('builds the fastText encoder on n-grams, and with wide a linear part on them in every head that starts at zero', () => {
    const tasks = [
      { name: 'sentiment', classes: ['neg', 'pos'] },
      { name: 'topic', classes: ['a', 'b', 'c'] },
    ];
    const built = createMultiTaskModel({
      tasks,
      vocabSize: 2,
      ngramVocabSize: 9,
      maxLength: 4,
      embeddingDim: 3,
      encoder: 'fasttext',
      wide: true,
    });
    expect(built.inputNames).toEqual(['ngramIds', 'ngramWeights']);
    expect(built.wideLayers.map((layer) => layer.name)).toEqual([wideLayerName('sentiment'), wideLayerName('topic')]);
    expect(built.wideLayers.map((layer) => (layer.getWeights()[0] as tf.Tensor).shape)).toEqual([
      [9, 2],
      [9, 3],
    ]);
    const inputs = {
      ngramIds: tf.tensor2d([[1, 8, 0]], [1, 3], 'int32'),
      ngramWeights: tf.tensor2d([[0.6, 0.8, 0]], [1, 3]),
    };
    const [sentiment, topic] = built.predict(inputs);
    expect(topic?.shape).toEqual([1, 3]);
    // The wide part reads the weighted n-grams: set one of its weights and the logit moves by weight x value.
    const wide = built.wideLayers[0] as tf.layers.Layer;
    const table = new Float32Array(18);
    table[8 * 2 + 1] = 5;
    wide.setWeights([tf.tensor2d(table, [9, 2])]);
    const [moved] = built.predict(inputs);
    const delta = tf.sub(moved as tf.Tensor, sentiment as tf.Tensor).dataSync();
    expect(Array.from(delta)).toEqual([expect.closeTo(0, 5), expect.closeTo(4, 5)]);
    // A token encoder with the wide part takes the tokens too.
    const cnn = createMultiTaskModel({
      tasks,
      vocabSize: 5,
      ngramVocabSize: 9,
      maxLength: 4,
      embeddingDim: 3,
      wide: true,
    });
    expect(cnn.inputNames).toEqual(['tokens', 'ngramIds', 'ngramWeights']);
    expect(() => cnn.predict(tf.tensor2d([[1, 2, 0, 0]], [1, 4], 'int32'))).toThrow(/needs the 'ngramIds' input/);
    expect(() => createMultiTaskModel({ tasks, vocabSize: 5, maxLength: 4, wide: true })).toThrow(/ngramVocabSize/);
    built.model.dispose();
    cnn.model.dispose();
  });
});
