// `@hw7/hpo/cnn`: the homework's experiment (a CNN on MNIST or CIFAR-100 tuned by a study), kept
// out of the main entry because it loads TensorFlow.js, which the optimiser itself never needs.

export { DATASET_NAMES, type DatasetName, PRUNER_NAMES, type PrunerName } from './examples/cnn-names.js';
export {
  buildCnn,
  type CnnHyperparameters,
  type CnnObjectiveOptions,
  createCnnObjective,
  OPTIMIZER_NAMES,
  type OptimizerName,
  suggestCnnHyperparameters,
  testAccuracy,
} from './examples/cnn-objective.js';
export { type CnnStudyOptions, describeFinishedTrial, runCnnStudy } from './examples/cnn-study.js';
export {
  type ImageDataset,
  type ImageDatasetOptions,
  loadImageDataset,
} from './examples/image-dataset.js';
