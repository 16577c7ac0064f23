// Adaptive instance normalisation (StyleGAN's instance_norm + style_mod): each sample's channels are
// normalised over the spatial axes, then scaled by yS and shifted by yB from the style.
import { tf } from '@hw7/tensor-utils';
import { shapeText } from './validation.js';

/**
 * `yS * (x - mean(x)) / sqrt(var(x) + epsilon) + yB`, with mean and biased variance over the
 * spatial axes (NHWC: 1 and 2) per sample and channel. `x` is [N, H, W, C]; `yS` and `yB` are [N, C].
 */
export function adaIN(x: tf.Tensor, yS: tf.Tensor, yB: tf.Tensor, epsilon = 1e-8): tf.Tensor4D {
  if (x.rank !== 4) throw new Error(`adaIN: x must be [N, H, W, C] (NHWC), got shape ${shapeText(x.shape)}`);
  const [n, , , c] = x.shape;
  for (const [name, style] of [
    ['yS', yS],
    ['yB', yB],
  ] as const) {
    if (style.rank !== 2 || style.shape[0] !== n || style.shape[1] !== c) {
      throw new Error(
        `adaIN: ${name} must be [N, C] = [${n}, ${c}] to match x ${shapeText(x.shape)}, got ${shapeText(style.shape)}`,
      );
    }
  }
  if (!Number.isFinite(epsilon) || epsilon < 0)
    throw new Error(`adaIN: epsilon must be a finite number >= 0, got ${epsilon}`);
  return tf.tidy(() => {
    const mean = tf.mean(x, [1, 2], true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), [1, 2], true);
    const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
    const scale = tf.reshape(yS, [n, 1, 1, c]);
    const shift = tf.reshape(yB, [n, 1, 1, c]);
    return tf.add(tf.mul(normalised, scale), shift) as tf.Tensor4D;
  });
}

export interface AdaINArgs {
  epsilon?: number;
  name?: string;
}

/** `adaIN` as a weightless layer taking `[x, yS, yB]`. */
export class AdaIN extends tf.layers.Layer {
  static className = 'StyleGanAdaIN';
  readonly epsilon: number;

  constructor(args: AdaINArgs = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-8;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 3) throw new Error('AdaIN layer: inputs must be [x, yS, yB]');
    return adaIN(inputs[0], inputs[1], inputs[2], this.epsilon);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(AdaIN);
