// The image datasets a search runs on: MNIST (bundled with tensor-utils), or CIFAR-10 / CIFAR-100
// read from the binary files the user supplies. Searches take disjoint slices of the training split
// (`train`, then `validation`: DARTS updates weights on one and alpha on the other) and, to compare
// finished architectures only, the first images of the test split; pixels are scaled to [0, 1].
import {
  checkImageDataset,
  cifarFilesDescription,
  IMAGE_DATASETS,
  type ImageDatasetName,
  type ImageTensors,
  type LabeledImages,
  labeledImagesToTensors,
  loadImageData,
  type tf,
} from '@hw7/tensor-utils';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import type { CandidateData } from '../evaluation/train-candidate.js';

export interface DatasetSource {
  /** Default 'mnist'. */
  dataset?: ImageDatasetName;
  /** The folder with the CIFAR binary files; required for cifar10 and cifar100, unused for MNIST. */
  cifarDirectory?: string;
}

/** The dataset's name, after checking that it is known and that CIFAR has its folder. */
export function datasetName(source: DatasetSource = {}): ImageDatasetName {
  return checkImageDataset(source.dataset ?? 'mnist', source.cifarDirectory);
}

/** The first `limit` images of a split, with the dataset's labels (CIFAR-100: the 100 fine classes). */
async function loadSplit(source: DatasetSource, split: 'train' | 'test', limit: number): Promise<LabeledImages> {
  const dataset = datasetName(source);
  try {
    return await loadImageData(dataset, split, { cifarDirectory: source.cifarDirectory, limit });
  } catch (error) {
    if (dataset === 'mnist') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const expected = `the ${IMAGE_DATASETS[dataset].title} binary files ${cifarFilesDescription(dataset)}`;
    throw new Error(`${source.cifarDirectory} must hold ${expected}: ${reason}`, { cause: error });
  }
}

const toTensors = (data: LabeledImages, indices: Int32Array, oneHot: boolean): ImageTensors =>
  labeledImagesToTensors(data, { range: [0, 1], oneHot, indices });

const range = (start: number, count: number) => Int32Array.from({ length: count }, (_, i) => start + i);

function assertCounts(counts: Record<string, number>, caller: string): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${caller}: ${name} must be an integer >= 1; got ${value}`);
  }
}

interface TrainingSlices {
  dataset: ImageDatasetName;
  train: ImageTensors;
  validation: ImageTensors;
  inputChannels: number;
  numClasses: number;
}

async function loadTrainingSlices(
  source: DatasetSource,
  trainCount: number,
  validationCount: number,
  oneHot: boolean,
): Promise<TrainingSlices> {
  const dataset = datasetName(source);
  const training = await loadSplit(source, 'train', trainCount + validationCount);
  if (training.count < trainCount + validationCount) {
    throw new RangeError(
      `${IMAGE_DATASETS[dataset].title}'s training split has ${training.count} images; asked for ${trainCount} training + ${validationCount} validation`,
    );
  }
  return {
    dataset,
    train: toTensors(training, range(0, trainCount), oneHot),
    validation: toTensors(training, range(trainCount, validationCount), oneHot),
    inputChannels: training.channels,
    numClasses: training.numClasses,
  };
}

export interface ImageSplitSizes {
  train: number;
  validation: number;
  test: number;
}

export interface ImageSplits {
  train: LabeledTensors;
  validation: LabeledTensors;
  test: LabeledTensors;
}

/** Splits with the dataset's shape, for building a matching network. */
export interface DatasetSplits extends ImageSplits {
  dataset: ImageDatasetName;
  inputChannels: number;
  numClasses: number;
}

// Without oneHot the loaders give int32 class indices [N].
const toLabeled = ({ x, y }: ImageTensors): LabeledTensors => ({ x, y: y as tf.Tensor1D });

/** Train and validation slices of the training split and the first `sizes.test` test images. */
export async function loadDatasetSplits(sizes: ImageSplitSizes, source: DatasetSource = {}): Promise<DatasetSplits> {
  assertCounts({ ...sizes }, 'loadDatasetSplits');
  const slices = await loadTrainingSlices(source, sizes.train, sizes.validation, false);
  const testing = await loadSplit(source, 'test', sizes.test);
  return {
    dataset: slices.dataset,
    train: toLabeled(slices.train),
    validation: toLabeled(slices.validation),
    test: toLabeled(toTensors(testing, range(0, testing.count), false)),
    inputChannels: slices.inputChannels,
    numClasses: slices.numClasses,
  };
}

/**
 * The first `trainLimit` images of the training split for training and the next `validationLimit`
 * for validation, labels one-hot, as macro-space candidates train on; the caller disposes them.
 */
export async function loadCandidateData(
  source: DatasetSource,
  trainLimit: number,
  validationLimit: number,
): Promise<CandidateData> {
  assertCounts({ trainLimit, validationLimit }, 'loadCandidateData');
  const { train, validation } = await loadTrainingSlices(source, trainLimit, validationLimit, true);
  return {
    train: { x: train.x, y: train.y as tf.Tensor2D },
    validation: { x: validation.x, y: validation.y as tf.Tensor2D },
  };
}
