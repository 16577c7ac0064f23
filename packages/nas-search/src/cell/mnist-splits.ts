// Small MNIST subsets for search and retraining: `train` and `validation` are disjoint slices of the
// MNIST training set (DARTS updates weights on one and alpha on the other), `test` comes from the
// MNIST test set and is used only to compare finished architectures.
import { type ImageTensors, loadMnist, mnistToTensors, type tf } from '@hw7/tensor-utils';
import type { LabeledTensors } from './labeled-tensors.js';

export interface MnistSplitSizes {
  train: number;
  validation: number;
  test: number;
}

export interface MnistSplits {
  train: LabeledTensors;
  validation: LabeledTensors;
  test: LabeledTensors;
}

// mnistToTensors without oneHot gives int32 class indices [N].
const toLabeled = ({ x, y }: ImageTensors): LabeledTensors => ({ x, y: y as tf.Tensor1D });

const range = (start: number, count: number) => Int32Array.from({ length: count }, (_, i) => start + i);

export async function loadMnistSplits(sizes: MnistSplitSizes): Promise<MnistSplits> {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`sizes.${name} must be an integer >= 1; got ${value}`);
  }
  const training = await loadMnist({ split: 'train', limit: sizes.train + sizes.validation });
  const testing = await loadMnist({ split: 'test', limit: sizes.test });
  return {
    train: toLabeled(mnistToTensors(training, { range: [0, 1], indices: range(0, sizes.train) })),
    validation: toLabeled(mnistToTensors(training, { range: [0, 1], indices: range(sizes.train, sizes.validation) })),
    test: toLabeled(mnistToTensors(testing, { range: [0, 1] })),
  };
}
