// NAS-Bench-201's ReLUConvBN block: ReLU, then a bias-free convolution, then batch normalisation.
import { type Rng, tf } from '@hw7/tensor-utils';
import { normaliseBatch } from './batch-norm.js';
import { convolutionFilter } from './initialisers.js';

export interface ReluConvBnOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  /** Default 1; 2 halves the height and width (reduction blocks). */
  stride?: 1 | 2;
  /** Default true; the stem convolves the raw image, where a ReLU first would discard nothing useful. */
  leadingRelu?: boolean;
}

export class ReluConvBn {
  readonly filter: tf.Variable;
  private readonly stride: 1 | 2;
  private readonly leadingRelu: boolean;

  constructor({ inChannels, outChannels, kernelSize, stride = 1, leadingRelu = true }: ReluConvBnOptions, rng: Rng) {
    for (const [name, value] of Object.entries({ inChannels, outChannels, kernelSize })) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1; got ${value}`);
    }
    if (stride !== 1 && stride !== 2) throw new RangeError(`stride must be 1 or 2; got ${String(stride)}`);
    this.filter = convolutionFilter(kernelSize, inChannels, outChannels, rng);
    this.stride = stride;
    this.leadingRelu = leadingRelu;
  }

  get variables(): tf.Variable[] {
    return [this.filter];
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const input = this.leadingRelu ? tf.relu(x) : x;
      return normaliseBatch(tf.conv2d(input, this.filter as tf.Tensor4D, this.stride, 'same'));
    });
  }
}
