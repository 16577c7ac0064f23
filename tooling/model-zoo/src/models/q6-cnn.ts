// Q6: the CNN @hw7/hpo tunes, on CIFAR-100-sized input (32x32x3, batch 64), at the largest point of
// the homework's search space (4 conv layers of 64 filters, 2 hidden dense layers of 64), trained
// with Adam on categorical cross-entropy as the objective does.
import { buildCnn } from '@hw7/hpo/cnn';
import { AdamW, tf } from '@hw7/tensor-utils';
import { layersModelTrainer, type ZooModel } from '../zoo.js';

const CLASSES = 100;

export const q6Cnn: ZooModel = {
  name: 'q6-cnn',
  description: 'Q6 CNN (hpo search space maximum) on 32x32x3, 100 classes',
  batch: 64,
  fixtureBatch: 8,
  imageSize: 32,
  inputs: ({ batch, imageSize }) => ({
    images: { shape: [batch, imageSize, imageSize, 3], kind: 'uniform' },
    labels: { shape: [batch], kind: 'int', high: CLASSES },
  }),
  create({ scale, imageSize }) {
    const hyperparameters =
      scale === 'bench' ? { filters: [64, 64, 64, 64], hiddenUnits: [64, 64] } : { filters: [8, 8], hiddenUnits: [16] };
    const model = buildCnn(
      { ...hyperparameters, optimizer: 'Adam', learningRate: 1e-3 },
      [imageSize, imageSize, 3],
      CLASSES,
    );
    return layersModelTrainer(model, new AdamW({ learningRate: 1e-3, weightDecay: 0 }), ({ images, labels }) => {
      const probabilities = model.apply(images as tf.Tensor, { training: true }) as tf.Tensor;
      const targets = tf.oneHot(labels as tf.Tensor1D, CLASSES);
      return tf.mean(tf.metrics.categoricalCrossentropy(targets, probabilities)) as tf.Scalar;
    });
  },
};
