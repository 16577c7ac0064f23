import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf.js';
import { decodePng, encodePng, imageGrid, type RgbaImage, readPng, writeImageGrid } from './png-grid.js';

let directory: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await fs.mkdtemp(join(tmpdir(), 'hw7-png-grid-'));
});

afterAll(async () => {
  await fs.rm(directory, { recursive: true, force: true });
});

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 4;
  return Array.from(image.rgba.subarray(offset, offset + 4));
}

function grey(value: number): number[] {
  return [value, value, value, 255];
}

describe('imageGrid', () => {
  // Three 2x2 grey images: all -1, all +1, and a ramp -1, 0, 0.5, 1.
  const threeImages = () => tf.tensor4d([-1, -1, -1, -1, 1, 1, 1, 1, -1, 0, 0.5, 1], [3, 2, 2, 1]);

  it('maps values to bytes, lays images out row-major and fills padding and empty cells', () => {
    const images = threeImages();
    const grid = imageGrid(images, { columns: 2, padding: 1, padValue: 100 });
    expect([grid.width, grid.height]).toEqual([7, 7]);
    expect(grid.rgba.length).toBe(7 * 7 * 4);
    expect(pixel(grid, 0, 0)).toEqual(grey(100));
    expect(pixel(grid, 3, 1)).toEqual(grey(100));
    // Image 0 (all -1) at the top left, image 1 (all +1) to its right.
    expect(pixel(grid, 1, 1)).toEqual(grey(0));
    expect(pixel(grid, 2, 2)).toEqual(grey(0));
    expect(pixel(grid, 4, 1)).toEqual(grey(255));
    expect(pixel(grid, 5, 2)).toEqual(grey(255));
    // Image 2 starts the second row; its pixels keep their row-major order.
    expect(pixel(grid, 1, 4)).toEqual(grey(0));
    expect(pixel(grid, 2, 4)).toEqual(grey(128));
    expect(pixel(grid, 1, 5)).toEqual(grey(191));
    expect(pixel(grid, 2, 5)).toEqual(grey(255));
    // The fourth cell has no image and shows the padding colour.
    expect(pixel(grid, 4, 4)).toEqual(grey(100));
    expect(pixel(grid, 5, 5)).toEqual(grey(100));
    // The caller's tensor stays usable.
    expect(images.isDisposed).toBe(false);
    images.dispose();
  });

  it('chooses a near-square layout, or derives the other dimension from rows or columns', () => {
    const images = tf.zeros([10, 1, 1, 1]) as tf.Tensor4D;
    const square = imageGrid(images, { padding: 0 });
    expect([square.width, square.height]).toEqual([4, 3]);
    const twoRows = imageGrid(images, { rows: 2, padding: 0 });
    expect([twoRows.width, twoRows.height]).toEqual([5, 2]);
    const oneColumn = imageGrid(images, { columns: 1, padding: 0 });
    expect([oneColumn.width, oneColumn.height]).toEqual([1, 10]);
    images.dispose();
  });

  it('upscales by an integer factor with nearest neighbour and pads in output pixels', () => {
    const images = tf.tensor4d([-1, 1, 1, -1], [1, 2, 2, 1]);
    const grid = imageGrid(images, { scale: 3, padding: 2, padValue: 50 });
    expect([grid.width, grid.height]).toEqual([10, 10]);
    expect(pixel(grid, 1, 1)).toEqual(grey(50));
    expect(pixel(grid, 2, 2)).toEqual(grey(0));
    expect(pixel(grid, 4, 4)).toEqual(grey(0));
    expect(pixel(grid, 5, 2)).toEqual(grey(255));
    expect(pixel(grid, 7, 4)).toEqual(grey(255));
    expect(pixel(grid, 2, 5)).toEqual(grey(255));
    expect(pixel(grid, 7, 7)).toEqual(grey(0));
    images.dispose();
  });

  it('keeps RGB channels and clips to a custom range; NaN shows as the minimum', () => {
    const images = tf.tensor4d([0, 0.5, 1, 2, -3, Number.NaN], [1, 1, 2, 3]);
    const grid = imageGrid(images, { range: [0, 1], padding: 0 });
    expect(pixel(grid, 0, 0)).toEqual([0, 128, 255, 255]);
    expect(pixel(grid, 1, 0)).toEqual([255, 0, 0, 255]);
    images.dispose();
  });

  it('defaults to [0, 255] for Uint8Array and int32 data and to [-1, 1] for Float32Array', () => {
    const bytes = imageGrid({ data: new Uint8Array([0, 7, 200, 255]), shape: [1, 2, 2, 1] }, { padding: 0 });
    expect([0, 1, 2, 3].map((i) => bytes.rgba[i * 4])).toEqual([0, 7, 200, 255]);
    const int32 = tf.tensor4d([0, 7, 200, 255], [1, 2, 2, 1], 'int32');
    expect(imageGrid(int32, { padding: 0 }).rgba).toEqual(bytes.rgba);
    int32.dispose();
    const floats = imageGrid({ data: new Float32Array([-1, 0, 1]), shape: [1, 1, 1, 3] }, { padding: 0 });
    expect(pixel(floats, 0, 0)).toEqual([0, 128, 255, 255]);
  });

  it('treats a rank-3 tensor as one [H, W, C] image', () => {
    const image = tf.tensor3d([-1, 1, 1, -1], [2, 2, 1]);
    const grid = imageGrid(image, { padding: 1, padValue: [10, 20, 30] });
    expect([grid.width, grid.height]).toEqual([4, 4]);
    expect(pixel(grid, 0, 0)).toEqual([10, 20, 30, 255]);
    expect(pixel(grid, 2, 1)).toEqual(grey(255));
    image.dispose();
  });

  it('names the argument and the expected value when the input is invalid', () => {
    const grey1x1 = (count: number) => ({
      data: new Float32Array(count),
      shape: [count, 1, 1, 1] as [number, number, number, number],
    });
    const rank2 = tf.zeros([2, 2]);
    expect(() => imageGrid(rank2 as unknown as tf.Tensor3D)).toThrow(
      'images must have rank 4 [N, H, W, C] or rank 3 [H, W, C]; got rank 2 [2, 2]',
    );
    const twoChannels = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
    expect(() => imageGrid(twoChannels)).toThrow('images channels (last axis) must be 1 or 3; got 2');
    const booleans = tf.zeros([1, 2, 2, 1], 'bool') as tf.Tensor4D;
    expect(() => imageGrid(booleans)).toThrow('images dtype must be float32 or int32; got bool');
    const empty = tf.zeros([0, 2, 2, 1]) as tf.Tensor4D;
    expect(() => imageGrid(empty)).toThrow('images must hold N >= 1 images; got N = 0');
    tf.dispose([rank2, twoChannels, booleans, empty]);

    expect(() => imageGrid(grey1x1(5), { rows: 2, columns: 2 })).toThrow(
      'rows * columns must be >= N = 5; got rows = 2, columns = 2',
    );
    expect(() => imageGrid(grey1x1(1), { range: [1, 1] })).toThrow('range must be [min, max] with finite min < max');
    expect(() => imageGrid(grey1x1(1), { scale: 1.5 })).toThrow('scale must be an integer >= 1; got 1.5');
    expect(() => imageGrid(grey1x1(1), { columns: 0 })).toThrow('columns must be an integer >= 1; got 0');
    expect(() => imageGrid(grey1x1(1), { padding: -1 })).toThrow('padding must be an integer >= 0; got -1');
    expect(() => imageGrid(grey1x1(1), { padValue: 256 })).toThrow('padValue must be an integer 0..255 or [r, g, b]');
    expect(() => imageGrid({ data: new Float32Array(3), shape: [1, 2, 2, 1] })).toThrow(
      'images.data length must be 4 for shape [1, 2, 2, 1]; got 3',
    );
    expect(() => imageGrid({ data: new Int16Array(4) as unknown as Uint8Array, shape: [1, 2, 2, 1] })).toThrow(
      'images.data must be a Float32Array or a Uint8Array',
    );
    expect(() => imageGrid({ data: new Uint8Array(4), shape: [2, 2, 1] as never })).toThrow(
      'images.shape must be [N, H, W, C]; got [2,2,1]',
    );
  });
});

