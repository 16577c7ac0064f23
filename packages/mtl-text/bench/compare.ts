// `tsx bench/compare.ts DIR A B [A B ...]`: is configuration A really better than B on the test
// reviews? Reads DIR/<config>.json (written by the bench with HW7_BENCH_PREDICTIONS=DIR) and prints,
// per pair and shared task, the test macro-F1 difference A - B (and for a binary task also the F1 of
// its rarer test class) with a 95% paired bootstrap interval over test reviews (2,000 resamples of
// whole reviews, seed 0) and the share of resamples where A scores at least as well.
// HW7_BENCH_RESAMPLES=N changes the number of resamples.
import { join } from 'node:path';
import { readJsonFile } from '@hw7/tensor-utils/base';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import { type PairedMetric, pairedBootstrap } from '../src/metrics/paired-bootstrap.js';
import { f1Score, macroF1 } from '../src/metrics/scores.js';

interface TaskPredictions {
  classes: string[];
  truth: number[];
  predicted: number[];
  groups: string[];
}

interface Predictions {
  config: string;
  tasks: Record<string, TaskPredictions>;
}

const [directory, ...configs] = process.argv.slice(2);
if (!directory || configs.length === 0 || configs.length % 2 !== 0) {
  throw new Error('usage: tsx bench/compare.ts DIR A B [A B ...] (DIR from HW7_BENCH_PREDICTIONS)');
}
const resamples = integerFromEnv('HW7_BENCH_RESAMPLES', 2000, 1);
const load = async (config: string): Promise<Predictions> =>
  (await readJsonFile(join(directory, `${config}.json`))) as Predictions;

for (let pair = 0; pair < configs.length; pair += 2) {
  const [a, b] = await Promise.all([load(configs[pair] as string), load(configs[pair + 1] as string)]);
  for (const [task, ofA] of Object.entries(a.tasks)) {
    const ofB = b.tasks[task];
    if (!ofB) continue;
    if (ofA.truth.length !== ofB.truth.length || ofA.truth.some((label, i) => label !== ofB.truth[i])) {
      throw new Error(`${a.config} and ${b.config} scored different ${task} rows; compare runs of one split`);
    }
    const metrics: Record<string, PairedMetric> = {
      macroF1: (truth, predicted) => macroF1(truth, predicted, ofA.classes.length),
    };
    if (ofA.classes.length === 2) {
      const rarer = ofA.truth.filter((label) => label === 1).length * 2 < ofA.truth.length ? 1 : 0;
      metrics[`f1:${ofA.classes[rarer]}`] = (truth, predicted) =>
        f1Score(truth, predicted, { labels: [rarer], average: 'macro', zeroDivision: 0 });
    }
    for (const [metric, score] of Object.entries(metrics)) {
      const result = pairedBootstrap(ofA.truth, ofA.predicted, ofB.predicted, ofA.groups, score, { resamples });
      benchLine('mtl-text-paired', {
        a: a.config,
        b: b.config,
        task,
        metric,
        difference: round(result.difference, 4),
        low: round(result.low, 4),
        high: round(result.high, 4),
        shareAtLeastAsGood: round(result.shareAtLeastAsGood, 3),
        resamples,
      });
    }
  }
}
