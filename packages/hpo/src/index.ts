export {
  type CategoricalChoice,
  type CategoricalDistribution,
  categoricalDistribution,
  type Distribution,
  type FloatDistribution,
  floatDistribution,
  type IntDistribution,
  intDistribution,
  type NumericalOptions,
  type ParamValue,
} from './distributions.js';
export { FrozenTrial, type JsonValue, type TrialRecord, type TrialState } from './frozen-trial.js';
export type { ObjectiveModule, WorkerContext } from './parallel/objective-module.js';
export {
  type ParallelStudyOptions,
  runParallelStudy,
  runStudyWorker,
  type StudyWorkerConfig,
} from './parallel/run-parallel-study.js';
export { HyperbandPruner, type HyperbandPrunerOptions } from './pruners/hyperband-pruner.js';
export { MedianPruner } from './pruners/median-pruner.js';
export { NopPruner } from './pruners/nop-pruner.js';
export { PercentilePruner, type PercentilePrunerOptions } from './pruners/percentile-pruner.js';
export type { Pruner, PrunerStudy } from './pruners/pruner.js';
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './pruners/successive-halving-pruner.js';
export { CmaEsSampler, type CmaEsSamplerOptions } from './samplers/cma-es-sampler.js';
export { GridSampler, type GridSearchSpace } from './samplers/grid-sampler.js';
export { intersectionSearchSpace } from './samplers/intersection-search-space.js';
export { NSGAIISampler, type NSGAIISamplerOptions } from './samplers/nsga2-sampler.js';
export { QMCSampler, type QMCSamplerOptions } from './samplers/qmc-sampler.js';
export { RandomSampler } from './samplers/random-sampler.js';
export { type Sampler, SamplerExhaustedError, type SearchSpace } from './samplers/sampler.js';
export {
  defaultGamma,
  defaultWeights,
  OPTUNA_3_1_TPE,
  TPESampler,
  type TPESamplerOptions,
} from './samplers/tpe/tpe-sampler.js';
export { InMemoryStorage } from './storage/in-memory-storage.js';
export { PostgresQueryError } from './storage/postgres-connection.js';
export { isPostgresUrl, PostgresStorage, type PostgresStorageOptions } from './storage/postgres-storage.js';
export type { HeartbeatOptions } from './storage/sql-common.js';
export { SqliteStorage, type SqliteStorageOptions } from './storage/sqlite-storage.js';
export {
  DuplicatedStudyError,
  type Storage,
  StudyNotFoundError,
  type TrialTemplate,
  type UniqueAttrClaim,
} from './storage/storage.js';
export { type StorageUrlOptions, sqlitePathFromUrl, storageFromUrl } from './storage/storage-url.js';
export {
  type CatchSpec,
  createStudy,
  deleteStudy,
  loadStudy,
  type Objective,
  type ObjectiveResult,
  type OptimizeOptions,
  Study,
  type StudyCallback,
  type StudyOptions,
  type TellResult,
} from './study.js';
export { dominates, type StudyDirection } from './study-direction.js';
export { Trial } from './trial.js';
export { TrialPruned } from './trial-pruned.js';
export { type ContourOptions, contourSvg, sharedParameters } from './visualization/contour.js';
export { type IntermediateValuesOptions, intermediateValuesSvg } from './visualization/intermediate-values.js';
export { type OptimizationHistoryOptions, optimizationHistorySvg } from './visualization/optimization-history.js';
export { type ParallelCoordinateOptions, parallelCoordinateSvg } from './visualization/parallel-coordinate.js';
export {
  type ParamImportance,
  type ParamImportanceOptions,
  type ParamImportanceSvgOptions,
  paramImportanceSvg,
  paramImportances,
} from './visualization/param-importance.js';
export { type SliceOptions, sliceSvg } from './visualization/slice.js';
export type { StudyLike, TargetOptions } from './visualization/study-data.js';
export {
  type StudyReport,
  type StudyReportOptions,
  writeContour,
  writeIntermediateValues,
  writeOptimizationHistory,
  writeParallelCoordinate,
  writeParamImportance,
  writeSlice,
  writeStudyReport,
} from './visualization/study-report.js';
export { runWorker, type WorkerOptions, type WorkerSummary } from './worker.js';
