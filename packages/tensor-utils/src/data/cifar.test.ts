import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cifarToTensors, loadCifar10, loadCifar100 } from './cifar.js';
import { cifarFilesDescription } from './image-dataset-info.js';
import { loadImageData } from './image-datasets.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-cifar-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const PLANE = 1024;

/** Planar test image: red = pixel index mod 256, green = 3 * index mod 256, blue = 255 - red, offset by `seed`. */
function planarImage(seed: number): Uint8Array {
  const image = new Uint8Array(3 * PLANE);
  for (let p = 0; p < PLANE; p++) {
    image[p] = (p + seed) & 0xff;
    image[PLANE + p] = (3 * p + seed) & 0xff;
    image[2 * PLANE + p] = (255 - p - seed) & 0xff;
  }
  return image;
}

/** Records of `labelBytes` label bytes followed by the planar image. */
function records(labelRows: number[][], seeds: number[]): Uint8Array {
  const recordSize = labelRows[0].length + 3 * PLANE;
  const out = new Uint8Array(labelRows.length * recordSize);
  labelRows.forEach((labels, i) => {
    out.set(labels, i * recordSize);
    out.set(planarImage(seeds[i]), i * recordSize + labels.length);
  });
  return out;
}

/** A CIFAR-10 folder with two records per train batch (labels 2 * batch, 2 * batch + 1) and one test record. */
async function writeCifar10(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (let batch = 1; batch <= 5; batch++) {
    const labels = [2 * (batch - 1), 2 * (batch - 1) + 1];
    await writeFile(join(folder, `data_batch_${batch}.bin`), records([[labels[0] % 10], [labels[1] % 10]], labels));
  }
  await writeFile(join(folder, 'test_batch.bin'), records([[3]], [77]));
}

describe('loadCifar10', () => {
  it('converts a planar CHW record to interleaved HWC exactly', async () => {
    const folder = await mkdtemp(join(directory, 'c10-'));
    await writeCifar10(folder);
    const test = await loadCifar10(folder, 'test');
    expect(test).toMatchObject({ count: 1, height: 32, width: 32, channels: 3, numClasses: 10 });
    expect(Array.from(test.labels)).toEqual([3]);
    const planar = planarImage(77);
    const expected = new Uint8Array(3 * PLANE);
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        for (let c = 0; c < 3; c++) expected[(y * 32 + x) * 3 + c] = planar[c * PLANE + y * 32 + x];
      }
    }
    expect(test.images).toEqual(expected);
    // Pixel (row 1, column 2) is planar index 34: red 34 + 77, green 3 * 34 + 77, blue 255 - 34 - 77.
    expect(Array.from(test.images.subarray(34 * 3, 34 * 3 + 3))).toEqual([111, 179, 144]);
  });

  it('concatenates the five training batches in order and honours limit across files', async () => {
    const folder = await mkdtemp(join(directory, 'c10-train-'));
    await writeCifar10(folder);
    const train = await loadCifar10(folder, 'train');
    expect(train.count).toBe(10);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(train.images[9 * 3072]).toBe(planarImage(9)[0]);

    const limited = await loadCifar10(folder, 'train', { limit: 3 });
    expect(Array.from(limited.labels)).toEqual([0, 1, 2]);
    expect(limited.images).toHaveLength(3 * 3072);
    expect(limited.images.subarray(2 * 3072)).toEqual(train.images.subarray(2 * 3072, 3 * 3072));
  });

  it('accepts the parent of the extracted cifar-10-batches-bin folder', async () => {
    const parent = await mkdtemp(join(directory, 'c10-parent-'));
    await writeCifar10(join(parent, 'cifar-10-batches-bin'));
    expect(Array.from((await loadCifar10(parent, 'test')).labels)).toEqual([3]);
  });

  it('names what it looked for when the directory or a file is missing', async () => {
    const missing = join(directory, 'no-such-dir');
    await expect(loadCifar10(missing, 'test')).rejects.toThrow(`CIFAR-10 directory not found: ${missing}`);

    const empty = await mkdtemp(join(directory, 'c10-empty-'));
    await expect(loadCifar10(empty, 'test')).rejects.toThrow(
      `CIFAR-10: test_batch.bin not found; looked in ${empty} and ${join(empty, 'cifar-10-batches-bin')}`,
    );

    const partial = await mkdtemp(join(directory, 'c10-partial-'));
    await writeCifar10(partial);
    await rm(join(partial, 'data_batch_4.bin'));
    await expect(loadCifar10(partial, 'train')).rejects.toThrow(
      `CIFAR-10 file not found: ${join(partial, 'data_batch_4.bin')}`,
    );
  });

  it('rejects a file whose size is not a whole number of records', async () => {
    const folder = await mkdtemp(join(directory, 'c10-size-'));
    await writeCifar10(folder);
    await writeFile(join(folder, 'test_batch.bin'), records([[1]], [0]).subarray(0, 3000));
    await expect(loadCifar10(folder, 'test')).rejects.toThrow(
      `${join(folder, 'test_batch.bin')}: size 3000 bytes is not a multiple of the CIFAR-10 record size 3073`,
    );
  });

  it('rejects an empty file instead of loading no images (found by fuzzing)', async () => {
    const folder = await mkdtemp(join(directory, 'c10-empty-'));
    await writeCifar10(folder);
    await writeFile(join(folder, 'test_batch.bin'), new Uint8Array(0));
    await expect(loadCifar10(folder, 'test')).rejects.toThrow(
      `${join(folder, 'test_batch.bin')}: the file is empty; expected CIFAR-10 records`,
    );
  });

  it('rejects a label outside 0..9', async () => {
    const folder = await mkdtemp(join(directory, 'c10-label-'));
    await writeCifar10(folder);
    await writeFile(join(folder, 'test_batch.bin'), records([[1], [10]], [0, 0]));
    await expect(loadCifar10(folder, 'test')).rejects.toThrow('test_batch.bin: record 1 has label 10, expected 0..9');
  });
});

