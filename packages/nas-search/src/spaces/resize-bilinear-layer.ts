// A Keras-style layer resizing images with tf.image.resizeBilinear, so a decoded macro-space model
// takes the dataset's images as they are and saves/loads with tf.io like any tfjs model.
import { tf } from '@hw7/tensor-utils';

export interface ResizeBilinearArgs {
  size: number;
  name?: string;
}

export class ResizeBilinear extends tf.layers.Layer {
  static readonly className = 'Hw7ResizeBilinear';
  private readonly size: number;

  constructor(args: ResizeBilinearArgs) {
    super({ name: args.name });
    if (!Number.isInteger(args.size) || args.size < 1) {
      throw new RangeError(`ResizeBilinear: size must be a positive integer; got ${args.size}`);
    }
    this.size = args.size;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [shape[0], this.size, this.size, shape[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const images = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.image.resizeBilinear(images, [this.size, this.size]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}

let registered = false;

/** Registers the layer for tf.loadLayersModel; done by `buildMacroModel`, idempotent. */
export function registerResizeBilinear(): void {
  if (registered) return;
  tf.serialization.registerClass(ResizeBilinear);
  registered = true;
}
