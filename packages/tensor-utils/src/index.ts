// Re-exported straight from the package (the same module instance ./tf.js re-exports): bundled
// declarations of `export * as tf from './tf.js'` came out as a value without types, so packages
// using `tf.Tensor` and the like as types failed to typecheck.
export * as tf from '@tensorflow/tfjs';
export {
  type BackendAttempt,
  type BackendChoice,
  currentBackend,
  ensureBackend,
  type InitBackendOptions,
  initBackend,
  WASM_THREADS_ENV_VAR,
} from './backend.js';
// Everything that does not need TensorFlow.js, also published alone as `@hw7/tensor-utils/base`.
export * from './base.js';
export {
  type CifarData,
  type CifarSplit,
  cifarToTensors,
  type LoadCifar100Options,
  type LoadCifarOptions,
  loadCifar10,
  loadCifar100,
} from './data/cifar.js';
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
export { type LoadImageDataOptions, loadImageData } from './data/image-datasets.js';
export {
  type ImageTensors,
  type LabeledImages,
  labeledImagesToTensors,
  type PixelRange,
  type ToTensorsOptions,
} from './data/images.js';
export {
  type LoadMnistOptions,
  loadMnist,
  type MnistData,
  type MnistSplit,
  mnistDataDirectory,
  mnistFilePaths,
  mnistToTensors,
} from './data/mnist.js';
export { useOnDemandFusedGradients } from './on-demand-fused-gradients.js';
export { AdamW, type AdamWOptions } from './training/adamw.js';
export type { BestWeightsTargets } from './training/best-weights.js';
export {
  type CheckpointContents,
  CheckpointError,
  type CheckpointInfo,
  CheckpointManager,
  type CheckpointManagerOptions,
  type CheckpointTargets,
  type RestoredCheckpoint,
} from './training/checkpoint.js';
export { assertFiniteLoss, type LossContext, NonFiniteLossError } from './training/finite-loss.js';
export {
  type LearningRateDecay,
  type LearningRateSchedule,
  type LearningRateScheduleOptions,
  learningRateSchedule,
  setLearningRate,
} from './training/lr-schedule.js';
export {
  type EpochSummary,
  type EvaluateOptions,
  type EvaluationResult,
  type LossOutput,
  optimizerStep,
  type StepContext,
  type StepMetrics,
  type TrainLoopOptions,
  type TrainLoopResult,
  trainLoop,
} from './training/train-loop.js';
export { activateThreadedWasm } from './wasm-threads.js';
export { moments } from './wasm-training/fast-moments.js';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm-training/register.js';
