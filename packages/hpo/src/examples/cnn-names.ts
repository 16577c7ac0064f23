// The CNN example's choices, in a module without TensorFlow.js so the command line can check its
// options (and run its other commands) without loading the backend. The data sets are names from
// tensor-utils' image data set registry (whose metadata module loads no TensorFlow.js either).
import type { ImageDatasetName } from '@hw7/tensor-utils/base';
import type { CnnHyperparameters } from './cnn-objective.js';

/** The homework's CNN study runs on MNIST (bundled) or CIFAR-100. */
export type DatasetName = Extract<ImageDatasetName, 'mnist' | 'cifar100'>;
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'cifar100'];

export type PrunerName = 'median' | 'none';
export const PRUNER_NAMES: readonly PrunerName[] = ['median', 'none'];

export const OPTIMIZER_NAMES = ['Adam', 'RMSprop', 'SGD'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The sparsities question 6c asks about. */
export const DEFAULT_SPARSITIES: readonly number[] = [0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95];

/** A CNN from the homework's search space, pruned when no trained study's parameters are given. */
export const DEFAULT_PRUNING_CNN: CnnHyperparameters = {
  filters: [48, 64],
  hiddenUnits: [64],
  optimizer: 'Adam',
  learningRate: 0.003,
};
