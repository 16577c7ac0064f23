// Classification metrics that agree with scikit-learn 1.2 (see test/fixtures/metrics).
export { accuracyScore } from './accuracy.js';
export {
  confusionMatrix,
  type LabelsOption,
  multilabelConfusionMatrix,
} from './confusion-matrix.js';
export {
  type CvDifference,
  type CvDifferenceOptions,
  cvDifference,
  meanAndSd,
  studentTQuantile,
} from './cv-difference.js';
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
