// The in-memory form shared by the image datasets (bytes, not tensors, so loading needs no backend
// and memory stays at one byte per pixel) and its conversion to model-ready tensors.
import * as tf from '../tf.js';
import { gatherRows } from './batches.js';

/** Labelled 8-bit images, NHWC: pixel (n, y, x, c) is `images[((n * height + y) * width + x) * channels + c]`. */
export interface LabeledImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

/** Pixel value range of the float tensors: [0, 1] for classifiers, [-1, 1] for tanh-output generators. */
export type PixelRange = readonly [0, 1] | readonly [-1, 1];

export interface ToTensorsOptions {
  range: PixelRange;
  /** One-hot float32 labels [N, numClasses] instead of int32 class indices [N]; default false. */
  oneHot?: boolean;
  /** Convert only these examples, in this order (e.g. one batch); default all. */
  indices?: Int32Array;
}

export interface ImageTensors {
  /** float32 [N, height, width, channels]. */
  x: tf.Tensor4D;
  /** int32 [N] class indices, or float32 [N, numClasses] when `oneHot`. */
  y: tf.Tensor;
}

/** Converts labelled images to tensors; the caller owns (and must dispose) both. */
export function labeledImagesToTensors(data: LabeledImages, options: ToTensorsOptions): ImageTensors {
  const { range, oneHot = false, indices } = options;
  const low = range?.[0];
  if (range?.length !== 2 || range[1] !== 1 || (low !== 0 && low !== -1)) {
    throw new RangeError(`options.range must be [0, 1] or [-1, 1]; got ${JSON.stringify(range)}`);
  }
  const { height, width, channels, numClasses } = data;
  const pixelsPerImage = height * width * channels;
  const images = indices ? gatherRows(data.images, pixelsPerImage, indices) : data.images;
  const labels = indices ? gatherRows(data.labels, 1, indices) : data.labels;
  const count = labels.length;

  const scale = (1 - low) / 255;
  const pixels = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) pixels[i] = images[i] * scale + low;
  const x = tf.tensor4d(pixels, [count, height, width, channels], 'float32');

  if (!oneHot) return { x, y: tf.tensor1d(Int32Array.from(labels), 'int32') };
  const hot = new Float32Array(count * numClasses);
  for (let i = 0; i < count; i++) hot[i * numClasses + labels[i]] = 1;
  return { x, y: tf.tensor2d(hot, [count, numClasses], 'float32') };
}
