// Q1-2: NAS-Bench-201 networks of @hw7/nas-search (its MNIST-sized skeleton: 3x3 stem, 3 stages of
// one cell, 8 channels doubling per stage, batch 64). 'nb201' trains one discrete cell that uses
// every operation; 'darts' runs a first-order DARTS iteration on the supernet (alpha updated on a
// validation batch, then the weights on a training batch), both with Adam.
import { type CellNetworkOptions, GenotypeNetwork } from '@hw7/nas-search/cells';
import { DartsSupernet, dartsStep } from '@hw7/nas-search/darts';
import { AdamW, tf } from '@hw7/tensor-utils';
import { type Inputs, minimizeValue, type ZooModel, type ZooSetup } from '../zoo.js';

/** A cell with every kind of operation: conv 3x3, conv 1x1, skip, average pooling (and no 'none'). */
export const ZOO_GENOTYPE = {
  edges: ['nor_conv_3x3', 'nor_conv_1x1', 'skip_connect', 'avg_pool_3x3', 'nor_conv_3x3', 'nor_conv_1x1'],
} as const;

const networkOptions = ({ scale }: Required<ZooSetup>): CellNetworkOptions => ({
  channels: scale === 'bench' ? 8 : 4,
  stages: 3,
  cellsPerStage: 1,
  inputChannels: 1,
  numClasses: 10,
  seed: 0,
});

/** The mean softmax cross-entropy of logits against class indices, as @hw7/nas-search trains with. */
function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar;
}

const images = (batch: number, imageSize: number) => ({
  shape: [batch, imageSize, imageSize, 1],
  kind: 'uniform' as const,
});
const labels = (batch: number) => ({ shape: [batch], kind: 'int' as const, high: 10 });

export const nb201: ZooModel = {
  name: 'nb201',
  description: 'NAS-Bench-201 cell network (one discrete cell, every operation)',
  batch: 64,
  fixtureBatch: 8,
  imageSize: 28,
  inputs: ({ batch, imageSize }) => ({ images: images(batch, imageSize), labels: labels(batch) }),
  create(setup) {
    const network = new GenotypeNetwork({ edges: [...ZOO_GENOTYPE.edges] }, networkOptions(setup));
    const optimizer = new AdamW({ learningRate: 3e-3, weightDecay: 0 });
    const variables = network.variables;
    return {
      variables,
      step({ images: x, labels: y }: Inputs) {
        const loss = minimizeValue(
          optimizer,
          () => crossEntropy(network.logits(x as tf.Tensor4D), y as tf.Tensor1D),
          variables,
        );
        return [loss];
      },
      dispose() {
        network.dispose();
        optimizer.dispose();
      },
    };
  },
};

export const darts: ZooModel = {
  name: 'darts',
  description: 'DARTS supernet, first-order iteration (alpha step + weight step)',
  batch: 64,
  fixtureBatch: 8,
  imageSize: 28,
  inputs: ({ batch, imageSize }) => ({
    trainImages: images(batch, imageSize),
    trainLabels: labels(batch),
    validationImages: images(batch, imageSize),
    validationLabels: labels(batch),
  }),
  create(setup) {
    const supernet = new DartsSupernet(networkOptions(setup));
    const optimizers = {
      weights: new AdamW({ learningRate: 3e-3, weightDecay: 0 }),
      alpha: new AdamW({ learningRate: 3e-4, beta1: 0.5, beta2: 0.999, weightDecay: 0 }),
    };
    return {
      variables: [supernet.alpha, ...supernet.weights],
      step(inputs: Inputs) {
        const batch = (x: string, y: string) => ({ x: inputs[x] as tf.Tensor4D, y: inputs[y] as tf.Tensor1D });
        const { trainLoss, validationLoss } = dartsStep(
          supernet,
          optimizers,
          { train: batch('trainImages', 'trainLabels'), validation: batch('validationImages', 'validationLabels') },
          { order: 'first', unrolledStep: 0 },
        );
        return [validationLoss, trainLoss];
      },
      dispose() {
        supernet.dispose();
        optimizers.weights.dispose();
        optimizers.alpha.dispose();
      },
    };
  },
};
