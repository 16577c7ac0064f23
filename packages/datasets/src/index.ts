// `@hw7/datasets`: the data sets of hw7, shipped in the package, with typed descriptors, loaders and
// verification against the shipped checksums.
export {
  CHECKSUMS_FILE,
  type Checksums,
  computeChecksums,
  type DataFile,
  readChecksums,
  sha256OfFile,
  writeChecksums,
} from './checksums.js';
export {
  DATA_DIR_ENV_VAR,
  type DataDirectory,
  type DataDirectoryOptions,
  resolveDataDirectory,
  SHIPPED_DATA_DIRECTORY,
} from './data-directory.js';
export type { Dataset } from './dataset.js';
export { type EltecNovel, eltec, loadEltecNovels } from './datasets/eltec.js';
export {
  HULIU_COLUMNS,
  type HuLiuCounts,
  type HuLiuSentence,
  type HuLiuSentiment,
  huliu,
  loadHuLiuReviews,
} from './datasets/huliu.js';
export { loadWordSim353, type WordPair, wordsim353 } from './datasets/wordsim353.js';
export { DATASET_NAMES, DATASETS, type DatasetFilesOptions, type DatasetName, datasetFiles } from './registry.js';
export { isTextFileName, listTextFiles, TEXT_FILE_SUFFIXES } from './text-files.js';
export { DataFileError } from './verify.js';
