import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../tokenizer.js';
import { Vocabulary } from '../vocabulary.js';
import { HOMEWORK_CORPUS } from './example.js';
import { HOMEWORK_TOKENS, HomeworkSkipGram, kMostSimilar, skipGramPairs, trainHomeworkSkipGram } from './skip-gram.js';

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe('the homework word2vec, fixed', () => {
  it('tokenises like NLTK word_tokenize and builds pairs that skip punctuation and stop at sentence ends', () => {
    const tokens = tokenize(HOMEWORK_CORPUS, HOMEWORK_TOKENS);
    expect(tokens).toEqual(['I', 'love', 'to', 'learn', 'deep', 'learning', '.', 'It', 'is', 'fascinating', '!']);
    const pairs = skipGramPairs(tokens, 5);
    expect(pairs.filter(([target]) => target === 'learning')).toEqual([
      ['learning', 'learn'],
      ['learning', 'deep'],
    ]);
    expect(pairs.filter(([target]) => target === 'It')).toEqual([
      ['It', 'is'],
      ['It', 'fascinating'],
    ]);
    expect(pairs.some(([t, c]) => /[.!]/.test(t + c))).toBe(false);
    // The homework's window 3 reaches one word each side.
    expect(skipGramPairs(tokens, 3)).toHaveLength(2 * (6 - 1) + 2 * (3 - 1));
  });

  it('has a loss that starts at log(V), stays positive and falls on the homework corpus (window 3, dim 10, lr 1e-2)', async () => {
    const before = tf.memory().numTensors;
    const { vocabulary, model, epochLosses } = await trainHomeworkSkipGram(HOMEWORK_CORPUS, 3, 10, 50, 1e-2, {
      seed: 1,
    });
    expect(vocabulary.words).toEqual(['I', 'love', 'to', 'learn', 'deep', 'learning', 'It', 'is', 'fascinating']);
    expect(epochLosses).toHaveLength(50);
    // Zero output vectors: every word equally likely at first.
    expect(epochLosses[0]).toBeLessThan(Math.log(9) + 1e-3);
    expect(epochLosses[0]).toBeGreaterThan(Math.log(9) - 0.1);
    for (const loss of epochLosses) expect(loss).toBeGreaterThan(0);
    // Each word has at most two contexts in a 9-word vocabulary, so the optimum is about log(2) or 0.
    expect(epochLosses.at(-1)).toBeLessThan(0.6 * (epochLosses[0] as number));
    const tenEpochMeans = [0, 1, 2, 3, 4].map(
      (i) => epochLosses.slice(10 * i, 10 * i + 10).reduce((a, b) => a + b) / 10,
    );
    for (let i = 1; i < tenEpochMeans.length; i++)
      expect(tenEpochMeans[i]).toBeLessThan(tenEpochMeans[i - 1] as number);

    // Words that share contexts end up close: 'learn' and 'learning' both sit next to 'deep'.
    const similar = kMostSimilar('learn', model.embeddings(), vocabulary, 3);
    expect(similar).toHaveLength(3);
    expect(similar.map(([word]) => word)).not.toContain('learn');
    expect(similar[0]?.[1]).toBeGreaterThanOrEqual(similar[1]?.[1] as number);
    model.dispose();
    // Nothing grows with the 50 epochs x 12 steps; tfjs's Adam itself keeps one tensor after dispose().
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(1);
  });

  it('trains on the core trainLoop with the losses and vectors of the hand-written loop it replaced', async () => {
    // Recorded with the hand-written loop (before issue #22) on the same backend.
    const before = {
      0: { first: 2.1973040785108293, last: 0.5546725307192121, sum: 39.785574555397034, learn: 1.0309476852416992 },
      1: { first: 2.1972703082220897, last: 0.5504224811281476, sum: 40.25271402938026, learn: -0.5895749926567078 },
    };
    for (const seed of [0, 1] as const) {
      const { epochLosses, model } = await trainHomeworkSkipGram(HOMEWORK_CORPUS, 3, 10, 50, 1e-2, { seed });
      expect(epochLosses[0]).toBeCloseTo(before[seed].first, 6);
      expect(epochLosses.at(-1)).toBeCloseTo(before[seed].last, 6);
      expect(epochLosses.reduce((a, b) => a + b)).toBeCloseTo(before[seed].sum, 5);
      expect(model.embeddings()[3]?.[0]).toBeCloseTo(before[seed].learn, 5);
      model.dispose();
    }
  });

  it("shows the homework's loss is unbounded below, which the softmax loss is not", () => {
    // CrossEntropyLoss(in(t), out(c)) with the context vector as a soft label: -sum(out(c) * log_softmax(in(t))).
    const target = tf.variable(tf.tensor1d([0.1, -0.2, 0.3]));
    const context = tf.variable(tf.tensor1d([0.2, 0.1, -0.1]));
    const optimizer = tf.train.adam(0.1);
    const homeworkLoss = () => tf.neg(tf.sum(tf.mul(context, tf.logSoftmax(target)))) as tf.Scalar;
    const losses: number[] = [];
    for (let step = 0; step < 200; step++) {
      const cost = optimizer.minimize(homeworkLoss, true) as tf.Scalar;
      losses.push(cost.dataSync()[0] as number);
      cost.dispose();
    }
    expect(losses.at(-1)).toBeLessThan(-10);
    expect(losses.at(-1)).toBeLessThan(losses[100] as number);
    optimizer.dispose();
    tf.dispose([target, context]);

    const model = new HomeworkSkipGram(4, 3, { seed: 2 });
    const loss = model.loss(tf.tensor1d([0, 1], 'int32'), tf.tensor1d([2, 3], 'int32'));
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(4), 5);
    tf.dispose(loss);
    model.dispose();
  });

  it('rejects bad input with the argument named', async () => {
    await expect(trainHomeworkSkipGram(HOMEWORK_CORPUS, 1, 10, 1, 0.01)).rejects.toThrow(
      /windowSize must be an integer >= 2, got 1/,
    );
    await expect(trainHomeworkSkipGram('', 3, 10, 1, 0.01)).rejects.toThrow(/no \(target, context\) pairs/);
    await expect(trainHomeworkSkipGram(HOMEWORK_CORPUS, 3, 10, 1, 0)).rejects.toThrow(
      /learningRate must be a finite number > 0/,
    );
    expect(() => kMostSimilar('learnt', [[1]], new Vocabulary(['learn']), 1)).toThrow(
      /'learnt' is not in the vocabulary/,
    );
  });
});
