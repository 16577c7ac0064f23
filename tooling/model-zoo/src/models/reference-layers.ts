// Two single layers beside the homework's models, as yardsticks for the ratios: what one GEMM-bound
// layer costs us against PyTorch in the same run. 'conv-layer' is a 3x3 convolution of 64 channels
// on 32x32 images at batch 64 (the Q6 CNN's widest layer; PyTorch runs it on oneDNN), 'dense-layer'
// a 1024x1024 dense layer at batch 1024 (PyTorch: its BLAS). Loss: mean of the squared outputs;
// Adam. No model is faster relative to PyTorch than its GEMM-bound layers allow.
import { AdamW, tf } from '@hw7/tensor-utils';
import { layersModelTrainer, type ZooModel } from '../zoo.js';

/** The layer trained with Adam to shrink the mean square of its outputs on the input `name`. */
function meanSquareTrainer(model: tf.LayersModel, name: string) {
  const optimizer = new AdamW({ learningRate: 1e-3, weightDecay: 0 });
  return layersModelTrainer(model, optimizer, (inputs) => {
    return tf.mean(tf.square(model.apply(inputs[name] as tf.Tensor) as tf.Tensor)) as tf.Scalar;
  });
}

export const convLayer: ZooModel = {
  name: 'conv-layer',
  description: 'reference: one 3x3 convolution, 64 -> 64 channels, 32x32',
  batch: 64,
  fixtureBatch: 4,
  imageSize: 32,
  inputs: ({ batch, imageSize, scale }) => ({
    images: { shape: [batch, imageSize, imageSize, scale === 'bench' ? 64 : 8], kind: 'normal' },
  }),
  create({ scale, imageSize }) {
    const channels = scale === 'bench' ? 64 : 8;
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [imageSize, imageSize, channels],
          filters: channels,
          kernelSize: 3,
          padding: 'same',
        }),
      ],
    });
    return meanSquareTrainer(model, 'images');
  },
};

export const denseLayer: ZooModel = {
  name: 'dense-layer',
  description: 'reference: one 1024 x 1024 dense layer',
  batch: 1024,
  fixtureBatch: 16,
  inputs: ({ batch, scale }) => ({ x: { shape: [batch, scale === 'bench' ? 1024 : 32], kind: 'normal' } }),
  create({ scale }) {
    const units = scale === 'bench' ? 1024 : 32;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [units], units })] });
    return meanSquareTrainer(model, 'x');
  },
};
