// Image grids: tile a batch of images (samples, reconstructions, filters) into one RGBA picture and
// save it as PNG, so any package can show its results without a browser or canvas.
import { promises as fs } from 'node:fs';
import { PNG } from 'pngjs';
import { writeFileAtomic } from '../fs/atomic.js';
import { fileError } from '../fs/file-errors.js';
import type * as tf from '../tf.js';

/** A batch of images held outside TensorFlow.js, in NHWC order. */
export interface RawImageBatch {
  data: Float32Array | Uint8Array;
  shape: [number, number, number, number];
}

/**
 * Images to tile: a `[N, H, W, C]` batch, or one `[H, W, C]` image (the TensorFlow.js image
 * convention). C is 1 (grey) or 3 (RGB).
 */
export type ImageBatch = tf.Tensor4D | tf.Tensor3D | RawImageBatch;

export interface ImageGridOptions {
  /** Images per row; defaults to `ceil(sqrt(N))`, or to `ceil(N / rows)` when `rows` is given. */
  columns?: number;
  /** Rows of images; defaults to `ceil(N / columns)`. */
  rows?: number;
  /** Pixels of padding between images and around the grid (not scaled); default 2. */
  padding?: number;
  /** Padding colour as a grey level or `[r, g, b]`, each 0..255; default 255 (white). */
  padValue?: number | [number, number, number];
  /**
   * Input values mapped to black and white; values outside are clipped and NaN shows as the
   * minimum. Default `[-1, 1]` for float data, `[0, 255]` for `Uint8Array` and int32 tensors.
   */
  range?: [number, number];
  /** Integer factor by which every image pixel is enlarged (nearest neighbour); default 1. */
  scale?: number;
}

/** An 8-bit RGBA picture, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

interface PixelSource {
  values: ArrayLike<number>;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  defaultRange: [number, number];
}

function isRawImageBatch(images: ImageBatch): images is RawImageBatch {
  return !('dtype' in images);
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function toPixelSource(images: ImageBatch): PixelSource {
  if (images === null || typeof images !== 'object') {
    throw new TypeError(`images must be a tf.Tensor4D, tf.Tensor3D or { data, shape }; got ${String(images)}`);
  }
  let values: ArrayLike<number>;
  let shape: readonly number[];
  let defaultRange: [number, number];
  if (isRawImageBatch(images)) {
    if (!(images.data instanceof Float32Array) && !(images.data instanceof Uint8Array)) {
      throw new TypeError('images.data must be a Float32Array or a Uint8Array');
    }
    if (!Array.isArray(images.shape) || images.shape.length !== 4) {
      throw new RangeError(`images.shape must be [N, H, W, C]; got ${JSON.stringify(images.shape)}`);
    }
    values = images.data;
    shape = images.shape;
    defaultRange = images.data instanceof Uint8Array ? [0, 255] : [-1, 1];
  } else {
    if (images.dtype !== 'float32' && images.dtype !== 'int32') {
      throw new TypeError(`images dtype must be float32 or int32; got ${images.dtype}`);
    }
    if (images.rank !== 4 && images.rank !== 3) {
      throw new RangeError(
        'images must have rank 4 [N, H, W, C] or rank 3 [H, W, C]; ' +
          `got rank ${images.rank} ${describeShape(images.shape)}`,
      );
    }
    values = images.dataSync();
    shape = images.rank === 4 ? images.shape : [1, ...images.shape];
    defaultRange = images.dtype === 'int32' ? [0, 255] : [-1, 1];
  }
  const [count, height, width, channels] = shape;
  if (!shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new RangeError(`images shape must hold non-negative integers; got ${describeShape(shape)}`);
  }
  if (channels !== 1 && channels !== 3) {
    const hint = isRawImageBatch(images) ? '' : ' (a batch of grey images [N, H, W] needs a trailing axis of 1)';
    throw new RangeError(`images channels (last axis) must be 1 or 3; got ${channels}${hint}`);
  }
  if (count < 1) throw new RangeError(`images must hold N >= 1 images; got N = ${count}`);
  if (height < 1 || width < 1) throw new RangeError(`images H and W must be >= 1; got ${describeShape(shape)}`);
  const expectedLength = count * height * width * channels;
  if (values.length !== expectedLength) {
    throw new RangeError(
      `images.data length must be ${expectedLength} for shape ${describeShape(shape)}; got ${values.length}`,
    );
  }
  return { values, count, height, width, channels, defaultRange };
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1; got ${value}`);
  return value;
}

function gridLayout(count: number, options: ImageGridOptions): { rows: number; columns: number } {
  if (options.columns === undefined && options.rows !== undefined) {
    const rows = positiveInteger(options.rows, 'rows', 1);
    return { rows, columns: Math.ceil(count / rows) };
  }
  const columns = positiveInteger(options.columns, 'columns', Math.ceil(Math.sqrt(count)));
  const rows = positiveInteger(options.rows, 'rows', Math.ceil(count / columns));
  if (rows * columns < count) {
    throw new RangeError(`rows * columns must be >= N = ${count}; got rows = ${rows}, columns = ${columns}`);
  }
  return { rows, columns };
}

function padColour(padValue: ImageGridOptions['padValue']): [number, number, number] {
  const colour =
    padValue === undefined ? [255, 255, 255] : typeof padValue === 'number' ? [padValue, padValue, padValue] : padValue;
  const valid =
    Array.isArray(colour) && colour.length === 3 && colour.every((c) => Number.isInteger(c) && c >= 0 && c <= 255);
  if (!valid) {
    throw new RangeError(`padValue must be an integer 0..255 or [r, g, b] of them; got ${JSON.stringify(padValue)}`);
  }
  return colour as [number, number, number];
}

function valueRange(range: ImageGridOptions['range'], fallback: [number, number]): [number, number] {
  if (range === undefined) return fallback;
  const valid = Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] < range[1];
  if (!valid) throw new RangeError(`range must be [min, max] with finite min < max; got ${JSON.stringify(range)}`);
  return range;
}

/** Tiles `images` row-major into one RGBA picture with padding between (and around) them. */
export function imageGrid(images: ImageBatch, options: ImageGridOptions = {}): RgbaImage {
  const source = toPixelSource(images);
  const { rows, columns } = gridLayout(source.count, options);
  const scale = positiveInteger(options.scale, 'scale', 1);
  const padding = options.padding ?? 2;
  if (!Number.isInteger(padding) || padding < 0)
    throw new RangeError(`padding must be an integer >= 0; got ${padding}`);
  const [padRed, padGreen, padBlue] = padColour(options.padValue);
  const [low, high] = valueRange(options.range, source.defaultRange);

  const cellWidth = source.width * scale;
  const cellHeight = source.height * scale;
  const width = columns * cellWidth + (columns + 1) * padding;
  const height = rows * cellHeight + (rows + 1) * padding;
  const rgba = new Uint8Array(width * height * 4);
  for (let offset = 0; offset < rgba.length; offset += 4) {
    rgba[offset] = padRed;
    rgba[offset + 1] = padGreen;
    rgba[offset + 2] = padBlue;
    rgba[offset + 3] = 255;
  }

  const toByte = (value: number): number => {
    // `!(value > low)` also catches NaN, which would otherwise poison the rounding below.
    if (!(value > low)) return 0;
    if (value >= high) return 255;
    return Math.round(((value - low) / (high - low)) * 255);
  };
  const { values, channels } = source;
  const pixel = [0, 0, 0];
  for (let index = 0; index < source.count; index++) {
    const left = padding + (index % columns) * (cellWidth + padding);
    const top = padding + Math.floor(index / columns) * (cellHeight + padding);
    let input = index * source.height * source.width * channels;
    for (let y = 0; y < source.height; y++) {
      for (let x = 0; x < source.width; x++, input += channels) {
        for (let c = 0; c < 3; c++) pixel[c] = toByte(values[input + (channels === 3 ? c : 0)]);
        for (let dy = 0; dy < scale; dy++) {
          let output = ((top + y * scale + dy) * width + left + x * scale) * 4;
          for (let dx = 0; dx < scale; dx++, output += 4) {
            rgba[output] = pixel[0];
            rgba[output + 1] = pixel[1];
            rgba[output + 2] = pixel[2];
          }
        }
      }
    }
  }
  return { width, height, rgba };
}

