// `tsx bench/check-unseen.ts [DATA.csv TEXT GROUP TASK=COLUMN ...]`: issue #25's check on data the
// defaults were never chosen on, done as a new user would: three grouped 80/20 splits (seeds 0-2),
// each written as a --test-groups file; `hw7-mtl train` with no model options (only --tokenizer
// words) trains and scores each; the scikit-learn baseline (TF-IDF word 1-2-grams + class-balanced
// logistic regression) is trained and scored on exactly the same rows. One JSON line per split and
// configuration, then the means. Without arguments it runs on the committed independent check set
// (check-data/uci-sentences.csv, see make_check_data.py). Needs `pnpm build` (it runs dist/cli.js).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchLine, round } from '@hw7/tensor-utils/dev';
import { groupedSplit } from '../src/data/split.js';
import { loadLabeledTable } from '../src/data/table.js';
import { meanAndSd } from '../src/metrics/cv-difference.js';
import { baselineCrossValidation, type CvFolds, type FoldScores, minorityClasses, writeFolds } from './cv.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const [data, text, group, ...taskSpecs] =
  args.length > 0
    ? args
    : [join(here, 'check-data', 'uci-sentences.csv'), 'text', 'id', 'recommended=recommended', 'department=department'];
if (!data || !text || !group || taskSpecs.length === 0) {
  throw new Error('usage: tsx bench/check-unseen.ts DATA.csv TEXT_COLUMN GROUP_COLUMN TASK=COLUMN [TASK=COLUMN ...]');
}
const tasks = Object.fromEntries(taskSpecs.map((spec) => spec.split('=') as [string, string]));
const cli = join(here, '..', 'dist', 'cli.js');
const table = await loadLabeledTable(data, { text, tasks, group });
const splits = [0, 1, 2].map((seed) => ({
  seed,
  ...groupedSplit(table.groups, { seed, testFraction: 0.2, validationFraction: 0 }),
}));
const folds: CvFolds = {
  texts: table.texts,
  groups: table.groups,
  tasks: table.tasks.map((task) => ({ name: task.name, classes: task.labels, y: Array.from(task.y) })),
  splits: splits.map(({ seed, train, test }) => ({ repeat: seed, fold: 0, train: [...train], test: [...test] })),
};
const minority = minorityClasses(folds);
const directory = await mkdtemp(join(tmpdir(), 'mtl-unseen-'));
const ours: FoldScores[] = [];
try {
  const foldsPath = join(directory, 'folds.json');
  await writeFolds(foldsPath, folds);
  const baseline = await baselineCrossValidation(foldsPath);
  if (!baseline.ok) throw new Error(`the baseline could not run: ${baseline.reason}`);
  for (const { seed, test } of splits) {
    const testGroupsPath = join(directory, `test-groups-${seed}.json`);
    await writeFile(testGroupsPath, JSON.stringify([...new Set(Array.from(test, (row) => table.groups[row]))]));
    const started = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        cli,
        'train',
        ...['--data', data, '--text', text, '--group', group, '--test-groups', testGroupsPath, '--tokenizer', 'words'],
        ...Object.entries(tasks).flatMap(([name, column]) => ['--task', `${name}=${column}`]),
        ...['--out', join(directory, `run-${seed}`)],
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const seconds = (performance.now() - started) / 1000;
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { task: string; macroF1: number; perClass: Record<string, { f1: number }> });
    const scores: FoldScores = Object.fromEntries(
      lines.map((line) => {
        const rarer = minority[line.task];
        return [
          line.task,
          { macroF1: line.macroF1, ...(rarer === undefined ? {} : { minorityF1: line.perClass[rarer]?.f1 ?? 0 }) },
        ];
      }),
    );
    ours.push(scores);
    const base = baseline.scores[ours.length - 1] as FoldScores;
    for (const [config, fold] of [
      ['hw7-mtl defaults', scores],
      ['tfidf-logreg', base],
    ] as const) {
      benchLine('mtl-text-unseen', {
        data: data.split('/').at(-1),
        split: seed,
        config,
        ...(config === 'tfidf-logreg' ? {} : { seconds: round(seconds, 1) }),
        ...Object.fromEntries(
          Object.entries(fold).map(([task, value]) => [
            task,
            {
              macroF1: round(value.macroF1, 4),
              ...(value.minorityF1 === undefined ? {} : { minorityF1: round(value.minorityF1, 4) }),
            },
          ]),
        ),
      });
    }
  }
  for (const [config, scores] of [
    ['hw7-mtl defaults', ours],
    ['tfidf-logreg', baseline.scores],
  ] as const) {
    benchLine('mtl-text-unseen-mean', {
      data: data.split('/').at(-1),
      config,
      ...Object.fromEntries(
        Object.keys(scores[0] ?? {}).map((task) => {
          const { mean, sd } = meanAndSd(scores.map((fold) => fold[task]?.macroF1 as number));
          return [task, { macroF1: round(mean, 4), sd: round(sd, 4) }];
        }),
      ),
    });
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
