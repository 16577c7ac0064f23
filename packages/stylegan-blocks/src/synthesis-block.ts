// One synthesis block of StyleGAN: [upsample 2x ->] 3x3 equalised conv -> noise B -> LeakyReLU 0.2 ->
// AdaIN with style A(w), twice; the first block starts from the learned 4x4 constant instead.
import { tf } from '@hw7/tensor-utils';
import { adaIN } from './adain.js';
import { ConstantInput } from './constant-input.js';
import { EqualizedConv2d } from './equalized-conv2d.js';
import { NoiseInjection } from './noise-injection.js';
import { StyleAffine } from './style-affine.js';
import { upsampleNearest } from './upsample.js';
import { assertPositiveInteger, defined, shapeText } from './validation.js';

export interface SynthesisBlockOptions {
  /** Output channels of the block's convolutions. */
  channels: number;
  /** The first block (4x4): starts from the learned constant, with a single convolution. */
  initial?: boolean;
  /** LeakyReLU slope (default 0.2). */
  alpha?: number;
  /** AdaIN epsilon (default 1e-8). */
  epsilon?: number;
  /** Seed of the generated noise (each noise layer gets seed + its index). */
  seed?: number;
  name?: string;
}

/** Explicit noise for the block's two noise layers, each [N, H, W, 1] at the block's resolution. */
export type BlockNoise = [tf.Tensor4D | undefined, tf.Tensor4D | undefined];

/** Two style layers: `apply(x, w0, w1)`; `x` is ignored (only its batch size used) by the initial block. */
export class SynthesisBlock {
  readonly channels: number;
  readonly initial: boolean;
  readonly alpha: number;
  readonly epsilon: number;
  readonly constant?: ConstantInput;
  readonly conv0?: EqualizedConv2d;
  readonly conv1: EqualizedConv2d;
  readonly noise: [NoiseInjection, NoiseInjection];
  readonly affine: [StyleAffine, StyleAffine];

  constructor(options: SynthesisBlockOptions) {
    assertPositiveInteger('SynthesisBlock channels', options.channels);
    const name = options.name ?? `synthesis_block_${options.channels}`;
    this.channels = options.channels;
    this.initial = options.initial ?? false;
    this.alpha = options.alpha ?? 0.2;
    this.epsilon = options.epsilon ?? 1e-8;
    const seed = options.seed;
    if (this.initial) this.constant = new ConstantInput({ channels: this.channels, name: `${name}_const` });
    else this.conv0 = new EqualizedConv2d({ filters: this.channels, kernelSize: 3, name: `${name}_conv0` });
    this.conv1 = new EqualizedConv2d({ filters: this.channels, kernelSize: 3, name: `${name}_conv1` });
    this.noise = [
      new NoiseInjection({ seed, name: `${name}_noise0` }),
      new NoiseInjection({ seed: seed === undefined ? undefined : seed + 1, name: `${name}_noise1` }),
    ];
    this.affine = [
      new StyleAffine({ channels: this.channels, name: `${name}_affine0` }),
      new StyleAffine({ channels: this.channels, name: `${name}_affine1` }),
    ];
  }

  /** Every layer of the block, for weights and serialisation. */
  get layers(): tf.layers.Layer[] {
    const first = this.initial
      ? defined(this.constant, 'SynthesisBlock constant')
      : defined(this.conv0, 'SynthesisBlock conv0');
    return [first, this.conv1, ...this.noise, ...this.affine];
  }

  get trainableWeights(): tf.LayerVariable[] {
    return this.layers.flatMap((layer) => layer.trainableWeights);
  }

  /** Noise, LeakyReLU, AdaIN: the epilogue after each convolution. */
  private epilogue(x: tf.Tensor, w: tf.Tensor, index: 0 | 1, noise?: tf.Tensor4D): tf.Tensor {
    const noisy = this.noise[index].apply(noise ? [x, noise] : x) as tf.Tensor;
    const activated = tf.leakyRelu(noisy, this.alpha);
    const [yS, yB] = this.affine[index].apply(w) as tf.Tensor[];
    return adaIN(activated, yS, yB, this.epsilon);
  }

  /** `x` [N, H, W, Cin] (or anything with the batch first for the initial block), `w0`, `w1` [N, wDim]. */
  apply(x: tf.Tensor, w0: tf.Tensor, w1: tf.Tensor, noise: BlockNoise = [undefined, undefined]): tf.Tensor4D {
    for (const [argName, w] of [
      ['w0', w0],
      ['w1', w1],
    ] as const) {
      if (w.rank !== 2 || w.shape[0] !== x.shape[0]) {
        throw new Error(
          `SynthesisBlock: ${argName} must be [N, wDim] with N = ${x.shape[0]}, got ${shapeText(w.shape)}`,
        );
      }
    }
    return tf.tidy(() => {
      let h: tf.Tensor;
      if (this.initial) h = defined(this.constant, 'SynthesisBlock constant').apply(w0) as tf.Tensor;
      else {
        if (x.rank !== 4) throw new Error(`SynthesisBlock: x must be [N, H, W, C], got shape ${shapeText(x.shape)}`);
        h = defined(this.conv0, 'SynthesisBlock conv0').apply(upsampleNearest(x)) as tf.Tensor;
      }
      h = this.epilogue(h, w0, 0, noise[0]);
      h = this.conv1.apply(h) as tf.Tensor;
      return this.epilogue(h, w1, 1, noise[1]) as tf.Tensor4D;
    });
  }
}
