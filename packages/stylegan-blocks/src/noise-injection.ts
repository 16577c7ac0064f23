// Noise injection "B" (StyleGAN's apply_noise): one N(0, 1) noise image [N, H, W, 1] per sample,
// broadcast over channels and scaled by a learned per-channel factor initialised to 0.
import { tf } from '@hw7/tensor-utils';
import { defined, shapeText } from './validation.js';

export interface NoiseInjectionArgs {
  /** Seed of the generated noise; each call draws with seed + call count, so runs are reproducible. */
  seed?: number;
  name?: string;
}

/** Takes `x` ([N, H, W, C]) and optionally explicit noise (`[x, noise]`, noise [N, H, W, 1]). */
export class NoiseInjection extends tf.layers.Layer {
  static className = 'StyleGanNoiseInjection';
  readonly seed?: number;
  private calls = 0;
  private scale?: tf.LayerVariable;

  constructor(args: NoiseInjectionArgs = {}) {
    super({ name: args.name });
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[3];
    if (shape.length !== 4 || channels === null || channels === undefined) {
      throw new Error(`NoiseInjection: x must be NHWC [N, H, W, C] with known C, got ${JSON.stringify(shape)}`);
    }
    this.scale = this.addWeight('noise_strength', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /** A fresh [N, H, W, 1] noise image for `x` (seeded when the layer has a seed). */
  drawNoise(x: tf.Tensor): tf.Tensor4D {
    const [n, h, w] = x.shape;
    const seed = this.seed === undefined ? undefined : this.seed + this.calls;
    this.calls += 1;
    return tf.randomNormal([n, h, w, 1], 0, 1, 'float32', seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const given = Array.isArray(inputs) ? inputs[1] : undefined;
    if (x.rank !== 4) throw new Error(`NoiseInjection: x must be [N, H, W, C], got shape ${shapeText(x.shape)}`);
    const [n, h, w] = x.shape;
    if (
      given &&
      (given.rank !== 4 || given.shape[0] !== n || given.shape[1] !== h || given.shape[2] !== w || given.shape[3] !== 1)
    ) {
      throw new Error(
        `NoiseInjection: noise must be [N, H, W, 1] = [${n}, ${h}, ${w}, 1], got ${shapeText(given.shape)}`,
      );
    }
    return tf.tidy(() => {
      const noise = given ?? this.drawNoise(x);
      return tf.add(x, tf.mul(noise, defined(this.scale, 'NoiseInjection noise_strength').read()));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return this.seed === undefined ? super.getConfig() : { ...super.getConfig(), seed: this.seed };
  }
}
tf.serialization.registerClass(NoiseInjection);