/** Encodes an RGBA picture as a PNG file's bytes. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new RangeError(`image width and height must be integers >= 1; got ${width} x ${height}`);
  }
  if (!(rgba instanceof Uint8Array) || rgba.length !== width * height * 4) {
    throw new RangeError(`image.rgba must be a Uint8Array of width * height * 4 = ${width * height * 4} bytes`);
  }
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return PNG.sync.write(png);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes PNG bytes (any colour type or bit depth) into 8-bit RGBA. Bytes that are not a complete
 * PNG image raise `<name>: not a valid PNG image: <why>`; `name` is usually the file.
 */
export function decodePng(bytes: Uint8Array, name = 'PNG data'): RgbaImage {
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new Error(`${name}: not a valid PNG image: it does not start with the PNG signature`);
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    // pngjs says "read requests waiting on finished stream" for a file that ends too early.
    const message = error instanceof Error ? error.message : String(error);
    const reason = /read requests wait/.test(message) ? 'the data ends too early (truncated?)' : message;
    throw new Error(`${name}: not a valid PNG image: ${reason}`, { cause: error });
  }
  return {
    width: png.width,
    height: png.height,
    rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
  };
}

/** Reads a PNG file into 8-bit RGBA; errors name the file. */
export async function readPng(path: string): Promise<RgbaImage> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw fileError(error, path, 'read');
  }
  return decodePng(bytes, path);
}

/** Tiles `images` (see `imageGrid`) and writes the grid to `path` as PNG atomically; returns `path`. */
export async function writeImageGrid(
  path: string,
  images: ImageBatch,
  options: ImageGridOptions = {},
): Promise<string> {
  await writeFileAtomic(path, encodePng(imageGrid(images, options)));
  return path;
}
