// Re-exported straight from the package (the same module instance ./tf.js re-exports): bundled
// declarations of `export * as tf from './tf.js'` came out as a value without types, so packages
// using `tf.Tensor` and the like as types failed to typecheck.
export * as tf from '@tensorflow/tfjs';
export {
  BACKEND_ENV_VAR,
  BACKEND_NAMES,
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  currentBackend,
  ensureBackend,
  type InitBackendOptions,
  initBackend,
  WASM_THREADS_ENV_VAR,
} from './backend.js';
export { benchLine, round, type Timing, type TimingOptions, timeIt } from './bench.js';
export {
  backendOption,
  type CommandLineSpec,
  integerOption,
  numberOption,
  type ParsedCommandLine,
  parseCommandLine,
} from './cli-options.js';
export {
  type BatchIndicesOptions,
  batchIndices,
  epochOrder,
  gatherRows,
  type NumericArray,
  splitIntoBatches,
} from './data/batches.js';
export {
  type CifarData,
  type CifarSplit,
  cifarToTensors,
  type LoadCifar100Options,
  type LoadCifarOptions,
  loadCifar10,
  loadCifar100,
} from './data/cifar.js';
export { type ReadLinesOptions, readCorpus, readLines } from './data/corpus.js';
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
} from './data/idx.js';
export type { ImageTensors, LabeledImages, PixelRange, ToTensorsOptions } from './data/images.js';
export {
  type LoadMnistOptions,
  loadMnist,
  type MnistData,
  type MnistSplit,
  mnistDataDirectory,
  mnistFilePaths,
  mnistToTensors,
} from './data/mnist.js';
export { writeDirectoryAtomic, writeFileAtomic, writeFileAtomicStreaming, writeFileAtomicSync } from './fs/atomic.js';
export { CACHE_DIR_ENV_VAR, cacheDirectory } from './fs/cache.js';
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
export { useOnDemandFusedGradients } from './on-demand-fused-gradients.js';
export {
  escapeXml,
  type LinePlotSpec,
  type LineSeries,
  linePlotSvg,
  type NiceTicks,
  niceTicks,
  type SeriesPoints,
  smoothSeries,
  writeLinePlot,
} from './plots/line-plot.js';
export { type GlobalRandom, Rng, type RngState, seedEverything } from './random.js';
export {
  findSharedDirectory,
  REFERENCE_PYTHON,
  type ReferenceResult,
  runPythonReference,
  SHARED_DIR_ENV_VAR,
} from './reference.js';
export { AdamW, type AdamWOptions } from './training/adamw.js';
export {
  type CheckpointContents,
  CheckpointError,
  type CheckpointInfo,
  CheckpointManager,
  type CheckpointManagerOptions,
  type CheckpointTargets,
  type RestoredCheckpoint,
} from './training/checkpoint.js';
export {
  EarlyStopping,
  type EarlyStoppingMode,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
  type EarlyStoppingUpdate,
} from './training/early-stopping.js';
export { assertFiniteLoss, type LossContext, NonFiniteLossError } from './training/finite-loss.js';
export {
  type LearningRateDecay,
  type LearningRateSchedule,
  type LearningRateScheduleOptions,
  learningRateSchedule,
  setLearningRate,
} from './training/lr-schedule.js';
export { MetricsLog, type MetricsRecord, type MetricValue, readMetricsLog } from './training/metrics-log.js';
export { createProgress, type Progress, type ProgressFields, type ProgressOptions } from './training/progress.js';
export {
  type LossOutput,
  type StepMetrics,
  type TrainLoopOptions,
  type TrainLoopResult,
  trainLoop,
} from './training/train-loop.js';
export { activateThreadedWasm } from './wasm-threads.js';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm-training/register.js';
