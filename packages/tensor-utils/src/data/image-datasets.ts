// Loads the image classification data sets by name, for programs that let the user choose one:
// MNIST (bundled) or CIFAR-10 / CIFAR-100 read from the binary files the user supplies. What each
// data set is (names, shapes, classes, files) is in image-dataset-info.ts, free of TensorFlow.js.
import { type CifarSplit, loadCifar10, loadCifar100 } from './cifar.js';
import { checkImageDataset, type ImageDatasetName } from './image-dataset-info.js';
import type { LabeledImages } from './images.js';
import { loadMnist } from './mnist.js';

export interface LoadImageDataOptions {
  /** The folder with the CIFAR binary files; required for cifar10 and cifar100, unused for MNIST. */
  cifarDirectory?: string;
  /** Load only the first `limit` images; default all. */
  limit?: number;
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
