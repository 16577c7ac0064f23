// `tsx bench/render-readme.ts [--check]`: writes the README's measured tables from the committed bench
// output in bench/results/ (the cross-validation, the check on unseen data, the learning curve), each
// between its `<!-- name:start -->` and `<!-- name:end -->` markers, so every number in them is one
// a bench printed. With --check it changes nothing and exits 1 when the README differs from what it
// would write (for a test or CI).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@hw7/tensor-utils/base';

const here = dirname(fileURLToPath(import.meta.url));
const readme = join(here, '..', 'README.md');
const results = join(here, 'results');

type Line = Record<string, unknown> & { bench: string };
const linesOf = (file: string): Line[] =>
  readFileSync(join(results, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);

type Summary = { mean: number; sd: number };
const f4 = (value: number) => value.toFixed(4);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
const meanSd = (summary: Summary | undefined) => (summary ? `${f4(summary.mean)} ± ${f4(summary.sd)}` : '');

const NAMES: Record<string, string> = {
  default: 'default: MTL, fastText + wide (`runExperiment` / `hw7-mtl train` with no model options)',
  'default-single-sentiment': 'default, single task: sentiment',
  'default-single-topic': 'default, single task: topic',
  'fasttext-no-wide': 'fastText encoder without the wide part',
  'default-validated': 'default with a 10% validation part and early stopping (up to 20 epochs)',
  cnn: 'CNN encoder (the earlier default)',
  'cnn-wide': 'CNN encoder + wide part',
  'tfidf-logreg': 'TF-IDF word 1-2-grams + class-balanced LR (scikit-learn)',
};
const name = (config: string) => NAMES[config] ?? `\`${config}\``;
const SHORT_NAMES: Record<string, string> = {
  default: 'default (MTL)',
  'default-single-sentiment': 'default, single task',
  'default-single-topic': 'default, single task',
  'fasttext-no-wide': 'fastText without wide',
  'tfidf-logreg': 'TF-IDF + LR',
};
const short = (config: string) => SHORT_NAMES[config] ?? name(config);

function cvTables(files: string[]): string {
  const lines = files.flatMap(linesOf);
  const folds = lines.find((line) => line.bench === 'mtl-text-cv-folds') as Line & Record<string, number>;
  const configs = lines.filter((line) => line.bench === 'mtl-text-cv' && !line.skipped);
  const runs = lines.filter((line) => line.bench === 'mtl-text-cv-run');
  const rows = configs.map((line) => {
    const sentiment = line.sentiment as Record<string, Summary> | undefined;
    const topic = line.topic as Record<string, Summary> | undefined;
    return `| ${name(line.config as string)} | ${meanSd(sentiment?.macroF1)} | ${meanSd(sentiment?.minorityF1)} | ${meanSd(topic?.macroF1)} | ${line.seconds} |`;
  });
  const paired = lines
    .filter((line) => line.bench === 'mtl-text-cv-paired')
    .map(
      (line) =>
        `| ${short(line.a as string)} | ${short(line.b as string)} | ${line.task}: ${line.metric === 'macroF1' ? 'macro-F1' : 'negative-class F1'} | ${signed(line.mean as number)} | ${signed(line.low as number)} .. ${signed(line.high as number)} | ${(line.shareAtLeastAsGood as number).toFixed(3)} |`,
    );
  const timing = runs
    .map((run) => `${run.seconds} s (load average ${(run.loadAverage as number[]).join(', ')} at the end)`)
    .join('; ');
  return [
    `${folds.repeats} x ${folds.k} grouped folds (seed ${folds.seed}) of the ${folds.rows} opinion sentences from ${folds.groups} reviews; every row is in exactly one test fold per repeat. Mean ± standard deviation over the ${folds.repeats * folds.k} test folds; seconds for all folds of a configuration. Wall time of the run: ${timing}.`,
    '',
    '| configuration | sentiment macro-F1 | negative-class F1 | topic macro-F1 | seconds |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Paired differences A - B over the same ${folds.repeats * folds.k} folds, with the corrected resampled t interval (95%; Nadeau & Bengio 2003, test/train ratio ${folds.testTrainRatio}) and the share of folds where A scores at least as well:`,
    '',
    '| A | B | score | mean A - B | 95% interval | share A >= B |',
    '|---|---|---|---|---|---|',
    ...paired,
  ].join('\n');
}

function unseenTable(file: string): string {
  const lines = linesOf(file);
  const tasks = Object.keys(lines[0] ?? {}).filter((key) => typeof lines[0]?.[key] === 'object');
  const header = `| split | configuration | ${tasks.map((task) => `${task} macro-F1`).join(' | ')} |`;
  const perSplit = lines
    .filter((line) => line.bench === 'mtl-text-unseen')
    .map(
      (line) =>
        `| ${line.split} | ${line.config} | ${tasks.map((task) => f4((line[task] as { macroF1: number }).macroF1)).join(' | ')} |`,
    );
  const means = lines
    .filter((line) => line.bench === 'mtl-text-unseen-mean')
    .map(
      (line) =>
        `| mean ± sd | ${line.config} | ${tasks.map((task) => meanSd({ mean: (line[task] as { macroF1: number }).macroF1, sd: (line[task] as { sd: number }).sd })).join(' | ')} |`,
    );
  return [header, `|---|---|${tasks.map(() => '---|').join('')}`, ...perSplit, ...means].join('\n');
}

function curveTable(file: string): string {
  const lines = linesOf(file).filter((line) => line.bench === 'mtl-text-learning-curve');
  const cell = (line: Line, who: string, task: string) =>
    f4(((line[who] as Record<string, { macroF1: number }>)[task] as { macroF1: number }).macroF1);
  return [
    '| share of training reviews | training sentences (mean) | sentiment: default | sentiment: TF-IDF + LR | topic: default | topic: TF-IDF + LR |',
    '|---|---|---|---|---|---|',
    ...lines.map(
      (line) =>
        `| ${line.fraction} | ${line.trainRows} | ${cell(line, 'default', 'sentiment')} | ${cell(line, 'tfidf-logreg', 'sentiment')} | ${cell(line, 'default', 'topic')} | ${cell(line, 'tfidf-logreg', 'topic')} |`,
    ),
  ].join('\n');
}

const sections: Record<string, () => string> = {
  'cv-table': () => cvTables(['cv-seed0.jsonl']),
  'unseen-table': () => unseenTable('unseen-uci.jsonl'),
  'curve-table': () => curveTable('learning-curve-seed0.jsonl'),
};

const before = await readFile(readme, 'utf8');
let after = before;
for (const [section, render] of Object.entries(sections)) {
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const from = after.indexOf(start);
  const to = after.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md: no ${start} ... ${end} markers`);
  after = `${after.slice(0, from + start.length)}\n${render()}\n${after.slice(to)}`;
}
if (process.argv.includes('--check')) {
  if (after !== before) {
    process.stderr.write('README.md tables differ from bench/results/; run tsx bench/render-readme.ts\n');
    process.exit(1);
  }
} else if (after !== before) {
  await writeFileAtomic(readme, after);
}
