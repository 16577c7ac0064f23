// The CNN example's choices, in a module without TensorFlow.js so the command line can check its
// options (and run its other commands) without loading the backend. The data sets are names from
// tensor-utils' image data set registry (whose metadata module loads no TensorFlow.js either).
import type { ImageDatasetName } from '@hw7/tensor-utils/base';

/** The homework's CNN study runs on MNIST (bundled) or CIFAR-100. */
export type DatasetName = Extract<ImageDatasetName, 'mnist' | 'cifar100'>;
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'cifar100'];

export type PrunerName = 'median' | 'none';
export const PRUNER_NAMES: readonly PrunerName[] = ['median', 'none'];
