// The conditional DCGAN's building blocks with the homework's API (make_gen_block, make_disc_block,
// get_one_hot_labels, combine_vectors, get_input_dimensions), in TensorFlow.js's NHWC layout.
import { tf } from '@hw7/tensor-utils';
import { assertBoolean, assertNonNegativeInteger, assertPositiveInteger, shapeText } from './validation.js';

/**
 * One block of the generator or discriminator: its layers in order, plus the channel counts it was
 * made for. `layers` go straight into a `tf.Sequential` (`model.add(...)` each, or spread into
 * `tf.sequential({ layers })`); `apply` runs them on a tensor or a symbolic tensor after checking
 * that the input has `inputChannels` channels (tfjs infers them, PyTorch's constructor takes them).
 */
export interface GanBlock {
  readonly kind: 'generator' | 'discriminator';
  readonly inputChannels: number;
  readonly outputChannels: number;
  readonly finalLayer: boolean;
  readonly layers: tf.layers.Layer[];
  apply<T extends tf.Tensor | tf.SymbolicTensor>(input: T, kwargs?: { training?: boolean }): T;
}

/** PyTorch's BatchNorm2d defaults: running averages updated by 0.1 (tfjs momentum 0.9), eps 1e-5. */
const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

/**
 * Convolution kernels start from N(0, 0.02), the DCGAN convention the homework's `weights_init`
 * follows; biases start at zero, batch-norm scale at 1 and offset at 0.
 */
function kernelInitializer(): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02 });
}

function makeBlock(
  kind: GanBlock['kind'],
  inputChannels: number,
  outputChannels: number,
  finalLayer: boolean,
  layers: tf.layers.Layer[],
): GanBlock {
  const context = kind === 'generator' ? 'makeGenBlock' : 'makeDiscBlock';
  return {
    kind,
    inputChannels,
    outputChannels,
    finalLayer,
    layers,
    apply<T extends tf.Tensor | tf.SymbolicTensor>(input: T, kwargs: { training?: boolean } = {}): T {
      const shape = input.shape;
      if (shape.length !== 4 || shape[3] !== inputChannels) {
        throw new RangeError(
          `${context}(${inputChannels}, ${outputChannels}): input must be NHWC [B, H, W, ${inputChannels}]; ` +
            `got ${shapeText(shape)}`,
        );
      }
      let output: tf.Tensor | tf.SymbolicTensor = input;
      for (const layer of layers) output = layer.apply(output, kwargs) as tf.Tensor | tf.SymbolicTensor;
      return output as T;
    },
  };
}

/** The arguments both block factories take, checked with errors naming the factory and argument. */
function assertBlockArguments(
  context: string,
  inputChannels: number,
  outputChannels: number,
  kernelSize: number,
  stride: number,
  finalLayer: boolean,
): void {
  assertPositiveInteger(inputChannels, 'inputChannels', context);
  assertPositiveInteger(outputChannels, 'outputChannels', context);
  assertPositiveInteger(kernelSize, 'kernelSize', context);
  assertPositiveInteger(stride, 'stride', context);
  assertBoolean(finalLayer, 'finalLayer', context);
}

/**
 * The homework's `make_gen_block`: ConvTranspose2d -> BatchNorm2d -> ReLU, or ConvTranspose2d ->
 * Tanh for the final block. With 'valid' padding the spatial size grows to (in - 1) * stride +
 * kernelSize, as PyTorch's ConvTranspose2d with padding 0 (which is why kernelSize >= stride).
 */
export function makeGenBlock(
  inputChannels: number,
  outputChannels: number,
  kernelSize = 3,
  stride = 2,
  finalLayer = false,
): GanBlock {
  const context = 'makeGenBlock';
  assertBlockArguments(context, inputChannels, outputChannels, kernelSize, stride, finalLayer);
  if (kernelSize < stride) {
    // tfjs then pads the output to in * stride, PyTorch gives (in - 1) * stride + kernelSize.
    throw new RangeError(
      `${context}: kernelSize must be >= stride (${stride}) for PyTorch's output size; got ${kernelSize}`,
    );
  }
  const conv = tf.layers.conv2dTranspose({
    filters: outputChannels,
    kernelSize,
    strides: stride,
    padding: 'valid',
    kernelInitializer: kernelInitializer(),
  });
  const layers = finalLayer
    ? [conv, tf.layers.activation({ activation: 'tanh' })]
    : [conv, tf.layers.batchNormalization(BATCH_NORM), tf.layers.reLU()];
  return makeBlock('generator', inputChannels, outputChannels, finalLayer, layers);
}

/**
 * The homework's `make_disc_block`: Conv2d -> BatchNorm2d -> LeakyReLU(0.2), or Conv2d alone for
 * the final block (it outputs logits). 'valid' padding: floor((in - kernelSize) / stride) + 1.
 */
