// Small CycleGAN networks with tf.layers: a ResNet-style generator (downsample, residual blocks, upsample,
// tanh) and a PatchGAN discriminator returning a map of raw scores [N, h, w, 1] (no sigmoid).
import { tf } from '@hw7/tensor-utils';
import { InstanceNormalization } from './instance-norm.js';

/** Official init_weights('normal'): conv weights ~ N(0, 0.02), biases 0. */
const initializers = () => ({
  kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02 }),
  biasInitializer: tf.initializers.zeros(),
});

const norm = (x: tf.SymbolicTensor) => new InstanceNormalization().apply(x) as tf.SymbolicTensor;
// Convolutions followed by instance normalisation have no bias: the normalisation subtracts every
// per-channel constant, so a bias never changes the output and its true gradient is zero; what
// float32 leaves of that gradient is rounding noise, which Adam scales up into full-size random
// steps (the official code keeps these biases; without them training computes the same function
// and becomes reproducible across libraries, see tooling/model-zoo).
const normalised = { useBias: false } as const;
const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;

export interface ResnetGeneratorOptions {
  /** Input height/width, divisible by 2. */
  size: number;
  /** Image channels in and out. Default 1. */
  channels?: number;
  /** Filters of the first convolution (doubled after downsampling). Default 8. */
  filters?: number;
  /** Residual blocks at the bottleneck. Default 2 (official: 9 at 256 px). */
  blocks?: number;
  name?: string;
}

function assertSizes(values: Record<string, number>, context: string): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${context}: ${name} must be an integer >= 1; got ${String(value)}`);
    }
  }
}

/**
 * As the official ResnetGenerator with norm='instance': conv7 -> stride-2 conv -> residual blocks -> transposed
 * conv -> conv7 + tanh, each convolution but the last followed by instance normalisation (and without the bias
 * it would cancel); output in [-1, 1].
 */
export function resnetGenerator(options: ResnetGeneratorOptions): tf.LayersModel {
  const { size, channels = 1, filters = 8, blocks = 2, name = 'generator' } = options;
  assertSizes({ size, channels, filters }, 'resnetGenerator');
  if (size % 2 !== 0) throw new RangeError(`resnetGenerator: size must be even; got ${size}`);
  const input = tf.input({ shape: [size, size, channels] });
  const conv = (x: tf.SymbolicTensor, f: number, k: number, strides = 1) =>
    tf.layers
      .conv2d({ filters: f, kernelSize: k, strides, padding: 'same', ...initializers(), ...normalised })
      .apply(x) as tf.SymbolicTensor;
  let x = relu(norm(conv(input, filters, 7)));
  x = relu(norm(conv(x, filters * 2, 3, 2)));
  for (let b = 0; b < blocks; b++) {
    const y = norm(conv(relu(norm(conv(x, filters * 2, 3))), filters * 2, 3));
    x = tf.layers.add().apply([x, y]) as tf.SymbolicTensor;
  }
  x = tf.layers
    .conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', ...initializers(), ...normalised })
    .apply(x) as tf.SymbolicTensor;
  x = relu(norm(x));
  const output = tf.layers
    .conv2d({ filters: channels, kernelSize: 7, padding: 'same', activation: 'tanh', ...initializers() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}

export interface PatchDiscriminatorOptions {
  size: number;
  channels?: number;
  /** Filters of the first layer, doubled per stride-2 layer. Default 8. */
  filters?: number;
  /** Stride-2 layers (official: 3 at 70x70 receptive field). Default 2. */
  layers?: number;
  name?: string;
}

/**
 * Stride-2 4x4 convolutions with LeakyReLU(0.2), instance-normalised except after the first (as the official
 * NLayerDiscriminator), then a 4x4 convolution to one raw score per patch.
 */
export function patchDiscriminator(options: PatchDiscriminatorOptions): tf.LayersModel {
  const { size, channels = 1, filters = 8, layers = 2, name = 'discriminator' } = options;
  assertSizes({ size, channels, filters, layers }, 'patchDiscriminator');
  const input = tf.input({ shape: [size, size, channels] });
  let x: tf.SymbolicTensor = input;
  for (let i = 0; i < layers; i++) {
    const bias = i > 0 ? normalised : {};
    x = tf.layers
      .conv2d({ filters: filters * 2 ** i, kernelSize: 4, strides: 2, padding: 'same', ...initializers(), ...bias })
      .apply(x) as tf.SymbolicTensor;
    if (i > 0) x = norm(x);
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .conv2d({ filters: 1, kernelSize: 4, padding: 'same', ...initializers() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}
