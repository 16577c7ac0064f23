// Equalised learning rate for convolutions (StyleGAN's `conv2d` with use_wscale): kernels stored as
// N(0, 1/lrMul), scaled at runtime by gain / sqrt(kernelSize^2 * inChannels) * lrMul; 'same' padding.
import { tf } from '@hw7/tensor-utils';
import { assertFinitePositive, assertPositiveInteger, defined } from './validation.js';

export interface EqualizedConv2dArgs {
  filters: number;
  kernelSize: number;
  /** He gain; StyleGAN's default sqrt(2) (1 for toRGB). */
  gain?: number;
  lrMul?: number;
  useBias?: boolean;
  inputShape?: number[];
  name?: string;
  trainable?: boolean;
}

/** NHWC 2-D convolution, stride 1, 'same' padding, with the equalised learning rate. */
export class EqualizedConv2d extends tf.layers.Layer {
  static className = 'StyleGanEqualizedConv2d';
  readonly filters: number;
  readonly kernelSize: number;
  readonly gain: number;
  readonly lrMul: number;
  readonly useBias: boolean;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private runtimeCoef = 1;

  constructor(args: EqualizedConv2dArgs) {
    super({ name: args.name, inputShape: args.inputShape, trainable: args.trainable });
    assertPositiveInteger('EqualizedConv2d filters', args.filters);
    assertPositiveInteger('EqualizedConv2d kernelSize', args.kernelSize);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.gain = args.gain ?? Math.SQRT2;
    this.lrMul = args.lrMul ?? 1;
    assertFinitePositive('EqualizedConv2d gain', this.gain);
    assertFinitePositive('EqualizedConv2d lrMul', this.lrMul);
    this.useBias = args.useBias ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inChannels = shape[3];
    if (shape.length !== 4 || inChannels === null || inChannels === undefined) {
      throw new Error(`EqualizedConv2d: input must be NHWC [N, H, W, C] with known C, got ${JSON.stringify(shape)}`);
    }
    const fanIn = this.kernelSize * this.kernelSize * inChannels;
    this.runtimeCoef = (this.gain / Math.sqrt(fanIn)) * this.lrMul;
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, this.kernelSize, inChannels, this.filters],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1 / this.lrMul }),
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], shape[1], shape[2], this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const kernel = tf.mul(defined(this.kernel, 'EqualizedConv2d kernel').read(), this.runtimeCoef) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2d(x, kernel, 1, 'same');
      if (this.bias) y = tf.add(y, tf.mul(this.bias.read(), this.lrMul));
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      gain: this.gain,
      lrMul: this.lrMul,
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(EqualizedConv2d);
