// The learned affine transform "A" (StyleGAN's style_mod dense): w -> (yS, yB) per channel, an
// equalised dense layer with gain 1 whose scale half of the bias starts at 1 and shift half at 0.
import { tf } from '@hw7/tensor-utils';
import { assertPositiveInteger, defined, shapeText } from './validation.js';

export interface StyleAffineArgs {
  /** Channels of the feature map the style modulates (C of yS and yB). */
  channels: number;
  /** He gain of the dense layer; StyleGAN uses 1. */
  gain?: number;
  name?: string;
}

/**
 * `A`: `[N, wDim] -> [yS, yB]`, both [N, channels]. StyleGAN computes `x * (style_s + 1) + style_b`
 * with zero biases; a scale bias initialised to 1 is the same thing, so yS starts near 1 and yB near 0.
 */
export class StyleAffine extends tf.layers.Layer {
  static className = 'StyleGanStyleAffine';
  readonly channels: number;
  readonly gain: number;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private runtimeCoef = 1;

  constructor(args: StyleAffineArgs) {
    super({ name: args.name });
    assertPositiveInteger('StyleAffine channels', args.channels);
    this.channels = args.channels;
    this.gain = args.gain ?? 1;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const wDim = shape[1];
    if (shape.length !== 2 || wDim === null || wDim === undefined) {
      throw new Error(`StyleAffine: w must be [N, wDim] with known wDim, got ${JSON.stringify(shape)}`);
    }
    this.runtimeCoef = this.gain / Math.sqrt(wDim);
    const c = this.channels;
    this.kernel = this.addWeight(
      'kernel',
      [wDim, 2 * c],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1 }),
    );
    const biasInit = [...new Array<number>(c).fill(1), ...new Array<number>(c).fill(0)];
    this.bias = this.addWeight('bias', [2 * c], 'float32', tf.initializers.zeros());
    this.bias.write(tf.tensor1d(biasInit, 'float32'));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [
      [shape[0], this.channels],
      [shape[0], this.channels],
    ];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    const w = Array.isArray(inputs) ? inputs[0] : inputs;
    if (w.rank !== 2) throw new Error(`StyleAffine: w must be [N, wDim], got shape ${shapeText(w.shape)}`);
    return tf.tidy(() => {
      const kernel = tf.mul(defined(this.kernel, 'StyleAffine kernel').read(), this.runtimeCoef);
      const style = tf.add(
        tf.matMul(w as tf.Tensor2D, kernel as tf.Tensor2D),
        defined(this.bias, 'StyleAffine bias').read(),
      );
      const n = w.shape[0];
      const c = this.channels;
      return [tf.slice(style, [0, 0], [n, c]), tf.slice(style, [0, c], [n, c])];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels, gain: this.gain };
  }
}
tf.serialization.registerClass(StyleAffine);

/** Creates the affine transform `A` for a feature map with `channels` channels. */
export function styleAffine(channels: number, args: Omit<StyleAffineArgs, 'channels'> = {}): StyleAffine {
  return new StyleAffine({ ...args, channels });
}
