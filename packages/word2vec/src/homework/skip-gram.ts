// The homework's word2vec, with the loss it meant to have. The homework passed the target's and the
// context's embedding vectors to CrossEntropyLoss as (logits, soft label): -sum(out(c) * log_softmax(in(t))).
// The "label" is an unconstrained vector, so the optimiser can grow it against the most negative
// log-probabilities and the loss falls to minus infinity without the vectors learning anything.
// Skip-gram's real objective is a softmax over the vocabulary: p(c | t) = softmax(in(t) . out(w) for all w)[c].
import { AdamW, ensureBackend, epochOrder, splitIntoBatches, tf, trainLoop } from '@hw7/tensor-utils';
import { type TokenizeOptions, tokenize } from '../tokenizer.js';
import { Vocabulary } from '../vocabulary.js';

/** How the homework tokenised its corpus: NLTK's word_tokenize, case kept, punctuation as tokens. */
export const HOMEWORK_TOKENS: TokenizeOptions = { lowercase: false, tokens: 'nltk' };

const SENTENCE_END = /^[.!?]$/u;

/** True for a token that is punctuation rather than a word (`.`, `!`, `,`, ...). */
function isPunctuation(token: string): boolean {
  return !/[\p{L}\p{N}]/u.test(token);
}

export interface HomeworkSkipGramOptions {
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
export class HomeworkSkipGram {
  readonly inEmbed: tf.Variable<tf.Rank.R2>;
  readonly outEmbed: tf.Variable<tf.Rank.R2>;

  constructor(
    readonly vocabSize: number,
    readonly embeddingDim: number,
    { seed = 0 }: HomeworkSkipGramOptions = {},
  ) {
    assertInteger('HomeworkSkipGram vocabSize', vocabSize, 1);
    assertInteger('HomeworkSkipGram embeddingDim', embeddingDim, 1);
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
export function skipGramPairs(tokens: readonly string[], windowSize: number): Array<[string, string]> {
  assertInteger('windowSize', windowSize, 2);
  const reach = Math.floor(windowSize / 2);
  const pairs: Array<[string, string]> = [];
  let sentenceStart = 0;
  tokens.forEach((target, t) => {
    if (SENTENCE_END.test(target)) sentenceStart = t + 1;
    if (isPunctuation(target)) return;
    for (let c = Math.max(sentenceStart, t - reach); c <= t + reach && c < tokens.length; c++) {
      const context = tokens[c] as string;
      if (c > t && SENTENCE_END.test(context)) break;
      if (c === t || isPunctuation(context)) continue;
      pairs.push([target, context]);
    }
  });
  return pairs;
}

export interface TrainHomeworkSkipGramOptions {
  /** Seeds the initial vectors and the order of the pairs; default 0. */
  seed?: number;
  /** Pairs per optimiser step; default 1, as in the homework. */
  batchSize?: number;
  /** AdamW's decoupled weight decay; default 0.01 (PyTorch's default). */
  weightDecay?: number;
  /** Called after every epoch with its mean loss. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export interface TrainHomeworkSkipGramResult {
  /** The corpus's words (punctuation left out) in order of first appearance. */
  vocabulary: Vocabulary;
  model: HomeworkSkipGram;
  /** Mean loss of each epoch. */
  epochLosses: number[];
}

/**
 * The homework's `train_word2vec(corpus, window_size, embedding_dim, num_epochs, learning_rate)` with
 * the skip-gram softmax loss: tokenises `corpus` as the homework did (`HOMEWORK_TOKENS`), builds the
 * vocabulary and the pairs, and trains with AdamW on the core's `trainLoop`, shuffling the pairs
 * every epoch. The caller owns `model` (call `model.dispose()`). Uses the backend chosen by
 * `initBackend`, or picks the fastest one when none was chosen.
 */
export async function trainHomeworkSkipGram(
  corpus: string,
  windowSize: number,
  embeddingDim: number,
  numEpochs: number,
  learningRate: number,
  options: TrainHomeworkSkipGramOptions = {},
): Promise<TrainHomeworkSkipGramResult> {
  const { seed = 0, batchSize = 1, weightDecay = 0.01, onEpoch } = options;
  const caller = 'trainHomeworkSkipGram';
  if (typeof corpus !== 'string') throw new TypeError(`${caller}: corpus must be a string, got ${typeof corpus}`);
  assertInteger(`${caller} windowSize`, windowSize, 2);
  assertInteger(`${caller} embeddingDim`, embeddingDim, 1);
  assertInteger(`${caller} numEpochs`, numEpochs, 1);
  assertInteger(`${caller} batchSize`, batchSize, 1);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`${caller} learningRate must be a finite number > 0, got ${String(learningRate)}`);
  }
  await ensureBackend();
  const tokens = tokenize(corpus, HOMEWORK_TOKENS);
  const vocabulary = Vocabulary.fromTokens(
    tokens.filter((token) => !isPunctuation(token)),
    { minCount: 1, sortByCount: false },
  );
  const pairs = skipGramPairs(tokens, windowSize);
  if (pairs.length === 0) {
    throw new RangeError(
      `${caller}: the corpus gives no (target, context) pairs: it needs sentences of two or more words`,
    );
  }
  const targetIds = Int32Array.from(pairs, ([target]) => vocabulary.indexOf(target));
  const contextIds = Int32Array.from(pairs, ([, context]) => vocabulary.indexOf(context));

  const model = new HomeworkSkipGram(vocabulary.size, embeddingDim, { seed });
  const optimizer = new AdamW({ learningRate, weightDecay });
  const epochLosses: number[] = [];
  try {
    await trainLoop({
      epochs: numEpochs,
      batches: (epoch) => splitIntoBatches(epochOrder(pairs.length, seed, epoch), batchSize),
      // The epoch's loss is the mean over its pairs.
      batchWeight: (batch) => batch.length,
      optimizer,
      varList: [model.inEmbed, model.outEmbed],
      lossFn: (_step, { batch }) =>
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
      onEpochEnd: ({ epoch, metrics }) => {
        epochLosses.push(metrics.loss as number);
        onEpoch?.(epoch + 1, metrics.loss as number);
      },
    });
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { vocabulary, model, epochLosses };
}

/**
 * The homework's `k_most_similar(goal, embeddings, stoi, k)` (its `stoi` is `vocabulary` here):
 * the k words whose vectors have the highest cosine similarity with `goal`'s (the goal itself
 * excluded), best first.
 */
export function kMostSimilar(
  goal: string,
  embeddings: readonly ArrayLike<number>[] | tf.Tensor2D,
  vocabulary: Vocabulary,
  k: number,
): Array<[string, number]> {
  assertInteger('kMostSimilar k', k, 1);
  const rows = embeddings instanceof tf.Tensor ? embeddings.arraySync() : embeddings;
  const goalId = vocabulary.lookup(goal);
  if (goalId === undefined)
    throw new RangeError(`kMostSimilar: word '${goal}' is not in the vocabulary (${vocabulary.size} words)`);
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
  for (const [id, word] of vocabulary.words.entries()) {
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
