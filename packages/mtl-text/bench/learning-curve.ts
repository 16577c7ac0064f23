// `tsx bench/learning-curve.ts [OUT.svg]`: macro-F1 against training-set size on the homework's data,
// for the default configuration and the scikit-learn baseline, on the same rows: one repeat of
// grouped 5-fold cross-validation (HW7_BENCH_SEED), and in each fold the training reviews shuffled
// once and cut to 10%, 25%, 50% and 100% of them (nested: each size holds the smaller ones; a
// review with each class no kept review has is added, so every size trains every class). One
// JSON line per size with the means over the folds; with OUT.svg also the plot (docs/learning-curve.svg
// in the README), drawn with the core's linePlotSvg.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, writeLinePlot } from '@hw7/tensor-utils/base';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import { loadLabeledTable } from '../src/data/table.js';
import type { ExperimentOptions } from '../src/experiment-options.js';
import { meanAndSd } from '../src/metrics/cv-difference.js';
import { baselineCrossValidation, type CvFolds, crossValidate, type FoldScores, makeFolds, writeFolds } from './cv.js';
import { huliuExperiment } from './huliu.js';

const SEED = integerFromEnv('HW7_BENCH_SEED', 0, 0);
// HW7_CURVE_FRACTIONS=0.1,0.5 measures other sizes (a quick look: one small size).
const FRACTIONS = (process.env.HW7_CURVE_FRACTIONS ?? '0.1,0.25,0.5,1').split(',').map(Number);
if (!FRACTIONS.every((fraction) => fraction > 0 && fraction <= 1)) {
  throw new RangeError(`HW7_CURVE_FRACTIONS must list numbers in (0, 1]; got ${process.env.HW7_CURVE_FRACTIONS}`);
}
const out = process.argv[2];
const common = await huliuExperiment(SEED);
const table = await loadLabeledTable(common.data, common);
const folds = makeFolds(table, { repeats: 1, k: 5, seed: SEED });
const meanTrainRows = (splits: CvFolds['splits']) =>
  Math.round(splits.reduce((sum, split) => sum + split.train.length, 0) / splits.length);

function report({ fraction, rows, ours, baseline }: (typeof curve)[number]): void {
  const mean = (scores: FoldScores[], task: string) => {
    const { mean: value, sd } = meanAndSd(scores.map((fold) => fold[task]?.macroF1 as number));
    return { macroF1: round(value, 4), sd: round(sd, 4) };
  };
  benchLine('mtl-text-learning-curve', {
    seed: SEED,
    fraction,
    trainRows: rows,
    default: { sentiment: mean(ours, 'sentiment'), topic: mean(ours, 'topic') },
    'tfidf-logreg': { sentiment: mean(baseline, 'sentiment'), topic: mean(baseline, 'topic') },
  });
}

/**
 * With HW7_CURVE_FULL=CV.jsonl (the bench's output for the same seed), the full size's scores are
 * its first repeat's folds: the same folds, rows and seed as this script would train, so the same
 * runs, measured once.
 */
function fullSizeFromCv(): { ours: FoldScores[]; baseline: FoldScores[] } | undefined {
  const path = process.env.HW7_CURVE_FULL;
  if (!path) return undefined;
  const lines = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const header = lines.find((line) => line.bench === 'mtl-text-cv-folds');
  if (header?.seed !== SEED || header?.k !== 5) throw new Error(`${path}: not a 5-fold run with seed ${SEED}`);
  const foldsOf = (config: string): FoldScores[] => {
    const line = lines.find((candidate) => candidate.bench === 'mtl-text-cv' && candidate.config === config);
    if (!line) throw new Error(`${path}: no line for ${config}`);
    const tasks = ['sentiment', 'topic'];
    return [0, 1, 2, 3, 4].map((f) =>
      Object.fromEntries(
        tasks.map((task) => [
          task,
          { macroF1: (line[task] as { macroF1: { folds: number[] } }).macroF1.folds[f] as number },
        ]),
      ),
    );
  };
  return { ours: foldsOf('default'), baseline: foldsOf('tfidf-logreg') };
}

