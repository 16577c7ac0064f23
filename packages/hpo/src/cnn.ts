// `@hw7/hpo/cnn`: the homework's experiment (a CNN on MNIST or CIFAR-100 tuned by a study) and the
// pruning of the trained network (question 6c), kept out of the main entry because they load
// TensorFlow.js, which the optimiser itself never needs.

export {
  DATASET_NAMES,
  type DatasetName,
  DEFAULT_PRUNING_CNN,
  DEFAULT_SPARSITIES,
  OPTIMIZER_NAMES,
  type OptimizerName,
  PRUNER_NAMES,
  type PrunerName,
} from './examples/cnn-names.js';
export {
  buildCnn,
  type CnnHyperparameters,
  type CnnObjectiveOptions,
  cnnHyperparametersFromParams,
  createCnnObjective,
  suggestCnnHyperparameters,
} from './examples/cnn-objective.js';
export { type CnnStudyOptions, describeFinishedTrial, runCnnStudy } from './examples/cnn-study.js';
export { testAccuracy } from './examples/cnn-training.js';
export {
  type ImageDataset,
  type ImageDatasetOptions,
  loadImageDataset,
} from './examples/image-dataset.js';
export {
  applyPruningMasks,
  describeMeasurement,
  type FineTuneOptions,
  fineTunePruned,
  type NetworkPruningOptions,
  type NetworkPruningResult,
  type NetworkSize,
  networkPruningSvg,
  networkSize,
  type PruningCurve,
  type PruningMeasurement,
  pruningCurves,
  runNetworkPruning,
} from './examples/network-pruning.js';
export {
  filterPruningMasks,
  type MagnitudeScope,
  magnitudePruningMasks,
  PRUNING_METHODS,
  type PruningMasks,
  type PruningMethod,
  type WeightMask,
} from './examples/pruning-masks.js';
