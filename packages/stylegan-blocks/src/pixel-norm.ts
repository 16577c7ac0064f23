// PixelNorm (Karras et al. 2018, used on z by StyleGAN's mapping network): each feature vector is
// divided by its root mean square over the feature (last) axis.
import { tf } from '@hw7/tensor-utils';

/** `x * rsqrt(mean(x^2, last axis) + epsilon)`; the feature axis is the last one (NHWC or [N, D]). */
export function pixelNorm(x: tf.Tensor, epsilon = 1e-8): tf.Tensor {
  if (x.rank < 1) throw new Error(`pixelNorm: x must have rank >= 1, got a scalar`);
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), epsilon))));
}

export interface PixelNormArgs {
  epsilon?: number;
  name?: string;
}

/** `pixelNorm` as a weightless layer, for `tf.sequential` / functional models. */
export class PixelNorm extends tf.layers.Layer {
  static className = 'StyleGanPixelNorm';
  readonly epsilon: number;

  constructor(args: PixelNormArgs = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-8;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return pixelNorm(x, this.epsilon);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(PixelNorm);
