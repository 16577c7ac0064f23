// The "traditional" generator StyleGAN is compared with (Karras et al. 2019, Table 1 config A, the
// progressive-GAN generator of Karras et al. 2018): z enters the first layer (PixelNorm, an
// equalised dense layer to a 4x4 map), then the same convolutions as a SynthesisNetwork of the same
// channels, each followed by LeakyReLU 0.2 and PixelNorm, with no mapping network, no styles and no
// noise inputs. Same synthesis capacity, so a comparison with mapping + synthesis isolates the style
// architecture.
import { tf } from '@hw7/tensor-utils';
import { EqualizedConv2d } from './equalized-conv2d.js';
import { EqualizedDense } from './equalized-dense.js';
import { pixelNorm } from './pixel-norm.js';
import { upsampleNearest } from './upsample.js';
import { assertPositiveInteger, shapeText } from './validation.js';

export interface ClassicGeneratorOptions {
  /** Size of z (default 64). */
  zDim?: number;
  /** Channels of each block from 4x4 upwards, as SynthesisNetwork's (default [64, 64, 32, 16]). */
  channels?: number[];
  /** Channels of the output image (default 1). */
  imageChannels?: number;
  /** LeakyReLU slope (default 0.2). */
  alpha?: number;
  name?: string;
}

/** `apply(z)`: z [N, zDim] -> images [N, R, R, imageChannels], R = 4 * 2^(blocks - 1). */
export class ClassicGenerator {
  readonly zDim: number;
  readonly channels: number[];
  readonly resolution: number;
  readonly alpha: number;
  readonly input: EqualizedDense;
  /** The first block's one convolution, then two per further block, as in SynthesisNetwork. */
  readonly convolutions: EqualizedConv2d[];
  readonly toRgb: EqualizedConv2d;

  constructor(options: ClassicGeneratorOptions = {}) {
    this.zDim = options.zDim ?? 64;
    this.channels = options.channels ?? [64, 64, 32, 16];
    this.alpha = options.alpha ?? 0.2;
    assertPositiveInteger('ClassicGenerator zDim', this.zDim);
    if (this.channels.length === 0) throw new Error('ClassicGenerator channels must list at least one block');
    for (const c of this.channels) assertPositiveInteger('ClassicGenerator channels', c);
    const imageChannels = options.imageChannels ?? 1;
    assertPositiveInteger('ClassicGenerator imageChannels', imageChannels);
    const name = options.name ?? 'classic';
    const [first] = this.channels as [number];
    // Progressive GAN's first layer: a dense layer to 4x4 with gain sqrt(2) / 4 (its `dense` of G_paper).
    this.input = new EqualizedDense({ units: 16 * first, gain: Math.SQRT2 / 4, name: `${name}_input` });
    this.convolutions = this.channels.flatMap((c, i) =>
      (i === 0 ? [1] : [0, 1]).map(
        (k) => new EqualizedConv2d({ filters: c, kernelSize: 3, name: `${name}_${4 * 2 ** i}x${4 * 2 ** i}_conv${k}` }),
      ),
    );
    this.toRgb = new EqualizedConv2d({ filters: imageChannels, kernelSize: 1, gain: 1, name: `${name}_to_rgb` });
    this.resolution = 4 * 2 ** (this.channels.length - 1);
  }

  get layers(): tf.layers.Layer[] {
    return [this.input, ...this.convolutions, this.toRgb];
  }

  get trainableWeights(): tf.LayerVariable[] {
    return this.layers.flatMap((layer) => layer.trainableWeights);
  }

  apply(z: tf.Tensor): tf.Tensor4D {
    if (z.rank !== 2 || z.shape[1] !== this.zDim) {
      throw new Error(`ClassicGenerator: z must be [N, ${this.zDim}], got ${shapeText(z.shape)}`);
    }
    return tf.tidy(() => {
      const activate = (x: tf.Tensor) => pixelNorm(tf.leakyRelu(x, this.alpha));
      const [first] = this.channels as [number];
      let x = activate(tf.reshape(this.input.apply(pixelNorm(z)) as tf.Tensor, [z.shape[0] as number, 4, 4, first]));
      this.convolutions.forEach((conv, i) => {
        // Every second convolution after the first one starts a block at twice the resolution.
        const startsBlock = i > 0 && i % 2 === 1;
        x = activate(conv.apply(startsBlock ? upsampleNearest(x) : x) as tf.Tensor);
      });
      return this.toRgb.apply(x) as tf.Tensor4D;
    });
  }

  /** Frees every weight. */
  dispose(): void {
    for (const layer of this.layers) for (const weight of layer.weights) weight.dispose();
  }
}
