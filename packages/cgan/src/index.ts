export {
  combineVectors,
  type GanBlock,
  getInputDimensions,
  getOneHotLabels,
  type InputDimensions,
  makeDiscBlock,
  makeGenBlock,
} from './blocks.js';
export { CLASSIFIER_FILES, SHIPPED_CLASSIFIER_DIRECTORY } from './classifier-files.js';
export {
  buildMnistClassifier,
  type ClassifierArchitecture,
  type ClassifierFileChecksum,
  ClassifierFileError,
  type ClassifierInfo,
  type ClassifierProgress,
  type ClassifierSource,
  classifierAccuracy,
  DEFAULT_CLASSIFIER_ARCHITECTURE,
  defaultClassifierCacheDir,
  FEATURES_LAYER,
  featuresAndPredictions,
  type LoadClassifierOptions,
  type LoadedClassifier,
  type LoadOrTrainClassifierOptions,
  loadClassifier,
  loadOrTrainClassifier,
  MIN_CLASSIFIER_ACCURACY,
  mnistAccuracy,
  penultimateFeatures,
  predictClasses,
  type SaveClassifierOptions,
  type SavedClassifier,
  saveClassifier,
  type TrainAndSaveClassifierOptions,
  type TrainedClassifier,
  type TrainMnistClassifierOptions,
  trainAndSaveClassifier,
  trainMnistClassifier,
} from './evaluation/classifier.js';
export {
  type CganEvaluation,
  type EvaluateCganOptions,
  evaluateCgan,
  type RealFeatureStatisticsOptions,
  realFeatureStatistics,
} from './evaluation/evaluate.js';
export {
  type FeatureMatrix,
  type FeatureStatistics,
  type FeaturesInput,
  featureStatistics,
  frechetDistance,
  frechetDistanceFromStatistics,
  toFeatureMatrix,
} from './evaluation/frechet-distance.js';
export {
  createDiscriminator,
  createGenerator,
  type DiscriminatorOptions,
  type GeneratorOptions,
  IMAGE_SIZE,
} from './models.js';
export { checkpointDirectory, newestCheckpointStep, runFiles } from './run-directory.js';
export {
  type ClassGridOptions,
  classGridSize,
  type GeneratorArchitecture,
  GRID_COLUMNS,
  GRID_PADDING,
  GRID_SCALE,
  generateClassGrid,
  type LoadedGenerator,
  loadGenerator,
  sampleGridNoise,
  writeClassGrid,
} from './samples.js';
export { type TrainCganOptions, type TrainCganResult, trainCgan, writeLossPlot } from './train.js';
export {
  type CganBatch,
  type CganLosses,
  type CganTrainStepOptions,
  createCganTrainStep,
  type GeneratorNoise,
} from './train-step.js';
