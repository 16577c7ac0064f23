// The homework's word2vec, with the loss it meant to have. The homework passed the target's and the
// context's embedding vectors to CrossEntropyLoss as (logits, soft label): -sum(out(c) * log_softmax(in(t))).
// The "label" is an unconstrained vector, so the optimiser can grow it against the most negative
// log-probabilities and the loss falls to minus infinity without the vectors learning anything.
// Skip-gram's real objective is a softmax over the vocabulary: p(c | t) = softmax(in(t) . out(w) for all w)[c].
import { AdamW, assertFiniteLoss, ensureBackend, epochOrder, tf } from '@hw7/tensor-utils';
import { isPunctuation, isSentenceEnd, wordTokenize } from './tokenize.js';
import { Vocabulary } from './vocabulary.js';

export interface Word2VecModelOptions {
  /** Seeds the initial vectors; default 0. */
  seed?: number;
}

function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/**
 * Two embedding tables, as in the homework: `inEmbed` (the word vectors people use) and `outEmbed`
 * (the context vectors of the softmax). Initialised like the original word2vec: input vectors uniform
 * in [-0.5/dim, 0.5/dim), output vectors zero, so the first loss is exactly log(vocabulary size).
 */
export class Word2Vec {
  readonly inEmbed: tf.Variable<tf.Rank.R2>;
  readonly outEmbed: tf.Variable<tf.Rank.R2>;

  constructor(
    readonly vocabSize: number,
    readonly embeddingDim: number,
    { seed = 0 }: Word2VecModelOptions = {},
  ) {
    assertInteger('Word2Vec vocabSize', vocabSize, 1);
    assertInteger('Word2Vec embeddingDim', embeddingDim, 1);
    const half = 0.5 / embeddingDim;
    // tidy() frees the initial values; the variables keep their data.
    this.inEmbed = tf.tidy(() =>
      tf.variable(tf.randomUniform([vocabSize, embeddingDim], -half, half, 'float32', seed)),
    );
    this.outEmbed = tf.tidy(() => tf.variable(tf.zeros([vocabSize, embeddingDim])));
  }

  /** Scores of every vocabulary word as the context of each target: in(target) . out(w), shape [batch, vocabSize]. */
  logits(targets: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => tf.matMul(tf.gather(this.inEmbed, targets), this.outEmbed, false, true));
  }

  /** Mean skip-gram loss -log p(context | target) over the batch, always >= 0. */
  loss(targets: tf.Tensor1D, contexts: tf.Tensor1D): tf.Scalar {
    return tf.tidy(() => {
      const labels = tf.oneHot(contexts, this.vocabSize);
      return tf.losses.softmaxCrossEntropy(labels, this.logits(targets)) as tf.Scalar;
    });
  }

  /** The learned word vectors (rows of `inEmbed`), one array per word id. */
  embeddings(): number[][] {
    return this.inEmbed.arraySync();
  }

  dispose(): void {
    this.inEmbed.dispose();
    this.outEmbed.dispose();
  }
}

/**
 * The homework's (target, context) pairs: every word with the words at most floor(windowSize / 2)
 * positions away. Punctuation is never a target or a context, and windows stop at sentence ends
 * (`.`, `!`, `?`), because skip-gram's context is the sentence.
 */
export function trainingPairs(tokens: readonly string[], windowSize: number): Array<[string, string]> {
  assertInteger('windowSize', windowSize, 2);
  const reach = Math.floor(windowSize / 2);
  const pairs: Array<[string, string]> = [];
  let sentenceStart = 0;
  tokens.forEach((target, t) => {
    if (isSentenceEnd(target)) sentenceStart = t + 1;
    if (isPunctuation(target)) return;
    for (let c = Math.max(sentenceStart, t - reach); c <= t + reach && c < tokens.length; c++) {
      const context = tokens[c] as string;
      if (c > t && isSentenceEnd(context)) break;
      if (c === t || isPunctuation(context)) continue;
      pairs.push([target, context]);
    }
  });
  return pairs;
}

export interface TrainWord2VecOptions {
  /** Seeds the initial vectors and the order of the pairs; default 0. */
  seed?: number;
  /** Pairs per optimiser step; default 1, as in the homework. */
  batchSize?: number;
  /** AdamW's decoupled weight decay; default 0.01 (PyTorch's default). */
  weightDecay?: number;
  /** Called after every epoch with its mean loss. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export interface TrainWord2VecResult {
  vocabulary: Vocabulary;
  model: Word2Vec;
  /** Mean loss of each epoch. */
  epochLosses: number[];
}

