// Public API of the data loaders: IDX/MNIST, CIFAR, streaming text corpora and seeded batching.

export {
  type BatchIndicesOptions,
  batchIndices,
  epochOrder,
  gatherRows,
  type NumericArray,
  splitIntoBatches,
} from './batches.js';
export {
  type CifarData,
  type CifarSplit,
  cifarToTensors,
  type LoadCifar100Options,
  type LoadCifarOptions,
  loadCifar10,
  loadCifar100,
} from './cifar.js';
export { type ReadLinesOptions, readCorpus, readLines } from './corpus.js';
export {
  encodeIdx,
  type IdxArray,
  type IdxDtype,
  type IdxHeader,
  type IdxTensor,
  parseIdx,
  type ReadIdxOptions,
  readIdxFile,
  readIdxHeader,
} from './idx.js';
export type { ImageTensors, LabeledImages, PixelRange, ToTensorsOptions } from './images.js';
export {
  type LoadMnistOptions,
  loadMnist,
  type MnistData,
  type MnistSplit,
  mnistDataDirectory,
  mnistFilePaths,
  mnistToTensors,
} from './mnist.js';
