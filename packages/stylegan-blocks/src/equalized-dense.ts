// Equalised learning rate for dense layers (StyleGAN's `dense` with use_wscale): weights stored as
// N(0, 1/lrMul) and scaled at runtime by gain / sqrt(fanIn) * lrMul; the bias is scaled by lrMul.
import { tf } from '@hw7/tensor-utils';
import { assertFinitePositive, assertPositiveInteger, defined } from './validation.js';

export interface EqualizedDenseArgs {
  units: number;
  /** He gain; StyleGAN's default sqrt(2) (1 for the style affine and toRGB). */
  gain?: number;
  /** Learning-rate multiplier (0.01 in the mapping network). */
  lrMul?: number;
  useBias?: boolean;
  /** Initial value of the stored bias (before the lrMul scale); a number or one value per unit. */
  biasInit?: number | number[];
  inputShape?: number[];
  name?: string;
  trainable?: boolean;
}

/** Dense layer with the equalised learning rate: `y = x @ (W * gain / sqrt(fanIn) * lrMul) + b * lrMul`. */
export class EqualizedDense extends tf.layers.Layer {
  static className = 'StyleGanEqualizedDense';
  readonly units: number;
  readonly gain: number;
  readonly lrMul: number;
  readonly useBias: boolean;
  readonly biasInit: number | number[];
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private runtimeCoef = 1;

  constructor(args: EqualizedDenseArgs) {
    super({ name: args.name, inputShape: args.inputShape, trainable: args.trainable });
    assertPositiveInteger('EqualizedDense units', args.units);
    this.units = args.units;
    this.gain = args.gain ?? Math.SQRT2;
    this.lrMul = args.lrMul ?? 1;
    assertFinitePositive('EqualizedDense gain', this.gain);
    assertFinitePositive('EqualizedDense lrMul', this.lrMul);
    this.useBias = args.useBias ?? true;
    this.biasInit = args.biasInit ?? 0;
    if (Array.isArray(this.biasInit) && this.biasInit.length !== this.units) {
      throw new Error(
        `EqualizedDense biasInit must have ${this.units} values (one per unit), got ${this.biasInit.length}`,
      );
    }
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const fanIn = shape[shape.length - 1];
    if (fanIn === null || fanIn === undefined) throw new Error('EqualizedDense: the input feature size must be known');
    this.runtimeCoef = (this.gain / Math.sqrt(fanIn)) * this.lrMul;
    this.kernel = this.addWeight(
      'kernel',
      [fanIn, this.units],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1 / this.lrMul }),
    );
    if (this.useBias) {
      const init = this.biasInit;
      const constant = tf.initializers.constant({ value: Array.isArray(init) ? 0 : init });
      this.bias = this.addWeight('bias', [this.units], 'float32', constant);
      if (Array.isArray(init)) this.bias.write(tf.tensor1d(init, 'float32'));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const kernel = tf.mul(defined(this.kernel, 'EqualizedDense kernel').read(), this.runtimeCoef);
      const flat = x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1]]);
      let y = tf.matMul(flat, kernel);
      if (this.bias) y = tf.add(y, tf.mul(this.bias.read(), this.lrMul));
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      gain: this.gain,
      lrMul: this.lrMul,
      useBias: this.useBias,
      biasInit: this.biasInit,
    };
  }
}
tf.serialization.registerClass(EqualizedDense);
