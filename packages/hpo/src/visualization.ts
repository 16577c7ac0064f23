// `@hw7/hpo/visualization` (Optuna's `optuna.visualization`): a study's plots as self-contained SVG,
// and a report page gathering them.
export { type ContourOptions, contourSvg } from './visualization/contour.js';
export { type IntermediateValuesOptions, intermediateValuesSvg } from './visualization/intermediate-values.js';
export { type OptimizationHistoryOptions, optimizationHistorySvg } from './visualization/optimization-history.js';
export { type ParallelCoordinateOptions, parallelCoordinateSvg } from './visualization/parallel-coordinate.js';
export { type ParamImportanceSvgOptions, paramImportanceSvg } from './visualization/param-importance.js';
export { type ParetoFrontOptions, paretoFrontSvg } from './visualization/pareto-front.js';
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
