// `@hw7/tensor-utils/base`: the utilities that do not need TensorFlow.js (seeded randomness, batching,
// corpora, atomic files, plots, PNG images, progress, early stopping, metrics logs, command lines),
// for packages and workers that should not pay for loading it. The main entry exports all of these
// too; both entries share one copy of each module. Development tools are in `./dev`.
export { BACKEND_ENV_VAR, BACKEND_NAMES, type BackendName } from './backend-names.js';
export {
  CliError,
  type CliErrorKind,
  type CliErrorOptions,
  QUOTED_VALUE_LIMIT,
  quoteValue,
  systemErrorToCliError,
} from './cli-error.js';
export {
  type CliOption,
  type IntegerBounds,
  type NumberBounds,
  type OptionFields,
  type OptionSpec,
  option,
  THREADS_PER_CORE_LIMIT,
  type ValueFields,
  type ValueType,
} from './cli-option.js';
export {
  canonicalPath,
  checkInputPath,
  checkOutputPath,
  checkOutputsApartFromInputs,
  type ExistingOutputPolicy,
  type NamedPath,
  type PathKind,
  type PathRule,
} from './cli-paths.js';
export {
  type Command,
  type CommandInput,
  type CommandSpec,
  defineCommand,
  defineProgram,
  type OptionRecord,
  type OptionValues,
  type Program,
  type ProgramIo,
  type ProgramSpec,
  runMain,
  runProgram,
} from './cli-program.js';
export {
  type BatchIndicesOptions,
  batchIndices,
  epochOrder,
  gatherRows,
  type NumericArray,
  splitIntoBatches,
} from './data/batches.js';
export {
  DEFAULT_MAX_LINE_LENGTH,
  LineSplitter,
  type ReadLinesOptions,
  readCorpus,
  readLines,
} from './data/corpus.js';
export {
  CIFAR100_COARSE_CLASSES,
  checkImageDataset,
  cifarFilesDescription,
  IMAGE_DATASET_NAMES,
  IMAGE_DATASETS,
  type ImageDatasetFiles,
  type ImageDatasetInfo,
  type ImageDatasetName,
  isImageDatasetName,
} from './data/image-dataset-info.js';
export {
  removeStaleTemporaryFiles,
  removeStaleTemporaryFilesSync,
  writeDirectoryAtomic,
  writeFileAtomic,
  writeFileAtomicStreaming,
  writeFileAtomicSync,
} from './fs/atomic.js';
export { CACHE_DIR_ENV_VAR, cacheDirectory } from './fs/cache.js';
export { FileError, fileError } from './fs/file-errors.js';
export { moduleUrl } from './fs/module-url.js';
export {
  parseJson,
  type ReadTextFileOptions,
  readJsonFile,
  readTextFile,
  splitLines,
  stripBom,
} from './fs/text-files.js';
export {
  decodePng,
  encodePng,
  type ImageBatch,
  type ImageGridOptions,
  imageGrid,
  type RawImageBatch,
  type RgbaImage,
  readPng,
  writeImageGrid,
} from './images/png-grid.js';
export { type BarChartSpec, type BarSeries, barChartSvg, writeBarChart } from './plots/bar-chart.js';
export { type HeatmapSpec, heatmapSvg, writeHeatmap } from './plots/heatmap.js';
export {
  type LinePlotSpec,
  type LineSeries,
  linePlotSvg,
  type ReferenceLine,
  type SeriesPoints,
  smoothSeries,
  writeLinePlot,
} from './plots/line-plot.js';
export { escapeXml, type NiceTicks, niceTicks } from './plots/svg-kit.js';
export { type GlobalRandom, Rng, type RngState, seedEverything } from './random.js';
export {
  EarlyStopping,
  type EarlyStoppingMode,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
  type EarlyStoppingUpdate,
} from './training/early-stopping.js';
export { MetricsLog, type MetricsRecord, type MetricValue, readMetricsLog } from './training/metrics-log.js';
export { createProgress, type Progress, type ProgressFields, type ProgressOptions } from './training/progress.js';
