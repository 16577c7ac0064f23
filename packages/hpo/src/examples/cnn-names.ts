// The CNN example's choices, in a module without TensorFlow.js so the command line can check its
// options (and run its other commands) without loading the backend.
export type DatasetName = 'mnist' | 'cifar100';
export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'cifar100'];

export type PrunerName = 'median' | 'none';
export const PRUNER_NAMES: readonly PrunerName[] = ['median', 'none'];
