// Q7: the homework's word2vec (@hw7/word2vec/homework's HomeworkSkipGram: two embedding tables, the skip-gram softmax
// loss over the vocabulary) at the homework's size: its example corpus has 9 words, vectors of 10,
// one (target, context) pair per step, AdamW(1e-2, weight decay 0.01). Tiny on purpose: the step
// measures the framework's fixed cost per operation.
import { AdamW, type tf } from '@hw7/tensor-utils';
import { HomeworkSkipGram } from '@hw7/word2vec/homework';
import { type Inputs, minimizeValue, type ZooModel } from '../zoo.js';

const VOCABULARY = 9;
const DIM = 10;

export const word2vec: ZooModel = {
  name: 'word2vec',
  description: "Q7 word2vec, the homework's corpus (9 words, dim 10), one pair per step",
  batch: 1,
  fixtureBatch: 1,
  inputs: ({ batch }) => ({
    targets: { shape: [batch], kind: 'int', high: VOCABULARY },
    contexts: { shape: [batch], kind: 'int', high: VOCABULARY },
  }),
  create() {
    const model = new HomeworkSkipGram(VOCABULARY, DIM);
    const optimizer = new AdamW({ learningRate: 1e-2, weightDecay: 0.01 });
    const variables = [model.inEmbed, model.outEmbed] as tf.Variable[];
    return {
      variables,
      step({ targets, contexts }: Inputs) {
        return [minimizeValue(optimizer, () => model.loss(targets as tf.Tensor1D, contexts as tf.Tensor1D), variables)];
      },
      dispose() {
        model.dispose();
        optimizer.dispose();
      },
    };
  },
};
