// InstanceNormalization for tf.layers (NHWC): per-sample, per-channel statistics over H and W with the biased
// variance, as PyTorch's nn.InstanceNorm2d (default affine=false, no running statistics).
import { tf } from '@hw7/tensor-utils';

export interface InstanceNormalizationArgs {
  /** Added to the variance. Default 1e-5 (PyTorch's default). */
  epsilon?: number;
  /** Learn a per-channel scale (init 1) and shift (init 0). Default false, as InstanceNorm2d. */
  affine?: boolean;
  name?: string;
  trainable?: boolean;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
}

/** y = (x - mean_hw) / sqrt(var_hw + epsilon) [* gamma + beta], statistics per sample and channel. */
export class InstanceNormalization extends tf.layers.Layer {
  static className = 'InstanceNormalization';
  readonly epsilon: number;
  readonly affine: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: InstanceNormalizationArgs = {}) {
    super(args);
    const { epsilon = 1e-5, affine = false } = args;
    if (!Number.isFinite(epsilon) || epsilon <= 0) {
      throw new RangeError(`InstanceNormalization: epsilon must be a finite number > 0; got ${String(epsilon)}`);
    }
    this.epsilon = epsilon;
    this.affine = affine;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 4) {
      throw new Error(`InstanceNormalization: expected NHWC input of rank 4; got shape [${shape.join(', ')}]`);
    }
    const channels = shape[3];
    if (this.affine) {
      if (channels == null) throw new Error('InstanceNormalization: the channel dimension must be known');
      this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const y = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      if (!this.gamma || !this.beta) return y;
      return tf.add(tf.mul(y, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, affine: this.affine };
  }
}

tf.serialization.registerClass(InstanceNormalization);

/** Factory in the style of tf.layers.*. */
export function instanceNormalization(args?: InstanceNormalizationArgs): InstanceNormalization {
  return new InstanceNormalization(args);
}