export function makeDiscBlock(
  inputChannels: number,
  outputChannels: number,
  kernelSize = 4,
  stride = 2,
  finalLayer = false,
): GanBlock {
  assertBlockArguments('makeDiscBlock', inputChannels, outputChannels, kernelSize, stride, finalLayer);
  const conv = tf.layers.conv2d({
    filters: outputChannels,
    kernelSize,
    strides: stride,
    padding: 'valid',
    kernelInitializer: kernelInitializer(),
  });
  const layers = finalLayer
    ? [conv]
    : [conv, tf.layers.batchNormalization(BATCH_NORM), tf.layers.leakyReLU({ alpha: 0.2 })];
  return makeBlock('discriminator', inputChannels, outputChannels, finalLayer, layers);
}

/**
 * The homework's `get_one_hot_labels`: float32 [N, nClasses]. Labels must be integers in
 * 0..nClasses-1; anything else is an error naming the label, not a silent all-zero row.
 */
export function getOneHotLabels(labels: tf.Tensor1D | readonly number[], nClasses: number): tf.Tensor2D {
  const context = 'getOneHotLabels';
  assertPositiveInteger(nClasses, 'nClasses', context);
  let values: ArrayLike<number>;
  if (labels instanceof tf.Tensor) {
    if (labels.rank !== 1) {
      throw new RangeError(`${context}: labels must be a 1-D tensor [N]; got shape ${shapeText(labels.shape)}`);
    }
    if (labels.dtype !== 'int32' && labels.dtype !== 'float32') {
      throw new TypeError(`${context}: labels must be int32 or float32; got ${labels.dtype}`);
    }
    values = labels.dataSync();
  } else if (Array.isArray(labels)) {
    values = labels;
  } else {
    throw new TypeError(`${context}: labels must be a tf.Tensor1D or an array of numbers; got ${String(labels)}`);
  }
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const label = values[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= nClasses) {
      throw new RangeError(
        `${context}: label ${String(label)} at index ${i} is not a class; labels must be integers in 0..${nClasses - 1}`,
      );
    }
    indices[i] = label;
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(indices, 'int32'), nClasses).toFloat() as tf.Tensor2D);
}

/**
 * The homework's `combine_vectors`: float32 concatenation on the last axis, i.e. the feature axis
 * of vectors [N, F] and the channel axis of NHWC images [N, H, W, C] (PyTorch's dim=1 in NCHW).
 * Every other axis must match.
 */
export function combineVectors<T extends tf.Tensor>(x: T, y: tf.Tensor): T {
  const context = 'combineVectors';
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${context}: x must be a tf.Tensor; got ${String(x)}`);
  if (!(y instanceof tf.Tensor)) throw new TypeError(`${context}: y must be a tf.Tensor; got ${String(y)}`);
  const leadingMatch = x.rank === y.rank && x.rank >= 1 && x.shape.slice(0, -1).every((size, i) => size === y.shape[i]);
  if (!leadingMatch) {
    throw new RangeError(
      `${context}: x ${shapeText(x.shape)} and y ${shapeText(y.shape)} must have the same rank and the same sizes ` +
        'on every axis but the last',
    );
  }
  return tf.tidy(() => tf.concat([x.toFloat(), y.toFloat()], x.rank - 1)) as T;
}

export interface InputDimensions {
  /** Length of the generator's input vector: noise plus one-hot class. */
  generatorInputDim: number;
  /** Channels of the discriminator's input image: image channels plus one one-hot plane per class. */
  discriminatorImageChannels: number;
}

/**
 * The homework's `get_input_dimensions`. `imageShape` is NHWC's [H, W, C] (PyTorch's mnist_shape
 * is [C, H, W]); `nClasses` 0 gives the unconditional DCGAN's dimensions.
 */
export function getInputDimensions(
  zDim: number,
  imageShape: readonly [number, number, number] | readonly number[],
  nClasses: number,
): InputDimensions {
  const context = 'getInputDimensions';
  assertPositiveInteger(zDim, 'zDim', context);
  assertNonNegativeInteger(nClasses, 'nClasses', context);
  const validShape =
    Array.isArray(imageShape) &&
    imageShape.length === 3 &&
    imageShape.every((size) => typeof size === 'number' && Number.isInteger(size) && size >= 1);
  if (!validShape) {
    throw new RangeError(
      `${context}: imageShape must be [H, W, C] of integers >= 1 (e.g. [28, 28, 1]); got ${JSON.stringify(imageShape)}`,
    );
  }
  return { generatorInputDim: zDim + nClasses, discriminatorImageChannels: imageShape[2] + nClasses };
}
