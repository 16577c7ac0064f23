// Q8: the homework's conditional DCGAN (MNIST, batch 128): a discriminator update on detached fakes
// and reals, then a generator update on fresh noise, BCE on logits, Adam(2e-4, 0.5, 0.999), as
// @hw7/cgan's createCganTrainStep and ../shared/anchors/torch_steps.py.
import { createDiscriminator, createGenerator } from '@hw7/cgan';
import { AdamW, tf } from '@hw7/tensor-utils';
import { type Inputs, layerVariables, minimizeValue, type ZooModel } from '../zoo.js';

const Z_DIM = 64;
const CLASSES = 10;

const bce = (logits: tf.Tensor, target: number) =>
  tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, target), logits) as tf.Scalar;

export const cgan: ZooModel = {
  name: 'cgan',
  description: 'Q8 conditional DCGAN, D update + G update',
  batch: 128,
  fixtureBatch: 8,
  inputs: ({ batch }) => ({
    real: { shape: [batch, 28, 28, 1], kind: 'uniform' },
    labels: { shape: [batch], kind: 'int', high: CLASSES },
    discNoise: { shape: [batch, Z_DIM], kind: 'normal' },
    genNoise: { shape: [batch, Z_DIM], kind: 'normal' },
  }),
  create({ scale }) {
    const hiddenDim = scale === 'bench' ? 64 : 8;
    const generator = createGenerator({ zDim: Z_DIM, hiddenDim, nClasses: CLASSES });
    const discriminator = createDiscriminator({ hiddenDim, nClasses: CLASSES });
    const adam = () => new AdamW({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999, weightDecay: 0 });
    const discOptimizer = adam();
    const genOptimizer = adam();
    const discVariables = layerVariables(discriminator);
    const genVariables = layerVariables(generator);
    return {
      variables: [...genVariables, ...discVariables],
      step({ real, labels, discNoise, genNoise }: Inputs) {
        const [batch, height, width] = real.shape;
        const [oneHot, planes] = tf.tidy(() => {
          const vectors = tf.oneHot(labels as tf.Tensor1D, CLASSES).toFloat();
          return [vectors, tf.tile(vectors.reshape([batch, 1, 1, CLASSES]), [1, height, width, 1])];
        });
        const generate = (noise: tf.Tensor) =>
          generator.apply(tf.concat([noise, oneHot], 1), { training: true }) as tf.Tensor;
        const discriminate = (images: tf.Tensor) =>
          discriminator.apply(tf.concat([images, planes], 3), { training: true }) as tf.Tensor;
        const fake = tf.tidy(() => generate(discNoise));
        const discLoss = minimizeValue(
          discOptimizer,
          () => tf.div(tf.add(bce(discriminate(fake), 0), bce(discriminate(real), 1)), 2) as tf.Scalar,
          discVariables,
        );
        const genLoss = minimizeValue(genOptimizer, () => bce(discriminate(generate(genNoise)), 1), genVariables);
        tf.dispose([oneHot, planes, fake]);
        return [discLoss, genLoss];
      },
      dispose() {
        generator.dispose();
        discriminator.dispose();
        discOptimizer.dispose();
        genOptimizer.dispose();
      },
    };
  },
};
