// `pnpm --filter @hw7/mtl-text bench`: repeated grouped cross-validation on the homework's data (the
// Hu & Liu product reviews of @hw7/datasets: opinion sentences, sentiment neg/pos imbalanced, 7 topics). The folds
// (HW7_BENCH_REPEATS x HW7_BENCH_K, default 3 x 5, whole reviews, drawn with HW7_BENCH_SEED) are
// written to a file that the scikit-learn baseline (TF-IDF word 1-2-grams + class-balanced logistic
// regression, bench/sklearn_cv.py) reads too, so every configuration and the baseline are scored on
// exactly the same test rows. One JSON line per configuration (mean, sd and per-fold macro-F1 per
// task, and the negative class's F1), then the paired differences with their corrected resampled t
// intervals: every configuration against the baseline, the default multi-task model against the
// single-task models of its encoder and against the alternatives. The README's tables are rendered
// from these lines (bench/render-readme.ts). HW7_BENCH_CONFIGS=a,b runs some configurations only
// (also the candidates below); HW7_BENCH_FOLDS_OUT=FILE keeps the folds file. Progress on stderr.
// `tsx bench/issue9.ts` is issue #9's earlier protocol (one published test split).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import { loadLabeledTable } from '../src/data/table.js';
import type { ExperimentOptions } from '../src/experiment-options.js';
import {
  baselineCrossValidation,
  compare,
  crossValidate,
  type FoldScores,
  makeFolds,
  summarise,
  writeFolds,
} from './cv.js';
import { huliuExperiment } from './huliu.js';

const SEED = integerFromEnv('HW7_BENCH_SEED', 0, 0);
const REPEATS = integerFromEnv('HW7_BENCH_REPEATS', 3, 1);
const K = integerFromEnv('HW7_BENCH_K', 5, 2);
const BASELINE = 'tfidf-logreg';

{
  const started = performance.now();
  const common = await huliuExperiment(SEED);
  // 'default' is runExperiment with no model options; the others name what they change.
  const configurations: Record<string, ExperimentOptions> = {
    default: common,
    'default-single-sentiment': { ...common, trainTasks: ['sentiment'] },
    'default-single-topic': { ...common, trainTasks: ['topic'] },
    // The fastText encoder alone, without the wide part.
    'fasttext-no-wide': { ...common, wide: false },
  };
  // Measured on request (HW7_BENCH_CONFIGS): alternatives and records of the earlier default.
  const candidates: Record<string, ExperimentOptions> = {
    // The default's wide part beside an early-stopped deep part (10% validation part, up to 20 epochs).
    'default-validated': { ...common, validationFraction: 0.1, epochs: 20, learningRateDecay: 'constant' },
    // The earlier default: the CNN encoder with its defaults, and with the wide part.
    cnn: { ...common, encoder: 'cnn' },
    'cnn-wide': { ...common, encoder: 'cnn', wide: true },
  };
  const known = { ...configurations, ...candidates };
  const wanted = process.env.HW7_BENCH_CONFIGS?.split(',');
  const unknown = wanted?.filter((name) => !(name in known) && name !== BASELINE);
  if (unknown?.length) {
    throw new RangeError(
      `HW7_BENCH_CONFIGS: unknown configuration(s) ${unknown.join(', ')} (known: ${[...Object.keys(known), BASELINE].join(', ')})`,
    );
  }
  const table = await loadLabeledTable(common.data, common);
  const folds = makeFolds(table, { repeats: REPEATS, k: K, seed: SEED });
  const testRows = folds.splits.reduce((sum, split) => sum + split.test.length, 0);
  const trainRows = folds.splits.reduce((sum, split) => sum + split.train.length, 0);
  const testTrainRatio = testRows / trainRows;
  benchLine('mtl-text-cv-folds', {
    seed: SEED,
    repeats: REPEATS,
    k: K,
    rows: table.texts.length,
    groups: new Set(table.groups).size,
    testTrainRatio: round(testTrainRatio, 4),
  });
  const directory = await mkdtemp(join(tmpdir(), 'mtl-cv-'));
  const scores: Record<string, FoldScores[]> = {};
  try {
    const foldsPath = join(directory, 'folds.json');
    await writeFolds(foldsPath, folds);
    if (process.env.HW7_BENCH_FOLDS_OUT) await copyFile(foldsPath, process.env.HW7_BENCH_FOLDS_OUT);
    if (!wanted || wanted.includes(BASELINE)) {
      const configStarted = performance.now();
      const baseline = await baselineCrossValidation(foldsPath);
      if (baseline.ok) {
        scores[BASELINE] = baseline.scores;
        benchLine('mtl-text-cv', {
          config: BASELINE,
          seconds: round((performance.now() - configStarted) / 1000, 1),
          ...summarise(baseline.scores),
        });
      } else {
        benchLine('mtl-text-cv', { config: BASELINE, skipped: baseline.reason });
      }
    }
    for (const [name, options] of Object.entries(wanted ? known : configurations)) {
      if (wanted && !wanted.includes(name)) continue;
      const configStarted = performance.now();
      scores[name] = await crossValidate(options, folds, (split, fold, seconds) =>
        process.stderr.write(
          `${name} ${split.repeat + 1}.${split.fold + 1}/${REPEATS}.${K} ${seconds.toFixed(1)} s ${JSON.stringify(fold)}\n`,
        ),
      );
      benchLine('mtl-text-cv', {
        config: name,
        seconds: round((performance.now() - configStarted) / 1000, 1),
        ...summarise(scores[name]),
      });
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  // The paired differences: each configuration against the baseline; the default MTL model against
  // its single-task models and the alternatives.
  const pairs: [string, string][] = [];
  for (const name of Object.keys(scores)) if (name !== BASELINE && scores[BASELINE]) pairs.push([name, BASELINE]);
  if (scores.default) {
    for (const other of Object.keys(scores)) {
      if (other !== 'default' && other !== BASELINE) pairs.push(['default', other]);
    }
  }
  for (const [a, b] of pairs) {
    for (const row of compare(scores[a] as FoldScores[], scores[b] as FoldScores[], testTrainRatio)) {
      benchLine('mtl-text-cv-paired', { a, b, ...row });
    }
  }
  const [load1, load5, load15] = loadavg();
  benchLine('mtl-text-cv-run', {
    seconds: round((performance.now() - started) / 1000, 1),
    loadAverage: [round(load1 as number, 2), round(load5 as number, 2), round(load15 as number, 2)],
  });
}
