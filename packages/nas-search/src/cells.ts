// `@hw7/nas-search/cells`: NAS-Bench-201 cell networks in TensorFlow.js (a stem, stages of cells,
// a classifier; each edge a weighted mixture of operations), one-cell networks trained from
// scratch and scored, and the image splits they train on.
export { CellNetwork, type CellNetworkOptions } from './cell/cell-network.js';
export { classificationAccuracy, type LogitsFunction } from './cell/classification.js';
export type { EdgeMixture, WeightedOperation } from './cell/edge-mixture.js';
export { GenotypeNetwork } from './cell/genotype-network.js';
export type { LabeledTensors } from './cell/labeled-tensors.js';
export { type RandomGenotypeOptions, randomGenotype } from './cell/random-genotype.js';
export type { TrainClassifierOptions } from './cell/train-classifier.js';
export { type TrainFromScratchResult, trainGenotypeFromScratch } from './cell/train-from-scratch.js';
export {
  type DatasetSource,
  type DatasetSplits,
  type ImageSplitSizes,
  loadDatasetSplits,
} from './data/image-data.js';