describe('loadCifar100', () => {
  it('reads fine or coarse labels, directly or from cifar-100-binary/', async () => {
    const parent = await mkdtemp(join(directory, 'c100-'));
    const folder = join(parent, 'cifar-100-binary');
    await mkdir(folder);
    await writeFile(
      join(folder, 'train.bin'),
      records(
        [
          [19, 99],
          [0, 42],
        ],
        [1, 2],
      ),
    );
    await writeFile(join(folder, 'test.bin'), records([[5, 7]], [3]));

    const fine = await loadCifar100(parent, 'train');
    expect(fine).toMatchObject({ count: 2, numClasses: 100, channels: 3 });
    expect(Array.from(fine.labels)).toEqual([99, 42]);
    expect(fine.images.subarray(3072, 3075)).toEqual(Uint8Array.from([2, 2, 253]));

    const coarse = await loadCifar100(folder, 'train', { labels: 'coarse' });
    expect(coarse.numClasses).toBe(20);
    expect(Array.from(coarse.labels)).toEqual([19, 0]);
    expect(coarse.images).toEqual(fine.images);

    expect(Array.from((await loadCifar100(parent, 'test')).labels)).toEqual([7]);
  });

  it('rejects out-of-range labels and unknown options, and checks the 3074-byte record size', async () => {
    const folder = await mkdtemp(join(directory, 'c100-bad-'));
    await writeFile(join(folder, 'train.bin'), records([[20, 1]], [0]));
    await writeFile(join(folder, 'test.bin'), records([[1]], [0])); // CIFAR-10 sized record
    await expect(loadCifar100(folder, 'train')).rejects.toThrow('record 0 has coarse label 20, expected 0..19');
    await expect(loadCifar100(folder, 'test')).rejects.toThrow('not a multiple of the CIFAR-100 record size 3074');
    await expect(loadCifar100(folder, 'train', { labels: 'medium' as 'fine' })).rejects.toThrow(
      "options.labels must be 'fine' or 'coarse'",
    );
  });
});

describe('cifarToTensors', () => {
  it('gives float32 NHWC [N, 32, 32, 3] and labels', async () => {
    const folder = await mkdtemp(join(directory, 'c10-tensors-'));
    await writeCifar10(folder);
    const data = await loadCifar10(folder, 'train', { limit: 4 });
    const plain = cifarToTensors(data, { range: [0, 1] });
    const hot = cifarToTensors(data, { range: [-1, 1], oneHot: true, indices: Int32Array.from([3]) });
    try {
      expect(plain.x.shape).toEqual([4, 32, 32, 3]);
      expect(plain.x.dtype).toBe('float32');
      const values = plain.x.dataSync();
      // Example 1, pixel (0, 5), green channel: 3 * 5 + 1 = 16.
      expect(values[3072 + 5 * 3 + 1]).toBeCloseTo(16 / 255, 6);
      expect(Array.from(plain.y.dataSync())).toEqual([0, 1, 2, 3]);

      expect(hot.x.shape).toEqual([1, 32, 32, 3]);
      expect(hot.x.dataSync()[0]).toBeCloseTo(3 / 127.5 - 1, 6);
      expect(hot.y.shape).toEqual([1, 10]);
      expect(Array.from(hot.y.dataSync())).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    } finally {
      for (const tensor of [plain.x, plain.y, hot.x, hot.y]) tensor.dispose();
    }
  });
});

describe('cifarFilesDescription', () => {
  it('names the files each loader reads and the folder it also looks in', () => {
    expect(cifarFilesDescription('cifar10')).toBe(
      'data_batch_1.bin ... data_batch_5.bin and test_batch.bin (directly or in cifar-10-batches-bin/)',
    );
    expect(cifarFilesDescription('cifar100')).toBe('train.bin and test.bin (directly or in cifar-100-binary/)');
  });
});

describe('loadImageData', () => {
  it('loads MNIST, CIFAR-10 and CIFAR-100 (fine labels) by name', async () => {
    const mnist = await loadImageData('mnist', 'test', { limit: 3 });
    expect(mnist).toMatchObject({ count: 3, height: 28, channels: 1, numClasses: 10 });

    const cifar10 = await mkdtemp(join(directory, 'named-c10-'));
    await writeCifar10(cifar10);
    const ten = await loadImageData('cifar10', 'train', { cifarDirectory: cifar10, limit: 3 });
    expect(ten).toMatchObject({ count: 3, channels: 3, numClasses: 10 });
    expect(Array.from(ten.labels)).toEqual([0, 1, 2]);

    const cifar100 = await mkdtemp(join(directory, 'named-c100-'));
    await writeFile(join(cifar100, 'test.bin'), records([[5, 7]], [3]));
    const hundred = await loadImageData('cifar100', 'test', { cifarDirectory: cifar100 });
    expect(hundred).toMatchObject({ count: 1, numClasses: 100 });
    expect(Array.from(hundred.labels)).toEqual([7]);
  });

  it('names the data sets it knows and the folder CIFAR needs', async () => {
    await expect(loadImageData('svhn' as never, 'train')).rejects.toThrow(
      'dataset must be one of mnist, cifar10, cifar100; got "svhn"',
    );
    await expect(loadImageData('cifar100', 'train')).rejects.toThrow(
      'dataset cifar100 needs cifarDirectory: the folder with the binary files train.bin and test.bin (directly or in cifar-100-binary/)',
    );
  });
});
