// The image classification data sets by name, for programs that let the user choose one: MNIST
// (bundled) or CIFAR-10 / CIFAR-100 read from the binary files the user supplies.
import { type CifarSplit, cifarFilesDescription, loadCifar10, loadCifar100 } from './cifar.js';
import type { LabeledImages } from './images.js';
import { loadMnist } from './mnist.js';

export const IMAGE_DATASET_NAMES = ['mnist', 'cifar10', 'cifar100'] as const;
export type ImageDatasetName = (typeof IMAGE_DATASET_NAMES)[number];

export interface LoadImageDataOptions {
  /** The folder with the CIFAR binary files; required for cifar10 and cifar100, unused for MNIST. */
  cifarDirectory?: string;
  /** Load only the first `limit` images; default all. */
  limit?: number;
}

/** Checks, before anything is loaded, that the data set is known and that CIFAR has its folder. */
export function checkImageDataset(dataset: string, cifarDirectory: string | undefined): ImageDatasetName {
  if (!(IMAGE_DATASET_NAMES as readonly string[]).includes(dataset)) {
    throw new RangeError(`dataset must be one of ${IMAGE_DATASET_NAMES.join(', ')}; got "${String(dataset)}"`);
  }
  const name = dataset as ImageDatasetName;
  if (name !== 'mnist' && !cifarDirectory) {
    throw new Error(
      `dataset ${name} needs cifarDirectory: the folder with the binary files ${cifarFilesDescription(name)}`,
    );
  }
  return name;
}

/** One split of a data set (CIFAR-100 with its 100 fine classes). */
export async function loadImageData(
  dataset: ImageDatasetName,
  split: CifarSplit,
  options: LoadImageDataOptions = {},
): Promise<LabeledImages> {
  const { cifarDirectory, limit } = options;
  if (checkImageDataset(dataset, cifarDirectory) === 'mnist') return loadMnist({ split, limit });
  return dataset === 'cifar10'
    ? loadCifar10(cifarDirectory as string, split, { limit })
    : loadCifar100(cifarDirectory as string, split, { limit, labels: 'fine' });
}