describe('PNG encoding and files', () => {
  const sample = (): RgbaImage =>
    imageGrid({ data: Uint8Array.from({ length: 2 * 3 * 4 * 3 }, (_, i) => (i * 37) % 256), shape: [2, 3, 4, 3] });

  it('round-trips through encodePng and decodePng', () => {
    const grid = sample();
    const png = encodePng(grid);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(decodePng(png)).toEqual(grid);
  });

  it('names the file of a missing, truncated or non-PNG file', async () => {
    const png = encodePng(sample());
    expect(() => decodePng(png.subarray(0, 40), 'grid.png')).toThrow(
      'grid.png: not a valid PNG image: the data ends too early (truncated?)',
    );
    expect(() => decodePng(new TextEncoder().encode('GIF89a'))).toThrow(
      'PNG data: not a valid PNG image: it does not start with the PNG signature',
    );
    const missing = join(directory, 'missing.png');
    await expect(readPng(missing)).rejects.toThrow(`cannot read ${missing}: no such file or directory (ENOENT)`);
  });

  it('rejects RGBA data of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(15) })).toThrow(
      'image.rgba must be a Uint8Array of width * height * 4 = 16 bytes',
    );
  });

  it('writes the grid atomically, leaving no temporary files, and reads it back', async () => {
    const target = join(directory, 'written', 'grid.png');
    const images = tf.tensor4d([-1, 0, 0.5, 1], [4, 1, 1, 1]);
    await expect(writeImageGrid(target, images, { scale: 2 })).resolves.toBe(target);
    expect(await fs.readdir(join(directory, 'written'))).toEqual(['grid.png']);
    expect(await readPng(target)).toEqual(imageGrid(images, { scale: 2 }));
    images.dispose();
  });

  it('writes nothing when the input is invalid, and leaves an existing file untouched', async () => {
    const target = join(directory, 'failed', 'grid.png');
    const invalid = { data: new Float32Array(4), shape: [1, 2, 2, 2] as [number, number, number, number] };
    await expect(writeImageGrid(target, invalid)).rejects.toThrow('channels');
    await expect(fs.readdir(join(directory, 'failed'))).rejects.toThrow('ENOENT');

    const existing = join(directory, 'existing.png');
    await writeImageGrid(existing, { data: new Uint8Array([9]), shape: [1, 1, 1, 1] });
    const before = await fs.readFile(existing);
    await expect(writeImageGrid(existing, invalid)).rejects.toThrow('channels');
    expect(await fs.readFile(existing)).toEqual(before);
    expect((await fs.readdir(directory)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