/**
 * The homework's `train_word2vec(corpus, window_size, embedding_dim, num_epochs, learning_rate)` with
 * the skip-gram softmax loss: tokenises `corpus`, builds the vocabulary and the pairs, and trains
 * with AdamW, shuffling the pairs every epoch. The caller owns `model` (call `model.dispose()`).
 * Uses the backend chosen by `initBackend`, or picks the fastest one when none was chosen.
 */
export async function trainWord2Vec(
  corpus: string,
  windowSize: number,
  embeddingDim: number,
  numEpochs: number,
  learningRate: number,
  options: TrainWord2VecOptions = {},
): Promise<TrainWord2VecResult> {
  const { seed = 0, batchSize = 1, weightDecay = 0.01, onEpoch } = options;
  if (typeof corpus !== 'string') throw new TypeError(`trainWord2Vec: corpus must be a string, got ${typeof corpus}`);
  assertInteger('trainWord2Vec windowSize', windowSize, 2);
  assertInteger('trainWord2Vec embeddingDim', embeddingDim, 1);
  assertInteger('trainWord2Vec numEpochs', numEpochs, 1);
  assertInteger('trainWord2Vec batchSize', batchSize, 1);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`trainWord2Vec learningRate must be a finite number > 0, got ${String(learningRate)}`);
  }
  await ensureBackend();
  const tokens = wordTokenize(corpus);
  const vocabulary = new Vocabulary(tokens.filter((token) => !isPunctuation(token)));
  const pairs = trainingPairs(tokens, windowSize);
  if (pairs.length === 0) {
    throw new RangeError(
      'trainWord2Vec: the corpus gives no (target, context) pairs: it needs sentences of two or more words',
    );
  }
  const targetIds = Int32Array.from(pairs, ([target]) => vocabulary.id(target));
  const contextIds = Int32Array.from(pairs, ([, context]) => vocabulary.id(context));

  const model = new Word2Vec(vocabulary.size, embeddingDim, { seed });
  const optimizer = new AdamW({ learningRate, weightDecay });
  const epochLosses: number[] = [];
  try {
    for (let epoch = 0; epoch < numEpochs; epoch++) {
      const order = epochOrder(pairs.length, seed, epoch);
      let total = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = order.subarray(start, start + batchSize);
        const cost = optimizer.minimize(
          () =>
            tf.tidy(() =>
              model.loss(
                tf.tensor1d(
                  Array.from(batch, (i) => targetIds[i] as number),
                  'int32',
                ),
                tf.tensor1d(
                  Array.from(batch, (i) => contextIds[i] as number),
                  'int32',
                ),
              ),
            ),
          true,
          [model.inEmbed, model.outEmbed],
        ) as tf.Scalar;
        const loss = (await cost.data())[0] as number;
        cost.dispose();
        assertFiniteLoss(loss, { step: epoch, name: 'trainWord2Vec epoch loss' });
        total += loss * batch.length;
      }
      const meanLoss = total / pairs.length;
      epochLosses.push(meanLoss);
      onEpoch?.(epoch + 1, meanLoss);
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { vocabulary, model, epochLosses };
}

/**
 * The homework's `k_most_similar(goal, embeddings, stoi, k)`: the k words whose vectors have the
 * highest cosine similarity with `goal`'s (the goal itself excluded), best first.
 */
export function kMostSimilar(
  goal: string,
  embeddings: readonly ArrayLike<number>[] | tf.Tensor2D,
  stoi: ReadonlyMap<string, number>,
  k: number,
): Array<[string, number]> {
  assertInteger('kMostSimilar k', k, 1);
  const rows = embeddings instanceof tf.Tensor ? embeddings.arraySync() : embeddings;
  const goalId = stoi.get(goal);
  if (goalId === undefined)
    throw new RangeError(`kMostSimilar: word '${goal}' is not in the vocabulary (${stoi.size} words)`);
  const norm = (v: ArrayLike<number>) => {
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += (v[i] as number) ** 2;
    return Math.sqrt(sum);
  };
  const goalVector = rows[goalId];
  if (!goalVector)
    throw new RangeError(`kMostSimilar: embeddings has no row ${goalId} for '${goal}' (${rows.length} rows)`);
  const goalNorm = norm(goalVector);
  const scores: Array<[string, number]> = [];
  for (const [word, id] of stoi) {
    if (word === goal) continue;
    const vector = rows[id];
    if (!vector || vector.length !== goalVector.length) {
      throw new RangeError(`kMostSimilar: embeddings row ${id} ('${word}') is missing or has the wrong length`);
    }
    let dot = 0;
    for (let i = 0; i < vector.length; i++) dot += (goalVector[i] as number) * (vector[i] as number);
    scores.push([word, dot / (goalNorm * norm(vector))]);
  }
  return scores.sort((a, b) => b[1] - a[1]).slice(0, k);
}
