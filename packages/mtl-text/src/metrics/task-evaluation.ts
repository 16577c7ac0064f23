// Test-set scores of one task, in the shape the CLI prints (one JSON line per task) and with the
// classification report as scikit-learn prints it.
import { accuracyScore } from './accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { type BinaryDecision, decide } from './decision-threshold.js';
import { precisionRecallFscoreSupport } from './precision-recall.js';
import { type ClassificationReportDict, classificationReport } from './report.js';
import { rocAucScore } from './roc-auc.js';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  specificity: number;
  support: number;
}

export interface TaskSummary {
  task: string;
  macroF1: number;
  microF1: number;
  accuracy: number;
  perClass: Record<string, ClassScores>;
  /** Binary: ROC-AUC of the second class's probability; multi-class: one-vs-rest macro. Null when undefined (a class absent from the test rows). */
  rocAuc: number | null;
  /** Macro-averaged specificity (TN / (TN + FP) per class). */
  specificity: number;
  /** Test rows labelled for this task. */
  support: number;
}

export interface TaskEvaluation {
  summary: TaskSummary;
  report: string;
  reportDict: ClassificationReportDict;
  confusionMatrix: number[][];
  /** Class names in the order of the confusion matrix's rows and columns. */
  classes: readonly string[];
  /** The scored class probabilities, one row per example given (unlabelled ones included). */
  probabilities: readonly Float32Array[];
  /**
   * The labelled rows that were scored, in order: their true class and their class probabilities,
   * e.g. for `rocCurve(truth, scores.map((row) => row[1]))`.
   */
  scored: { truth: number[]; scores: number[][] };
}

/**
 * Scores `probabilities` (one row per example, one value per class) against `yTrue` (-1 rows
 * skipped), predicting the most probable class or, for a binary task, by `decision`'s threshold.
 */
export function evaluateTask(
  task: string,
  classes: readonly string[],
  yTrue: ArrayLike<number>,
  probabilities: readonly Float32Array[],
  decision?: BinaryDecision,
): TaskEvaluation {
  if (decision && classes.length !== 2) {
    throw new RangeError(
      `evaluateTask: a decision threshold needs a binary task; '${task}' has ${classes.length} classes`,
    );
  }
  const truth: number[] = [];
  const predicted: number[] = [];
  const scores: number[][] = [];
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i] as number;
    if (label < 0) continue;
    const row = probabilities[i] as Float32Array;
    truth.push(label);
    predicted.push(decide(row, decision));
    scores.push(Array.from(row));
  }
  if (truth.length === 0) throw new RangeError(`evaluateTask: no row is labelled for task '${task}'`);
  const labels = classes.map((_, i) => i);
  const perLabel = precisionRecallFscoreSupport(truth, predicted, { labels, zeroDivision: 0 });
  const macro = precisionRecallFscoreSupport(truth, predicted, { labels, average: 'macro', zeroDivision: 0 });
  const micro = precisionRecallFscoreSupport(truth, predicted, { labels, average: 'micro', zeroDivision: 0 });
  let rocAuc: number | null;
  try {
    rocAuc =
      classes.length === 2
        ? rocAucScore(
            truth,
            scores.map((row) => row[1] as number),
          )
        : rocAucScore(truth, scores, { multiClass: 'ovr', average: 'macro', labels });
  } catch {
    rocAuc = null;
  }
  const perClass = Object.fromEntries(
    classes.map((name, c) => [
      name,
      {
        precision: perLabel.precision[c] as number,
        recall: perLabel.recall[c] as number,
        f1: perLabel.fScore[c] as number,
        specificity: perLabel.specificity[c] as number,
        support: perLabel.support[c] as number,
      },
    ]),
  );
  return {
    summary: {
      task,
      macroF1: macro.fScore,
      microF1: micro.fScore,
      accuracy: accuracyScore(truth, predicted),
      perClass,
      rocAuc,
      specificity: macro.specificity,
      support: truth.length,
    },
    report: classificationReport(truth, predicted, { labels, targetNames: [...classes], digits: 3, zeroDivision: 0 }),
    reportDict: classificationReport(truth, predicted, {
      labels,
      targetNames: [...classes],
      outputDict: true,
      zeroDivision: 0,
    }),
    confusionMatrix: confusionMatrix(truth, predicted, { labels }),
    classes,
    probabilities,
    scored: { truth, scores },
  };
}
