// CIFAR-10 and CIFAR-100 in their binary distribution format. Each record is label byte(s) followed
// by a 32x32 image stored as planes (1024 red, 1024 green, 1024 blue bytes, rows top to bottom);
// images are converted to interleaved NHWC, the layout TensorFlow.js convolutions expect.
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { openForReading, pathExists, readExactly } from './files.js';
import { IMAGE_DATASETS, type ImageDatasetFiles } from './image-dataset-info.js';
import { type ImageTensors, type LabeledImages, labeledImagesToTensors, type ToTensorsOptions } from './images.js';

export type CifarSplit = 'train' | 'test';

/** CIFAR as bytes: `images` is N * 32 * 32 * 3 in NHWC (RGB interleaved). */
export interface CifarData extends LabeledImages {
  height: 32;
  width: 32;
  channels: 3;
}

export interface LoadCifarOptions {
  /** Load only the first `limit` records (only those bytes are read); default all. */
  limit?: number;
}

export interface LoadCifar100Options extends LoadCifarOptions {
  /** The 100 fine classes or the 20 coarse superclasses; default 'fine'. */
  labels?: 'fine' | 'coarse';
}

const SIDE = 32;
const PLANE = SIDE * SIDE;
const IMAGE_BYTES = 3 * PLANE;

interface CifarFormat {
  /** Dataset name used in error messages. */
  name: string;
  /** The folder the official archive extracts to. */
  subfolder: string;
  files: Record<CifarSplit, readonly string[]>;
  /** The label bytes at the start of each record, in order, with their class counts. */
  labelBytes: { name: string; classes: number }[];
}

function cifarFormat(dataset: 'cifar10' | 'cifar100', labelBytes: CifarFormat['labelBytes']): CifarFormat {
  const { title, files } = IMAGE_DATASETS[dataset];
  const { subfolder, train, test } = files as ImageDatasetFiles;
  return { name: title, subfolder, files: { train, test }, labelBytes };
}

const CIFAR10 = cifarFormat('cifar10', [{ name: 'label', classes: 10 }]);

const CIFAR100 = cifarFormat('cifar100', [
  { name: 'coarse label', classes: 20 },
  { name: 'fine label', classes: 100 },
]);

/** Finds the folder holding the .bin files: `directory` itself or its standard extracted subfolder. */
async function findCifarFolder(format: CifarFormat, directory: string, firstFile: string): Promise<string> {
  if (!(await pathExists(directory))) throw new Error(`${format.name} directory not found: ${directory}`);
  const candidates = [directory, join(directory, format.subfolder)];
  for (const folder of candidates) {
    if (await pathExists(join(folder, firstFile))) return folder;
  }
  throw new Error(`${format.name}: ${firstFile} not found; looked in ${candidates.join(' and ')}`);
}

/** Reads one split: validates sizes and labels, converts planar CHW images to HWC. */
async function loadCifar(
  format: CifarFormat,
  directory: string,
  split: CifarSplit,
  labelIndex: number,
  limit: number | undefined,
): Promise<CifarData> {
  const files = format.files[split];
  if (files === undefined) throw new RangeError(`split must be 'train' or 'test'; got ${String(split)}`);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`limit must be an integer >= 1; got ${limit}`);
  }
  const labelBytes = format.labelBytes.length;
  const recordSize = labelBytes + IMAGE_BYTES;
  const folder = await findCifarFolder(format, directory, files[0]);

  // Open and size-check every file before reading, so a missing or bad last file fails fast.
  const handles: FileHandle[] = [];
  try {
    for (const file of files) handles.push(await openForReading(join(folder, file), `${format.name} file`));
    const recordCounts: number[] = [];
    for (const [i, handle] of handles.entries()) {
      const { size } = await handle.stat();
      if (size % recordSize !== 0) {
        throw new Error(
          `${join(folder, files[i])}: size ${size} bytes is not a multiple of the ${format.name} record size ` +
            `${recordSize} (${labelBytes} label byte(s) + ${IMAGE_BYTES} image bytes)`,
        );
      }
      // An empty file is a failed download or copy, not a data set without images.
      if (size === 0) throw new Error(`${join(folder, files[i])}: the file is empty; expected ${format.name} records`);
      recordCounts.push(size / recordSize);
    }
    const total = recordCounts.reduce((a, b) => a + b, 0);
    const count = limit === undefined ? total : Math.min(total, limit);
    const images = new Uint8Array(count * IMAGE_BYTES);
    const labels = new Uint8Array(count);

    let loaded = 0;
    for (const [i, handle] of handles.entries()) {
      const records = Math.min(recordCounts[i], count - loaded);
      if (records === 0) break;
      const path = join(folder, files[i]);
      const bytes = await readExactly(handle, 0, records * recordSize, path);
      for (let r = 0; r < records; r++) {
        const base = r * recordSize;
        for (const [b, { name, classes }] of format.labelBytes.entries()) {
          if (bytes[base + b] >= classes) {
            throw new Error(`${path}: record ${r} has ${name} ${bytes[base + b]}, expected 0..${classes - 1}`);
          }
        }
        labels[loaded + r] = bytes[base + labelIndex];
        const pixels = base + labelBytes;
        const out = (loaded + r) * IMAGE_BYTES;
        for (let p = 0; p < PLANE; p++) {
          images[out + 3 * p] = bytes[pixels + p];
          images[out + 3 * p + 1] = bytes[pixels + PLANE + p];
          images[out + 3 * p + 2] = bytes[pixels + 2 * PLANE + p];
        }
      }
      loaded += records;
    }
    return {
      images,
      labels,
      count,
      height: SIDE,
      width: SIDE,
      channels: 3,
      numClasses: format.labelBytes[labelIndex].classes,
    };
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}

/**
 * Loads CIFAR-10 from `directory` (holding `data_batch_1.bin`..`data_batch_5.bin` and `test_batch.bin`,
 * directly or in `cifar-10-batches-bin/`). Train concatenates the five batches in order.
 */
export async function loadCifar10(
  directory: string,
  split: CifarSplit,
  options: LoadCifarOptions = {},
): Promise<CifarData> {
  return loadCifar(CIFAR10, directory, split, 0, options.limit);
}

/**
 * Loads CIFAR-100 from `directory` (holding `train.bin` and `test.bin`, directly or in
 * `cifar-100-binary/`) with its fine (100) or coarse (20) labels.
 */
export async function loadCifar100(
  directory: string,
  split: CifarSplit,
  options: LoadCifar100Options = {},
): Promise<CifarData> {
  const { labels = 'fine', limit } = options;
  if (labels !== 'fine' && labels !== 'coarse') {
    throw new RangeError(`options.labels must be 'fine' or 'coarse'; got ${String(labels)}`);
  }
  return loadCifar(CIFAR100, directory, split, labels === 'coarse' ? 0 : 1, limit);
}

/** CIFAR as tensors: x float32 [N, 32, 32, 3] scaled to `range`, y int32 classes or one-hot float32. */
export function cifarToTensors(data: CifarData, options: ToTensorsOptions): ImageTensors {
  return labeledImagesToTensors(data, options);
}
