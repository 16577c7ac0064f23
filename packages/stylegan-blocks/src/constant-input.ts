// The learned constant input of StyleGAN's synthesis network: one [size, size, C] tensor, initialised
// to ones like the official code, repeated for every sample in the batch.
import { tf } from '@hw7/tensor-utils';
import { assertPositiveInteger, defined } from './validation.js';

export interface ConstantInputArgs {
  channels: number;
  size?: number;
  name?: string;
}

/** Takes any tensor whose first axis is the batch (e.g. w) and returns the constant [N, size, size, C]. */
export class ConstantInput extends tf.layers.Layer {
  static className = 'StyleGanConstantInput';
  readonly channels: number;
  readonly size: number;
  private constant?: tf.LayerVariable;

  constructor(args: ConstantInputArgs) {
    super({ name: args.name });
    assertPositiveInteger('ConstantInput channels', args.channels);
    this.channels = args.channels;
    this.size = args.size ?? 4;
    assertPositiveInteger('ConstantInput size', this.size);
  }

  override build(): void {
    this.constant = this.addWeight(
      'const',
      [1, this.size, this.size, this.channels],
      'float32',
      tf.initializers.ones(),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.size, this.size, this.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ref = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.tile(defined(this.constant, 'ConstantInput const').read(), [ref.shape[0], 1, 1, 1]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels, size: this.size };
  }
}
tf.serialization.registerClass(ConstantInput);
