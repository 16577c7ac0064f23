// Q3: @hw7/mtl-text's multi-task model (token embedding of 100, one shared encoder, a dense head per
// task: sentiment 2 classes, topic 7) on texts of 48 tokens from a 6,000-word vocabulary, batch 32,
// as its experiment trains it: the sum of the two tasks' cross-entropies, Adam(2e-3), dropout 0.3.
// One zoo entry per encoder: Kim's CNN, the BiGRU, the transformer.
import { createMultiTaskModel, type EncoderKind, maskedClassificationLoss } from '@hw7/mtl-text/model';
import { AdamW, tf } from '@hw7/tensor-utils';
import { layersModelTrainer, type ZooModel, type ZooScale } from '../zoo.js';

const TASKS = [
  { name: 'sentiment', classes: ['negative', 'positive'] },
  { name: 'topic', classes: ['camera', 'dvd', 'mp3', 'phone', 'router', 'software', 'baby'] },
];

export function mtlSizes(scale: ZooScale) {
  return scale === 'bench'
    ? { vocabSize: 6000, maxLength: 48, embeddingDim: 100, width: undefined, attentionHeads: 4, dropout: 0.3 }
    : { vocabSize: 50, maxLength: 12, embeddingDim: 8, width: 8, attentionHeads: 2, dropout: 0 };
}

function mtlModel(encoder: EncoderKind, description: string): ZooModel {
  return {
    name: `mtl-${encoder}`,
    description,
    batch: 32,
    fixtureBatch: 4,
    inputs({ scale, batch }) {
      const { vocabSize, maxLength } = mtlSizes(scale);
      return {
        tokens: { shape: [batch, maxLength], kind: 'int', high: vocabSize },
        sentiment: { shape: [batch], kind: 'int', high: TASKS[0]?.classes.length },
        topic: { shape: [batch], kind: 'int', high: TASKS[1]?.classes.length },
      };
    },
    create({ scale }) {
      // Fixtures run without dropout: PyTorch could not replay tfjs's dropout masks.
      const { width, ...sizes } = mtlSizes(scale);
      const { model } = createMultiTaskModel({ ...sizes, ...(width ? { width } : {}), encoder, tasks: TASKS });
      return layersModelTrainer(model, new AdamW({ learningRate: 2e-3, weightDecay: 0 }), (inputs) => {
        const logits = model.apply(inputs.tokens as tf.Tensor, { training: true }) as tf.Tensor2D[];
        const losses = TASKS.map(({ name }, t) =>
          maskedClassificationLoss(inputs[name] as tf.Tensor1D, logits[t] as tf.Tensor2D),
        );
        return tf.addN(losses) as tf.Scalar;
      });
    },
  };
}

export const mtlCnn = mtlModel('cnn', 'mtl-text, CNN encoder (64 filters x kernels 3, 4, 5)');
export const mtlBigru = mtlModel('bigru', 'mtl-text, BiGRU encoder (64 units per direction)');
export const mtlTransformer = mtlModel(
  'transformer',
  'mtl-text, transformer encoder (1 block, 4 heads, 128 feed-forward)',
);
