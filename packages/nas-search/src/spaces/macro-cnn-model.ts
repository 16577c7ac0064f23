// Decodes a macro-space architecture into a trainable tf.layers model: resize to the chosen input
// size, each convolution ('same' padding, ReLU) followed by 2x2 max pooling while the feature map
// is at least 2 pixels wide, then the hidden dense layers and a softmax.
import { tf } from '@hw7/tensor-utils';
import type { MacroArchitecture } from './macro-cnn.js';
import { ResizeBilinear, registerResizeBilinear } from './resize-bilinear-layer.js';

export interface MacroModelOptions {
  /** [height, width, channels] of the dataset's images, e.g. [28, 28, 1]. */
  inputShape: readonly [number, number, number];
  numClasses: number;
}

/** Layer names are stable per position (`conv0`, `dense1`, ...) so weights can be inherited by name. */
export function buildMacroModel(architecture: MacroArchitecture, options: MacroModelOptions): tf.Sequential {
  const { inputShape, numClasses } = options;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`buildMacroModel: numClasses must be an integer >= 2; got ${numClasses}`);
  }
  registerResizeBilinear();
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ name: 'images', inputShape: [...inputShape] }));
  model.add(new ResizeBilinear({ size: architecture.inputSize, name: 'resize' }));
  let width = architecture.inputSize;
  architecture.convLayers.forEach((layer, i) => {
    model.add(
      tf.layers.conv2d({
        name: `conv${i}`,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        padding: 'same',
        activation: 'relu',
      }),
    );
    if (width >= 2) {
      model.add(tf.layers.maxPooling2d({ name: `pool${i}`, poolSize: 2 }));
      width = Math.floor(width / 2);
    }
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  architecture.denseUnits.forEach((units, i) => {
    model.add(tf.layers.dense({ name: `dense${i}`, units, activation: 'relu' }));
  });
  model.add(tf.layers.dense({ name: 'output', units: numClasses, activation: 'softmax' }));
  return model;
}
