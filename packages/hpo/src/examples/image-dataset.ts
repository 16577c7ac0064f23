// The image classification data the homework's CNN experiment trains on: MNIST (bundled with
// tensor-utils) or CIFAR-100 read from its binary files, as float tensors in [0, 1] with one-hot labels.
import { labeledImagesToTensors, loadImageData, tf } from '@hw7/tensor-utils';
import { DATASET_NAMES, type DatasetName } from './cnn-names.js';

export interface ImageDatasetOptions {
  dataset: DatasetName;
  /** The directory holding `cifar-100-binary/` (or its `train.bin` and `test.bin`); CIFAR-100 only. */
  cifarDirectory?: string;
  /** Use only the first N training images (default all). */
  trainLimit?: number;
  /** Score on only the first N test images (default all). */
  testLimit?: number;
}

export interface ImageDataset {
  name: DatasetName;
  trainImages: tf.Tensor4D;
  /** One-hot, [count, numClasses]. */
  trainLabels: tf.Tensor2D;
  testImages: tf.Tensor4D;
  /** Class indices, [count]. */
  testLabels: tf.Tensor1D;
  numClasses: number;
  /** Frees the tensors. */
  dispose(): void;
}

export async function loadImageDataset(options: ImageDatasetOptions): Promise<ImageDataset> {
  const { dataset, cifarDirectory, trainLimit, testLimit } = options;
  if (!DATASET_NAMES.includes(dataset)) {
    throw new RangeError(`dataset must be one of ${DATASET_NAMES.join(', ')}; got ${String(dataset)}`);
  }
  const [trainData, testData] = await Promise.all([
    loadImageData(dataset, 'train', { cifarDirectory, limit: trainLimit }),
    loadImageData(dataset, 'test', { cifarDirectory, limit: testLimit }),
  ]);
  const train = labeledImagesToTensors(trainData, { range: [0, 1], oneHot: true });
  const test = labeledImagesToTensors(testData, { range: [0, 1] });
  return {
    name: dataset,
    trainImages: train.x,
    trainLabels: train.y as tf.Tensor2D,
    testImages: test.x,
    testLabels: test.y as tf.Tensor1D,
    numClasses: trainData.numClasses,
    dispose() {
      tf.dispose([train.x, train.y, test.x, test.y]);
    },
  };
}
