// @hw7/mtl-text/metrics: classification metrics that agree with scikit-learn 1.2 (see
// test/fixtures/metrics), a task's evaluation from class probabilities, threshold moving, and the
// paired comparisons of cross-validated scores. No TensorFlow.js.
export { accuracyScore } from './accuracy.js';
export {
  confusionMatrix,
  type LabelsOption,
  multilabelConfusionMatrix,
} from './confusion-matrix.js';
export { type CvDifference, type CvDifferenceOptions, cvDifference } from './cv-difference.js';
export { type BinaryDecision, decide, tuneBinaryThreshold } from './decision-threshold.js';
export {
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
  type PairedMetric,
  pairedBootstrap,
} from './paired-bootstrap.js';
export {
  type Average,
  type AveragedScores,
  type PerLabelScores,
  type PrecisionRecallOptions,
  precisionRecallFscoreSupport,
  type ZeroDivision,
} from './precision-recall.js';
export {
  type ClassificationReportDict,
  type ClassificationReportOptions,
  type ClassificationReportRow,
  classificationReport,
} from './report.js';
export { auc, type RocCurve, type RocCurveOptions, rocCurve } from './roc.js';
export { type OneVsRestAucOptions, rocAucScore } from './roc-auc.js';
export {
  f1Score,
  fbetaScore,
  macroF1,
  precisionScore,
  recallScore,
  type ScoreOptions,
  specificityScore,
} from './scores.js';
export { type ClassScores, evaluateTask, type TaskEvaluation, type TaskSummary } from './task-evaluation.js';
