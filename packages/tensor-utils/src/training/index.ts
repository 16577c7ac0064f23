// The training utilities shared by every model package.
export {
  type CheckpointContents,
  CheckpointError,
  type CheckpointInfo,
  CheckpointManager,
  type CheckpointManagerOptions,
  type CheckpointTargets,
  type RestoredCheckpoint,
} from './checkpoint.js';
export {
  EarlyStopping,
  type EarlyStoppingMode,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
  type EarlyStoppingUpdate,
} from './early-stopping.js';
export { assertFiniteLoss, type LossContext, NonFiniteLossError } from './finite-loss.js';
export {
  type LearningRateDecay,
  type LearningRateSchedule,
  type LearningRateScheduleOptions,
  learningRateSchedule,
  setLearningRate,
} from './lr-schedule.js';
export { MetricsLog, type MetricsRecord, type MetricValue, readMetricsLog } from './metrics-log.js';
export { createProgress, type Progress, type ProgressFields, type ProgressOptions } from './progress.js';
export {
  type LossOutput,
  type StepMetrics,
  type TrainLoopOptions,
  type TrainLoopResult,
  trainLoop,
} from './train-loop.js';
