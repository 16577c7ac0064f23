// Repeated grouped K-fold cross-validation over a whole labelled table, the evaluation every
// configuration and the scikit-learn baseline are compared on: the folds are drawn once (whole
// groups, so no review crosses folds), written to a file that both sides read, and each
// configuration trains on all folds but one and is scored on that one, for every fold of every
// repeat. Paired differences get the corrected resampled t interval (cvDifference).
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFile } from '@hw7/tensor-utils/base';
import { round, runPythonReference } from '@hw7/tensor-utils/dev';
import { groupedFolds } from '../src/data/split.js';
import type { LabeledTable } from '../src/data/table.js';
import { type ExperimentResult, runExperiment } from '../src/experiment.js';
import type { ExperimentOptions } from '../src/experiment-options.js';
import { cvDifference, meanAndSd } from '../src/metrics/cv-difference.js';

/** One train/test split of the cross-validation. */
export interface CvSplit {
  repeat: number;
  fold: number;
  train: number[];
  test: number[];
}

/** What the folds file holds: the texts, the labels per task and the splits. */
export interface CvFolds {
  texts: string[];
  groups: string[];
  tasks: { name: string; classes: string[]; y: number[] }[];
  splits: CvSplit[];
}

/** Per task, the scores of one fold: macro-F1 and, for a binary task, the F1 of its rarer class. */
export type FoldScores = Record<string, { macroF1: number; minorityF1?: number }>;

/** `repeats` x `k` grouped folds of every row of `table` (seeded per repeat). */
export function makeFolds(
  table: LabeledTable,
  { repeats, k, seed }: { repeats: number; k: number; seed: number },
): CvFolds {
  const all = Int32Array.from(table.texts.keys());
  const splits: CvSplit[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const folds = groupedFolds(table.groups, all, { k, seed: `${seed}:cv:${repeat}` });
    folds.forEach((test, fold) => {
      const held = new Set(test);
      splits.push({ repeat, fold, train: [...all].filter((row) => !held.has(row)), test: [...test] });
    });
  }
  return {
    texts: table.texts,
    groups: table.groups,
    tasks: table.tasks.map((task) => ({ name: task.name, classes: task.labels, y: Array.from(task.y) })),
    splits,
  };
}

export async function writeFolds(path: string, folds: CvFolds): Promise<void> {
  await writeFile(path, JSON.stringify(folds));
}

export async function readFolds(path: string): Promise<CvFolds> {
  return (await readJsonFile(path)) as CvFolds;
}

/** The rarer class of each binary task over all rows (whose F1 the bench reports beside macro-F1). */
export function minorityClasses(folds: CvFolds): Record<string, string> {
  const minority: Record<string, string> = {};
  for (const task of folds.tasks) {
    if (task.classes.length !== 2) continue;
    const ones = task.y.filter((label) => label === 1).length;
    const zeros = task.y.filter((label) => label === 0).length;
    minority[task.name] = task.classes[ones < zeros ? 1 : 0] as string;
  }
  return minority;
}

function foldScores(result: ExperimentResult, minority: Record<string, string>): FoldScores {
  return Object.fromEntries(
    result.evaluations.map(({ summary }) => {
      const rarer = minority[summary.task];
      return [
        summary.task,
        {
          macroF1: summary.macroF1,
          ...(rarer === undefined ? {} : { minorityF1: summary.perClass[rarer]?.f1 ?? 0 }),
        },
      ];
    }),
  );
}

/**
 * Trains and scores `options` (data, tasks and model; its test part is set per fold) on every
 * split; `onFold` sees each fold's scores as they come.
 */
export async function crossValidate(
  options: ExperimentOptions,
  folds: CvFolds,
  onFold?: (split: CvSplit, scores: FoldScores, seconds: number) => void,
): Promise<FoldScores[]> {
  const minority = minorityClasses(folds);
  const scores: FoldScores[] = [];
  for (const split of folds.splits) {
    const started = performance.now();
    const testGroups = [...new Set(split.test.map((row) => folds.groups[row] as string))];
    // Each repeat's models get their own seed, so repeats differ in initialisation as well as folds.
    const result = await runExperiment({ ...options, testGroups, seed: (options.seed ?? 0) + split.repeat });
    if (result.testRows !== split.test.length) {
      throw new Error(
        `fold ${split.repeat}.${split.fold}: scored ${result.testRows} rows, the folds file has ${split.test.length}`,
      );
    }
    const fold = foldScores(result, minority);
    scores.push(fold);
    onFold?.(split, fold, (performance.now() - started) / 1000);
  }
  return scores;
}

/** The baseline (sklearn_cv.py) on the folds file, or the reason it could not run. */
export async function baselineCrossValidation(
  foldsPath: string,
): Promise<{ ok: true; scores: FoldScores[] } | { ok: false; reason: string }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sklearn_cv.py');
  const result = await runPythonReference<{
    folds: { scores: Record<string, { macroF1: number; perClassF1: Record<string, number> }> }[];
  }>(script, [foldsPath]);
  if (!result.ok) return result;
  const minority = minorityClasses(await readFolds(foldsPath));
  return {
    ok: true,
    scores: result.value.folds.map(({ scores }) =>
      Object.fromEntries(
        Object.entries(scores).map(([task, { macroF1, perClassF1 }]) => {
          const rarer = minority[task];
          return [task, { macroF1, ...(rarer === undefined ? {} : { minorityF1: perClassF1[rarer] ?? 0 }) }];
        }),
      ),
    ),
  };
}

/** Per task and metric: the mean and sd over folds, rounded for a bench line. */
export function summarise(
  scores: FoldScores[],
): Record<string, Record<string, { mean: number; sd: number; folds: number[] }>> {
  const tasks = Object.keys(scores[0] ?? {});
  return Object.fromEntries(
    tasks.map((task) => {
      const metrics = Object.keys(scores[0]?.[task] ?? {}) as ('macroF1' | 'minorityF1')[];
      return [
        task,
        Object.fromEntries(
          metrics.map((metric) => {
            const values = scores.map((fold) => fold[task]?.[metric] as number);
            const { mean, sd } = meanAndSd(values);
            return [metric, { mean: round(mean, 4), sd: round(sd, 4), folds: values.map((value) => round(value, 4)) }];
          }),
        ),
      ];
    }),
  );
}

/** The paired difference A - B per shared task and metric, with its corrected interval. */
export function compare(a: FoldScores[], b: FoldScores[], testTrainRatio: number) {
  const rows: {
    task: string;
    metric: string;
    mean: number;
    sd: number;
    low: number;
    high: number;
    shareAtLeastAsGood: number;
  }[] = [];
  for (const task of Object.keys(a[0] ?? {})) {
    if (!b[0]?.[task]) continue;
    for (const metric of Object.keys(a[0]?.[task] ?? {}) as ('macroF1' | 'minorityF1')[]) {
      const difference = cvDifference(
        a.map((fold) => fold[task]?.[metric] as number),
        b.map((fold) => fold[task]?.[metric] as number),
        { testTrainRatio },
      );
      rows.push({
        task,
        metric,
        mean: round(difference.mean, 4),
        sd: round(difference.sd, 4),
        low: round(difference.low, 4),
        high: round(difference.high, 4),
        shareAtLeastAsGood: round(difference.shareAtLeastAsGood, 3),
      });
    }
  }
  return rows;
}
