// A small StyleGAN synthesis network: learned 4x4 constant, blocks doubling the resolution up to
// 32x32 (by default), one style per AdaIN layer, and a 1x1 equalised toRGB convolution (gain 1).
import { tf } from '@hw7/tensor-utils';
import { EqualizedConv2d } from './equalized-conv2d.js';
import { type BlockNoise, SynthesisBlock } from './synthesis-block.js';
import { assertPositiveInteger, shapeText } from './validation.js';

export interface SynthesisNetworkOptions {
  /** Channels of each block, from 4x4 upwards; the length sets the resolution 4 * 2^(length-1). Default [64, 64, 32, 32] (32x32). */
  channels?: number[];
  /** Channels of the output image (default 1, e.g. MNIST). */
  imageChannels?: number;
  /** LeakyReLU slope (default 0.2). */
  alpha?: number;
  /** AdaIN epsilon (default 1e-8). */
  epsilon?: number;
  /** Seed of the generated noise. */
  seed?: number;
}

/** `apply(ws)`: ws [N, numLayers, wDim] -> images [N, R, R, imageChannels]; numLayers = 2 * blocks. */
export class SynthesisNetwork {
  readonly blocks: SynthesisBlock[];
  readonly toRgb: EqualizedConv2d;
  readonly numLayers: number;
  readonly resolution: number;

  constructor(options: SynthesisNetworkOptions = {}) {
    const channels = options.channels ?? [64, 64, 32, 32];
    if (channels.length === 0) throw new Error('SynthesisNetwork channels must list at least one block');
    const imageChannels = options.imageChannels ?? 1;
    assertPositiveInteger('SynthesisNetwork imageChannels', imageChannels);
    this.blocks = channels.map(
      (c, i) =>
        new SynthesisBlock({
          channels: c,
          initial: i === 0,
          alpha: options.alpha,
          epsilon: options.epsilon,
          seed: options.seed === undefined ? undefined : options.seed + 2 * i,
          name: `synthesis_${4 * 2 ** i}x${4 * 2 ** i}`,
        }),
    );
    this.toRgb = new EqualizedConv2d({ filters: imageChannels, kernelSize: 1, gain: 1, name: 'synthesis_to_rgb' });
    this.numLayers = 2 * channels.length;
    this.resolution = 4 * 2 ** (channels.length - 1);
  }

  get layers(): tf.layers.Layer[] {
    return [...this.blocks.flatMap((block) => block.layers), this.toRgb];
  }

  get trainableWeights(): tf.LayerVariable[] {
    return this.layers.flatMap((layer) => layer.trainableWeights);
  }

  /** `ws` [N, numLayers, wDim] (one w per AdaIN layer); optional explicit noise per block. */
  apply(ws: tf.Tensor, noise?: BlockNoise[]): tf.Tensor4D {
    if (ws.rank !== 3 || ws.shape[1] !== this.numLayers) {
      throw new Error(
        `SynthesisNetwork: ws must be [N, ${this.numLayers}, wDim] (one w per AdaIN layer), got ${shapeText(ws.shape)}`,
      );
    }
    if (noise && noise.length !== this.blocks.length) {
      throw new Error(`SynthesisNetwork: noise must list ${this.blocks.length} blocks, got ${noise.length}`);
    }
    return tf.tidy(() => {
      const perLayer = tf.unstack(ws, 1);
      let x: tf.Tensor = ws;
      this.blocks.forEach((block, i) => {
        x = block.apply(x, perLayer[2 * i], perLayer[2 * i + 1], noise?.[i]);
      });
      return this.toRgb.apply(x) as tf.Tensor4D;
    });
  }
}
