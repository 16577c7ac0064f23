import { resolveLabels } from './confusion-matrix.js';
import { sum } from './numeric.js';
import { type Average, precisionRecallFscoreSupport, type ZeroDivision } from './precision-recall.js';
import { alignRight, codePointLength, formatFixed } from './python-format.js';
import { assertTargets, uniqueLabels } from './validation.js';

export interface ClassificationReportOptions {
  /** Labels to include, in this order; defaults to the sorted labels present in yTrue or yPred. */
  readonly labels?: readonly number[];
  /** Display name of each label (same length as the labels); defaults to the label numbers. */
  readonly targetNames?: readonly string[];
  /** Decimal places of the text report. Default 2. */
  readonly digits?: number;
  /** Default 'warn' (= 0). */
  readonly zeroDivision?: ZeroDivision;
}

/** One row of the dict report, keyed like sklearn's output_dict=True. */
export interface ClassificationReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}

/**
 * sklearn's output_dict=True form: one row per target name, then 'accuracy' (a number) when the
 * micro average equals accuracy, otherwise a 'micro avg' row, then 'macro avg' and 'weighted avg'.
 */
export type ClassificationReportDict = Record<string, ClassificationReportRow | number>;

const HEADERS = ['precision', 'recall', 'f1-score', 'support'] as const;
const AVERAGES = ['micro', 'macro', 'weighted'] as const satisfies readonly Average[];

/**
 * sklearn 1.2's `classification_report`: per-label precision, recall, F1 and support plus the
 * averages. The text form is character-for-character sklearn's; `outputDict: true` returns its dict.
 * Unlike sklearn (which only warns when labels are also given), a targetNames length that differs
 * from the number of labels is an error.
 */
export function classificationReport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options?: ClassificationReportOptions & { readonly outputDict?: false },
): string;
export function classificationReport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ClassificationReportOptions & { readonly outputDict: true },
): ClassificationReportDict;
export function classificationReport(
  yTrue: readonly number[],
  yPred: readonly number[],
  options: ClassificationReportOptions & { readonly outputDict?: boolean } = {},
): string | ClassificationReportDict {
  const { digits = 2, zeroDivision = 'warn' } = options;
  assertTargets(yTrue, yPred);
  if (!Number.isInteger(digits) || digits < 0) {
    throw new RangeError(`digits: expected a non-negative integer, got ${digits}`);
  }
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const targetNames = options.targetNames ?? labels.map(String);
  if (targetNames.length !== labels.length) {
    throw new RangeError(
      `targetNames: expected one name per label (${labels.length}: [${labels.join(', ')}]), got ${targetNames.length}`,
    );
  }
  // When every present label is reported, the micro average is the accuracy and is labelled so.
  const present = uniqueLabels(yTrue, yPred);
  const microIsAccuracy =
    options.labels === undefined ||
    (labels.length === present.length && present.every((label) => labels.includes(label)));

  const perLabel = precisionRecallFscoreSupport(yTrue, yPred, { labels, zeroDivision, average: null });
  const rows: [string, ClassificationReportRow][] = targetNames.map((name, i) => [
    name,
    {
      precision: perLabel.precision[i],
      recall: perLabel.recall[i],
      'f1-score': perLabel.fScore[i],
      support: perLabel.support[i],
    },
  ]);
  const totalSupport = sum(perLabel.support);
  const averageRows: [string, ClassificationReportRow][] = AVERAGES.map((average) => {
    const scores = precisionRecallFscoreSupport(yTrue, yPred, { labels, zeroDivision, average });
    const heading = average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`;
    return [
      heading,
      { precision: scores.precision, recall: scores.recall, 'f1-score': scores.fScore, support: totalSupport },
    ];
  });

  if (options.outputDict) {
    const report: ClassificationReportDict = {};
    for (const [name, row] of [...rows, ...averageRows]) {
      // sklearn reduces the accuracy row to the accuracy itself.
      report[name] = name === 'accuracy' ? row.precision : row;
    }
    return report;
  }
  // sklearn quirk: when no prediction is correct its supports become floats, printed as "2.0".
  const noCorrectPrediction = yTrue.every((label, sample) => label !== yPred[sample]);
  return formatReport(rows, averageRows, digits, noCorrectPrediction);
}

/** Lays the rows out exactly like sklearn's format strings ("{:>{width}s} " + " {:>9.{digits}f}" ...). */
function formatReport(
  rows: readonly [string, ClassificationReportRow][],
  averageRows: readonly [string, ClassificationReportRow][],
  digits: number,
  supportAsFloat: boolean,
): string {
  const width = Math.max(...rows.map(([name]) => codePointLength(name)), 'weighted avg'.length, digits);
  const cell = (text: string) => ` ${alignRight(text, 9)}`;
  const line = (name: string, cells: readonly string[]) => `${alignRight(name, width)} ${cells.map(cell).join('')}\n`;
  const scoreCells = (row: ClassificationReportRow) => [
    formatFixed(row.precision, digits),
    formatFixed(row.recall, digits),
    formatFixed(row['f1-score'], digits),
    supportAsFloat ? `${row.support}.0` : String(row.support),
  ];

  let report = `${line('', HEADERS)}\n`;
  for (const [name, row] of rows) report += line(name, scoreCells(row));
  report += '\n';
  for (const [name, row] of averageRows) {
    // The accuracy row leaves the precision and recall columns blank.
    report += line(name, name === 'accuracy' ? ['', '', ...scoreCells(row).slice(2)] : scoreCells(row));
  }
  return report;
}