const directory = await mkdtemp(join(tmpdir(), 'mtl-curve-'));
const curve: { fraction: number; rows: number; ours: FoldScores[]; baseline: FoldScores[] }[] = [];
try {
  for (const fraction of FRACTIONS) {
    // Each fold's training reviews in one seeded order; a size keeps a prefix of them.
    const splits = folds.splits.map((split) => {
      const groups = new Rng(`${SEED}:curve:${split.fold}`).shuffle([
        ...new Set(split.train.map((row) => table.groups[row] as string)),
      ]);
      const kept = new Set(groups.slice(0, Math.max(1, Math.round(fraction * groups.length))));
      // A class no kept review has could not be predicted: add the first review (in the same order)
      // with it, so even the smallest size has every class of every task.
      for (const task of table.tasks) {
        for (let c = 0; c < task.labels.length; c++) {
          const has = (group: string) => split.train.some((row) => table.groups[row] === group && task.y[row] === c);
          if ([...kept].some(has)) continue;
          const first = groups.find(has);
          if (first !== undefined) kept.add(first);
        }
      }
      return { ...split, train: split.train.filter((row) => kept.has(table.groups[row] as string)) };
    });
    const subset: CvFolds = { ...folds, splits };
    const fromCv = fraction === 1 ? fullSizeFromCv() : undefined;
    if (fromCv) {
      curve.push({ fraction, rows: meanTrainRows(splits), ...fromCv });
      report(curve.at(-1) as (typeof curve)[number]);
      continue;
    }
    const foldsPath = join(directory, `folds-${fraction}.json`);
    await writeFolds(foldsPath, subset);
    const baseline = await baselineCrossValidation(foldsPath);
    if (!baseline.ok) throw new Error(`the baseline could not run: ${baseline.reason}`);
    // runExperiment trains on every non-test row of its file: one file per split with the kept rows.
    const ours: FoldScores[] = [];
    for (const split of splits) {
      const rows = [...split.train, ...split.test].sort((a, b) => a - b);
      const path = join(directory, `rows-${fraction}-${split.fold}.tsv`);
      const tasks = table.tasks;
      await writeFile(
        path,
        `${['group', 'text', ...tasks.map((task) => task.name)].join('\t')}\n${rows
          .map((row) =>
            [
              table.groups[row],
              table.texts[row],
              ...tasks.map((task) => task.labels[task.y[row] as number] ?? ''),
            ].join('\t'),
          )
          .join('\n')}\n`,
      );
      const options: ExperimentOptions = {
        data: path,
        text: 'text',
        tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, topic: 'topic' },
        group: 'group',
        seed: SEED,
        progress: false,
      };
      const one: CvFolds = { ...subset, splits: [split], groups: rows.map((row) => table.groups[row] as string) };
      // The file's rows are renumbered: its test rows are the split's test rows in file order.
      const renumbered = {
        ...one,
        splits: [{ ...split, test: split.test.map((row) => rows.indexOf(row)), train: [] }],
      };
      ours.push(...(await crossValidate(options, renumbered)));
    }
    curve.push({ fraction, rows: meanTrainRows(splits), ours, baseline: baseline.scores });
    report(curve.at(-1) as (typeof curve)[number]);
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
if (out) {
  const series = (task: string, who: 'ours' | 'baseline', name: string) => ({
    name,
    points: curve.map(
      (point) =>
        [point.rows, meanAndSd(point[who].map((fold) => fold[task]?.macroF1 as number)).mean] as [number, number],
    ),
  });
  await writeLinePlot(out, {
    title: 'Macro-F1 against training sentences (Hu & Liu, grouped 5-fold CV)',
    xLabel: 'training sentences',
    yLabel: 'macro-F1 (mean over 5 test folds)',
    series: [
      series('sentiment', 'ours', 'default: sentiment'),
      series('sentiment', 'baseline', 'TF-IDF + LR: sentiment'),
      series('topic', 'ours', 'default: topic'),
      series('topic', 'baseline', 'TF-IDF + LR: topic'),
    ],
  });
}
