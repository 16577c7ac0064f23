// The homework's word2vec listing as it was written: both tables initialised N(0, 1) like
// nn.Embedding, one (target, context) pair per AdamW step, and its loss, CrossEntropyLoss(t, c) with
// the context's embedding as a soft label: -sum(c * log_softmax(t)). Built from the word2vec
// package's homework model (its two tables, pairs and tokeniser), so only the loss and the
// initialisation differ from the package's fixed training.
import { AdamW, epochOrder, tf } from '@hw7/tensor-utils';
import { tokenize, Vocabulary } from '@hw7/word2vec';
import { HOMEWORK_TOKENS, HomeworkSkipGram, kMostSimilar, skipGramPairs } from '@hw7/word2vec/homework';

export interface ListingRun {
  epochLosses: number[];
  similarToLearn: Array<[string, number]>;
  similarToDeep: Array<[string, number]>;
  /** Largest absolute value in either table after training: the tables grow instead of learning. */
  largestWeight: number;
}

/** `train_word2vec(corpus, window_size, embedding_dim, num_epochs, learning_rate)` with the listing's loss. */
export async function trainWithListingLoss(
  corpus: string,
  {
    window,
    dim,
    epochs,
    learningRate,
    seed,
  }: { window: number; dim: number; epochs: number; learningRate: number; seed: number },
): Promise<ListingRun> {
  const tokens = tokenize(corpus, HOMEWORK_TOKENS);
  // The listing's vocabulary holds every token, punctuation included (Vocabulary(tokens)).
  const vocabulary = new Vocabulary(new Set(tokens));
  const pairs = skipGramPairs(tokens, window);
  const model = new HomeworkSkipGram(vocabulary.size, dim, { seed: seed + 1 });
  // nn.Embedding's initialisation: N(0, 1) for both tables (seeds >= 1: tfjs takes 0 as no seed).
  tf.tidy(() => {
    model.inEmbed.assign(tf.randomNormal([vocabulary.size, dim], 0, 1, 'float32', seed + 1));
    model.outEmbed.assign(tf.randomNormal([vocabulary.size, dim], 0, 1, 'float32', seed + 2));
  });
  const optimizer = new AdamW({ learningRate, weightDecay: 0.01 });
  const epochLosses: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      let total = 0;
      for (const index of epochOrder(pairs.length, seed, epoch)) {
        const [target, context] = pairs[index] as [string, string];
        const cost = optimizer.minimize(
          () =>
            tf.tidy(() => {
              const t = tf.gather(model.inEmbed, tf.tensor1d([vocabulary.indexOf(target)], 'int32'));
              const c = tf.gather(model.outEmbed, tf.tensor1d([vocabulary.indexOf(context)], 'int32'));
              return tf.neg(tf.sum(tf.mul(c, tf.logSoftmax(t)))) as tf.Scalar;
            }),
          true,
          [model.inEmbed, model.outEmbed],
        ) as tf.Scalar;
        total += (await cost.data())[0] as number;
        cost.dispose();
      }
      epochLosses.push(total / pairs.length);
    }
    const embeddings = model.embeddings();
    const largestWeight = tf.tidy(
      () => tf.max(tf.abs(tf.concat([model.inEmbed, model.outEmbed], 0))).dataSync()[0] as number,
    );
    return {
      epochLosses,
      similarToLearn: kMostSimilar('learn', embeddings, vocabulary, 3),
      similarToDeep: kMostSimilar('deep', embeddings, vocabulary, 3),
      largestWeight,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
